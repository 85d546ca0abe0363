"""The account of a staff record, on its page, for a viewer who manages it (people.onboarding)."""

from django import template

from people import onboarding

register = template.Library()


@register.simple_tag
def managed_account(staff, viewer):
    """The staff record's account when ``viewer`` hands out its passwords, else None."""
    return onboarding.manageable_accounts(viewer).filter(staff=staff).first()
