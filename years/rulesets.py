"""The regulations a training year runs under, and everything that differs between them, one entry per regime.

No models here: assessment.rules reads it and stays pure. A third regime is one more ``Ruleset`` value and one more
``Regime`` in ``REGIMES``; nothing else changes. Sources: regulations.md §1–§4 (TT 26/2012) and §7 (TT 19/2019).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Ruleset(TextChoices):
    """Quy chế áp dụng cho năm học."""

    TT26_2012 = "TT26_2012", gettext_lazy("Thông tư 26/2012 (điểm 5+5, xếp 4 loại)")
    TT19_2019 = "TT19_2019", gettext_lazy("Thông tư 19/2019 (hoàn thành / không hoàn thành)")


class Scale(TextChoices):
    """How a piece of work is marked."""

    PAIRS_5_5 = "PAIRS_5_5", gettext_lazy("Tiếp thu + vận dụng, mỗi phần 0–5")
    MARKS_10 = "MARKS_10", gettext_lazy("Mỗi bài 0–10, đạt từ 5")


class Piece(TextChoices):
    """Bài đánh giá of a programme or module under TT 19/2019 (Điều 11: lý thuyết, thực hành; TT 17/2022 keeps it)."""

    THEORY = "LT", gettext_lazy("Bài kiểm tra lý thuyết")
    PRACTICE = "TH", gettext_lazy("Bài kiểm tra thực hành")
    RESEARCH = "NC", gettext_lazy("Bài tập nghiên cứu")
    ESSAY = "BTH", gettext_lazy("Bài thu hoạch")


PIECE_SHORT = {
    Piece.THEORY: gettext_lazy("LT"),
    Piece.PRACTICE: gettext_lazy("TH"),
    Piece.RESEARCH: gettext_lazy("NC"),
    Piece.ESSAY: gettext_lazy("BTH"),
}


@dataclass(frozen=True)
class DefaultDeadline:
    """A deadline a new year gets: ``kind`` (a DeadlineKind value), the day and month, whether it falls in the
    preceding school year's calendar year (start_year) or the year's own end (start_year + 1), and its source."""

    kind: str
    day: int
    month: int
    in_start_year: bool
    source: str

    def date_for(self, start_year):
        return datetime.date(start_year if self.in_start_year else start_year + 1, self.month, self.day)


@dataclass(frozen=True)
class Regime:
    """Everything that differs between two regimes, read through ``regime_of(year)`` and nowhere else.

    content_labels: the names of content / programme 1, 2, 3 on every page, file and certificate.
    default_quotas: tiết of 1, 2, 3 for a new year. fixed_total / fixed_content3: what the Sở may not change
    (None = free). exemption_by_default: whether a content-3 exemption needs no recorded decision.
    scale: how pieces are marked; pieces: the default assessed pieces of programmes 1–2 and of a module.
    """

    ruleset: str
    short_name: str
    content_labels: dict
    content_short: dict
    default_quotas: tuple
    fixed_total: int | None
    fixed_content3: int | None
    exemption_by_default: bool
    scale: str
    programme_pieces: tuple = ()
    module_pieces: tuple = ()
    default_deadlines: tuple = field(default=())
    result_title: str = ""
    # What official documents cite: the Quy chế, then the texts that amend it and set the programmes.
    regulation: str = ""
    programmes: str = ""

    def content_label(self, content):
        return str(self.content_labels[int(content)])

    def content_abbr(self, content):
        return str(self.content_short[int(content)])

    @property
    def labels(self):
        """{"1": label, "2": …, "3": …} for templates (``{{ year.regime.labels.3 }}``)."""
        return {str(n): self.content_label(n) for n in (1, 2, 3)}

    @property
    def abbrs(self):
        return {str(n): self.content_abbr(n) for n in (1, 2, 3)}

    @property
    def marks_out_of_ten(self):
        return self.scale == Scale.MARKS_10

    def pieces_for(self, content):
        """The assessed pieces of programme 1 or 2, or of one content-3 module (TT 19); () under pairs."""
        return tuple(self.module_pieces if int(content) == 3 else self.programme_pieces)

    def quota_errors(self, quotas):
        """Why these tiết of 1, 2, 3 are refused under this regime ([] when allowed)."""
        errors = []
        q1, q2, q3 = quotas
        if self.fixed_content3 is not None and q3 != self.fixed_content3:
            errors.append(
                _("%(label)s có %(n)s tiết theo quy định, không được thay đổi (nhận %(got)s).")
                % {"label": self.content_label(3), "n": self.fixed_content3, "got": q3}
            )
        if self.fixed_total is not None and q1 + q2 + q3 != self.fixed_total:
            errors.append(
                _(
                    "Tổng số tiết phải là %(n)s tiết/năm học (nhận %(got)s); Sở chỉ được điều chỉnh số tiết giữa "
                    "%(one)s và %(two)s."
                )
                % {
                    "n": self.fixed_total,
                    "got": q1 + q2 + q3,
                    "one": self.content_label(1),
                    "two": self.content_label(2),
                }
            )
        return errors


_PLAN_SUBMIT_SOURCE = gettext_lazy("Thông tư 19/2019, Điều 8: giáo viên trình kế hoạch trước 31/5 hằng năm")
_SCHOOL_PLAN_SOURCE = gettext_lazy("Thông tư 19/2019, Điều 8: nhà trường báo cáo kế hoạch BDTX trong tháng 6")
_EVALUATION_SOURCE = gettext_lazy(
    "Đánh giá, xếp loại theo Thông tư 19/2019, Điều 11; văn bản không nêu ngày: 01/5 là mặc định của hệ thống, "
    "Sở đổi được"
)
_MINISTRY_SOURCE = gettext_lazy(
    "Công văn 962/BGDĐT-NGCBQLCSGD (2015): Sở báo cáo Bộ trước 30/6; Sở có thể đổi ngày này"
)

REGIMES = {
    Ruleset.TT26_2012: Regime(
        ruleset=Ruleset.TT26_2012,
        short_name=gettext_lazy("TT 26/2012"),
        content_labels={1: gettext_lazy("Nội dung 1"), 2: gettext_lazy("Nội dung 2"), 3: gettext_lazy("Nội dung 3")},
        content_short={1: gettext_lazy("ND1"), 2: gettext_lazy("ND2"), 3: gettext_lazy("ND3")},
        default_quotas=(30, 30, 60),
        fixed_total=None,
        fixed_content3=None,
        exemption_by_default=True,
        scale=Scale.PAIRS_5_5,
        result_title=gettext_lazy("Xếp loại"),
        regulation=gettext_lazy(
            "Thông tư số 26/2012/TT-BGDĐT ngày 10/7/2012 của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Quy chế bồi "
            "dưỡng thường xuyên giáo viên mầm non, phổ thông và giáo dục thường xuyên"
        ),
        programmes=gettext_lazy(
            "các Thông tư ban hành Chương trình bồi dưỡng thường xuyên giáo viên mầm non, tiểu học, trung học cơ sở, "
            "trung học phổ thông và giáo dục thường xuyên; Thông tư số 26/2015/TT-BGDĐT và 27/2015/TT-BGDĐT ngày "
            "30/10/2015 về bồi dưỡng thường xuyên cán bộ quản lý"
        ),
    ),
    Ruleset.TT19_2019: Regime(
        ruleset=Ruleset.TT19_2019,
        short_name=gettext_lazy("TT 19/2019"),
        content_labels={
            1: gettext_lazy("Chương trình bồi dưỡng 01"),
            2: gettext_lazy("Chương trình bồi dưỡng 02"),
            3: gettext_lazy("Chương trình bồi dưỡng 03"),
        },
        content_short={1: gettext_lazy("CT 01"), 2: gettext_lazy("CT 02"), 3: gettext_lazy("CT 03")},
        default_quotas=(40, 40, 40),
        fixed_total=120,
        fixed_content3=40,
        exemption_by_default=False,
        scale=Scale.MARKS_10,
        # One bài thu hoạch for each of 01 and 02; a module (8 theory + 12 practice tiết) a theory and a practice test.
        programme_pieces=(Piece.ESSAY,),
        module_pieces=(Piece.THEORY, Piece.PRACTICE),
        default_deadlines=(
            DefaultDeadline("PLAN_SUBMIT", 31, 5, True, _PLAN_SUBMIT_SOURCE),
            DefaultDeadline("PLAN_APPROVE", 30, 6, True, _SCHOOL_PLAN_SOURCE),
            DefaultDeadline("EVALUATION_START", 1, 5, False, _EVALUATION_SOURCE),
            DefaultDeadline("DEPARTMENT_REPORT", 30, 6, False, _MINISTRY_SOURCE),
        ),
        result_title=gettext_lazy("Kết quả"),
        regulation=gettext_lazy(
            "Thông tư số 19/2019/TT-BGDĐT ngày 12/11/2019 của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Quy chế bồi "
            "dưỡng thường xuyên giáo viên, cán bộ quản lý cơ sở giáo dục mầm non, cơ sở giáo dục phổ thông và giáo "
            "viên trung tâm giáo dục thường xuyên"
        ),
        programmes=gettext_lazy(
            "Thông tư số 17/2022/TT-BGDĐT ngày 05/12/2022 sửa đổi, bổ sung một số điều của Quy chế; các Thông tư số "
            "11/2019/TT-BGDĐT, 12/2019/TT-BGDĐT, 17/2019/TT-BGDĐT và 18/2019/TT-BGDĐT của Bộ Giáo dục và Đào tạo ban "
            "hành Chương trình bồi dưỡng thường xuyên cán bộ quản lý, giáo viên mầm non, phổ thông"
        ),
    ),
}

# TT 19/2019 took effect on 28/12/2019, in the middle of 2019–2020: the Sở chooses for that year (regulations §7.1).
FIRST_TT19_ONLY_YEAR = 2020
LAST_TT26_ONLY_YEAR = 2018


def regime(ruleset):
    return REGIMES[Ruleset(ruleset)]


def default_ruleset(start_year):
    """The regime of a year by its start year, or None for 2019–2020 where the Sở must choose."""
    if start_year >= FIRST_TT19_ONLY_YEAR:
        return Ruleset.TT19_2019
    if start_year <= LAST_TT26_ONLY_YEAR:
        return Ruleset.TT26_2012
    return None
