"""What certificates tells the apps above it (reports connects in its AppConfig.ready)."""

from django.dispatch import Signal

# Sent with ``certificates`` (just issued, or the new version of one re-issued), ``reissued`` and ``by`` inside the
# transaction: reports tells the holders.
certificates_issued = Signal()
