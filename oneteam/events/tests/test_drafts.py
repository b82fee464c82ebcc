"""A draft is never public: it is published, or deleted, never "cancelled" into view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.events import services
from oneteam.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_event):
    return make_event(title="Secret planning session", status=Event.Status.DRAFT)


def everywhere_public(client, event, chapter) -> dict[str, str]:
    """What a member of the public gets on every surface that could show the event."""
    return {
        "page": client.get(event.get_absolute_url()).status_code,
        "ics": client.get(reverse("events:ical", args=[event.slug])).status_code,
        "chapter feed": client.get(reverse("events:chapter_feed", args=[chapter.slug])).content.decode(),
        "chapter page": client.get(chapter.get_absolute_url()).content.decode(),
        "list": client.get(reverse("events:list")).content.decode(),
        "api": client.get(f"/api/events/{event.slug}").status_code,
        "api list": client.get("/api/events?upcoming=false").content.decode(),
        "api chapter": client.get(f"/api/chapters/{chapter.slug}").content.decode(),
    }


def assert_invisible(seen: dict, title: str) -> None:
    assert seen["page"] == seen["ics"] == seen["api"] == 404
    for surface in ("chapter feed", "chapter page", "list", "api list", "api chapter"):
        assert title not in seen[surface], surface


def test_a_draft_cannot_be_cancelled_and_stays_invisible(client, organiser, draft, global_chapter):
    with pytest.raises(services.EventError, match="delete it instead"):
        services.cancel_event(event=draft, by=organiser)
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT
    assert_invisible(everywhere_public(client, draft, global_chapter), draft.title)


def test_the_page_offers_delete_not_cancel_for_a_draft(login, organiser, draft):
    page = login(organiser).get(draft.get_absolute_url()).content.decode()
    assert reverse("events:delete", args=[draft.slug]) in page
    assert reverse("events:cancel", args=[draft.slug]) not in page
    response = login(organiser).post(reverse("events:cancel", args=[draft.slug]), follow=True)
    assert "delete it instead" in response.content.decode()
    assert Event.objects.get(pk=draft.pk).status == Event.Status.DRAFT


def test_deleting_a_draft_removes_it(login, organiser, draft, global_chapter):
    client = login(organiser)
    confirm = client.get(reverse("events:delete", args=[draft.slug])).content.decode()
    assert "Are you sure you want to delete this draft?" in confirm
    response = client.post(reverse("events:delete", args=[draft.slug]), follow=True)
    assert response.redirect_chain[-1][0] == global_chapter.get_absolute_url()
    assert "The draft is deleted" in response.content.decode()
    assert not Event.objects.filter(pk=draft.pk).exists()


def test_a_published_event_cannot_be_deleted_only_cancelled(login, organiser, make_event):
    event = make_event()
    response = login(organiser).post(reverse("events:delete", args=[event.slug]), follow=True)
    assert "Only a draft can be deleted" in response.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_cancelled_event_that_was_published_stays_visible_so_calendars_drop_it(client, organiser, draft, global_chapter):
    services.publish_event(event=draft, by=organiser)
    services.cancel_event(event=draft, by=organiser)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert "Secret planning session" in client.get(reverse("events:chapter_feed", args=[global_chapter.slug])).content.decode()
    assert client.get(f"/api/events/{draft.slug}").json()["status"] == "cancelled"


def test_the_database_refuses_a_cancelled_event_never_published(draft):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=draft.pk).update(status=Event.Status.CANCELLED)
