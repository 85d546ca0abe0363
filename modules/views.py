"""Catalog and topic pages: parse the request, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import scoping
from accounts.models import Audience, Level
from core.errors import show_error
from core.excel_export import xlsx_download
from core.excel_import import error_page_context
from jobs import imports
from years.selectors import current_year_for

from . import importers, job_handlers, selectors, services
from .forms import CatalogImportForm, ModuleCreateForm, ModuleEditForm, ModuleSearchForm, TopicForm
from .models import Content

PAGE_SIZE = 50
MAX_ERRORS_SHOWN = 500


def _require_catalog_manager(user):
    if not selectors.can_manage_catalog(user):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------------------------
# Catalog
# ---------------------------------------------------------------------------------------------------------------


@login_required
def module_list(request):
    user = request.user
    form = ModuleSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    can_manage = selectors.can_manage_catalog(user)
    queryset = selectors.module_search(
        query=filters.get("q", ""),
        level=filters.get("level", ""),
        include_retired=bool(filters.get("retired")),
        # "Cần bổ sung tên": which rows still lack a title, for those who can give one (admins, the Sở).
        needs_title=can_manage and bool(filters.get("needs_title")),
        queryset=selectors.modules_visible_to(user=user),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    taken_list = []
    if user.staff_id:
        # "Đã học năm …" beside the modules in the teacher's plans of earlier years, and a summary above.
        year = current_year_for(unit=user.staff.unit)
        taken_list = list(selectors.modules_taken_before(staff=user.staff, before_year=year))
        taken = {module.pk: module.last_start_year for module in taken_list}
        for module in page.object_list:
            start = taken.get(module.pk)
            module.taken_year = f"{start}–{start + 1}" if start else ""
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "modules/module_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string.urlencode(),
            "can_manage": can_manage,
            "untitled_count": selectors.modules_visible_to(user=user).filter(title="", is_retired=False).count()
            if can_manage
            else 0,
            "taken_list": taken_list,
            "editable_ids": {module.pk for module in page.object_list if selectors.can_edit_module(user, module)},
        },
    )


@login_required
def module_create(request):
    _require_catalog_manager(request.user)
    form = ModuleCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create_local(user=request.user, **form.cleaned_data)
        except services.ModulesError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã thêm mô đun %(code)s.") % {"code": module.code})
            return redirect(_list_url(module.code))
    return render(request, "modules/module_form.html", {"form": form, "title": _("Thêm mô đun địa phương")})


def _list_url(code):
    """The catalog filtered on one module, so the user sees the row they just changed."""
    return f"{reverse('modules:module_list')}?{urlencode({'q': code, 'retired': 'on'})}"


@login_required
def module_edit(request, pk):
    module = selectors.get_rw_module_for_user(request.user, pk)
    initial = {"title": module.title, "hours": module.hours, "group": module.group}
    form = ModuleEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(module=module, user=request.user, **form.cleaned_data)
        except services.ModulesError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã lưu mô đun %(code)s.") % {"code": module.code})
            return redirect(_list_url(module.code))
    return render(
        request,
        "modules/module_form.html",
        {"form": form, "module": module, "title": _("Sửa mô đun %(code)s") % {"code": module.code}},
    )


def _retire_or_restore(request, pk, *, retire):
    module = selectors.get_rw_module_for_user(request.user, pk)
    if request.method == "POST":
        try:
            if retire:
                services.module_retire(module=module, user=request.user)
                messages.success(request, _("Đã ngừng sử dụng mô đun %(code)s.") % {"code": module.code})
            else:
                services.module_restore(module=module, user=request.user)
                messages.success(request, _("Đã dùng lại mô đun %(code)s.") % {"code": module.code})
        except services.ModulesError as error:
            messages.info(request, str(error))
        return redirect(_list_url(module.code))
    return render(request, "modules/module_confirm.html", {"module": module, "retire": retire})


@login_required
@require_http_methods(["GET", "POST"])
def module_retire(request, pk):
    return _retire_or_restore(request, pk, retire=True)


@login_required
@require_http_methods(["GET", "POST"])
def module_restore(request, pk):
    return _retire_or_restore(request, pk, retire=False)


@login_required
def catalog_template(request):
    _require_catalog_manager(request.user)
    return xlsx_download(importers.catalog_template_build(user=request.user), importers.TEMPLATE_FILENAME)


@login_required
def catalog_import(request):
    user = request.user
    _require_catalog_manager(user)
    posted = request.method == "POST"
    form = CatalogImportForm(request.POST if posted else None, request.FILES if posted else None)

    def run(upload):
        result = services.catalog_import(file=upload, user=user)
        return result, result

    return imports.import_page(
        request,
        form,
        kind=job_handlers.KIND,
        limits=importers.LIMITS,
        done_url=reverse("modules:catalog_import"),
        run=run,
        render_page=lambda result: render(
            request,
            "modules/catalog_import.html",
            {
                "form": form,
                **error_page_context(form=form, result=result, shown=MAX_ERRORS_SHOWN),
                "max_rows": importers.MAX_ROWS,
                "max_megabytes": importers.MAX_FILE_BYTES // 1024 // 1024,
            },
        ),
    )


# ---------------------------------------------------------------------------------------------------------------
# Topics
# ---------------------------------------------------------------------------------------------------------------


def _topic_sections(topics, year):
    """Topics grouped by content, then by level, audience and publisher, with the tiết of each group.

    A Sở officer sees every Phòng's content 2, so each Phòng's topics form their own group and subtotal.
    """
    level_rank = {level: index for index, level in enumerate(Level.values)}
    audience_rank = {audience: index for index, audience in enumerate(Audience.values)}
    sections = []
    for content in Content.values[:2]:
        groups = {}
        for topic in topics:
            if topic.content == content:
                groups.setdefault((topic.level, topic.audience, topic.publisher), []).append(topic)
        ordered = sorted(
            groups.items(),
            key=lambda item: (level_rank[item[0][0]], audience_rank[item[0][1]], item[0][2].path),
        )
        sections.append(
            {
                "content": content,
                "label": year.content_label(content),
                "groups": [
                    {
                        "level_label": Level(level).label,
                        "audience_label": Audience(audience).label,
                        "publisher": publisher if publisher.pk != year.department_id else None,
                        "topics": items,
                        "hours": sum(topic.hours for topic in items),
                    }
                    for (level, audience, publisher), items in ordered
                ],
            }
        )
    return sections


@login_required
def topic_list(request):
    user = request.user
    years = list(selectors.topic_years_for(user=user))
    year = None
    if request.GET.get("year"):
        year = scoping.get_in_scope_or_404(selectors.topic_years_for(user=user), request.GET["year"])
    elif years:
        year = next((y for y in years if y.is_current), years[0])
    context = {"years": years, "year": year, "show_department": user.is_admin_role}
    if year is not None:
        topics = list(selectors.topics_visible_to(user=user, year=year).order_by("publisher__depth", "order", "id"))
        can_publish = selectors.can_publish_topics(user, year)
        context.update(
            sections=_topic_sections(topics, year),
            topic_count=len(topics),
            quota_rows=selectors.topic_quota_rows(user=user, year=year),
            can_publish=can_publish,
            editable_ids={topic.pk for topic in topics if can_publish and selectors.can_edit_topic(user, topic)},
        )
    return render(request, "modules/topic_list.html", context)


def _topic_list_url(year):
    return f"{reverse('modules:topic_list')}?year={year.pk}"


def _quota_warning(request, year, topic):
    """Warn when the group is still over the year's quota: published before changes over it were refused
    (modules.services refuses any change that adds to an excess), and only reduced since."""
    publisher_id = topic.publisher_id
    for row in selectors.topic_quota_rows(user=request.user, year=year):
        if row.level != topic.level or row.audience != topic.audience or row.unit.pk != publisher_id:
            continue
        cell = row.content1 if topic.content == 1 else row.content2
        if cell.excess:
            messages.warning(
                request,
                _(
                    "Tổng %(content)s cho %(level)s – %(audience)s là %(total)s tiết, "
                    "vượt định mức %(quota)s tiết của năm học."
                )
                % {
                    "content": year.content_label(topic.content).lower(),
                    "level": row.level_label.lower(),
                    "audience": row.audience_label.lower(),
                    "total": cell.total,
                    "quota": cell.quota,
                },
            )


@login_required
def topic_create(request, year_id):
    year = scoping.get_in_scope_or_404(selectors.topic_years_for(user=request.user), year_id)
    if not selectors.can_publish_topics(request.user, year):
        raise PermissionDenied
    form = TopicForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_publish(user=request.user, year=year, **form.cleaned_data)
        except services.ModulesError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã ban hành chuyên đề “%(title)s”.") % {"title": topic.title})
            _quota_warning(request, year, topic)
            if request.POST.get("then") == "another":
                return redirect("modules:topic_create", year_id=year.pk)
            return redirect(_topic_list_url(year))
    return render(
        request,
        "modules/topic_form.html",
        {"form": form, "year": year, "title": _("Thêm chuyên đề · năm học %(name)s") % {"name": year.name}},
    )


@login_required
def topic_edit(request, pk):
    topic = selectors.get_rw_topic_for_user(request.user, pk)
    initial = {
        "content": topic.content,
        "level": topic.level,
        "audience": topic.audience,
        "title": topic.title,
        "hours": topic.hours,
        "order": topic.order,
    }
    form = TopicForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(topic=topic, user=request.user, **form.cleaned_data)
        except services.ModulesError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã lưu chuyên đề “%(title)s”.") % {"title": topic.title})
            _quota_warning(request, topic.year, topic)
            return redirect(_topic_list_url(topic.year))
    return render(
        request,
        "modules/topic_form.html",
        {"form": form, "year": topic.year, "topic": topic, "title": _("Sửa chuyên đề")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_delete(request, pk):
    topic = selectors.get_rw_topic_for_user(request.user, pk)
    if request.method == "POST":
        try:
            services.topic_delete(topic=topic, user=request.user)
        except services.ModulesError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã xoá chuyên đề “%(title)s”.") % {"title": topic.title})
        return redirect(_topic_list_url(topic.year))
    return render(request, "modules/topic_confirm_delete.html", {"topic": topic})
