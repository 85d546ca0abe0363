"""Logging in, changing and resetting a password, all in Vietnamese; every accounts page needs a login."""

import re

import pytest
from django.core import mail
from django.http import HttpRequest
from django.urls import URLPattern, reverse

from accounts import urls as accounts_urls
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ruong-lua-2026-xanh"


def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for text in ("Đăng nhập hệ thống BDTX", "Tên đăng nhập", "Mật khẩu", "Quên mật khẩu?"):
        assert text in html
    assert "Username" not in html and "Password" not in html
    assert 'data-testid="main-nav"' not in html


def test_login_redirects_home_and_a_logged_in_user_skips_the_form(cast, client):
    response = client.post(reverse("login"), {"username": "gv_a1", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home.context["user"] == cast.teacher_a1
    assert client.get(reverse("login")).url == reverse("home")


def test_login_follows_next_but_never_off_site(cast, client):
    response = client.post(
        reverse("login") + "?next=/can-bo/", {"username": "ht_a1", "password": PASSWORD, "next": "/can-bo/"}
    )
    assert response.url == "/can-bo/"
    client.logout()
    response = client.post(
        reverse("login"), {"username": "ht_a1", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_wrong_password_is_refused_in_vietnamese(cast, client):
    response = client.post(reverse("login"), {"username": "gv_a1", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_logout_is_a_post_and_ends_the_session(cast, login):
    client = login(cast.teacher_a1)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_password_change_flow(cast, login):
    user = cast.teacher_a1
    client = login(user)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "Mật khẩu cũ" in page.content.decode()

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    done = client.get(response.url)
    assert "Đã đổi mật khẩu." in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    # The session that changed the password stays logged in.
    assert client.get(reverse("home")).status_code == 200


def test_password_change_needs_the_old_password(cast, login):
    client = login(cast.teacher_a1)
    response = client.post(
        reverse("password_change"),
        {"old_password": "khong-phai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    cast.teacher_a1.refresh_from_db()
    assert cast.teacher_a1.check_password(PASSWORD)


def test_weak_password_is_refused_by_the_validators(cast, login):
    client = login(cast.teacher_a1)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert len(errors) == 3, errors
    assert "Mật khẩu này quá phổ biến." in errors
    assert "Mật khẩu này hoàn toàn là số." in errors
    assert "Mật khẩu này quá phổ biến." in response.content.decode()
    cast.teacher_a1.refresh_from_db()
    assert cast.teacher_a1.check_password(PASSWORD)


def test_every_password_error_is_in_vietnamese(cast, login):
    response = login(cast.teacher_a1).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    errors = response.context["form"].errors["new_password2"]
    assert any(error.startswith("Mật khẩu quá ngắn") and "10" in error for error in errors), errors
    assert "This password" not in response.content.decode()


def test_password_reset_mails_a_link_that_works_once(cast, client):
    user = cast.teacher_a1
    user.email = "an.nguyen@truong-a1.edu.vn"
    user.save(update_fields=["email"])

    response = client.post(reverse("password_reset"), {"email": user.email})

    assert response.url == reverse("password_reset_done")
    assert "đã gửi hướng dẫn" in client.get(response.url).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Đặt lại mật khẩu hệ thống BDTX"
    assert "Tên đăng nhập: gv_a1" in message.body
    link = re.search(r"https?://testserver(/dat-lai-mat-khau/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_password_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and weak.context["form"].errors
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.login(request=HttpRequest(), username="gv_a1", password=NEW_PASSWORD)
    client.logout()
    reused = client.get(link, follow=True)
    assert reused.context["validlink"] is False
    assert "Liên kết đặt lại mật khẩu không hợp lệ" in reused.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(cast, client):
    response = client.post(reverse("password_reset"), {"email": "khong-co@example.com"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def _accounts_urls(cast):
    """Every URL of accounts.urls, with a real object id wherever the pattern takes one."""
    ids = {"pk": cast.teacher_a1.staff_id, "fmt": "pdf"}
    urls = []
    for pattern in accounts_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), pattern
        kwargs = {name: ids[name] for name in pattern.pattern.converters}
        if pattern.name.startswith("unit_"):
            kwargs = {name: cast.school_a1.pk for name in kwargs}
        urls.append(reverse(f"accounts:{pattern.name}", kwargs=kwargs))
    return urls


def test_anonymous_users_are_sent_to_login_from_every_accounts_page(cast, client):
    urls = _accounts_urls(cast) + [reverse("home"), reverse("password_change")]
    assert len(urls) >= len(accounts_urls.urlpatterns) + 2

    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (method.__name__, url)
            assert response.url == f"{reverse('login')}?next={url}", url
