"""Kế hoạch BDTX năm học: the letter a Sở (or a commune / Phòng) sends its schools each year, drafted from what the
year is configured with — regime and its basis, audiences, programmes and their hours, the topics published, the
module catalogs, exemptions, assessment and results rules, the deadlines of each level and who does what — in the
structure of the letters offices write (the Mai Sơn plan of 2019–2020: I. Mục đích, yêu cầu … VI. Tổ chức thực
hiện), for the officer to download as Word, edit and sign.

Every fact comes from the selector its page uses: the year and its deadlines (years.services.deadline_table), the
topics (modules.selectors.topics_visible_to, kept to the issuer's chain), the catalogs (modules.catalogs and
modules.selectors.modules_for), the staff counts (accounts.selectors.scope_summary, the home page's).
"""

from collections import OrderedDict, defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import letterheads
from accounts.models import Audience, Level, OrgUnit
from accounts.selectors import scope_summary
from assessment.rules_settings import RULES_2012, RULES_2019
from core import documents as d
from core.documents import format_value
from modules.catalogs import catalogs_for
from modules.models import CatalogLevel, Module
from modules.selectors import CATALOG_ORDER, topics_visible_to
from years.models import DeadlineKind
from years.rulesets import Piece, Ruleset
from years.services import deadline_table

# The first school year without districts (the province's two-tier government from 1/7/2025).
COMMUNE_TIER_FROM = 2025
# Who acts on each deadline, for section VI.
_ACTOR = {
    DeadlineKind.PLAN_SUBMIT: "staff",
    DeadlineKind.PLAN_APPROVE: "school",
    DeadlineKind.EVALUATION_START: "school",
    DeadlineKind.EVALUATION_END: "school",
    DeadlineKind.SCHOOL_REPORT: "school",
    DeadlineKind.DISTRICT_REPORT: "middle",
    DeadlineKind.DEPARTMENT_REPORT: "department",
}


def issuer_for(user, year):
    """The office that issues the letter: the user's own office in the year's province (an admin: the Sở)."""
    unit = user.unit
    if unit is not None and unit.is_office and unit.is_within(year.department):
        return unit
    return year.department


def _topics(user, year, issuer):
    """The published topics of content 1 and 2 of the issuer and the units above it, each title once with the levels
    and audiences it applies to: {content: [(title, hours, publisher, levels, audiences)]}."""
    chain = {*issuer.ancestor_ids, issuer.pk}
    rows = (
        topics_visible_to(user=user, year=year)
        .filter(publisher_id__in=chain)
        .order_by("content", "publisher__depth", "order", "id")
    )
    grouped = OrderedDict()
    for topic in rows:
        key = (topic.content, topic.title, topic.hours, topic.publisher_id)
        entry = grouped.setdefault(key, {"topic": topic, "levels": [], "audiences": []})
        if topic.level not in entry["levels"]:
            entry["levels"].append(topic.level)
        if topic.audience not in entry["audiences"]:
            entry["audiences"].append(topic.audience)
    by_content = defaultdict(list)
    for (content, title, hours, _publisher), entry in grouped.items():
        by_content[content].append((title, hours, entry["topic"].publisher, entry["levels"], entry["audiences"]))
    return by_content


def _applies_to(levels, audiences):
    level_names = [str(label) for value, label in Level.choices if value in levels]
    audience_names = [str(label).lower() for value, label in Audience.choices if value in audiences]
    every_level = len(level_names) == len(Level.choices)
    return _("%(levels)s; %(audiences)s") % {
        "levels": _("Mọi cấp học") if every_level else ", ".join(level_names),
        "audiences": ", ".join(audience_names),
    }


def _catalogs(year, issuer):
    """The module catalogs people choose programme 3 / content 3 from in this regime, in catalog order:
    [(catalog label, audiences, modules)], modules being the active national ones and those of the issuer's chain."""
    served = OrderedDict()
    for level in Level.values:
        for audience in Audience.values:
            for catalog in sorted(catalogs_for(year.ruleset, level, audience)):
                served.setdefault(catalog, set()).add(audience)
    owners = Q(owner__isnull=True) | Q(owner_id__in=[*issuer.ancestor_ids, issuer.pk])
    modules = defaultdict(list)
    for module in Module.objects.filter(owners, level__in=list(served), is_retired=False).order_by(*CATALOG_ORDER):
        modules[module.level].append(module)
    labels = dict(CatalogLevel.choices)
    return [
        (str(labels.get(catalog, catalog)), served[catalog], modules[catalog]) for catalog in served if modules[catalog]
    ]


