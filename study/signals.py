"""What study tells the apps above it (assessment connects in its AppConfig.ready)."""

from django.dispatch import Signal

# Sent with ``plan_ids`` once the confirmed tiết of those plans changed (logs confirmed or returned, a session's
# attendance recorded): their year results count confirmed tiết (assessment recomputes those not yet confirmed).
hours_changed = Signal()
