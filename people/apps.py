from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "Nhập, xuất danh sách cán bộ"

    def ready(self):
        from accounts.services import register_after_staff_created

        from .onboarding import account_for_new_staff

        register_after_staff_created(account_for_new_staff)
