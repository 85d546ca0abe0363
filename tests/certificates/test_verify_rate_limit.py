"""The public certificate check is rate-limited per client address and says so in Vietnamese."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_verification_page_is_rate_limited(client, settings):
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    cache.clear()
    url = reverse("certificates:verify", args=["khong-ton-tai"])
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [404, 404, 404]
    response = client.get(url)
    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.content.decode()
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404
