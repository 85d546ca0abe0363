"""Hỗ trợ người dùng: a Sở officer sets the province's support contact; every user of that province (and no one
else) sees it on the help pages and in templates/help/_support_line.html."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import SupportContact

pytestmark = pytest.mark.django_db

URL = reverse("accounts:support_contact")
HELP = reverse("help")
DATA = {"name": "Nguyễn Văn Hỗ Trợ, Phòng TCCB", "phone": "0212 3852 123", "email": "hotro@soa.example.vn"}


def test_the_so_officer_sets_their_own_provinces_contact(cast, login):
    client = login(cast.so_officer)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {**DATA, "hours_note": "Giờ hành chính"})
    assert response.status_code == 302
    contact = SupportContact.objects.get()
    assert (contact.department, contact.name, contact.phone) == (cast.so, DATA["name"], DATA["phone"])
    client.post(URL, {**DATA, "name": "Trần Thị Mới"})
    assert SupportContact.objects.get().name == "Trần Thị Mới"  # the one contact of the Sở, edited
    assert SupportContact.history.count() == 2
    page = client.get(URL).content.decode()
    assert 'data-testid="support-preview"' in page and "Trần Thị Mới" in page


@pytest.mark.parametrize("persona", ["teacher_a1", "group_head_a1", "principal_a1", "phong_a_officer", "teacher_z1"])
def test_no_one_else_may_edit(cast, login, persona):
    client = login(getattr(cast, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, DATA).status_code == 403
    assert not SupportContact.objects.exists()


def test_a_so_officer_cannot_reach_another_provinces_contact(cast, login):
    SupportContact.objects.create(department=cast.so, name="Người của Sở A", phone="0212 111 111")
    client = login(cast.so_z_officer)
    assert client.get(URL, {"so": cast.so.pk}).status_code == 404
    assert client.post(f"{URL}?so={cast.so.pk}", DATA).status_code == 404
    assert client.post(URL, {**DATA, "so": cast.so.pk}).status_code == 404
    assert SupportContact.objects.get(department=cast.so).name == "Người của Sở A"
    # Without asking for another Sở, the officer sets their own.
    assert client.post(URL, DATA).status_code == 302
    assert SupportContact.objects.get(department=cast.so_z).name == DATA["name"]


def test_the_admin_picks_a_so(cast, login):
    client = login(cast.admin)
    page = client.get(URL).content.decode()
    assert 'data-testid="support-department"' in page and "Sở GD&amp;ĐT Tỉnh Z" in page
    assert client.get(URL, {"so": cast.school_a1.pk}).status_code == 404  # a school is not a Sở
    response = client.post(URL, {**DATA, "so": cast.so_z.pk})
    assert response.status_code == 302 and response.url == f"{URL}?so={cast.so_z.pk}"
    assert SupportContact.objects.get().department == cast.so_z


def test_a_phone_or_an_email_is_needed_and_the_phone_is_checked(cast, login):
    client = login(cast.so_officer)
    page = client.post(URL, {"name": "Ai đó"}).content.decode()
    assert "Hãy ghi ít nhất một cách liên hệ" in page
    page = client.post(URL, {"name": "Ai đó", "phone": "gọi tôi"}).content.decode()
    assert "Số điện thoại chỉ gồm chữ số" in page
    assert not SupportContact.objects.exists()


def test_the_line_shows_to_the_province_and_not_to_another(cast, login):
    SupportContact.objects.create(department=cast.so, name="Nguyễn Văn Hỗ Trợ", phone="0212 3852 123")
    for persona in ("teacher_a1", "teacher_b1", "teacher_t1", "principal_a1", "phong_a_officer", "so_officer"):
        page = login(getattr(cast, persona)).get(HELP).content.decode()
        assert "Nguyễn Văn Hỗ Trợ" in page, persona
    page = login(cast.teacher_z1).get(HELP).content.decode()
    assert "Nguyễn Văn Hỗ Trợ" not in page and 'data-testid="support-line"' not in page
    assert "Sở GD&ĐT chưa ghi người hỗ trợ người dùng" in page


def test_the_include_finds_the_contact_on_its_own(cast, django_assert_num_queries):
    """As the footer will include it: no view gives it the contact; one query, once per request."""
    SupportContact.objects.create(department=cast.so, name="Nguyễn Văn Hỗ Trợ", email="hotro@soa.example.vn")
    template = Template('{% include "help/_support_line.html" %}{% include "help/_support_line.html" %}')
    request = RequestFactory().get("/")
    request.user = cast.teacher_b1
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request}))
    assert html.count('data-testid="support-line"') == 2
    assert 'href="mailto:hotro@soa.example.vn"' in html and "Sở GD&amp;ĐT Tỉnh A" in html
    request = RequestFactory().get("/")
    request.user = cast.teacher_z1
    assert "support-line" not in Template('{% include "help/_support_line.html" %}').render(
        Context({"request": request})
    )
