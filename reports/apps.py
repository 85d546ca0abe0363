from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from assessment.signals import confirmation_recorded, marks_recorded
        from certificates.signals import certificates_issued
        from plans.signals import plan_transitions_recorded
        from study.signals import logs_decided
        from years.signals import deadline_reopened

        from . import notices

        plan_transitions_recorded.connect(notices.plan_transitions_notify, dispatch_uid="reports-plan-notices")
        logs_decided.connect(notices.logs_decided_notify, dispatch_uid="reports-log-notices")
        marks_recorded.connect(notices.marks_recorded_notify, dispatch_uid="reports-mark-notices")
        confirmation_recorded.connect(notices.confirmation_notify, dispatch_uid="reports-confirmation-notices")
        certificates_issued.connect(notices.certificates_issued_notify, dispatch_uid="reports-certificate-notices")
        deadline_reopened.connect(notices.deadline_reopened_notify, dispatch_uid="reports-reopening-notices")

        from accounts.models import OrgUnit
        from core.cache import bump_version
        from years.models import Deadline, DeadlineReopening

        from .models import Reminder, UnitReport

        def chain_changed(**_kwargs):
            bump_version("chain")

        # The report status tables (reports:chain_home) are cached; any of these rows changing retires them (a unit
        # renamed or moved under another parent too).
        for model in (UnitReport, Reminder, Deadline, DeadlineReopening, OrgUnit):
            for signal, event in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    chain_changed, sender=model, weak=False, dispatch_uid=f"chain-version-{model.__name__}-{event}"
                )
