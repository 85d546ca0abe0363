from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "Đánh giá, xếp loại"

    def ready(self):
        from plans import signals
        from study import signals as study_signals

        from . import receivers

        signals.plan_reopening.connect(receivers.refuse_reopening_a_confirmed_result, dispatch_uid="assessment")
        signals.plan_approving.connect(receivers.refuse_approving_into_confirmed_results, dispatch_uid="assessment")
        signals.plan_reopened.connect(receivers.drop_the_result_of_a_reopened_plan, dispatch_uid="assessment")
        study_signals.hours_changed.connect(receivers.recount_the_hours_of_open_results, dispatch_uid="assessment")
