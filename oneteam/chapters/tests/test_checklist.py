"""The starter checklist organisers tick off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.chapters import selectors, services
from oneteam.chapters.models import ChecklistItem

pytestmark = pytest.mark.django_db


def item(chapter, key):
    return ChecklistItem.objects.get(chapter=chapter, key=key)


def test_tick_and_untick(client, leeds, organiser):
    client.force_login(organiser)
    url = reverse("chapters:tick", args=[leeds.slug, "first-lean-coffee"])
    response = client.post(url, {"done": "true"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#checklist")
    html = response.content.decode()
    assert "Done: Plan your first lean coffee" in html
    assert "by Olu Organiser" in html
    ticked = item(leeds, "first-lean-coffee")
    assert ticked.done and ticked.done_by == organiser

    response = client.post(url, {"done": "false"}, follow=True)
    assert "Marked as not done: Plan your first lean coffee" in response.content.decode()
    untouched = item(leeds, "first-lean-coffee")
    assert not untouched.done and untouched.done_by is None


def test_ticking_twice_keeps_the_first_time(leeds, organiser):
    first = services.tick(chapter=leeds, key="rhythm", by=organiser, done=True).done_at
    assert services.tick(chapter=leeds, key="rhythm", by=organiser, done=True).done_at == first


def test_unknown_step_is_404(client, leeds, organiser):
    client.force_login(organiser)
    response = client.post(reverse("chapters:tick", args=[leeds.slug, "no-such-step"]), {"done": "true"})
    assert response.status_code == 404


def test_tick_needs_post(client, leeds, organiser):
    client.force_login(organiser)
    assert client.get(reverse("chapters:tick", args=[leeds.slug, "rhythm"])).status_code == 405
    assert not item(leeds, "rhythm").done


def test_checklist_page_shows_each_step_with_a_button(client, leeds, organiser):
    client.force_login(organiser)
    html = client.get(leeds.get_absolute_url()).content.decode()
    for entry in selectors.checklist(leeds):
        assert str(entry.step.title) in html
        assert reverse("chapters:tick", args=[leeds.slug, entry.key]) in html
    assert html.count("Mark as done") == 4


def test_a_co_organiser_accepting_ticks_that_step(leeds, organiser, make_user, co_organise):
    co_organise(leeds, organiser, make_user())
    assert item(leeds, "co-organiser").done
    assert [e.done for e in selectors.checklist(leeds)] == [True, False, False, False]


def test_members_do_not_see_the_checklist(client, leeds, make_user):
    member = make_user()
    services.join(chapter=leeds, by=member)
    client.force_login(member)
    assert "Starter checklist" not in client.get(leeds.get_absolute_url()).content.decode()
