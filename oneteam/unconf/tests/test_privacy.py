"""What is private stays private on every surface: pages, exports, API, similar pitches, the scheduler's instance.

Private: a draft event's unconference; withdrawn pitches; co-host invitations
not yet accepted; who marked interest in what; the grid before it is published.
"""

import pytest
from django.urls import reverse

from oneteam.events.models import Event
from oneteam.unconf import selectors, services
from oneteam.unconf.models import Pitch, SimilarPitch

from .test_grid import generate

SECRET = "Whistleblowing in the back office"


@pytest.fixture
def world(unconference, rooms_and_slots, pitch_by, make_user, global_organiser, committed):
    ana = make_user(display_name="Ana Host")
    shy = make_user(display_name="Shy Invitee", email="shy@example.org")
    fan = make_user(display_name="Fan Person", email="fan@example.org")
    public = pitch_by(ana, "Whistleblowing policies in government", "Back office whistleblowing.")
    withdrawn = pitch_by(ana, SECRET, "Back office whistleblowing policies.")
    services.mark_interest(pitch=public, by=fan)
    services.invite_cohost(pitch=public, by=ana, email="shy@example.org")
    services.refresh_similarity(unconference=unconference)
    assert SimilarPitch.objects.filter(pitch=public, other=withdrawn).exists()
    generate(unconference, global_organiser, committed)
    services.withdraw_pitch(pitch=withdrawn, by=ana)
    return {"ana": ana, "shy": shy, "fan": fan, "public": public, "withdrawn": Pitch.objects.get(pk=withdrawn.pk)}


def surfaces(unconference, pitch):
    slug = unconference.slug
    return [
        reverse("unconf:list"), reverse("unconf:detail", args=[slug]), pitch.get_absolute_url(),
        reverse("unconf:export", args=[slug, "csv"]), reverse("unconf:export", args=[slug, "json"]),
        f"/api/unconferences/{slug}", "/api/unconferences",
    ]


def test_withdrawn_pitch_on_no_public_surface(client, unconference, world, global_organiser):
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    slug = unconference.slug
    for url in surfaces(unconference, world["public"]) + [
        reverse("unconf:grid", args=[slug]), f"/api/unconferences/{slug}/instance", f"/api/unconferences/{slug}/grid",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        assert f"pitch-{world['withdrawn'].pk}\"" not in response.content.decode(), url
    assert client.get(world["withdrawn"].get_absolute_url()).status_code == 404
    assert selectors.similar_pitches(world["public"]) == []


def test_withdrawn_pitch_stays_with_its_host_and_organisers(client, world, make_user, global_organiser):
    url = world["withdrawn"].get_absolute_url()
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    for person in (world["ana"], global_organiser):
        client.force_login(person)
        assert "Withdrawn: only its hosts and the organisers see it" in client.get(url).content.decode()


def test_pending_invitation_and_interest_never_shown(client, unconference, world, global_organiser):
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    for url in surfaces(unconference, world["public"]) + [reverse("unconf:grid", args=[unconference.slug])]:
        body = client.get(url).content.decode()
        assert "Shy Invitee" not in body and "shy@example.org" not in body, url
        assert "Fan Person" not in body and "fan@example.org" not in body, url
    client.force_login(world["ana"])
    assert "Shy Invitee" in client.get(world["public"].get_absolute_url()).content.decode()


def test_unpublished_grid_on_no_public_surface(client, unconference, world, make_user):
    slug = unconference.slug
    client.force_login(world["fan"])
    for url in (reverse("unconf:grid", args=[slug]), reverse("unconf:agenda", args=[slug]),
                reverse("unconf:agenda_ics", args=[slug]), reverse("unconf:grid_version", args=[slug]),
                f"/api/unconferences/{slug}/grid", f"/api/unconferences/{slug}/instance"):
        assert client.get(url).status_code == 404, url
    page = client.get(world["public"].get_absolute_url()).content.decode()
    assert "When and where" not in page and "Main hall" not in page
    exported = client.get(reverse("unconf:export", args=[slug, "json"])).json()
    assert all(p["room"] is None and p["status"] == "proposed" for p in exported["pitches"])


def test_a_draft_events_unconference_is_invisible(client, unconference, world, make_user):
    Event.objects.filter(pk=unconference.event_id).update(status=Event.Status.DRAFT, published_at=None)
    slug = unconference.slug
    assert "Global unconference" not in client.get(reverse("unconf:list")).content.decode()
    assert "Global unconference" not in client.get("/api/unconferences").content.decode()
    client.force_login(make_user())
    for url in (reverse("unconf:detail", args=[slug]), world["public"].get_absolute_url(),
                reverse("unconf:export", args=[slug, "csv"]), f"/api/unconferences/{slug}",
                reverse("unconf:grid", args=[slug])):
        assert client.get(url).status_code == 404, url
    assert "Global unconference" not in client.get(reverse("chapters:detail", args=["global"])).content.decode()


def test_organiser_pages_refuse_others(client, unconference, world, make_user):
    client.force_login(world["ana"])
    slug = unconference.slug
    for url in (reverse("unconf:setup", args=[slug]), reverse("unconf:merge", args=[slug]),
                reverse("unconf:clusters", args=[slug]), reverse("unconf:grid", args=[slug])):
        assert client.get(url).status_code in {403, 404}, url
    for url in (reverse("unconf:generate", args=[slug]), reverse("unconf:publish", args=[slug]),
                reverse("unconf:grid_change", args=[slug])):
        assert client.post(url, {"published": "true", "seconds": "1", "seed": "0",
                                 "pitch": world["public"].pk, "action": "unschedule"}).status_code == 403, url
