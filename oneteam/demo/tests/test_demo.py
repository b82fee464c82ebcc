import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from oneteam.chapters.models import Chapter, ChecklistItem, Membership
from oneteam.demo.constants import MEMBER_EMAIL, MEMBER_PASSWORD, ORGANISER_EMAIL, ORGANISER_PASSWORD
from oneteam.events.models import Event, Feedback, Registration
from oneteam.people.models import Organisation

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
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
