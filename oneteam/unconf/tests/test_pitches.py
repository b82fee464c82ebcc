"""Pitching, co-hosts by invitation, withdrawing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from oneteam.unconf import permissions, services
from oneteam.unconf.models import Host, Pitch, Placement, Unconference


def test_a_person_pitches_through_the_page(client, unconference, make_user):
    ana = make_user(display_name="Ana Pitcher")
    client.force_login(ana)
    response = client.post(reverse("unconf:pitch_new", args=[unconference.slug]),
                           {"title": "Service design in prisons", "description": "Who *else*?", "kind": "workshop"},
                           follow=True)
    body = response.content.decode()
    assert "Your pitch is up" in body
    assert "Service design in prisons" in body and "<em>else</em>" in body
    pitch = Pitch.objects.get()
    assert pitch.kind == "workshop" and permissions.is_host(ana, pitch)


def test_an_empty_title_is_refused_with_a_message(client, unconference, make_user):
    client.force_login(make_user())
    response = client.post(reverse("unconf:pitch_new", args=[unconference.slug]), {"title": " ", "kind": "discussion"})
    assert "Enter a title for your session" in response.content.decode()
    assert not Pitch.objects.exists()


@pytest.mark.parametrize("mode, on_the_day, allowed", [
    ("advance", False, True), ("advance", True, False), ("on_the_day", False, False), ("on_the_day", True, True),
    ("both", False, True), ("both", True, True),
])
def test_pitching_window(unconference, mode, on_the_day, allowed):
    import datetime as dt

    unconference.pitching = mode
    event = unconference.event
    now = event.start + dt.timedelta(hours=1) if on_the_day else event.start - dt.timedelta(days=2)
    assert permissions.pitching_window_open(unconference, now) is allowed


def test_closed_pitching_refuses(unconference, make_user, global_organiser):
    services.update_settings(unconference=unconference, by=global_organiser, pitching="both", pitches_open=False)
    with pytest.raises(services.UnconfError, match="not open"):
        services.submit_pitch(unconference=Unconference.objects.get(), by=make_user(), title="Late idea")


def test_cohost_counts_only_after_accepting(unconference, pitch_by, make_user, committed):
    ana, ben = make_user(display_name="Ana"), make_user(display_name="Ben", email="ben@example.org")
    pitch = pitch_by(ana)
    with committed():
        host = services.invite_cohost(pitch=pitch, by=ana, email="BEN@example.org")
    assert len(mail.outbox) == 1 and "co-host" in mail.outbox[0].subject
    assert not permissions.is_host(ben, pitch)
    from oneteam.unconf.selectors import build_instance, person_id
    session = build_instance(unconference).sessions[0]
    assert person_id(unconference, ben.pk) not in session.hosts
    services.respond_to_invitation(host=host, by=ben, accept=True)
    assert permissions.is_host(ben, pitch)
    assert person_id(unconference, ben.pk) in build_instance(unconference).sessions[0].hosts


def test_only_the_invited_person_answers(unconference, pitch_by, make_user):
    ana, ben, eve = make_user(), make_user(email="ben@example.org"), make_user()
    host = services.invite_cohost(pitch=pitch_by(ana), by=ana, email="ben@example.org")
    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(host=host, by=eve, accept=True)


def test_declining_removes_the_invitation(unconference, pitch_by, make_user):
    ana, ben = make_user(), make_user(email="ben@example.org")
    host = services.invite_cohost(pitch=pitch_by(ana), by=ana, email="ben@example.org")
    services.respond_to_invitation(host=host, by=ben, accept=False)
    assert not Host.objects.filter(user=ben).exists()


def test_a_stranger_cannot_invite_or_edit(unconference, pitch_by, make_user):
    ana, eve = make_user(), make_user()
    pitch = pitch_by(ana)
    with pytest.raises(PermissionDenied):
        services.invite_cohost(pitch=pitch, by=eve, email=ana.email)
    with pytest.raises(PermissionDenied):
        services.update_pitch(pitch=pitch, by=eve, title="Mine now")


def test_invite_and_accept_through_the_pages(client, unconference, pitch_by, make_user):
    ana, ben = make_user(display_name="Ana"), make_user(display_name="Ben", email="ben@example.org")
    pitch = pitch_by(ana)
    client.force_login(ana)
    response = client.post(reverse("unconf:invite", args=[unconference.slug, pitch.pk]), {"email": "ben@example.org"},
                           follow=True)
    assert "Ben is invited to co-host." in response.content.decode()
    client.force_login(ben)
    page = client.get(pitch.get_absolute_url()).content.decode()
    assert "Ana invited you to co-host this session." in page
    host = Host.objects.get(user=ben)
    client.post(reverse("unconf:respond", args=[host.pk]), {"accept": "true"})
    assert permissions.is_host(ben, pitch)


def test_withdrawn_pitch_leaves_the_grid(unconference, rooms_and_slots, pitch_by, make_user, global_organiser):
    rooms, slots = rooms_and_slots
    ana = make_user()
    pitch = pitch_by(ana)
    services.move_session(pitch=pitch, by=global_organiser, room=rooms[0], slot=slots[0])
    services.withdraw_pitch(pitch=pitch, by=ana)
    pitch.refresh_from_db()
    assert pitch.is_withdrawn
    assert not Placement.objects.filter(pitch=pitch).exists()
