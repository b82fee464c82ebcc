"""What the loaded demo holds, checked on one load shared by the module.

Loading the demo takes seconds (more on PostgreSQL), and these tests only read
what it made, so it is loaded once, inside a transaction that is rolled back
when the module ends, exactly as ``TestCase.setUpTestData`` does; each test
still runs in its own savepoint, so whatever a test changes is undone before
the next. Tests that load the demo themselves (reruns, flags, the queue) stay
in ``test_demo.py``.
"""

import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from oneteam.chapters import services as chapter_services
from oneteam.chapters.models import Chapter, ChecklistItem, Membership, OrganiserInvitation
from oneteam.chapters.selectors import organisers
from oneteam.demo.constants import MEMBER_EMAIL, MEMBER_PASSWORD, ORGANISER_EMAIL, ORGANISER_PASSWORD
from oneteam.events.models import Event, Feedback, Registration


@pytest.fixture(scope="module", autouse=True)
def loaded_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()  # the blocks setUpTestData runs in (the demo's durable block nests here)
        try:
            call_command("demo", stdout=StringIO())
            yield
        finally:
            TestCase._rollback_atomics(atomics)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("email", "password"), [(ORGANISER_EMAIL, ORGANISER_PASSWORD), (MEMBER_EMAIL, MEMBER_PASSWORD)])
def test_the_documented_sign_ins_work_straight_away(client, email, password):
    assert client.login(email=email, password=password)
    assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()


def test_the_documented_sign_ins_have_the_roles_the_readme_describes():
    organiser_roles = dict(
        Membership.objects.filter(user__email=ORGANISER_EMAIL).values_list("chapter__slug", "role")
    )
    assert organiser_roles["global"] == Membership.Role.ORGANISER
    assert organiser_roles["hackney-council"] == Membership.Role.ORGANISER
    member = Membership.objects.get(user__email=MEMBER_EMAIL, chapter__slug="hackney-council")
    assert member.role == Membership.Role.MEMBER


def test_there_is_past_feedback_in_the_open_and_an_upcoming_waiting_list():
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
    ratings = list(Feedback.objects.filter(event__slug="global-wellbeing-gathering").values_list("rating", flat=True))

    share = sum(1 for rating in ratings if rating >= Feedback.Rating.VERY_GOOD) / len(ratings)
    assert round(share * 100) == 87


def test_one_chapter_looks_dormant_and_one_has_a_single_organiser():
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


def test_co_organisers_are_organisers_only_because_they_accepted_an_invitation():
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
    for chapter in Chapter.objects.exclude(level=Chapter.Level.GLOBAL):
        # start_chapter gives every chapter the whole starter checklist.
        assert chapter.checklist.count() == 4, chapter.slug
    assert not Chapter.objects.get(slug="global").checklist.exists()


def test_history_is_dated_in_the_past_so_the_organiser_can_invite_people_straight_away():
    yesterday = timezone.now() - dt.timedelta(days=1)

    assert not ChecklistItem.objects.filter(done_at__gt=yesterday).exists()
    assert not Membership.objects.filter(joined_at__gt=yesterday).exists()
    assert not OrganiserInvitation.objects.filter(created_at__gt=yesterday).exists()
    organiser = get_user_model().objects.get(email=ORGANISER_EMAIL)
    hackney = Chapter.objects.get(slug="hackney-council")
    for n in range(chapter_services.INVITATIONS_PER_HOUR):
        chapter_services.invite_organiser(chapter=hackney, by=organiser, email=f"colleague{n}@example.org")


def test_a_past_event_was_signed_up_for_before_it_happened_and_rated_after():
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
    event = Event.objects.get(slug="hackney-lean-coffee-next")

    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by("queued_at", "id")
    assert [r.user.email for r in waiting] == ["daniel.osei@example.org", "hannah.whitfield@example.org"]
    needs = event.registrations.get(user__email="kwame.mensah@example.org").accessibility_needs
    assert needs == "A seat near the door, please."
