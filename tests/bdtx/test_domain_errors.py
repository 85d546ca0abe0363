"""Every app's service errors share one base, and a view shows any of them the same way."""

import importlib
import inspect

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from core.errors import DomainError, show_error
from tests.bdtx.test_layering import FLOOR

SERVICE_MODULES = [f"{app}.services" for app in FLOOR if importlib.util.find_spec(f"{app}.services")]


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_every_service_error_is_a_domain_error(module_name):
    module = importlib.import_module(module_name)
    errors = [
        cls
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if name.endswith("Error") and issubclass(cls, Exception) and cls.__module__ == module_name
    ]
    assert [cls.__name__ for cls in errors if not issubclass(cls, DomainError)] == []


def test_the_job_chain_and_certificate_errors_are_domain_errors_too():
    from certificates.models import CertificateError
    from jobs.jobs import JobError
    from reports.chain import ReportError

    assert all(issubclass(cls, DomainError) for cls in (CertificateError, JobError, ReportError))


def test_show_error_puts_the_reason_on_the_next_page():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    show_error(request, DomainError("Đã quá hạn nộp kế hoạch."))
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "Đã quá hạn nộp kế hoạch.")]
