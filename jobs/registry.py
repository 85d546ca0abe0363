"""Job kinds: how an app teaches the job runner a new kind of long work.

Register a handler with the decorator in ``<app>/job_handlers.py`` of the app that owns the work (found
automatically)::

    from jobs.registry import job_handler

    @job_handler("staff_export", label=_("Xuất danh sách cán bộ (Excel)"))
    def staff_export(job, progress):
        progress(0, total)          # as often as you like; the runner throttles writes
        ...
        return "danh-sach.xlsx", path_or_bytes

The handler gets the claimed ``Job`` and a ``progress(done, total)`` callable; it returns the download name
and either the file's bytes or the path of a file it wrote on this host's disk (best ``jobs.job_temp_path(job=job)``,
whose leftovers the runner cleans; the file is then moved into the private storage), and optionally a message for
the job page; a job whose result is in the database (an import) returns ``(None, None, message)``. It must recompute
every queryset from ``job.requester`` and treat ``job.params`` as untrusted. Raise ``jobs.jobs.JobError`` with a
Vietnamese message for an expected failure; anything else is logged and shown as a generic failure.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

# Each app registers its kinds in a module of this name.
APP_MODULE_NAME = "job_handlers"


@dataclass(frozen=True)
class JobKind:
    code: str
    label: Any
    handler: Any
    # What the job counts in its progress ("giấy chứng nhận"); None = rows ("dòng").
    unit: Any = None


_KINDS: dict[str, JobKind] = {}
_discovered = False


def job_handler(code, *, label=None, unit=None):
    """Decorator registering ``func(job, progress) -> (filename, bytes | path[, message])`` for ``code``; ``unit``
    names what its progress counts when that is not rows of a table."""

    def decorator(func):
        existing = _KINDS.get(code)
        if existing is not None and existing.handler is not func:
            qualified = f"{existing.handler.__module__}.{existing.handler.__qualname__}"
            raise ValueError(f"Job kind {code!r} is already registered by {qualified}")
        _KINDS[code] = JobKind(code=code, label=label or code, handler=func, unit=unit)
        return func

    return decorator


def autodiscover():
    global _discovered
    if _discovered:
        return
    autodiscover_modules(APP_MODULE_NAME)
    _discovered = True


def get_kind(code):
    """The registered kind, or None."""
    autodiscover()
    return _KINDS.get(code)


def kind_label(code):
    kind = get_kind(code)
    return kind.label if kind else code


def kind_unit(code):
    """What a job of this kind counts: "dòng" unless the kind says otherwise."""
    from django.utils.translation import gettext

    kind = get_kind(code)
    return kind.unit if kind and kind.unit else gettext("dòng")
