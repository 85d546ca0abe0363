"""The support line of the user's province (``templates/help/_support_line.html``), for any page or the footer."""

from django import template

from accounts.models import SupportContact

register = template.Library()


@register.simple_tag(takes_context=True)
def support_contact(context):
    """The ``SupportContact`` of the Sở the user belongs to: the context's ``support_contact`` when the view gave
    one, else looked up once per request (one query) and kept on it. None when the Sở set none or for the admin."""
    if "support_contact" in context:
        return context["support_contact"]
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(request, "_bdtx_support_contact"):
        request._bdtx_support_contact = SupportContact.for_unit(user.unit)
    return request._bdtx_support_contact


@register.filter
def tel_href(phone):
    """A phone number as a tel: link target: "0212 3852 123" → "02123852123" (a leading + kept)."""
    phone = (phone or "").strip()
    digits = "".join(char for char in phone if char.isdigit())
    return f"+{digits}" if phone.startswith("+") else digits
