"""Personal-data checks before printing, and issued certificates (giấy chứng nhận kết quả BDTX).

- ``PersonalDataCheck``: one per person and year. The person confirms the name, date and place of birth that
  will be printed, or asks for a correction; the school manager applies it (through ``accounts.services.
  staff_save``, so the staff history keeps it) or rejects it with a reason. The values the person saw and
  confirmed are stored: when the staff record changes afterwards, the confirmation no longer holds.
- ``PersonalDataEvent``: every answer and decision (who, when, from, to, comment).
- ``Certificate``: an immutable snapshot. Everything printed is copied at issue time; nothing read later from
  the staff record, the result or the org tree changes it. The only change an issued row accepts is its
  revocation when a corrected version (new number, ``version`` + 1) replaces it. ``save()`` refuses any other
  change, ``QuerySet.update()`` refuses snapshot fields and nothing deletes a certificate.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class CertificateError(DomainError):
    """A translatable error of the certificates app, shown to the user as a message."""


class ImmutableCertificateError(CertificateError):
    """Raised when code tries to change what an issued certificate says."""


# ---------------------------------------------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------------------------------------------


class CheckStatus(models.TextChoices):
    """Trạng thái xác nhận thông tin cá nhân."""

    PENDING = "PENDING", _("Chưa xác nhận")
    CONFIRMED = "CONFIRMED", _("Đã xác nhận đúng")
    CORRECTION_REQUESTED = "CORRECTION_REQUESTED", _("Đề nghị điều chỉnh")
    CORRECTED = "CORRECTED", _("Đã điều chỉnh")
    REJECTED = "REJECTED", _("Đề nghị bị từ chối")


# Statuses under which the printed data is agreed (provided it still matches the staff record).
AGREED_STATUSES = (CheckStatus.CONFIRMED, CheckStatus.CORRECTED)
# Statuses that belong on the corrections list sent up before printing.
CORRECTION_STATUSES = (CheckStatus.CORRECTION_REQUESTED, CheckStatus.CORRECTED, CheckStatus.REJECTED)


class PersonalDataCheck(models.Model):
    """Xác nhận thông tin in trên giấy chứng nhận (họ tên, ngày sinh, nơi sinh) của một người trong một năm học."""

    staff = models.ForeignKey(
        "accounts.Staff", verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="personal_data_checks"
    )
    year = models.ForeignKey(
        "years.TrainingYear", verbose_name=_("năm học"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=24, choices=CheckStatus.choices, default=CheckStatus.PENDING)
    # What the person saw when they answered (the record at that moment).
    shown_full_name = models.CharField(_("họ và tên hiện tại"), max_length=128, blank=True)
    shown_birth_date = models.DateField(_("ngày sinh hiện tại"), null=True, blank=True)
    shown_birth_place = models.CharField(_("nơi sinh hiện tại"), max_length=255, blank=True)
    # The correction asked for (empty when the person confirmed).
    requested_full_name = models.CharField(_("họ và tên đề nghị"), max_length=128, blank=True)
    requested_birth_date = models.DateField(_("ngày sinh đề nghị"), null=True, blank=True)
    requested_birth_place = models.CharField(_("nơi sinh đề nghị"), max_length=255, blank=True)
    note = models.TextField(_("lý do đề nghị"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("lý do từ chối"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("xác nhận thông tin cá nhân")
        verbose_name_plural = _("xác nhận thông tin cá nhân")
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="one_data_check_per_staff_year")]
        indexes = [models.Index(fields=["year", "status"], name="datacheck_year_status")]

    def __str__(self):
        return f"{self.staff} — {self.year}: {self.get_status_display()}"

    @property
    def agreed_values(self):
        """(name, birth date, birth place) the person agreed to, or None."""
        if self.status == CheckStatus.CONFIRMED:
            return (self.shown_full_name, self.shown_birth_date, self.shown_birth_place)
        if self.status == CheckStatus.CORRECTED:
            return (self.requested_full_name, self.requested_birth_date, self.requested_birth_place)
        return None

    def holds_for(self, staff):
        """Whether the agreed values are still exactly what the staff record says (and so what will be printed)."""
        values = self.agreed_values
        return values is not None and values == (staff.full_name, staff.birth_date, staff.birth_place)


class PersonalDataEvent(models.Model):
    """Một lần xác nhận, đề nghị, điều chỉnh hoặc từ chối: who, when, from, to and the comment."""

    check_record = models.ForeignKey(PersonalDataCheck, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, choices=CheckStatus.choices)
    to_status = models.CharField(max_length=24, choices=CheckStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.check_record_id}: {self.from_status} → {self.to_status}"


# ---------------------------------------------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------------------------------------------


class CertificateStatus(models.TextChoices):
    VALID = "VALID", _("Còn hiệu lực")
    REVOKED = "REVOKED", _("Đã thu hồi")


# Everything a certificate says: set once at issue time, never changed.
SNAPSHOT_FIELDS = (
    "number",
    "sequence",
    "version",
    "staff_id",
    "year_id",
    "school_id",
    "issuer_id",
    "full_name",
    "birth_date",
    "birth_place",
    "school_name",
    "year_name",
    "classification",
    "classification_label",
    "completed_hours",
    "issuer_name",
    "issuer_heading",
    "issuer_parent_heading",
    "signer_title",
    "signer_name",
    "place",
    "issue_date",
    "layout",
    "token",
    "issued_by_id",
    "issued_at",
)
# What revocation may set, once.
REVOCATION_FIELDS = ("status", "revoked_by_certificate_id", "revoked_at", "revoke_reason")


# The heading of the classification line of each certificate layout (templates/certificates/pdf/<layout>.html).
LAYOUT_RESULT_TITLES = {"v1": _("Xếp loại"), "v2": _("Kết quả")}


def new_token():
    """The unguessable token of the public verification URL (192 random bits)."""
    return secrets.token_urlsafe(24)


class CertificateQuerySet(models.QuerySet):
    def update(self, **kwargs):
        allowed = set(REVOCATION_FIELDS) | {name.removesuffix("_id") for name in REVOCATION_FIELDS}
        forbidden = sorted(set(kwargs) - allowed)
        if forbidden:
            raise ImmutableCertificateError(f"An issued certificate cannot change: {', '.join(forbidden)}")
        return super().update(**kwargs)

    def delete(self):
        raise ImmutableCertificateError("Issued certificates are never deleted; revoke them instead.")


class Certificate(models.Model):
    """Giấy chứng nhận kết quả BDTX: a snapshot of what was printed, with its number, token and status."""

    number = models.CharField(_("số"), max_length=64, unique=True)
    sequence = models.PositiveIntegerField(_("số thứ tự"))
    version = models.PositiveSmallIntegerField(_("lần cấp"), default=1)
    staff = models.ForeignKey(
        "accounts.Staff", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="certificates"
    )
    year = models.ForeignKey(
        "years.TrainingYear", verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("trường"), on_delete=models.PROTECT, related_name="certificates"
    )
    issuer = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("đơn vị cấp"), on_delete=models.PROTECT, related_name="issued_certificates"
    )
    # The snapshot.
    full_name = models.CharField(_("họ và tên"), max_length=128)
    birth_date = models.DateField(_("ngày sinh"))
    birth_place = models.CharField(_("nơi sinh"), max_length=255)
    school_name = models.CharField(_("đơn vị công tác"), max_length=255)
    year_name = models.CharField(_("năm học"), max_length=32)
    classification = models.CharField(_("mã xếp loại"), max_length=20)
    classification_label = models.CharField(_("xếp loại"), max_length=64)
    completed_hours = models.PositiveSmallIntegerField(_("số tiết"))
    issuer_name = models.CharField(_("đơn vị cấp"), max_length=255)
    issuer_parent_heading = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    issuer_heading = models.CharField(_("tên đơn vị cấp (in hoa)"), max_length=255)
    signer_title = models.CharField(_("chức danh người ký"), max_length=128)
    signer_name = models.CharField(_("họ tên người ký"), max_length=128, blank=True)
    place = models.CharField(_("địa danh"), max_length=128)
    issue_date = models.DateField(_("ngày cấp"))
    # The layout the PDF is drawn with (templates/certificates/pdf/certificate_<layout>.html), kept per row so a
    # new layout never changes the certificates already issued.
    layout = models.CharField(max_length=16, default="v1")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("cấp lúc"))
    # Revocation: the only change an issued row accepts.
    status = models.CharField(
        _("hiệu lực"), max_length=8, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_by_certificate = models.OneToOneField(
        "self",
        verbose_name=_("thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["issuer_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year"],
                condition=models.Q(status="VALID"),
                name="one_valid_certificate_per_staff_year",
            ),
            models.UniqueConstraint(fields=["issuer", "year", "sequence"], name="certificate_sequence_per_issuer"),
        ]
        indexes = [models.Index(fields=["school", "year", "status"], name="certificate_school_year")]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self._check_unchanged()
        super().save(*args, **kwargs)

    def _check_unchanged(self):
        stored = type(self).objects.filter(pk=self.pk).values(*SNAPSHOT_FIELDS, *REVOCATION_FIELDS).first()
        if stored is None:
            raise ImmutableCertificateError("A certificate row cannot be re-created.")
        changed = [name for name in SNAPSHOT_FIELDS if getattr(self, name) != stored[name]]
        if changed:
            raise ImmutableCertificateError(f"An issued certificate cannot change: {', '.join(changed)}")
        if stored["status"] == CertificateStatus.REVOKED:
            changed = [name for name in REVOCATION_FIELDS if getattr(self, name) != stored[name]]
            # The replacement is created after the revocation (one valid certificate at a time) and linked once.
            linking = changed == ["revoked_by_certificate_id"] and stored["revoked_by_certificate_id"] is None
            if changed and not linking:
                raise ImmutableCertificateError("A revoked certificate cannot change.")

    def delete(self, *args, **kwargs):
        raise ImmutableCertificateError("Issued certificates are never deleted; revoke them instead.")

    @property
    def is_valid(self):
        return self.status == CertificateStatus.VALID

    @property
    def result_title(self):
        """What the classification is called on this certificate, by the layout it was issued with: "Xếp loại"
        (v1, TT 26/2012), "Kết quả" (v2, TT 19/2019). Read from the snapshot, so it never changes."""
        return str(LAYOUT_RESULT_TITLES.get(self.layout, LAYOUT_RESULT_TITLES["v1"]))
