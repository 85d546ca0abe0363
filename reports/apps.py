from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from assessment.signals import confirmation_recorded
        from plans.signals import plan_transitions_recorded
        from study.signals import logs_decided
        from years.signals import deadline_reopened

        from .plan_notices import (
            confirmation_notify,
            deadline_reopened_notify,
            logs_decided_notify,
            plan_transitions_notify,
        )

        plan_transitions_recorded.connect(plan_transitions_notify, dispatch_uid="reports-plan-notices")
        logs_decided.connect(logs_decided_notify, dispatch_uid="reports-log-notices")
        confirmation_recorded.connect(confirmation_notify, dispatch_uid="reports-confirmation-notices")
        deadline_reopened.connect(deadline_reopened_notify, dispatch_uid="reports-reopening-notices")

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