def _hours(n):
    return _("%(n)s tiết/năm học") % {"n": n}


def _purpose(year):
    return [
        d.Heading(_("I. MỤC ĐÍCH, YÊU CẦU")),
        d.Heading(_("1. Mục đích"), 2),
        d.Paragraph(
            _(
                "Cán bộ quản lý, giáo viên học tập, bồi dưỡng thường xuyên để cập nhật kiến thức về chính trị, kinh "
                "tế - xã hội, bồi dưỡng phẩm chất chính trị, đạo đức nghề nghiệp, phát triển năng lực dạy học, năng "
                "lực giáo dục và những năng lực khác theo yêu cầu của chuẩn nghề nghiệp, yêu cầu nhiệm vụ năm học, "
                "cấp học và yêu cầu phát triển giáo dục của địa phương."
            )
        ),
        d.Paragraph(
            _(
                "Phát triển năng lực tự học, tự bồi dưỡng của cán bộ quản lý, giáo viên; năng lực tự đánh giá hiệu quả "
                "bồi dưỡng thường xuyên; năng lực tổ chức, quản lý hoạt động tự học, tự bồi dưỡng của nhà trường."
            )
        ),
        d.Heading(_("2. Yêu cầu"), 2),
        d.Paragraph(
            _(
                "Mỗi cán bộ quản lý, giáo viên xây dựng kế hoạch bồi dưỡng thường xuyên cá nhân năm học %(year)s xuất "
                "phát từ nhu cầu bồi dưỡng của bản thân và yêu cầu nhiệm vụ năm học, trình thủ trưởng đơn vị phê duyệt "
                "đúng thời hạn; thực hiện đầy đủ nội dung, thời lượng đã đăng ký và được đánh giá, xếp loại kết quả "
                "nghiêm túc, thực chất."
            )
            % {"year": year.official_name}
        ),
        d.Paragraph(
            _(
                "Tăng cường bồi dưỡng qua sinh hoạt tổ chuyên môn, tự bồi dưỡng và ứng dụng công nghệ thông tin; kế "
                "hoạch, nhật ký học tập, minh chứng, điểm đánh giá và kết quả được cập nhật trên hệ thống quản lý bồi "
                "dưỡng thường xuyên để các cấp theo dõi, tổng hợp."
            )
        ),
    ]


def _audiences(user, year):
    summary = scope_summary(user=user)
    blocks = [
        d.Heading(_("II. ĐỐI TƯỢNG BỒI DƯỠNG")),
        d.Paragraph(
            _(
                "1. Cán bộ quản lý, giáo viên đang công tác tại các cơ sở giáo dục mầm non, phổ thông và giáo dục "
                "thường xuyên trên địa bàn: %(total)s người (số cán bộ, giáo viên đang công tác trên hệ thống tại ngày "
                "lập kế hoạch)."
            )
            % {"total": format_value(summary["staff_total"])}
        ),
    ]
    if summary["staff_by_level"]:
        blocks.append(
            d.Table(
                [d.Column(_("Cấp học"), 3), d.Column(_("Số cán bộ, giáo viên"), 2, "right")],
                [[label, count] for label, count in summary["staff_by_level"]],
                totals=[[_("Cộng"), summary["staff_total"]]],
            )
        )
    blocks.append(d.Paragraph(_exemption_text(year)))
    if year.overlap_decision:
        blocks.append(
            d.Paragraph(
                _("3. Mô đun trùng nội dung được tính cả hai lần theo: %(decision)s.")
                % {"decision": year.overlap_decision}
            )
        )
    return blocks


def _exemption_text(year):
    label = year.content_label(3)
    if year.has_exemption_decision:
        return _("2. Miễn %(label)s theo Quyết định số %(number)s ngày %(date)s: %(reason)s.") % {
            "label": label.lower(),
            "number": year.exemption_decision_number,
            "date": format_value(year.exemption_decision_date),
            "reason": year.exemption_decision_reason.rstrip("."),
        }
    if year.regime.exemption_by_default:
        return _(
            "2. Cán bộ quản lý, giáo viên được cử tham gia các lớp bồi dưỡng do Sở, Bộ tổ chức có nội dung tương "
            "đương được xem xét miễn %(label)s theo Quy chế; đơn vị ghi rõ lý do miễn trong kế hoạch cá nhân."
        ) % {"label": label.lower()}
    return _(
        "2. Không miễn %(label)s: theo Chương trình bồi dưỡng thường xuyên, thời lượng %(label)s không được thay "
        "đổi (Sở chưa có quyết định cho phép miễn)."
    ) % {"label": label.lower()}


