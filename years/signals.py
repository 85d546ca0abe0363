"""What years tells the apps above it (reports connects in its AppConfig.ready)."""

from django.dispatch import Signal

# Sent with ``reopening`` (a DeadlineReopening just granted or changed) inside the transaction: the school it lets
# act again hears of it.
deadline_reopened = Signal()
