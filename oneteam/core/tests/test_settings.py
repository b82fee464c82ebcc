"""The settings file refuses values it cannot understand, naming the variable."""

import os
import subprocess
import sys

import pytest

CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in {"ONETEAM_TESTING", "DEBUG", "SECRET_KEY", "ONETEAM_DEV"}}


def load_settings(**env):
    return subprocess.run(
        [sys.executable, "-c", "import oneteam.settings"],
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "true", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"DEBUG": "true", "REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"DEBUG": "true", "ACCOUNT_EMAIL_VERIFICATION": "sometimes"}, "ACCOUNT_EMAIL_VERIFICATION"),
        ({"DEBUG": "true", "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "EMAIL_USE_TLS"),
        ({"SECRET_KEY": "x" * 40}, "ALLOWED_HOSTS"),
        ({"DEBUG": "true", "TRUSTED_PROXY_COUNT": "two"}, "TRUSTED_PROXY_COUNT"),
        ({"DEBUG": "true", "TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://u@localhost/x", "ONETEAM_DB_POOL_SIZE": "many"},
         "ONETEAM_DB_POOL_SIZE"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://u@localhost/x", "ONETEAM_DB_POOL_SIZE": "-3"},
         "ONETEAM_DB_POOL_SIZE"),
        ({"ONETEAM_TESTING": "true", "HTTPS": "true"}, "ONETEAM_TESTING"),
        ({"ONETEAM_TESTING": "true", "SITE_URL": "https://oneteam.example.org"}, "ONETEAM_TESTING"),
        ({"ONETEAM_TESTING": "true", "SITE_URL": "https://oneteam.example.org", "HTTPS": "false"}, "ONETEAM_TESTING"),
        ({"ONETEAM_DEV": "1", "HTTPS": "true"}, "ONETEAM_DEV"),
        ({"ONETEAM_DEV": "1", "SITE_URL": "https://oneteam.example.org"}, "ONETEAM_DEV"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(env, named):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.splitlines()[-1]


def test_good_production_values_load():
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="oneteam.example.org", SITE_URL="https://oneteam.example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("env", [{"ONETEAM_TESTING": "true"}, {"ONETEAM_DEV": "1"}])
def test_development_switches_still_load_over_plain_http(env):
    result = load_settings(**env, SITE_URL="http://127.0.0.1:8000")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("raw", "count"), [(None, 0), ("", 0), ("0", 0), ("2", 2)])
def test_trusted_proxy_count_reaches_allauth(raw, count):
    env = {"DEBUG": "true"} if raw is None else {"DEBUG": "true", "TRUSTED_PROXY_COUNT": raw}
    result = subprocess.run(
        [sys.executable, "-c", "import oneteam.settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)"],
        env={**{k: v for k, v in CLEAN_ENV.items() if k != "TRUSTED_PROXY_COUNT"}, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(count)


def _database_settings(**env):
    result = subprocess.run(
        [sys.executable, "-c", "import json, oneteam.settings as s; d = s.DATABASES['default'];"
         " print(json.dumps({'pool': d.get('OPTIONS', {}).get('pool'), 'age': d.get('CONN_MAX_AGE')}))"],
        env={**{k: v for k, v in CLEAN_ENV.items() if k not in {"DATABASE_URL", "ONETEAM_DB_POOL_SIZE"}},
             "DEBUG": "true", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_postgresql_uses_a_connection_pool_sized_from_the_environment():
    default = _database_settings(DATABASE_URL="postgres://u@localhost/x")
    assert default == {"pool": {"min_size": 1, "max_size": 8, "timeout": 20}, "age": 0}
    sized = _database_settings(DATABASE_URL="postgres://u@localhost/x", ONETEAM_DB_POOL_SIZE="3")
    assert sized["pool"]["max_size"] == 3
    assert sized["age"] == 0  # Django refuses persistent connections beside a pool


def test_the_pool_can_be_switched_off_and_sqlite_never_has_one():
    assert _database_settings(DATABASE_URL="postgres://u@localhost/x", ONETEAM_DB_POOL_SIZE="0")["pool"] is None
    assert _database_settings()["pool"] is None