def _contents(user, year, issuer):
    topics = _topics(user, year, issuer)
    blocks = [
        d.Heading(_("III. NỘI DUNG, THỜI LƯỢNG BỒI DƯỠNG")),
        d.Paragraph(
            _("Tổng thời lượng: %(total)s tiết/năm học/cán bộ quản lý (giáo viên), gồm:") % {"total": year.total_quota}
        ),
    ]
    for content in (1, 2):
        blocks.append(
            d.Heading(
                _("%(n)s. %(label)s: %(hours)s")
                % {"n": content, "label": year.content_label(content), "hours": _hours(year.quota_for(content))},
                2,
            )
        )
        rows = topics.get(content, [])
        if not rows:
            blocks.append(d.Paragraph(_("Chưa ban hành chuyên đề trên hệ thống.")))
            continue
        blocks.append(
            d.Table(
                [
                    d.Column(_("TT"), 0.5, "center"),
                    d.Column(_("Chuyên đề"), 5),
                    d.Column(_("Số tiết"), 0.9, "right"),
                    d.Column(_("Áp dụng cho"), 2.6),
                    d.Column(_("Đơn vị ban hành"), 1.8),
                ],
                [
                    [n, title, hours, _applies_to(levels, audiences), publisher.name]
                    for n, (title, hours, publisher, levels, audiences) in enumerate(rows, 1)
                ],
            )
        )
    blocks.append(
        d.Heading(
            _("3. %(label)s: %(hours)s") % {"label": year.content_label(3), "hours": _hours(year.quota_content3)}, 2
        )
    )
    blocks.append(
        d.Paragraph(
            _(
                "Cán bộ quản lý, giáo viên căn cứ nhu cầu của bản thân tự chọn mô đun trong danh mục của chương trình "
                "bồi dưỡng tương ứng, đủ %(hours)s tiết:"
            )
            % {"hours": year.quota_content3}
        )
    )
    for label, audiences, modules in _catalogs(year, issuer):
        who = ", ".join(str(lbl).lower() for value, lbl in Audience.choices if value in audiences)
        hours = sorted({module.hours for module in modules})
        blocks.append(
            d.Paragraph(
                _("- %(catalog)s (%(who)s): %(n)s mô đun, từ %(first)s đến %(last)s, mỗi mô đun %(hours)s tiết.")
                % {
                    "catalog": label,
                    "who": who,
                    "n": len(modules),
                    "first": modules[0].code,
                    "last": modules[-1].code,
                    "hours": " hoặc ".join(str(h) for h in hours),
                },
                indent=False,
            )
        )
    return blocks


def _methods():
    return [
        d.Heading(_("IV. HÌNH THỨC, CÁCH THỨC TRIỂN KHAI")),
        d.Paragraph(
            _(
                "1. Tự học kết hợp với sinh hoạt tổ chuyên môn, các lớp bồi dưỡng tập trung và trực tuyến; giáo viên "
                "cốt cán hướng dẫn, hỗ trợ giáo viên tại chỗ."
            )
        ),
        d.Paragraph(
            _(
                "2. Mỗi cán bộ quản lý, giáo viên lập kế hoạch cá nhân trên hệ thống, ghi nhật ký học tập kèm minh "
                "chứng; tổ trưởng chuyên môn xác nhận nhật ký; thủ trưởng đơn vị phê duyệt kế hoạch và theo dõi tiến "
                "độ."
            )
        ),
    ]


