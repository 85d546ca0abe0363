"""core.client_ip: the client's address behind the trusted proxies only (issue 21, item 2)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.client_ip import client_ip, parse_trusted_proxies

PROXY = "10.0.0.2"


def _request(forwarded=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def _ip(settings, trusted, forwarded=None, remote=PROXY):
    settings.TRUSTED_PROXIES = trusted
    return client_ip(_request(forwarded, remote))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    assert _ip(settings, "", "203.0.113.5") == PROXY
    assert _ip(settings, "0", "203.0.113.5") == PROXY
    assert _ip(settings, "", None) == PROXY


def test_one_proxy_the_entry_it_appended_is_the_client(settings):
    assert _ip(settings, "1", "203.0.113.5") == "203.0.113.5"
    # The client wrote the leftmost entries itself: they are not believed.
    assert _ip(settings, "1", "198.51.100.7, 203.0.113.5") == "203.0.113.5"
    assert _ip(settings, "1", "1.1.1.1,2.2.2.2 ,  203.0.113.5") == "203.0.113.5"


def test_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    # Client → CDN (appends the client) → nginx (appends the CDN) → the application.
    assert _ip(settings, "2", "198.51.100.7, 203.0.113.5, 172.16.0.9") == "203.0.113.5"
    assert _ip(settings, "2", "203.0.113.5, 172.16.0.9") == "203.0.113.5"


def test_fewer_entries_than_proxies_means_the_request_bypassed_them(settings):
    assert _ip(settings, "2", "203.0.113.5") == PROXY
    assert _ip(settings, "1", None) == PROXY
    assert _ip(settings, "1", "") == PROXY


def test_networks_every_trusted_hop_is_skipped_right_to_left(settings):
    trusted = "10.0.0.0/8, 172.16.0.0/12"
    assert _ip(settings, trusted, "203.0.113.5") == "203.0.113.5"
    assert _ip(settings, trusted, "203.0.113.5, 172.16.0.9") == "203.0.113.5"
    # Spoofed entries left of the first untrusted address do not count.
    assert _ip(settings, trusted, "10.9.9.9, 198.51.100.7, 203.0.113.5, 172.16.0.9") == "203.0.113.5"


def test_networks_a_direct_request_is_its_own_client_whatever_the_header_says(settings):
    assert _ip(settings, "10.0.0.0/8", "198.51.100.7", remote="203.0.113.5") == "203.0.113.5"


def test_networks_single_addresses_and_ipv6(settings):
    assert _ip(settings, "10.0.0.2", "203.0.113.5") == "203.0.113.5"
    assert _ip(settings, "10.0.0.3", "203.0.113.5") == PROXY
    assert _ip(settings, "fd00::/8", "2001:db8::1", remote="fd00::2") == "2001:db8::1"
    # A dual-stack socket reports the proxy as an IPv4-mapped IPv6 address.
    assert _ip(settings, "10.0.0.0/8", "203.0.113.5", remote="::ffff:10.0.0.2") == "203.0.113.5"


def test_networks_everything_trusted_gives_the_leftmost_hop(settings):
    assert _ip(settings, "10.0.0.0/8", "10.1.2.3, 10.0.0.7") == "10.1.2.3"


def test_garbage_never_becomes_the_address(settings):
    assert _ip(settings, "1", "not-an-address") == PROXY
    assert _ip(settings, "10.0.0.0/8", "<script>, 10.0.0.7") == "10.0.0.7"
    # Ports as some proxies write them.
    assert _ip(settings, "1", "203.0.113.5:51234") == "203.0.113.5"
    assert _ip(settings, "1", "[2001:db8::1]:443") == "2001:db8::1"


def test_parse_trusted_proxies():
    assert parse_trusted_proxies("") is None
    assert parse_trusted_proxies(None) is None
    assert parse_trusted_proxies(" 2 ") == 2
    networks = parse_trusted_proxies("10.0.0.0/8,192.168.1.7")
    assert [str(network) for network in networks] == ["10.0.0.0/8", "192.168.1.7/32"]
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies("nginx")
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies("-1")


def test_the_settings_point_axes_and_the_rate_limits_at_it(settings):
    from axes.helpers import get_client_ip_address
    from django_ratelimit.core import _get_ip

    settings.TRUSTED_PROXIES = "1"
    request = _request("198.51.100.7, 203.0.113.5")
    assert get_client_ip_address(request) == "203.0.113.5"
    assert _get_ip(request) == "203.0.113.5"
