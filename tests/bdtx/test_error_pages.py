"""Error pages: Vietnamese, inside the site's layout for a logged-in user, always with a way back."""

import pytest
from django.test import Client

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.bdtx.error_urls")]

MARK = 'data-error-page="vi"'


@pytest.fixture
def officer():
    return UserFactory(role=Role.ADMIN)


def _client(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/thu-loi/400/", 400, "Yêu cầu không hợp lệ"),
        ("/thu-loi/403/", 403, "Bạn không có quyền thực hiện việc này"),
        ("/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
        ("/thu-loi/500/", 500, "Hệ thống gặp lỗi"),
    ],
)
def test_a_logged_in_user_sees_the_error_in_vietnamese_inside_the_layout(officer, url, status, title):
    response = _client(officer).get(url, HTTP_REFERER="http://testserver/ke-hoach/")
    html = response.content.decode()
    assert response.status_code == status
    assert MARK in html and title in html
    assert 'data-testid="main-nav"' in html, "the menu is there"
    assert 'data-testid="error-home"' in html
    assert 'href="http://testserver/ke-hoach/"' in html, "a way back to the page the user came from"
    for english in ("Not Found", "Server Error", "Forbidden", "Bad Request"):
        assert english not in html


def test_an_anonymous_visitor_is_offered_the_login_page():
    response = _client().get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert MARK in html and 'data-testid="error-login"' in html
    assert 'data-testid="main-nav"' not in html


def test_a_referrer_on_another_site_is_not_offered_as_the_way_back(officer):
    html = _client(officer).get("/khong-co-trang-nay/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in html


def test_a_form_sent_without_its_csrf_token_explains_in_vietnamese(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post("/doi-mat-khau/", {"old_password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert MARK in html and "Phiên làm việc đã hết hạn" in html
    assert "CSRF verification failed" not in html


def test_the_500_page_carries_the_request_id_for_support(officer):
    response = _client(officer).get("/thu-loi/500/")
    assert response["X-Request-ID"] in response.content.decode()


@pytest.mark.django_db
def test_a_host_that_is_not_allowed_gets_the_400_page_not_a_server_error(client, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["bdtx.example.vn"]
    response = client.get("/dang-nhap/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
