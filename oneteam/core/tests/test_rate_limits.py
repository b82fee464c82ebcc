"""Sign-in rate limits count each client, also behind a reverse proxy, and cannot be dodged by a forged header."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"  # every request reaches the site from the proxy
TOO_MANY = 429


@pytest.fixture(autouse=True)
def tight_login_limit():
    cache.clear()
    with override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip"}):
        yield
    cache.clear()


def sign_in_attempt(client, forwarded_for: str) -> int:
    response = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "password": "not the password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.status_code


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_each_client_has_its_own_bucket(client):
    assert [sign_in_attempt(client, "203.0.113.7") for _ in range(3)] == [200, 200, TOO_MANY]
    assert sign_in_attempt(client, "198.51.100.9") == 200
    # A client cannot escape its bucket by putting a made-up address first:
    # the proxy appends the real one, and that is the one counted.
    assert sign_in_attempt(client, "192.0.2.1, 203.0.113.7") == TOO_MANY


def test_with_no_trusted_proxy_the_forwarded_header_is_ignored(client, settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0  # the default: TRUSTED_PROXY_COUNT unset
    statuses = [sign_in_attempt(client, f"203.0.113.{n}") for n in range(1, 4)]
    assert statuses == [200, 200, TOO_MANY]  # one bucket: the connecting address


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_a_request_that_skipped_a_configured_proxy_is_a_bad_request_not_a_server_error(client):
    assert sign_in_attempt(client, "203.0.113.7") == 400
