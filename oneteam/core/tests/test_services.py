"""The real services an instance grows into: PostgreSQL and Redis.

These run when DATABASE_URL / REDIS_URL point at them and skip with the reason
otherwise; CI sets ONETEAM_REQUIRE_SERVICES=1 so that a missing service fails
instead of skipping.
"""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

REQUIRED = os.environ.get("ONETEAM_REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"ONETEAM_REQUIRE_SERVICES=1 but {reason}")
    print(f"SKIP: {reason}")
    pytest.skip(reason)


@pytest.mark.django_db
def test_postgresql_when_configured():
    need(bool(os.environ.get("DATABASE_URL", "").startswith("postgres")), "DATABASE_URL is not a PostgreSQL URL")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_redis_cache_is_shared_when_configured():
    need(bool(settings.REDIS_URL), "REDIS_URL is not set")
    import redis

    key = f"oneteam-test-{uuid.uuid4()}"
    cache.set(key, "seen by every process", 30)
    # Read it back with a separate client, as another process would.
    other = redis.Redis.from_url(settings.REDIS_URL)
    assert any(key in k.decode() for k in other.keys(f"*{key}*"))
    assert cache.get(key) == "seen by every process"
    cache.delete(key)
