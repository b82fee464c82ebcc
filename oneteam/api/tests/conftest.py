"""Fixtures for the API's tests."""

import pytest
from django.test import Client


@pytest.fixture
def token_for(db):
    """A raw personal API token for the person, and a client sending it."""
    from oneteam.people.models import ApiToken

    def issue(user):
        _token, raw = ApiToken.issue(user, "Tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return issue