def _assessment(year):
    blocks = [d.Heading(_("V. ĐÁNH GIÁ VÀ CÔNG NHẬN KẾT QUẢ BỒI DƯỠNG"))]
    if year.ruleset == Ruleset.TT19_2019:
        programme = ", ".join(str(Piece(p).label).lower() for p in year.regime.programme_pieces)
        module = ", ".join(str(Piece(p).label).lower() for p in year.regime.module_pieces)
        blocks += [
            d.Paragraph(
                _(
                    "1. Đánh giá theo Điều 11 Quy chế: %(one)s và %(two)s đánh giá qua %(programme)s; mỗi mô đun của "
                    "%(three)s đánh giá qua %(module)s. Mỗi bài chấm theo thang điểm %(max)s, đạt yêu cầu khi đạt từ "
                    "%(pass)s điểm trở lên."
                )
                % {
                    "one": year.content_label(1),
                    "two": year.content_label(2),
                    "three": year.content_label(3).lower(),
                    "programme": programme,
                    "module": module,
                    "max": format_value(RULES_2019.MARK_MAX),
                    "pass": format_value(RULES_2019.PASS_MARK),
                }
            ),
            d.Paragraph(
                _(
                    "2. Xếp loại: “Hoàn thành kế hoạch BDTX” khi thực hiện đầy đủ các quy định của khóa bồi dưỡng và "
                    "hoàn thành đủ các bài kiểm tra với kết quả đạt yêu cầu; các trường hợp còn lại “Không hoàn thành "
                    "kế hoạch BDTX”."
                )
            ),
        ]
    else:
        rules = RULES_2012
        blocks += [
            d.Paragraph(
                _(
                    "1. Điểm đánh giá mỗi nội dung gồm tiếp thu kiến thức, kỹ năng (%(max)s điểm) và vận dụng vào hoạt "
                    "động nghề nghiệp (%(max)s điểm). Điểm trung bình BDTX = (ND1 + ND2 + ĐTB ND3 × 2) : 4, làm tròn "
                    "đến một chữ số thập phân."
                )
                % {"max": format_value(rules.PART_MAX)}
            ),
            d.Paragraph(
                _(
                    "2. Xếp loại giáo viên: Giỏi khi ĐTB từ %(g)s, không điểm thành phần nào dưới %(gc)s; Khá khi ĐTB "
                    "từ %(k)s, không điểm thành phần nào dưới %(kc)s; Trung bình khi ĐTB từ %(t)s, không điểm thành "
                    "phần nào dưới %(tc)s; các trường hợp còn lại Không hoàn thành kế hoạch. Cán bộ quản lý tiểu học, "
                    "THCS, THPT xếp Đạt yêu cầu khi ĐTB và các điểm thành phần từ %(m)s trở lên."
                )
                % {
                    "g": format_value(rules.GIOI_MIN_AVERAGE),
                    "gc": format_value(rules.GIOI_MIN_COMPONENT),
                    "k": format_value(rules.KHA_MIN_AVERAGE),
                    "kc": format_value(rules.KHA_MIN_COMPONENT),
                    "t": format_value(rules.TB_MIN_AVERAGE),
                    "tc": format_value(rules.TB_MIN_COMPONENT),
                    "m": format_value(rules.MANAGER_MIN_AVERAGE),
                }
            ),
        ]
    if year.hours_required:
        blocks.append(
            d.Paragraph(_("3. Chỉ xếp hoàn thành khi đủ số tiết của kế hoạch đã được tổ chuyên môn xác nhận."))
        )
    blocks.append(
        d.Paragraph(
            _(
                "Kết quả được ghi vào hồ sơ của cán bộ quản lý, giáo viên; người hoàn thành được cấp giấy chứng nhận "
                "kết quả bồi dưỡng thường xuyên, tra cứu được bằng mã QR in trên giấy."
            )
        )
    )
    return blocks


