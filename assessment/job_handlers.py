"""Job kind ``score_import``: a large score sheet checked and saved by a worker (see jobs/imports.py)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel_import import thousands
from jobs.imports import run_import
from jobs.jobs import JobError
from jobs.registry import job_handler
from years.selectors import NoYearYet, require_year

from . import importers, services

KIND = "score_import"


def import_summary(rows, summary):
    """'Đã nhập 900 dòng: …', as the score import page says it."""
    return _("Đã nhập %(rows)s dòng: %(cells)s ô điểm thay đổi, của %(plans)s người.") % {
        "rows": thousands(rows),
        "cells": thousands(summary.cells),
        "plans": thousands(summary.plans),
    }


@job_handler(KIND, label=gettext_lazy("Nhập điểm BDTX"))
def score_import(job, progress):
    user = job.requester
    try:
        year = require_year(user=user, year_id=job.params.get("year"))
    except (Http404, NoYearYet):
        raise JobError(_("Năm học của lần nhập này không còn trong phạm vi của bạn.")) from None
    return run_import(
        job,
        parse=lambda file: importers.scores_import_parse(file=file, user=user, year=year, progress=progress),
        apply=lambda result: importers.scores_import_apply(result=result, user=user, year=year),
        summary=lambda result, summary: import_summary(len(result.rows), summary),
        errors=[
            (
                services.OutOfScopeError,
                _("Có người trong tệp không còn thuộc phạm vi bạn được nhập điểm; chưa lưu điểm nào."),
            ),
            services.AssessmentError,
        ],
    )
