"""The address of the client a request comes from, behind the reverse proxies the deployment trusts.

Behind a proxy, ``REMOTE_ADDR`` is the proxy's address: the login lockout (django-axes) and the rate limits
(django-ratelimit) would count every client of the province as one. Each proxy appends the address it received
the request from to ``X-Forwarded-For``; only the entries written by proxies we trust say anything, the ones to
their left are whatever the client sent. ``settings.TRUSTED_PROXIES`` says which proxies those are:

- empty (the default): none; the header is ignored and ``REMOTE_ADDR`` is the client;
- a number ``n``: there are exactly ``n`` proxies in front of the application; the client is the ``n``-th entry of
  the header counted from the right (fewer entries than that: the request did not come through them, and
  ``REMOTE_ADDR`` is the client);
- comma-separated networks (``10.0.0.0/8, 192.168.1.7``): going right to left from ``REMOTE_ADDR``, every address
  in these networks is a proxy; the first one that is not is the client.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HEADER = "HTTP_X_FORWARDED_FOR"


def parse_trusted_proxies(value):
    """``None`` (no proxy trusted), a count of proxies, or a tuple of networks; ImproperlyConfigured otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        count = int(value)
        return count or None
    networks = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES must be a number of proxies or comma-separated networks, got {part!r}"
            ) from error
    return tuple(networks) or None


@functools.lru_cache(maxsize=8)
def _trusted(value):
    return parse_trusted_proxies(value)


def _address(text):
    """The address in one ``X-Forwarded-For`` entry (``1.2.3.4``, ``1.2.3.4:5678``, ``[::1]:80``), else None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
    return getattr(address, "ipv4_mapped", None) or address


def client_ip(request):
    """The client's address as a string (also ``AXES_CLIENT_IP_CALLABLE`` and ``RATELIMIT_IP_META_KEY``)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = _trusted(getattr(settings, "TRUSTED_PROXIES", "") or "")
    if trusted is None:
        return remote
    forwarded = [entry for entry in request.META.get(HEADER, "").split(",") if entry.strip()]
    if isinstance(trusted, int):
        if len(forwarded) < trusted:
            return remote
        found = _address(forwarded[-trusted])
        return str(found) if found is not None else remote
    # Networks: REMOTE_ADDR first, then the header right to left, as long as the hop is one of our proxies.
    nearest = remote
    for entry in [remote, *reversed(forwarded)]:
        found = _address(entry)
        if found is None:
            # A trusted proxy always writes an address: this was written by the client. Keep the last real hop.
            return nearest
        if not any(found in network for network in trusted):
            return str(found)
        nearest = str(found)
    # Every hop is one of ours (a request from inside): the leftmost is the client.
    return nearest
