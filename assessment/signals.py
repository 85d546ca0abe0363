"""What assessment tells the apps above it (reports connects in its AppConfig.ready)."""

from django.dispatch import Signal

# Sent with ``event`` (the ConfirmationEvent just recorded: results confirmed or reopened, the teachers' or the
# managers') inside the transaction: reports tells the people it concerns.
confirmation_recorded = Signal()
