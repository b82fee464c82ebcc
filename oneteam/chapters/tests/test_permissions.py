"""Who organises a chapter is decided once (chapters.permissions) and every surface agrees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.chapters import permissions
from oneteam.events import permissions as event_permissions

pytestmark = pytest.mark.django_db


def surfaces(client, chapter) -> dict[str, int]:
    """What each organiser-only page answers this person."""
    return {
        "edit chapter": client.get(reverse("chapters:edit", args=[chapter.slug])).status_code,
        "create event": client.get(reverse("events:create", args=[chapter.slug])).status_code,
        "tick checklist": client.post(reverse("chapters:tick", args=[chapter.slug, "rhythm"]), {"done": "true"}).status_code,
    }


def test_a_site_administrator_may_run_any_chapter_everywhere_alike(client, leeds, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    assert permissions.can_organise(admin, leeds) and not permissions.is_organiser(admin, leeds)
    client.force_login(admin)
    assert surfaces(client, leeds) == {"edit chapter": 200, "create event": 200, "tick checklist": 302}
    page = client.get(leeds.get_absolute_url()).content.decode()
    assert "Edit the chapter&#x27;s details" in page or "Edit the chapter's details" in page
    assert admin.public_name not in page.split('id="organisers"')[1].split("</ul>")[0]  # not listed


def test_a_member_is_refused_everywhere_alike(client, leeds, make_user):
    member = make_user()
    client.force_login(member)
    assert set(surfaces(client, leeds).values()) == {403}


def test_a_deactivated_organiser_runs_nothing(leeds, organiser, make_event):
    organiser.is_active = False
    organiser.save(update_fields=["is_active"])
    event = make_event(chapter=leeds)
    assert not permissions.can_organise(organiser, leeds)
    assert not event_permissions.can_manage(organiser, event)
