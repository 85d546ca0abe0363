"""Writes for the module catalog and the content 1/2 topics. Every function checks who is asking."""

from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from accounts.models import Audience, Level
from core.errors import DomainError
from core.vietnamese import nfc

from . import selectors
from .models import CatalogLevel, Module, Topic

MIN_HOURS = 1
MAX_HOURS = 120  # a whole school year of BDTX; anything above is a typing mistake
CODE_MAX_LENGTH = Module._meta.get_field("code").max_length
TITLE_MAX_LENGTH = Module._meta.get_field("title").max_length
GROUP_MAX_LENGTH = Module._meta.get_field("group").max_length
TOPIC_TITLE_MAX_LENGTH = Topic._meta.get_field("title").max_length


class ModulesError(DomainError):
    """A catalog or topic change refused, with the reason in Vietnamese."""


def clean_text(value):
    return " ".join(nfc(str(value or "")).split())


def normalize_code(value):
    """Codes are compared and stored in capitals without extra spaces: ' th 46 ' → 'TH 46', 'md4' → 'MD4'."""
    return clean_text(value).upper()


def _hours(value):
    try:
        hours = int(value)
    except (TypeError, ValueError):
        raise ModulesError(_("Số tiết phải là số nguyên.")) from None
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise ModulesError(
            _("Số tiết phải từ %(min)s đến %(max)s.") % {"min": MIN_HOURS, "max": MAX_HOURS},
        )
    return hours


def _checked_title(value, *, required, max_length):
    title = clean_text(value)
    if required and not title:
        raise ModulesError(_("Hãy nhập tên."))
    if len(title) > max_length:
        raise ModulesError(_("Tên dài quá %(n)s ký tự.") % {"n": max_length})
    return title


def _checked_group(value):
    group = clean_text(value)
    if len(group) > GROUP_MAX_LENGTH:
        raise ModulesError(_("Tên nhóm dài quá %(n)s ký tự.") % {"n": GROUP_MAX_LENGTH})
    return group


def next_sequence():
    return (Module.objects.aggregate(top=Max("sequence"))["top"] or 0) + 1


# ---------------------------------------------------------------------------------------------------------------
# Modules
# ---------------------------------------------------------------------------------------------------------------


def _refuse_edit(module):
    if module.owner_id is None:
        raise ModulesError(
            _("Mô đun %(code)s thuộc danh mục của Bộ GD&ĐT, dùng chung cho mọi tỉnh; chỉ quản trị hệ thống được sửa.")
            % {"code": module.code}
        )
    raise ModulesError(_("Bạn không có quyền thay đổi mô đun %(code)s.") % {"code": module.code})


def module_update(*, module, user, title, hours, group=""):
    """Change a module's title, hours and group (a Sở: its own local modules; the admin: every module)."""
    if not selectors.can_edit_module(user, module):
        _refuse_edit(module)
    module.title = _checked_title(title, required=False, max_length=TITLE_MAX_LENGTH)
    module.hours = _hours(hours)
    module.group = _checked_group(group)
    module.save()
    return module


def module_create_local(*, user, code, level, title, hours, group="", audience=Audience.TEACHER):
    """Add a module to the catalog: a local module of the user's Sở (a national one when an admin adds it)."""
    if not selectors.can_manage_catalog(user):
        raise ModulesError(_("Chỉ Sở GD&ĐT mới được thêm mô đun."))
    code = normalize_code(code)
    if not code:
        raise ModulesError(_("Hãy nhập mã mô đun."))
    if len(code) > CODE_MAX_LENGTH:
        raise ModulesError(_("Mã mô đun dài quá %(n)s ký tự.") % {"n": CODE_MAX_LENGTH})
    if level not in CatalogLevel.values:
        raise ModulesError(_("Hãy chọn cấp học."))
    if audience not in Audience.values:
        raise ModulesError(_("Hãy chọn đối tượng."))
    owner = None if user.is_admin_role else selectors.user_department(user)
    module = Module(
        code=code,
        level=level,
        audience=audience,
        title=_checked_title(title, required=True, max_length=TITLE_MAX_LENGTH),
        hours=_hours(hours),
        group=_checked_group(group),
        owner=owner,
        source=_("Mô đun địa phương") if owner else "",
    )
    try:
        with transaction.atomic():
            if Module.objects.filter(code__iexact=code).exists():
                raise ModulesError(_("Mã mô đun %(code)s đã có trong danh mục.") % {"code": code})
            module.sequence = next_sequence()
            module.save()
    except IntegrityError:
        raise ModulesError(_("Mã mô đun %(code)s đã có trong danh mục.") % {"code": code}) from None
    return module


