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

from oneteam.chapters import services as chapter_services
from oneteam.chapters.models import Chapter, ChecklistItem, Membership, OrganiserInvitation
from oneteam.chapters.selectors import organisers
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


@pytest.mark.parametrize(("email", "password"), [(ORGANISER_EMAIL, ORGANISER_PASSWORD), (MEMBER_EMAIL, MEMBER_PASSWORD)])
def test_the_documented_sign_ins_work_straight_away(client, email, password):
    run_demo()

    assert client.login(email=email, password=password)
    assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()


def test_the_documented_sign_ins_have_the_roles_the_readme_describes():
    run_demo()

    organiser_roles = dict(
        Membership.objects.filter(user__email=ORGANISER_EMAIL).values_list("chapter__slug", "role")
    )
    assert organiser_roles["global"] == Membership.Role.ORGANISER
    assert organiser_roles["hackney-council"] == Membership.Role.ORGANISER
    member = Membership.objects.get(user__email=MEMBER_EMAIL, chapter__slug="hackney-council")
    assert member.role == Membership.Role.MEMBER


def test_a_rerun_restores_a_documented_password_someone_changed(client):
    run_demo()
    user = get_user_model().objects.get(email=MEMBER_EMAIL)
    user.set_password("something else entirely")
    user.save()

    run_demo()

    assert client.login(email=MEMBER_EMAIL, password=MEMBER_PASSWORD)


def test_there_is_past_feedback_in_the_open_and_an_upcoming_waiting_list():
    run_demo()
    now = timezone.now()

    published = Event.objects.filter(end__lt=now, feedback_published=True, feedback__isnull=False).distinct()
    assert published.exists()
    waiting = Event.objects.filter(
        start__gt=now, status=Event.Status.PUBLISHED, registrations__status=Registration.Status.WAITING
    ).distinct()
    assert waiting.exists()
    for event in waiting:
        confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
        assert confirmed.count() == event.capacity
        assert sorted(confirmed.values_list("seat", flat=True)) == list(range(1, event.capacity + 1))


def test_the_global_gathering_was_rated_excellent_or_very_good_by_87_percent():
    run_demo()
    ratings = list(Feedback.objects.filter(event__slug="global-wellbeing-gathering").values_list("rating", flat=True))

    share = sum(1 for rating in ratings if rating >= Feedback.Rating.VERY_GOOD) / len(ratings)
    assert round(share * 100) == 87


def test_one_chapter_looks_dormant_and_one_has_a_single_organiser():
    run_demo()
    now = timezone.now()
    year_ago = now - dt.timedelta(days=365)

    dormant = [
        chapter for chapter in Chapter.objects.filter(level=Chapter.Level.LOCAL, created_at__lt=year_ago)
        if not chapter.events.filter(start__gt=year_ago).exists()
    ]
    assert [chapter.slug for chapter in dormant] == ["newcastle"]
    single = [
        chapter.slug for chapter in Chapter.objects.filter(level=Chapter.Level.LOCAL)
        if chapter.memberships.filter(role=Membership.Role.ORGANISER).count() == 1
    ]
    assert "croydon-council" in single
    assert ChecklistItem.objects.filter(chapter__slug="hackney-council", done_at__isnull=False).exists()
    assert ChecklistItem.objects.filter(chapter__slug="hackney-council", done_at__isnull=True).exists()


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


def test_co_organisers_are_organisers_only_because_they_accepted_an_invitation():
    run_demo()

    handed_over = Chapter.objects.filter(handovers__status="accepted").distinct()
    for chapter in Chapter.objects.exclude(pk__in=handed_over):
        founder, *co_organisers = organisers(chapter)
        assert chapter.contact_email == founder.email
        assert not OrganiserInvitation.objects.filter(chapter=chapter, email=founder.email).exists()
        for person in co_organisers:
            invitation = OrganiserInvitation.objects.get(chapter=chapter, email=person.email)
            assert invitation.status == OrganiserInvitation.Status.ACCEPTED
            assert invitation.answered_by == person
            assert invitation.invited_by == founder
    co_organiser_count = Membership.objects.filter(role=Membership.Role.ORGANISER).count() - Chapter.objects.count()
    assert OrganiserInvitation.objects.count() == co_organiser_count > 0
    # A chapter that was handed over (health.toml): the successor became an organiser by accepting
    # the handover, the one who handed over stepped back, and the contact address passed on.
    for chapter in handed_over:
        handover = chapter.handovers.get(status="accepted")
        assert handover.to_user in organisers(chapter) and handover.from_user not in organisers(chapter)
        assert chapter.contact_email == handover.to_user.email


def test_every_chapter_but_the_global_one_was_started_through_the_service():
    run_demo()

    for chapter in Chapter.objects.exclude(level=Chapter.Level.GLOBAL):
        # start_chapter gives every chapter the whole starter checklist.
        assert chapter.checklist.count() == 4, chapter.slug
    assert not Chapter.objects.get(slug="global").checklist.exists()


def test_history_is_dated_in_the_past_so_the_organiser_can_invite_people_straight_away():
    run_demo()
    yesterday = timezone.now() - dt.timedelta(days=1)

    assert not ChecklistItem.objects.filter(done_at__gt=yesterday).exists()
    assert not Membership.objects.filter(joined_at__gt=yesterday).exists()
    assert not OrganiserInvitation.objects.filter(created_at__gt=yesterday).exists()
    organiser = get_user_model().objects.get(email=ORGANISER_EMAIL)
    hackney = Chapter.objects.get(slug="hackney-council")
    for n in range(chapter_services.INVITATIONS_PER_HOUR):
        chapter_services.invite_organiser(chapter=hackney, by=organiser, email=f"colleague{n}@example.org")


def test_a_past_event_was_signed_up_for_before_it_happened_and_rated_after():
    run_demo()
    event = Event.objects.get(slug="hackney-first-lean-coffee")

    assert event.is_past and event.status == Event.Status.PUBLISHED
    assert event.sequence == 1  # published once; moving it to its real date is time passing, not a change
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    assert sorted(confirmed.values_list("seat", flat=True)) == [1, 2, 3, 4, 5]
    feedback = list(event.feedback.all())
    assert len(feedback) == 5
    assert {reply.user_id for reply in feedback} <= set(confirmed.values_list("user_id", flat=True))
    assert all(reply.created_at >= event.end for reply in feedback)


def test_the_waiting_list_formed_by_itself_in_sign_up_order():
    run_demo()
    event = Event.objects.get(slug="hackney-lean-coffee-next")

    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by("queued_at", "id")
    assert [r.user.email for r in waiting] == ["daniel.osei@example.org", "hannah.whitfield@example.org"]
    needs = event.registrations.get(user__email="kwame.mensah@example.org").accessibility_needs
    assert needs == "A seat near the door, please."


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
