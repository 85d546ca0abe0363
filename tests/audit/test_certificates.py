"""Certificates issued, re-issued and revoked, and personal data answers, are in the audit log."""

import pytest

from audit import registry
from audit.models import AuditEntry
from certificates import services
from tests.certificates import conftest as certificate_fixtures

# The certificates tests' fixtures: school A1 with confirmed results, certificates issued by Phòng A.
a1_ready, hang, issued, lock = (
    certificate_fixtures.a1_ready,
    certificate_fixtures.hang,
    certificate_fixtures.issued,
    certificate_fixtures.lock,
)
make_result, private_root, with_birth = (
    certificate_fixtures.make_result,
    certificate_fixtures.private_root,
    certificate_fixtures.with_birth,
)

pytestmark = pytest.mark.django_db


def test_issue_and_reissue_are_recorded(cast, issued, a1_ready):
    teacher = a1_ready["teacher"]
    issued_entries = AuditEntry.objects.filter(action="certificates.certificate.issued")
    assert set(issued_entries.values_list("person", flat=True)) == set(issued)
    assert set(issued_entries.values_list("unit", flat=True)) == {cast.school_a1.pk}
    old = issued[teacher.pk]
    new = services.certificate_correct(certificate=old, user=cast.phong_a_officer, reason="Sai nơi sinh")
    revoked = AuditEntry.objects.select_related("actor", "person").get(action="certificates.certificate.revoked")
    reissued = AuditEntry.objects.get(action="certificates.certificate.reissued")
    assert (revoked.object_id, revoked.reason, reissued.object_id) == (old.pk, "Sai nơi sinh", new.pk)
    assert registry.describe(revoked).endswith(f"đã thu hồi giấy chứng nhận số {old.number} của {teacher.full_name}")


def test_personal_data_answers_are_recorded(cast, a1_ready):
    confirmed = AuditEntry.objects.get(action="certificates.personal_data.confirmed", person=a1_ready["teacher"])
    assert confirmed.actor == cast.teacher_a1