def _set_retired(*, module, user, retired):
    if not selectors.can_edit_module(user, module):
        _refuse_edit(module)
    # Conditional update: a double-clicked POST changes nothing the second time and says so.
    changed = Module.objects.filter(pk=module.pk, is_retired=not retired).update(is_retired=retired)
    if not changed:
        if retired:
            raise ModulesError(_("Mô đun %(code)s đã ngừng sử dụng từ trước.") % {"code": module.code})
        raise ModulesError(_("Mô đun %(code)s đang được sử dụng.") % {"code": module.code})
    module.is_retired = retired
    return module


def module_retire(*, module, user):
    """Stop offering a module for new plans. The row stays: plans of earlier years keep pointing at it."""
    return _set_retired(module=module, user=user, retired=True)


def module_restore(*, module, user):
    return _set_retired(module=module, user=user, retired=False)


def catalog_import(*, file, user, progress=None):
    """Read a whole catalog from Excel: every row is checked first, then all are written or none.

    Returns the importer's result: ``result.errors`` when the file was refused, else the counts.
    """
    from . import importers

    if not selectors.can_manage_catalog(user):
        raise ModulesError(_("Chỉ Sở GD&ĐT mới được nhập danh mục mô đun."))
    result = importers.catalog_parse(file=file, user=user, progress=progress)
    if result.ok:
        try:
            importers.catalog_apply(result=result, user=user)
        except IntegrityError:
            raise ModulesError(
                _("Danh mục vừa bị thay đổi trong lúc nhập nên chưa ghi dòng nào. Hãy thử lại.")
            ) from None
    return result


# ---------------------------------------------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------------------------------------------


def _checked_topic_fields(*, user, content, level, audience, title, hours):
    try:
        content = int(content)
    except (TypeError, ValueError):
        raise ModulesError(_("Hãy chọn nội dung 1 hoặc nội dung 2.")) from None
    if content not in (1, 2):
        raise ModulesError(_("Hãy chọn nội dung 1 hoặc nội dung 2."))
    if content not in selectors.topic_contents_for(user):
        raise ModulesError(
            _("UBND xã / Phòng GD&ĐT chỉ ban hành chuyên đề nội dung 2; nội dung 1 do Sở GD&ĐT ban hành.")
        )
    if level not in Level.values:
        raise ModulesError(_("Hãy chọn cấp học."))
    if level not in selectors.topic_levels_for(user):
        raise ModulesError(_("UBND xã / Phòng GD&ĐT chỉ ban hành chuyên đề cho cấp mầm non, tiểu học và THCS."))
    if audience not in Audience.values:
        raise ModulesError(_("Hãy chọn đối tượng."))
    return {
        "content": content,
        "level": level,
        "audience": audience,
        "title": _checked_title(title, required=True, max_length=TOPIC_TITLE_MAX_LENGTH),
        "hours": _hours(hours),
    }


def _publisher_for(user, year):
    return year.department if user.is_admin_role else user.unit


