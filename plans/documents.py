"""The plans' official documents (core.documents): the personal BDTX plan a teacher signs and the school's BDTX plan
the principal signs, each read from the selectors of the page it prints (``plans.selectors``), never recomputed."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.letterheads import letterhead, signature
from accounts.models import Level
from accounts.selectors import name_in_year, names_in_year
from core import documents as d
from years.deadlines import deadline_index, document_day, evaluation_window, last_day
from years.models import DeadlineKind
from years.rulesets import Ruleset

from . import selectors
from .models import PlanStatus, StudyForm


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


# ---------------------------------------------------------------------------------------------------------------
# Kế hoạch BDTX cá nhân
# ---------------------------------------------------------------------------------------------------------------


def _head_signature(plan):
    """Who approves the plan, as their block prints: the school's head for a teacher's plan ('DUYỆT CỦA HIỆU
    TRƯỞNG'), the unit above the school for a manager's own (plans.services.approving_unit_id)."""
    unit = plan.school
    if plan.staff.is_manager and plan.school.parent_id:
        unit = plan.school.parent
    head = signature(unit, year=plan.year)
    if head.capacity:  # a deputy signs for the head: 'KT. HIỆU TRƯỞNG' / 'PHÓ HIỆU TRƯỞNG'
        return head
    return d.Signature(title=_("DUYỆT CỦA %(title)s") % {"title": head.title}, name=head.name)


def personal_plan_document(plan, *, day=None):
    """Kế hoạch BDTX cá nhân of ``plan`` (loaded by ``selectors.plan_with_items`` or any scoped lookup): the person,
    the items and totals as the plan page shows them (``selectors.plan_items``, ``selectors.plan_totals``), the
    status, and the signatures of the teacher, the group head and the approver."""
    year, staff, school = plan.year, plan.staff, plan.school
    regime = year.regime
    items = selectors.plan_items(plan)
    totals = selectors.plan_totals(plan, items)
    day = day or _local_date(plan.submitted_at) or timezone.localdate()
    blocks = [
        d.Paragraph(_("Họ và tên: %(name)s") % {"name": staff.full_name}, indent=False),
        d.Paragraph(_("Chức vụ: %(position)s") % {"position": staff.get_position_display()}, indent=False),
        d.Paragraph(_("Tổ chuyên môn: %(group)s") % {"group": staff.subject_group or "—"}, indent=False),
        d.Paragraph(
            _("Cấp học/đơn vị: %(level)s, %(school)s")
            % {"level": staff.get_level_display(), "school": name_in_year(school, year)},
            indent=False,
        ),
        d.Heading(_("NỘI DUNG, THỜI GIAN VÀ HÌNH THỨC BỒI DƯỠNG")),
        _plan_table(plan, items, totals),
    ]
    if plan.exempt_content3:
        blocks.append(
            d.Paragraph(
                _("Được miễn %(label)s: %(reason)s")
                % {"label": regime.content_label(3).lower(), "reason": plan.exemption_reason or "—"}
            )
        )
    if plan.notes.strip():
        blocks.append(d.Paragraph(_("Ghi chú: %(notes)s") % {"notes": plan.notes.strip()}))
    blocks.append(d.Paragraph(_status_line(plan), italic=True))
    head = selectors.group_head(school=school, group=staff.subject_group)
    signers = [d.Signature(title=_("NGƯỜI LẬP KẾ HOẠCH"), name=staff.full_name)]
    if not staff.is_manager:
        signers.append(d.Signature(title=_("TỔ TRƯỞNG CHUYÊN MÔN"), name=head.full_name if head else ""))
    signers.append(_head_signature(plan))
    blocks.append(d.SignatureRow(signers))
    return d.Document(
        letterhead=letterhead(school, day=day, year=year, number=None),
        kind=_("KẾ HOẠCH"),
        title=_("Bồi dưỡng thường xuyên năm học %(year)s") % {"year": year.official_name},
        blocks=blocks,
        filename=f"ke-hoach-bdtx-{staff.full_name}-{year.official_name}",
    )


def _plan_table(plan, items, totals):
    """One table: each item under its programme/content, then a total per programme (with its quota) and overall."""
    regime = plan.year.regime
    forms = dict(StudyForm.choices)
    columns = [
        d.Column(_("TT"), 0.45, "center"),
        d.Column(_("Chương trình") if regime.marks_out_of_ten else _("Nội dung"), 0.95, "center"),
        d.Column(_("Mã"), 0.9, "center"),
        d.Column(_("Chuyên đề / mô đun"), 4.6),
        d.Column(_("Số tiết"), 0.6, "right"),
        d.Column(_("Thời gian"), 1.3),
        d.Column(_("Hình thức"), 1.5),
    ]
    rows = [
        [
            number,
            regime.content_abbr(item.content),
            item.module.code if item.module_id else "",
            item.module.display_title if item.module_id else item.title,
            item.hours,
            item.period or "—",
            str(forms.get(item.form, item.form)),
        ]
        for number, item in enumerate(items, start=1)
    ]
    total_rows = []
    for content, planned, quota, state in totals:
        quota_text = _("được miễn") if state == "exempt" else _("định mức %(n)s tiết") % {"n": quota}
        label = _("Cộng %(label)s (%(quota)s)") % {"label": regime.content_abbr(content), "quota": quota_text}
        total_rows.append(["", "", "", label, planned, "", ""])
    overall = sum(planned for _content, planned, _quota, _state in totals)
    total_rows.append(["", "", "", _("Tổng cộng"), overall, "", ""])
    if not rows:
        rows = [["", "", "", _("Kế hoạch chưa có nội dung nào."), "", "", ""]]
    return d.Table(columns, rows, totals=total_rows)


def _status_line(plan):
    status = plan.get_status_display()
    if plan.status == PlanStatus.APPROVED and plan.decided_at:
        return _("Trạng thái: %(status)s ngày %(date)s.") % {
            "status": status,
            "date": d.format_value(_local_date(plan.decided_at)),
        }
    return _("Trạng thái: %(status)s.") % {"status": status}


# ---------------------------------------------------------------------------------------------------------------
# Kế hoạch BDTX của nhà trường
# ---------------------------------------------------------------------------------------------------------------


def _programmes(ruleset, levels):
    """The programme circulars of the school's levels under the year's regulation."""
    if ruleset == Ruleset.TT19_2019:
        by_level = {
            Level.MN: _("Thông tư số 12/2019/TT-BGDĐT ban hành Chương trình bồi dưỡng thường xuyên giáo viên mầm non"),
            Level.TH: _(
                "Thông tư số 17/2019/TT-BGDĐT ban hành Chương trình bồi dưỡng thường xuyên giáo viên cơ sở giáo dục "
                "phổ thông"
            ),
        }
        by_level[Level.THCS] = by_level[Level.THPT] = by_level[Level.TH]
    else:
        by_level = {
            Level.MN: _("Thông tư số 36/2011/TT-BGDĐT ban hành Chương trình bồi dưỡng thường xuyên giáo viên mầm non"),
            Level.TH: _("Thông tư số 32/2011/TT-BGDĐT ban hành Chương trình bồi dưỡng thường xuyên giáo viên tiểu học"),
            Level.THCS: _(
                "Thông tư số 31/2011/TT-BGDĐT ban hành Chương trình bồi dưỡng thường xuyên giáo viên trung học cơ sở"
            ),
            Level.THPT: _(
                "Thông tư số 30/2011/TT-BGDĐT ban hành Chương trình bồi dưỡng thường xuyên giáo viên trung học phổ "
                "thông"
            ),
            Level.GDTX: _(
                "Thông tư số 33/2011/TT-BGDĐT ban hành Chương trình bồi dưỡng thường xuyên giáo viên giáo dục thường "
                "xuyên"
            ),
        }
    found = []
    for level in (lv.strip() for lv in (levels or "").split(",")):
        text = by_level.get(level)
        if text and text not in found:
            found.append(text)
    return found


def school_deadlines(*, school, year):
    """[(kind, label, date)] of the year's deadlines that bind ``school`` (``years.deadlines``: the earliest last day
    set above it, its reopening included; the evaluation's start is the latest set above it), in the year's order;
    the kinds nobody set are left out."""
    kinds = [
        DeadlineKind.PLAN_SUBMIT,
        DeadlineKind.PLAN_APPROVE,
        DeadlineKind.EVALUATION_END,
        DeadlineKind.SCHOOL_REPORT,
    ]
    by_kind, reopenings = deadline_index(year=year, root=school, kinds=kinds)
    found = []
    for kind in kinds:
        day, _reopened, _deadline = last_day(
            deadlines_by_unit=by_kind[kind], reopenings=reopenings, path=school.path, unit_id=school.pk
        )
        if day is not None:
            found.append((kind, DeadlineKind(kind).label, day))
    window = evaluation_window(year=year, unit=school)
    if window.opens is not None:
        found.append((DeadlineKind.EVALUATION_START, DeadlineKind.EVALUATION_START.label, window.opens))
    return sorted(found, key=lambda entry: entry[2])


def _people_paragraph(people, year):
    teachers, managers = people["teachers"], people["managers"]
    missing = teachers["staff"] + managers["staff"] - teachers["counted"] - managers["counted"]
    text = _(
        "%(base)s: %(all)s người, gồm %(managers)s cán bộ quản lý và %(teachers)s giáo viên. Kế hoạch này tổng hợp "
        "kế hoạch cá nhân đã nộp hoặc đã được phê duyệt của %(counted)s người (%(counted_managers)s cán bộ quản lý, "
        "%(counted_teachers)s giáo viên)."
    ) % {
        "base": year.people_label,
        "all": d.format_value(teachers["staff"] + managers["staff"]),
        "managers": d.format_value(managers["staff"]),
        "teachers": d.format_value(teachers["staff"]),
        "counted": d.format_value(teachers["counted"] + managers["counted"]),
        "counted_managers": d.format_value(managers["counted"]),
        "counted_teachers": d.format_value(teachers["counted"]),
    }
    if missing:
        text += " " + _("Còn %(n)s người chưa nộp kế hoạch.") % {"n": d.format_value(missing)}
    return text


def _content_table(content, rows):
    """The topics (1, 2) or modules (3) of one programme/content with their tiết and how many chose each."""
    with_code = content == 3
    columns = [d.Column(_("TT"), 0.5, "center")]
    if with_code:
        columns.append(d.Column(_("Mã"), 1.1, "center"))
    columns += [
        d.Column(_("Chuyên đề") if content != 3 else _("Mô đun"), 4.5),
        d.Column(_("Số tiết"), 0.8, "right"),
        d.Column(_("Số người thực hiện"), 1.3, "right"),
    ]
    lines = []
    for number, row in enumerate(rows, start=1):
        title = row["module__title"] or row["topic__title"] or row["module__code"] or "—"
        line = [number, *([row["module__code"] or ""] if with_code else []), title, row["hours"], row["staff_count"]]
        lines.append(line)
    return d.Table(columns, lines)


def _evaluation_paragraphs(year):
    regime = year.regime
    if year.ruleset == Ruleset.TT19_2019:
        return [
            _(
                "Đánh giá, xếp loại theo Điều 11 Quy chế ban hành kèm theo Thông tư số 19/2019/TT-BGDĐT: mỗi bài "
                "đánh giá (bài kiểm tra lý thuyết, thực hành, bài tập nghiên cứu, bài thu hoạch) của %(one)s, "
                "%(two)s và từng mô đun của %(three)s được chấm theo thang điểm 10, đạt từ 5 điểm trở lên."
            )
            % {
                "one": regime.content_label(1).lower(),
                "two": regime.content_label(2).lower(),
                "three": regime.content_label(3).lower(),
            },
            _(
                "Cán bộ quản lý, giáo viên hoàn thành kế hoạch BDTX khi mọi bài đánh giá trong kế hoạch đều có điểm "
                "và đạt%(hours)s; kết quả ghi là “Hoàn thành kế hoạch BDTX” hoặc “Không hoàn thành kế hoạch BDTX”."
            )
            % {"hours": _(", số tiết kế hoạch đã được xác nhận đủ") if year.hours_required else ""},
        ]
    return [
        _(
            "Đánh giá, xếp loại theo Điều 13, Điều 14 Quy chế ban hành kèm theo Thông tư số 26/2012/TT-BGDĐT: mỗi "
            "nội dung (nội dung 1, nội dung 2 và từng mô đun của nội dung 3) được chấm điểm tiếp thu (tối đa 5 "
            "điểm) và điểm vận dụng (tối đa 5 điểm); điểm trung bình BDTX tính theo Điều 13."
        ),
        _(
            "Giáo viên và cán bộ quản lý trường mầm non được xếp loại Giỏi, Khá, Trung bình hoặc Không hoàn thành "
            "kế hoạch; cán bộ quản lý trường phổ thông, trung tâm giáo dục thường xuyên được đánh giá Đạt yêu cầu "
            "hoặc Không đạt yêu cầu%(hours)s."
        )
        % {
            "hours": _("; chỉ hoàn thành kế hoạch khi số tiết kế hoạch đã được xác nhận đủ")
            if year.hours_required
            else ""
        },
    ]


def _deadline_table(deadlines):
    columns = [d.Column(_("TT"), 0.5, "center"), d.Column(_("Công việc"), 4), d.Column(_("Thời hạn"), 1.6, "center")]
    rows = []
    for number, (kind, label, day) in enumerate(deadlines, start=1):
        when = _("Từ %(date)s") if kind == DeadlineKind.EVALUATION_START else _("Chậm nhất %(date)s")
        rows.append([number, str(label), when % {"date": d.format_value(day)}])
    return d.Table(columns, rows)


def school_plan_document(*, school, year, day=None):
    """Kế hoạch BDTX của nhà trường for ``year``: the school plan page's rows (``selectors.school_plan_rows``: each
    topic and module with how many chose it) and people (``selectors.school_plan_people``), under the year's
    regulation, with the deadlines that bind the school."""
    regime = year.regime
    rows = list(selectors.school_plan_rows(school=school, year=year))
    people = selectors.school_plan_people(school=school, year=year)
    superior, school_name = names_in_year(school, year)
    title_year = year.official_name
    blocks = [
        d.Paragraph(_("Căn cứ %(text)s;") % {"text": year.regime.regulation}, italic=True),
        *(
            d.Paragraph(_("Căn cứ %(text)s;") % {"text": text}, italic=True)
            for text in _programmes(year.ruleset, school.levels)
        ),
        d.Paragraph(
            _("Căn cứ kế hoạch bồi dưỡng thường xuyên cá nhân của cán bộ quản lý, giáo viên năm học %(year)s;")
            % {"year": title_year},
            italic=True,
        ),
        d.Paragraph(
            _("%(school)s xây dựng kế hoạch bồi dưỡng thường xuyên (BDTX) năm học %(year)s như sau:")
            % {"school": school_name, "year": title_year}
        ),
        d.Heading(_("I. MỤC ĐÍCH, YÊU CẦU")),
        d.Heading(_("1. Mục đích"), level=2),
        d.Paragraph(
            _(
                "Bồi dưỡng để cán bộ quản lý, giáo viên cập nhật kiến thức chính trị, kinh tế - xã hội, bồi dưỡng "
                "phẩm chất chính trị, đạo đức nghề nghiệp, phát triển năng lực dạy học, giáo dục, quản lý theo yêu "
                "cầu vị trí việc làm và chuẩn nghề nghiệp; nâng cao chất lượng giáo dục của nhà trường."
            )
        ),
        d.Heading(_("2. Yêu cầu"), level=2),
        d.Paragraph(
            _(
                "Mỗi cán bộ quản lý, giáo viên xây dựng kế hoạch BDTX cá nhân được nhà trường phê duyệt và thực hiện "
                "đủ %(total)s tiết/năm học (%(one)s: %(q1)s tiết; %(two)s: %(q2)s tiết; %(three)s: %(q3)s tiết); "
                "học nghiêm túc, vận dụng kết quả bồi dưỡng vào công việc hằng ngày."
            )
            % {
                "total": year.total_quota,
                "one": regime.content_label(1).lower(),
                "two": regime.content_label(2).lower(),
                "three": regime.content_label(3).lower(),
                "q1": year.quota_content1,
                "q2": year.quota_content2,
                "q3": year.quota_content3,
            }
        ),
        d.Heading(_("II. ĐỐI TƯỢNG")),
        d.Paragraph(_people_paragraph(people, year)),
        d.Heading(_("III. NỘI DUNG, THỜI LƯỢNG")),
    ]
    for content in (1, 2, 3):
        of_content = [row for row in rows if row["content"] == content]
        blocks.append(
            d.Heading(
                _("%(n)s. %(label)s (%(quota)s tiết/năm học)")
                % {"n": content, "label": regime.content_label(content), "quota": year.quota_for(content)},
                level=2,
            )
        )
        if of_content:
            blocks.append(_content_table(content, of_content))
        else:
            blocks.append(d.Paragraph(_("Chưa có kế hoạch cá nhân đã nộp nào có nội dung này."), italic=True))
    forms = ", ".join(str(label).lower() for _value, label in StudyForm.choices)
    blocks += [
        d.Heading(_("IV. HÌNH THỨC")),
        d.Paragraph(
            _(
                "Kết hợp các hình thức: %(forms)s. Mỗi người ghi thời gian, hình thức thực hiện từng nội dung trong "
                "kế hoạch cá nhân; nhà trường, tổ chuyên môn tổ chức sinh hoạt chuyên môn để trao đổi, thảo luận "
                "những nội dung tự học."
            )
            % {"forms": forms}
        ),
        d.Heading(_("V. ĐÁNH GIÁ")),
        *(d.Paragraph(text) for text in _evaluation_paragraphs(year)),
        d.Heading(_("VI. TỔ CHỨC THỰC HIỆN")),
        d.Heading(_("1. Các mốc thời gian"), level=2),
    ]
    deadlines = school_deadlines(school=school, year=year)
    if deadlines:
        blocks.append(_deadline_table(deadlines))
    else:
        blocks.append(d.Paragraph(_("Đơn vị cấp trên chưa đặt thời hạn nào cho năm học này."), italic=True))
    blocks += [
        d.Heading(_("2. Trách nhiệm"), level=2),
        d.Paragraph(
            _(
                "Hiệu trưởng chỉ đạo, phê duyệt kế hoạch BDTX cá nhân, kiểm tra việc thực hiện, tổ chức đánh giá và "
                "báo cáo kết quả về %(superior)s đúng thời hạn."
            )
            % {"superior": superior or _("đơn vị cấp trên")}
        ),
        d.Paragraph(
            _(
                "Tổ trưởng chuyên môn hướng dẫn giáo viên của tổ xây dựng kế hoạch cá nhân, tổ chức sinh hoạt chuyên "
                "môn, theo dõi việc tự học và tham gia đánh giá kết quả của từng thành viên."
            )
        ),
        d.Paragraph(
            _(
                "Cán bộ quản lý, giáo viên xây dựng và thực hiện nghiêm túc kế hoạch BDTX cá nhân, ghi nhật ký bồi "
                "dưỡng, nộp minh chứng và bài đánh giá đúng hạn."
            )
        ),
    ]
    recipients = []
    if superior:
        recipients.append(_("%(unit)s (để báo cáo)") % {"unit": superior})
    recipients.append(_("Các tổ chuyên môn (để thực hiện)"))
    return d.Document(
        letterhead=letterhead(
            school,
            day=day or document_day(year=year, kind=DeadlineKind.PLAN_APPROVE, unit=school),
            year=year,
            number="",
            kind_code="KH",
        ),
        kind=_("KẾ HOẠCH"),
        title=_("Bồi dưỡng thường xuyên cán bộ quản lý, giáo viên năm học %(year)s") % {"year": title_year},
        blocks=blocks,
        signature=signature(school, year=year),
        recipients=recipients,
        filename=f"ke-hoach-bdtx-truong-{title_year}",
    )
