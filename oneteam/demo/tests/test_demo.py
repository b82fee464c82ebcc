import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from oneteam.chapters.models import Chapter, ChecklistItem, Membership
from oneteam.demo.constants import MEMBER_EMAIL, MEMBER_PASSWORD, ORGANISER_EMAIL, ORGANISER_PASSWORD
from oneteam.demo.management.commands.demo import in_development
from oneteam.events.models import Event, Feedback, Registration
from oneteam.people.models import Organisation

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Organisation, get_user_model(), EmailAddress, Chapter, Membership, ChecklistItem,
        Event, Registration, Feedback,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_loads_and_says_how_to_sign_in():
    output = run_demo()

    assert "Demo content ready:" in output
    assert f"{ORGANISER_EMAIL} / {ORGANISER_PASSWORD}" in output
    assert f"{MEMBER_EMAIL} / {MEMBER_PASSWORD}" in output
    assert Chapter.objects.get(slug="global").level == Chapter.Level.GLOBAL
    assert Chapter.objects.filter(level=Chapter.Level.COUNTRY).count() >= 7
    assert Chapter.objects.filter(level=Chapter.Level.LOCAL).count() >= 5
    assert get_user_model().objects.count() >= 12
    assert set(Organisation.objects.values_list("kind", flat=True)) >= {
        "council", "central", "health", "agency", "charity"
    }
    zones = set(Event.objects.values_list("timezone", flat=True))
    assert zones >= {"Europe/London", "America/Toronto", "Australia/Sydney", "Europe/Oslo"}


def test_running_it_twice_adds_nothing():
    run_demo()
    first = counts()
    events_before = {e.slug: (e.start, e.end, e.sequence) for e in Event.objects.all()}

    output = run_demo()

    assert counts() == first
    assert "(0 records added this run)" in output
    # On the same day the event times come out identical, so nothing is re-sent to calendars.
    assert {e.slug: (e.start, e.end, e.sequence) for e in Event.objects.all()} == events_before


def test_a_rerun_leaves_peoples_changes_alone():
    run_demo()
    Chapter.objects.filter(slug="hackney-council").update(rhythm="Fortnightly")
    get_user_model().objects.filter(email=MEMBER_EMAIL).update(profession="Team leader")

    run_demo()

    assert Chapter.objects.get(slug="hackney-council").rhythm == "Fortnightly"
    assert get_user_model().objects.get(email=MEMBER_EMAIL).profession == "Team leader"


def test_a_rerun_on_a_later_day_keeps_upcoming_events_upcoming():
    run_demo()
    # Published through events.services.publish_event, which counts as the event's first change.
    published = Event.objects.get(slug="hackney-lean-coffee-next").sequence
    assert published == 1
    stale = timezone.now() - dt.timedelta(days=100)
    Event.objects.filter(slug="hackney-lean-coffee-next").update(start=stale, end=stale + dt.timedelta(hours=1))

    run_demo()

    event = Event.objects.get(slug="hackney-lean-coffee-next")
    assert event.start > timezone.now()
    assert event.sequence == published + 1


def test_a_rerun_restores_a_documented_password_someone_changed(client):
    run_demo()
    user = get_user_model().objects.get(email=MEMBER_EMAIL)
    user.set_password("something else entirely")
    user.save()

    run_demo()

    assert client.login(email=MEMBER_EMAIL, password=MEMBER_PASSWORD)


# --- The same paths people take --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_emails_nobody_and_leaves_nothing_in_the_queue(settings, mailoutbox):
    # As an instance really runs: e-mails wait in the database for `oneteam worker`,
    # and a worker would hand them to a backend that keeps what it sends.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    queued = []

    def record(sender, task_result, **kwargs):
        queued.append((sender.__name__, task_result.task.module_path))

    task_enqueued.connect(record)
    try:
        run_demo()  # a real commit (transaction=True), so what waits for one runs
    finally:
        task_enqueued.disconnect(record)

    # The services did write invitation e-mails, exactly as for real people (and the unconference's
    # services queued their background work, which the loader then did itself) …
    assert queued and "oneteam.core.mail.deliver" in {path for _, path in queued}
    assert {path for _, path in queued} <= {
        "oneteam.core.mail.deliver", "oneteam.unconf.tasks.refresh_similar", "oneteam.unconf.tasks.generate_grid",
        "oneteam.work.tasks.find_neighbours"}  # `oneteam demo` queues the register's work for real afterwards
    # … but only to a queue that never runs and is gone with the load.
    assert {backend for backend, _ in queued} == {"DummyBackend"}
    assert DBTaskResult.objects.count() == 0
    assert mail.outbox == []


# --- Development only ----------------------------------------------------------


@pytest.fixture
def production(settings):
    settings.DEBUG = settings.DEV = settings.TESTING = False


def test_the_demo_refuses_to_load_outside_development(production):
    with pytest.raises(CommandError) as refused:
        run_demo()

    message = str(refused.value)
    assert "only loads in development" in message and "--force" in message
    assert "\n" not in message
    assert not get_user_model().objects.exists()


def test_force_loads_the_demo_outside_development(production):
    output = run_demo("--force")

    assert "Demo content ready:" in output
    assert get_user_model().objects.filter(email=ORGANISER_EMAIL).exists()


@pytest.mark.parametrize("flag", ["DEBUG", "DEV", "TESTING"])
def test_any_one_development_flag_allows_the_demo(settings, flag):
    settings.DEBUG = settings.DEV = settings.TESTING = False
    assert not in_development()

    setattr(settings, flag, True)

    assert in_development()


def test_the_command_line_refuses_in_one_readable_line_with_a_non_zero_exit(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in {"DEBUG", "ONETEAM_DEV", "ONETEAM_TASKS"}}
    env.update(
        ONETEAM_TESTING="false", SECRET_KEY="a-production-like-secret-key-of-fifty-characters!!",
        ALLOWED_HOSTS="oneteam.example.org", ONETEAM_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="oneteam.settings",
    )

    result = subprocess.run(
        [sys.executable, "-m", "oneteam.cli", "demo"], env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("CommandError:") and "--force" in lines[0]
