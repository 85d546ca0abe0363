"""The login backend: Django's ModelBackend, loading the user's unit and staff record with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithUnitBackend(ModelBackend):
    """Every page shows the user's unit and name and scopes by the unit: one query for the three, not three."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("unit", "staff").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
