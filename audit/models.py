"""Nhật ký thay đổi: one row per state or data change anywhere, with a dotted action code (``plans.plan.approved``)
that ``audit.registry`` turns into a Vietnamese sentence."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    # The unit the change belongs to (a plan's school, a report's unit …): timelines are scoped by it.
    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("đơn vị"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "accounts.Staff", verbose_name=_("người liên quan"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    object_text = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["unit", "at"], name="audit_unit_at"),
            models.Index(fields=["person", "at"], name="audit_person_at"),
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.action} — {self.at:%d/%m/%Y %H:%M}"
