"""Users read the official reference of a conversion table, not the web sites a developer found it on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE_NAMES = ("thuvienphapluat.vn", "cdkttctn.edu.vn", "trích dẫn")


@pytest.mark.parametrize("persona", ["principal_a1", "so_officer", "teacher_a1"])
def test_the_conversion_tables_cite_documents_not_web_sites(cast, login, persona):
    page = login(getattr(cast, persona)).get(reverse("qualifications:conversion_tables")).content.decode()

    assert "Công văn 6089/BGDĐT-GDTX (2014)" in page
    for name in SITE_NAMES:
        assert name not in page


def test_the_certificate_form_cites_no_web_site(cast, login):
    url = reverse("qualifications:certificate_add", args=[cast.teacher_a1.staff_id])
    page = login(cast.principal_a1).get(url).content.decode()

    for name in SITE_NAMES:
        assert name not in page


def test_the_admin_still_sees_where_each_table_was_found(cast, login):
    page = login(cast.admin).get(reverse("qualifications:conversion_tables")).content.decode()

    assert "thuvienphapluat.vn" in page


def test_the_sos_table_chooser_cites_documents_not_web_sites(cast, login, year):
    page = login(cast.so_officer).get(reverse("qualifications:conversion_tables")).content.decode()

    assert 'name="table"' in page or "<select" in page
    for name in SITE_NAMES:
        assert name not in page


def test_a_certificate_converted_by_table_a_cites_the_letter_not_the_site():
    from qualifications import cefr
    from qualifications.models import LanguageCertificate

    certificate = LanguageCertificate(conversion_table="A", conversion_source=cefr.TABLES["A"].source)

    assert certificate.shown_conversion_source == "Công văn 6089/BGDĐT-GDTX (2014)"
