"""Password reset requests are throttled per client address and per e-mail address (issue 12, item 6).

Past the limit the request is refused with a Vietnamese 429 page that says what to do, and no mail is sent.
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("password_reset")


@pytest.fixture
def limits(settings):
    settings.PASSWORD_RESET_RATE_IP = "5/h"
    settings.PASSWORD_RESET_RATE_EMAIL = "2/h"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def teacher(cast):
    user = cast.teacher_a1
    user.email = "an.nguyen@truong-a1.edu.vn"
    user.save(update_fields=["email"])
    return user


def _ask(client, email, address="10.0.0.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_one_address_asking_for_one_mailbox_is_stopped_after_the_limit(client, limits, teacher):
    statuses = [_ask(client, teacher.email).status_code for _ in range(2)]
    assert statuses == [302, 302]
    assert len(mail.outbox) == 2
    refused = _ask(client, teacher.email.upper())  # the same mailbox written differently
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "quá nhiều lần" in page and 'href="/dang-nhap/"' in page
    assert len(mail.outbox) == 2


def test_the_mailbox_limit_holds_from_any_address(client, limits, teacher):
    for number in range(2):
        assert _ask(client, teacher.email, f"10.0.1.{number}").status_code == 302
    assert _ask(client, teacher.email, "10.0.1.99").status_code == 429
    assert len(mail.outbox) == 2


def test_one_address_trying_many_mailboxes_is_stopped(client, limits, teacher):
    statuses = [_ask(client, f"ai-do-{number}@example.com").status_code for number in range(5)]
    assert statuses == [302] * 5
    assert _ask(client, teacher.email).status_code == 429
    assert mail.outbox == []
    # Another address is not affected.
    assert _ask(client, teacher.email, "10.0.2.1").status_code == 302
    assert len(mail.outbox) == 1


def test_opening_the_form_is_not_counted(client, limits):
    for _ in range(10):
        assert client.get(URL, REMOTE_ADDR="10.0.3.1").status_code == 200
    assert _ask(client, "x@example.com", "10.0.3.1").status_code == 302
