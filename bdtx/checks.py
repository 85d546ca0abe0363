"""Deployment checks of our own (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from core.mail import NOT_SENDING_BACKENDS


@register(Tags.security, deploy=True)
def email_is_sent(app_configs, **kwargs):
    """Production sends e-mail through a real server: password resets and notifications must reach people."""
    if settings.EMAIL_BACKEND in NOT_SENDING_BACKENDS:
        return [
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which does not deliver mail.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) in the "
                "environment; see .env.example.",
                id="bdtx.E001",
            )
        ]
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") and not settings.EMAIL_HOST:
        return [Error("EMAIL_HOST is empty.", hint="Set EMAIL_HOST in the environment.", id="bdtx.E002")]
    return []
