"""What plans tells the apps above it, which act on a plan without plans importing them (assessment connects in
its AppConfig.ready)."""

from django.dispatch import Signal

# Sent with ``plan`` inside the transaction, before an approved plan is reopened: a receiver refuses by raising
# plans.services.PlanError (assessment: the plan's result is confirmed). Receivers only check, never write:
# plans.services.reopen_refusal sends it too, to ask whether the plan page may offer a reopening.
plan_reopening = Signal()
# Sent with ``plan`` inside the transaction, before a submitted plan is approved: a receiver refuses by raising
# PlanError (assessment: the school's results are confirmed, so an approved plan would stand without a result).
# ``memo`` is a dict kept over one batch, for receivers to read once per school what they check.
plan_approving = Signal()
# Sent with ``plan`` inside the transaction, once the plan is back with its owner (assessment drops its result).
plan_reopened = Signal()
# Sent with ``transitions`` (the PlanTransition rows just recorded, each with its plan) inside the transaction:
# reports tells the people who now have something to do or to know (the approvers, the plan's owner).
plan_transitions_recorded = Signal()
