"""What the configured e-mail backend does with a message."""

from django.conf import settings

# Backends that print, keep or drop the message instead of delivering it.
NOT_SENDING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def delivers_mail():
    """Whether e-mail reaches people: a real backend with a server, or BDTX_SEND_EMAIL forcing it (tests)."""
    if getattr(settings, "BDTX_SEND_EMAIL", False):
        return True
    if settings.EMAIL_BACKEND in NOT_SENDING_BACKENDS:
        return False
    return bool(settings.EMAIL_HOST)