def _refuse_over_quota(*, year, publisher, fields, replacing=None):
    """Refuse before anyone sees it a topic that would give staff more tiết than the year's quota."""
    breach = selectors.topic_quota_breach(
        year=year,
        publisher=publisher,
        content=fields["content"],
        level=fields["level"],
        audience=fields["audience"],
        hours=fields["hours"],
        replacing=replacing,
    )
    if breach is None:
        return
    message = _(
        "Không lưu được chuyên đề: tổng nội dung %(content)s cho %(level)s – %(audience)s thuộc %(unit)s sẽ là "
        "%(total)s tiết (%(parts)s), vượt định mức %(quota)s tiết của năm học."
    ) % {
        "content": fields["content"],
        "level": Level(fields["level"]).label.lower(),
        "audience": Audience(fields["audience"]).label.lower(),
        "unit": breach.unit.name,
        "total": breach.total,
        "parts": ", ".join(
            _("%(unit)s %(hours)s tiết") % {"unit": unit.name, "hours": hours} for unit, hours in breach.parts
        ),
        "quota": breach.quota,
    }
    if breach.room:
        message += " " + _("Chuyên đề này chỉ còn thêm được %(room)s tiết.") % {"room": breach.room}
    else:
        message += " " + _("Định mức đã đủ, không còn tiết nào: hãy giảm số tiết của chuyên đề đã ban hành trước.")
    raise ModulesError(message)


def topic_publish(*, user, year, content, level, audience, title, hours, order=None):
    """Publish a content 1/2 topic for one level and audience (Sở: content 1 and 2; Phòng: content 2)."""
    if not selectors.can_publish_topics(user, year):
        raise ModulesError(_("Bạn không được ban hành chuyên đề cho năm học này."))
    fields = _checked_topic_fields(user=user, content=content, level=level, audience=audience, title=title, hours=hours)
    publisher = _publisher_for(user, year)
    if order in (None, ""):
        order = (
            Topic.objects.filter(
                year=year,
                publisher=publisher,
                content=fields["content"],
                level=fields["level"],
                audience=fields["audience"],
            ).aggregate(top=Max("order"))["top"]
            or 0
        ) + 1
    order = _order(order)
    with transaction.atomic():
        _lock_year(year)
        _refuse_over_quota(year=year, publisher=publisher, fields=fields)
        return Topic.objects.create(year=year, publisher=publisher, order=order, **fields)


def _lock_year(year):
    """Two officers publishing at once for one year are checked against the quota one after the other."""
    list(type(year).objects.select_for_update().filter(pk=year.pk).values_list("pk"))


def _order(value):
    try:
        order = int(value)
    except (TypeError, ValueError):
        raise ModulesError(_("Thứ tự phải là số nguyên.")) from None
    if not 0 <= order <= 999:
        raise ModulesError(_("Thứ tự phải từ 0 đến 999."))
    return order


def topic_update(*, topic, user, content, level, audience, title, hours, order=None):
    if not selectors.can_edit_topic(user, topic):
        raise ModulesError(_("Chỉ đơn vị ban hành mới được sửa chuyên đề này."))
    fields = _checked_topic_fields(user=user, content=content, level=level, audience=audience, title=title, hours=hours)
    new_order = _order(order) if order not in (None, "") else None
    with transaction.atomic():
        _lock_year(topic.year)
        _refuse_over_quota(year=topic.year, publisher=topic.publisher, fields=fields, replacing=topic)
        for name, value in fields.items():
            setattr(topic, name, value)
        if new_order is not None:
            topic.order = new_order
        topic.save()
    return topic


def topic_delete(*, topic, user):
    """Delete a topic no plan uses yet (plans keep their items, so a used topic must stay)."""
    if not selectors.can_edit_topic(user, topic):
        raise ModulesError(_("Chỉ đơn vị ban hành mới được xoá chuyên đề này."))
    with transaction.atomic():
        used = topic.plan_items.count()
        if used:
            raise ModulesError(
                _(
                    "Chuyên đề “%(title)s” đã có trong %(n)s kế hoạch cá nhân nên không xoá được. "
                    "Bạn vẫn có thể sửa tên hoặc số tiết."
                )
                % {"title": topic.title, "n": used}
            )
        try:
            Topic.objects.filter(pk=topic.pk).delete()
        except ProtectedError:
            # A plan picked the topic up between the check and the delete.
            raise ModulesError(
                _("Chuyên đề “%(title)s” vừa được đưa vào kế hoạch nên không xoá được.") % {"title": topic.title}
            ) from None
