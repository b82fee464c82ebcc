"""Watching a published grid on the day: an organiser's move shows up for everyone, without a reload."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.leancoffee.tests.browser import asgi_server  # noqa: F401  (a fixture: the live channel needs uvicorn)

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_move_reaches_a_reader_without_a_reload(asgi_server, browser, unconference, rooms_and_slots,  # noqa: F811
                                                  pitch_by, make_user, global_organiser):
    from oneteam.unconf import services
    from oneteam.unconf.models import Placement

    rooms, slots = rooms_and_slots
    for n in range(3):
        pitch_by(make_user(display_name=f"Host {n}"), f"Session {n}")
    services.request_generation(unconference=unconference, by=global_organiser, seconds=1)
    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    taken = {(p.room_id, p.slot_id) for p in Placement.objects.filter(unconference=unconference)}
    room, slot = next((r, s) for s in slots for r in rooms if (r.pk, s.pk) not in taken)
    moving = Placement.objects.filter(unconference=unconference).select_related("pitch").first().pitch

    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(asgi_server.url + reverse("unconf:grid", args=[unconference.slug]))
        expect(page.locator("#unconf-live-status")).to_have_text("The grid updates live.")
        page.evaluate("window.notReloaded = true")
        cell = page.locator(f'td[data-cell="{room.pk}-{slot.pk}"]')
        expect(cell).not_to_contain_text(moving.title)

        services.move_session(pitch=moving, by=global_organiser, room=room, slot=slot)

        expect(cell).to_contain_text(moving.title, timeout=5_000)
        assert page.evaluate("window.notReloaded === true")  # swapped in place, not reloaded
    finally:
        context.close()
