"""What study tells the apps above it (assessment and reports connect in their AppConfig.ready)."""

from django.dispatch import Signal

# Sent with ``plan_ids`` once the confirmed tiết of those plans changed (logs confirmed or returned, a session's
# attendance recorded): their year results count confirmed tiết (assessment recomputes those not yet confirmed).
hours_changed = Signal()
# Sent with ``logs`` (just decided), ``action`` (study.log.confirmed or study.log.returned) and the ``reason`` of a
# return, inside the transaction: reports tells each owner once.
logs_decided = Signal()
