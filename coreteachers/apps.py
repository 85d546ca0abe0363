from django.apps import AppConfig


class CoreteachersConfig(AppConfig):
    name = "coreteachers"
    verbose_name = "Giáo viên cốt cán"

    def ready(self):
        from people.signals import core_teacher_flags_imported

        from .services import designations_follow_import

        def follow_import(*, flags_by_code, by, **_kwargs):
            designations_follow_import(flags_by_code=flags_by_code, by=by)

        core_teacher_flags_imported.connect(follow_import, weak=False, dispatch_uid="coreteachers-follow-import")
