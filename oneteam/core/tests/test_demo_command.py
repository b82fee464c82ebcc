"""`oneteam demo` refuses to fill a production site with demo people unless told --force."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

PRODUCTION = {"DEBUG": False, "DEV": False, "TESTING": False}


@override_settings(**PRODUCTION)
def test_outside_development_the_demo_is_refused_and_nothing_is_added():
    with pytest.raises(CommandError, match="refusing to load the demo outside development"):
        call_command("demo", stdout=StringIO())
    assert not get_user_model().objects.exists()


@override_settings(**PRODUCTION)
def test_force_loads_it_anyway():
    out = StringIO()
    call_command("demo", "--force", stdout=out)
    assert "Demo content ready:" in out.getvalue()


@pytest.mark.parametrize("switch", ["DEBUG", "DEV", "TESTING"])
def test_any_development_switch_allows_it(switch):
    with override_settings(**{**PRODUCTION, switch: True}):
        out = StringIO()
        call_command("demo", stdout=out)
    assert "Demo content ready:" in out.getvalue()


def test_the_command_line_says_why_in_one_line_and_exits_non_zero(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"ONETEAM_TESTING", "ONETEAM_DEV", "DEBUG", "DATABASE_URL"}}
    env.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="oneteam.example.org", ONETEAM_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "oneteam.cli", "demo"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("CommandError: refusing to load the demo outside development")
    assert "--force" in lines[0]
