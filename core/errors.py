"""Domain errors: a rule refused an action, with a Vietnamese message written for the person who tried it."""

from django.contrib import messages


class DomainError(Exception):
    """Base of every app's service errors (``PlanError``, ``ReportError`` …): views show them, never log them."""


def show_error(request, error):
    """Show a refused action's reason on the next page (the one way a view turns a service error into a message)."""
    messages.error(request, str(error))
