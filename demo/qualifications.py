"""Demo step for ``seed_demo``: qualification records, English certificates and the Sở's targets.

Everyone active gets a qualification record (degree and political theory drawn per level and position), English
teachers (by subject group) get one certificate converted with the default table, and the year gets the HCMC
2013–2015 targets. Rows are bulk-written without history, like the other demo steps.
"""

from decimal import Decimal

from django.utils import timezone

from accounts.models import Level
from qualifications import cefr, services
from qualifications.models import Degree, LanguageCertificate, PoliticalTheory, Qualification

# Degree weights per level: (trung cấp, cao đẳng, đại học, thạc sĩ, tiến sĩ).
DEGREE_WEIGHTS = {
    Level.MN: (10, 30, 58, 2, 0),
    Level.TH: (1, 14, 80, 5, 0),
    Level.THCS: (0, 5, 85, 10, 0),
    Level.THPT: (0, 0, 76, 23, 1),
    Level.GDTX: (0, 2, 80, 17, 1),
}
DEGREES = [Degree.TRUNG_CAP, Degree.CAO_DANG, Degree.DAI_HOC, Degree.THAC_SI, Degree.TIEN_SI]
# Political theory (none, sơ cấp, trung cấp, cao cấp) for managers and for teachers.
POLITICAL_MANAGERS = (5, 15, 72, 8)
POLITICAL_TEACHERS = (60, 33, 7, 0)
POLITICAL = ["", PoliticalTheory.SO_CAP, PoliticalTheory.TRUNG_CAP, PoliticalTheory.CAO_CAP]
IELTS_SCORES = ["4.5", "5.0", "5.5", "5.5", "6.0", "6.5", "6.5", "7.0", "7.5"]
TOEIC = [("550", "130", "120"), ("650", "150", "140"), ("780", "160", "150"), ("880", "180", "170")]


def step_qualifications(ctx):
    rng = ctx.rng
    now = timezone.now()
    table = cefr.get_table(cefr.DEFAULT_TABLE_KEY)
    qualifications, certificates = [], []
    for members in ctx.staff_by_school.values():
        for staff in members:
            if not staff.is_active:
                continue
            weights = list(DEGREE_WEIGHTS.get(staff.level, DEGREE_WEIGHTS[Level.TH]))
            if staff.is_manager:  # managers hold more master's degrees
                weights[3] += 15
            degree = rng.choices(DEGREES, weights=weights)[0]
            political = rng.choices(POLITICAL, weights=POLITICAL_MANAGERS if staff.is_manager else POLITICAL_TEACHERS)
            english = services.guess_teaches_english(staff.subject_group) and staff.level != Level.MN
            level, rank = "", 0
            if english and rng.random() < 0.85:
                if rng.random() < 0.7:
                    test, scores = cefr.IELTS, {cefr.SCORE: Decimal(rng.choice(IELTS_SCORES))}
                else:
                    lr, speaking, writing = rng.choice(TOEIC)
                    test = cefr.TOEIC
                    scores = {
                        cefr.LISTENING_READING: Decimal(lr),
                        cefr.SPEAKING: Decimal(speaking),
                        cefr.WRITING: Decimal(writing),
                    }
                result = cefr.convert(table, test, scores)
                level, rank = result.level or "", result.rank
                certificates.append(
                    LanguageCertificate(
                        staff=staff,
                        test=test,
                        scores=cefr.scores_to_json(scores),
                        issued_on=now.date().replace(year=now.year - rng.randint(1, 6), day=1),
                        issuer="IDP" if test == cefr.IELTS else "IIG Việt Nam",
                        conversion_table=result.table_key,
                        conversion_source=result.source,
                        conversion_year=ctx.year,
                        cefr_level=level,
                        cefr_rank=rank,
                        conversion_explanation=result.explanation,
                        converted_at=now,
                    )
                )
            qualifications.append(
                Qualification(
                    staff=staff,
                    degree=degree,
                    political_theory=political[0],
                    teaches_english=english,
                    cefr_level=level,
                    cefr_rank=rank,
                )
            )
    Qualification.objects.bulk_create(qualifications, batch_size=2000)
    LanguageCertificate.objects.bulk_create(certificates, batch_size=2000)
    targets = services.hcmc_targets_add(year=ctx.year) if ctx.year is not None else 0
    ctx.counts["Hồ sơ trình độ"] = len(qualifications)
    ctx.counts["Chứng chỉ tiếng Anh"] = len(certificates)
    ctx.counts["Chỉ tiêu trình độ"] = targets