def _organisation(year, issuer):
    rows = deadline_table(year=year, unit=issuer)
    actors = {
        "staff": _("Cán bộ quản lý, giáo viên"),
        "school": _("Các cơ sở giáo dục"),
        # The middle tier as the year had it: Phòng GD&ĐT until 2024–2025, the commune's People's Committee since.
        "middle": _("Phòng GD&ĐT") if year.start_year < COMMUNE_TIER_FROM else _("UBND xã, phường"),
        "department": _("Sở Giáo dục và Đào tạo"),
    }
    table_rows = []
    for row in rows:
        binding = row.own or row.inherited
        if binding is None:
            continue
        table_rows.append(
            [len(table_rows) + 1, row.label, binding.due_date, actors[_ACTOR[row.kind]], binding.source or ""]
        )
    blocks = [
        d.Heading(_("VI. TỔ CHỨC THỰC HIỆN")),
        d.Heading(_("1. Thời hạn"), 2),
    ]
    if table_rows:
        columns = [
            d.Column(_("TT"), 0.5, "center"),
            d.Column(_("Việc"), 2.6),
            d.Column(_("Hạn cuối"), 1.3, "center"),
            d.Column(_("Thực hiện"), 2),
            d.Column(_("Căn cứ"), 3),
        ]
        if not any(row[-1] for row in table_rows):  # no deadline says its source: no empty column
            columns, table_rows = columns[:-1], [row[:-1] for row in table_rows]
        blocks.append(d.Table(columns, table_rows))
    else:
        blocks.append(d.Paragraph(_("Chưa đặt thời hạn trên hệ thống.")))
    own_tasks = {
        OrgUnit.Kind.DEPARTMENT: _(
            "2. Sở Giáo dục và Đào tạo ban hành chuyên đề %(one)s, %(two)s; hướng dẫn, kiểm tra việc thực hiện; "
            "tổng hợp, báo cáo kết quả về Bộ Giáo dục và Đào tạo đúng hạn."
        ),
    }
    blocks.append(
        d.Paragraph(
            own_tasks.get(
                issuer.kind,
                _(
                    "2. %(issuer)s ban hành chuyên đề %(two)s của địa phương; hướng dẫn, kiểm tra các cơ sở giáo dục; "
                    "tổng hợp, báo cáo kết quả về Sở Giáo dục và Đào tạo đúng hạn."
                ),
            )
            % {"one": year.content_label(1).lower(), "two": year.content_label(2).lower(), "issuer": issuer.name}
        )
    )
    blocks += [
        d.Paragraph(
            _(
                "3. Các cơ sở giáo dục xây dựng kế hoạch bồi dưỡng thường xuyên của đơn vị; hướng dẫn cán bộ quản lý, "
                "giáo viên lập kế hoạch cá nhân và phê duyệt kế hoạch; chỉ đạo tổ chuyên môn xác nhận nhật ký, đánh "
                "giá kết quả đúng quy trình, thực chất; báo cáo kết quả kèm danh sách xếp loại về cấp trên đúng hạn."
            )
        ),
        d.Paragraph(
            _(
                "4. Cán bộ quản lý, giáo viên lập kế hoạch cá nhân, tự học và ghi nhật ký kèm minh chứng, hoàn thành "
                "các bài đánh giá theo kế hoạch."
            )
        ),
        d.Paragraph(
            _(
                "Trên đây là Kế hoạch bồi dưỡng thường xuyên cán bộ quản lý, giáo viên năm học %(year)s; yêu cầu các "
                "đơn vị nghiêm túc triển khai thực hiện. Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị báo "
                "cáo về %(issuer)s để được hướng dẫn./."
            )
            % {"year": year.official_name, "issuer": issuer.name}
        ),
    ]
    return blocks


def _recipients(issuer):
    if issuer.kind == OrgUnit.Kind.DEPARTMENT:
        return [
            _("Bộ GD&ĐT (để báo cáo)"),
            _("UBND tỉnh (để báo cáo)"),
            _("Lãnh đạo Sở"),
            _("UBND các xã, phường; các cơ sở giáo dục trực thuộc (để thực hiện)"),
        ]
    return [_("Sở GD&ĐT (để báo cáo)"), _("Các cơ sở giáo dục trên địa bàn (để thực hiện)")]


def plan_letter(*, user, year, day, number=""):
    """The year's BDTX plan letter issued by the user's office (``core.documents.Document``)."""
    issuer = issuer_for(user, year)
    blocks = [
        d.Paragraph(_("Căn cứ %(basis)s;") % {"basis": year.regime.regulation}),
        d.Paragraph(_("Căn cứ %(basis)s;") % {"basis": year.regime.programmes}),
    ]
    if issuer.kind != OrgUnit.Kind.DEPARTMENT:
        blocks.append(
            d.Paragraph(
                _("Thực hiện Kế hoạch bồi dưỡng thường xuyên năm học %(year)s của %(department)s;")
                % {"year": year.official_name, "department": year.department.name}
            )
        )
    blocks.append(
        d.Paragraph(
            _(
                "%(issuer)s ban hành Kế hoạch bồi dưỡng thường xuyên cán bộ quản lý, giáo viên mầm non, phổ thông và "
                "giáo dục thường xuyên năm học %(year)s (%(regime)s), cụ thể như sau:"
            )
            % {"issuer": issuer.name, "year": year.official_name, "regime": year.regime.short_name}
        )
    )
    blocks += _purpose(year)
    blocks += _audiences(user, year)
    blocks += _contents(user, year, issuer)
    blocks += _methods()
    blocks += _assessment(year)
    blocks += _organisation(year, issuer)
    return d.Document(
        letterhead=letterheads.letterhead(issuer, day=day, year=year, number=number, kind_code="KH"),
        kind=_("KẾ HOẠCH"),
        title=_("Bồi dưỡng thường xuyên cán bộ quản lý, giáo viên\nnăm học %(year)s") % {"year": year.official_name},
        blocks=blocks,
        signature=letterheads.signature(issuer, year=year),
        recipients=_recipients(issuer),
        filename=f"ke-hoach-bdtx-{year.official_name}",
    )
