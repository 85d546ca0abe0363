"""Behind a reverse proxy, the login lockout and the rate limits key on the client, not on the proxy (issue 21, 2).

Every request below comes from the same REMOTE_ADDR, the proxy's; the clients differ only in X-Forwarded-For.
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
TEACHER = "198.51.100.7"
NEW_PASSWORD = "Mat-khau-moi-2026!"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, password, forwarded, username="gv_a1", remote=PROXY):
    client.cookies.clear()
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _lock_out(client, forwarded, username="gv_a1"):
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_login(client, "sai-mat-khau", forwarded, username).status_code for _ in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]  # the last failure locks


def _locked(response):
    return response.status_code == 429 and "tạm thời bị khoá" in response.content.decode()


def test_one_client_locked_out_does_not_lock_out_another_behind_the_same_proxy(cast, client, settings):
    settings.TRUSTED_PROXIES = "1"
    _lock_out(client, ATTACKER)
    assert _locked(_login(client, PASSWORD, ATTACKER))

    response = _login(client, PASSWORD, TEACHER)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(cast.teacher_a1.pk)


def test_a_client_cannot_pose_as_another_by_writing_the_header_itself(cast, client, settings):
    settings.TRUSTED_PROXIES = "1"
    # The attacker writes the teacher's address; the proxy appends the attacker's own.
    _lock_out(client, f"{TEACHER}, {ATTACKER}")
    assert _locked(_login(client, PASSWORD, ATTACKER))
    assert _login(client, PASSWORD, TEACHER).status_code == 302


def test_trusted_networks_work_the_same(cast, client, settings):
    settings.TRUSTED_PROXIES = "10.0.0.0/24"
    _lock_out(client, ATTACKER)
    assert _locked(_login(client, PASSWORD, ATTACKER))
    assert _login(client, PASSWORD, TEACHER).status_code == 302


def test_without_trusted_proxies_a_forged_header_is_ignored(cast, client, settings):
    settings.TRUSTED_PROXIES = ""
    _lock_out(client, ATTACKER)
    # Another header from the same address changes nothing: the address is REMOTE_ADDR.
    assert _locked(_login(client, PASSWORD, TEACHER))
    # A client at another address is not locked out.
    assert _login(client, PASSWORD, TEACHER, remote="10.0.0.77").status_code == 302


def test_the_verify_page_throttles_two_clients_apart(client, settings):
    settings.TRUSTED_PROXIES = "1"
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    url = reverse("certificates:verify", args=["khong-ton-tai"])

    def get(forwarded):
        return client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get(ATTACKER) for _ in range(3)] == [404, 404, 404]
    assert get(ATTACKER) == 429
    assert get(f"{TEACHER}, {ATTACKER}") == 429  # a spoofed leftmost entry is not a new client
    assert get(TEACHER) == 404


def test_without_trusted_proxies_the_verify_page_counts_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = ""
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    url = reverse("certificates:verify", args=["khong-ton-tai"])
    for forwarded in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code == 404
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="4.4.4.4").status_code == 429


def test_the_password_reset_form_counts_per_client(cast, client, settings):
    settings.TRUSTED_PROXIES = "1"
    settings.PASSWORD_RESET_RATE_IP = "2/h"
    settings.PASSWORD_RESET_RATE_EMAIL = "100/h"

    def ask(forwarded, number):
        data = {"email": f"ai-do-{number}@example.com"}
        return client.post(reverse("password_reset"), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert [ask(ATTACKER, number).status_code for number in range(3)] == [302, 302, 429]
    assert ask(TEACHER, 9).status_code == 302


def test_a_password_reset_lifts_the_lockout(cast, client, settings):
    settings.TRUSTED_PROXIES = "1"
    user = cast.teacher_a1
    user.email = "an.nguyen@truong-a1.edu.vn"
    user.save(update_fields=["email"])
    _lock_out(client, TEACHER)
    assert _locked(_login(client, PASSWORD, TEACHER))

    # From the phone: another address, the link from the mail.
    client.post(reverse("password_reset"), {"email": user.email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    link = re.search(r"https?://testserver(/dat-lai-mat-khau/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("password_reset_complete")

    # Back at school, where the account was locked: the new password lets the teacher in at once.
    response = _login(client, NEW_PASSWORD, TEACHER)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_a_failed_password_reset_lifts_nothing(cast, client, settings):
    settings.TRUSTED_PROXIES = "1"
    _lock_out(client, TEACHER)
    uid_link = reverse("password_reset_confirm", args=["MTIz", "sai-ma-dat-lai"])
    assert client.get(uid_link, follow=True).context["validlink"] is False
    assert _locked(_login(client, PASSWORD, TEACHER))
