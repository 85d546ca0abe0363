"""What assessment tells the apps above it (reports connects in its AppConfig.ready)."""

from django.dispatch import Signal

# Sent with ``event`` (the ConfirmationEvent just recorded: results confirmed or reopened, the teachers' or the
# managers') inside the transaction: reports tells the people it concerns.
confirmation_recorded = Signal()

# Sent with ``plans`` (the plans whose marks changed) and ``by`` (who entered them) inside the transaction of a save
# or an import of the score grid: reports tells the owners.
marks_recorded = Signal()
