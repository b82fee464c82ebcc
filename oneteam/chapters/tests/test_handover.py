"""Handover: stepping back, handing over to a member or by e-mail, calls for co-organisers, taking over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from oneteam.chapters import selectors, services
from oneteam.chapters.models import Chapter, Handover, Membership, OrganiserInvitation, Ritual

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_user, leeds):
    person = make_user(email="mia@example.org", display_name="Mia Member")
    services.join(chapter=leeds, by=person)
    return person


def role(chapter, person):
    membership = Membership.objects.filter(chapter=chapter, user=person).first()
    return membership.role if membership else None


def test_the_only_organiser_cannot_just_step_back(leeds, organiser):
    with pytest.raises(services.ChapterError, match="only organiser"):
        services.step_back(chapter=leeds, by=organiser)


def test_handing_over_to_a_member_passes_everything_on(client, leeds, organiser, member, committed):
    services.add_ritual(chapter=leeds, by=organiser, title="Lean coffee", format="lean_coffee", rhythm="monthly",
                        weekday=3, week_of_month=1, start_time=dt.time(8, 30), duration_minutes=60, venue="Library",
                        online_url="", capacity=10, description="", days_ahead=30, starts_on=dt.date(2030, 1, 1))
    services.update_chapter(chapter=leeds, by=organiser, contact_email=organiser.email)
    client.force_login(organiser)
    with committed():
        response = client.post(f"/chapters/{leeds.slug}/handover/nominate/",
                               {"successor": member.pk, "note": "The key is with the librarian."})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["mia@example.org"]]
    assert "The key is with the librarian." in mail.outbox[0].body
    assert role(leeds, organiser) == "organiser"  # nothing changes until Mia accepts

    client.force_login(member)
    page = client.get(f"/chapters/{leeds.slug}/").content.decode()
    assert "asks you to take over organising this chapter" in page
    handover = Handover.objects.get(chapter=leeds)
    with committed():
        response = client.post(f"/chapters/{leeds.slug}/handover/{handover.pk}/answer/", {"answer": "accept"},
                               follow=True)
    page = response.content.decode()
    assert "You are now an organiser of OneTeam Leeds" in page
    assert "Hand over, step back or call for co-organisers" in page  # the chapter is hers to run
    assert role(leeds, member) == "organiser" and role(leeds, organiser) == "member"
    leeds.refresh_from_db()
    assert leeds.contact_email == "mia@example.org"
    assert Ritual.objects.filter(chapter=leeds).count() == 1  # the ritual stays with the chapter
    assert mail.outbox[-1].to == [organiser.email] and "has taken over" in mail.outbox[-1].subject
    history = [(t.user, t.how, t.ended_at is not None) for t in selectors.organiser_history(leeds)]
    assert history == [(organiser, "started", True), (member, "handover", False)]


def test_only_the_nominee_can_accept(leeds, organiser, member, make_user):
    handover = services.nominate_successor(chapter=leeds, by=organiser, successor=member)
    with pytest.raises(PermissionDenied):
        services.accept_handover(handover=handover, by=make_user())
    with pytest.raises(services.ChapterError):
        services.nominate_successor(chapter=leeds, by=organiser, successor=make_user())  # not a member


def test_a_member_cannot_hand_over_or_see_the_handover_page(client, leeds, member):
    client.force_login(member)
    assert client.get(f"/chapters/{leeds.slug}/handover/").status_code == 403
    assert client.post(f"/chapters/{leeds.slug}/handover/call/", {"message": "x"}).status_code == 403


def test_inviting_a_successor_by_email_steps_the_inviter_back_on_acceptance(leeds, organiser, make_user, committed):
    with committed():
        services.invite_organiser(chapter=leeds, by=organiser, email="new@example.org", steps_back=True)
    assert "This is a handover" in mail.outbox[-1].body
    newcomer = make_user(email="new@example.org")
    invitation = OrganiserInvitation.objects.get(email="new@example.org")
    services.accept_invitation(invitation=invitation, by=newcomer)
    assert role(leeds, newcomer) == "organiser" and role(leeds, organiser) == "member"


def test_a_call_for_co_organisers_lets_anyone_signed_in_step_up(client, leeds, organiser, make_user):
    client.force_login(organiser)
    client.post(f"/chapters/{leeds.slug}/handover/call/", {"message": "An hour a month"})
    volunteer = make_user(display_name="Val Volunteer")
    client.force_login(volunteer)
    page = client.get(f"/chapters/{leeds.slug}/").content.decode()
    assert "This chapter is looking for co-organisers" in page and "An hour a month" in page
    client.post(f"/chapters/{leeds.slug}/call/answer/")
    assert role(leeds, volunteer) == "organiser"
    client.force_login(organiser)
    client.post(f"/chapters/{leeds.slug}/handover/call/", {"action": "close"})
    assert selectors.open_call(leeds) is None
    client.force_login(make_user())
    assert client.post(f"/chapters/{leeds.slug}/call/answer/").status_code == 403


def test_only_a_dormant_chapter_can_be_taken_over(client, leeds, member):
    client.force_login(member)
    assert "Take over this chapter" not in client.get(f"/chapters/{leeds.slug}/").content.decode()
    assert client.post(f"/chapters/{leeds.slug}/take-over/").status_code == 403
    Chapter.objects.filter(pk=leeds.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    page = client.get(f"/chapters/{leeds.slug}/").content.decode()
    assert "Take over this chapter" in page
    response = client.post(f"/chapters/{leeds.slug}/take-over/", follow=True)
    assert "You have taken over OneTeam Leeds" in response.content.decode()
    assert role(leeds, member) == "organiser"
    assert selectors.organiser_history(leeds).last().how == "took_over"


def test_leaving_is_recorded_for_the_health_figures(leeds, member):
    services.leave(chapter=leeds, by=member)
    assert leeds.departures.count() == 1


def test_the_handover_and_its_note_are_shown_to_the_nominee_only(client, leeds, organiser, member, make_user):
    services.nominate_successor(chapter=leeds, by=organiser, successor=member, note="The safe code is 4321.")
    other = make_user()
    services.join(chapter=leeds, by=other)
    for viewer in (None, other):
        if viewer:
            client.force_login(viewer)
        page = client.get(f"/chapters/{leeds.slug}/").content.decode()
        assert "4321" not in page and "A handover for you" not in page
    assert "4321" not in client.get(f"/api/chapters/{leeds.slug}").content.decode()
