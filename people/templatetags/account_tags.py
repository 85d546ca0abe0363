"""The account of a staff record, on its page, for a viewer who manages it (people.onboarding)."""

from django import template

from people import onboarding, units_import

register = template.Library()


@register.simple_tag
def managed_account(staff, viewer):
    """The staff record's account when ``viewer`` hands out its passwords, else None."""
    return onboarding.manageable_accounts(viewer).filter(staff=staff).first()


@register.simple_tag
def unit_actions(unit, viewer):
    """{"edit": may change its name, cấp học, address; "add": may add a unit under it}."""
    return {
        "edit": units_import.editable_units(viewer).filter(pk=unit.pk).exists(),
        "add": units_import.can_import_units(viewer)
        and units_import.parents_for_form(viewer).filter(pk=unit.pk).exists(),
    }
