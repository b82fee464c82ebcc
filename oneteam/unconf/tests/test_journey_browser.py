"""The unconference, tried in a real browser as new people would use it (issue 8's "done when").

Three people pitch and mark interest; the organiser joins two pitches,
generates the grid, pins a session and re-optimises; an attendee reads their
agenda and downloads its .ics. axe-core checks every page, and the journey is
walked again with JavaScript switched off.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from oneteam.conftest import sign_in_browser
from oneteam.core.tests.test_journey import PASSWORD, Walker, expect
from oneteam.events.models import Event
from oneteam.unconf import services
from oneteam.unconf.models import Placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_pitch_interest_merge_generate_pin_reoptimise_agenda(
    javascript, browser, live_server, assert_accessible, make_user, make_event, global_organiser
):
    start = (timezone.now() + dt.timedelta(days=20)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = make_event(title="Riverside unconference", slug="riverside-unconf", format=Event.Format.UNCONFERENCE,
                       start=start, end=start + dt.timedelta(hours=8), timezone="UTC", capacity=100)
    unconference = services.create_unconference(event=event, by=global_organiser)
    for name, capacity in (("Hall", 20), ("Attic", 8)):
        services.add_room(unconference=unconference, by=global_organiser, name=name, capacity=capacity)
    for hour in (10, 11):
        services.add_slot(unconference=unconference, by=global_organiser, start=start.replace(hour=hour),
                          end=start.replace(hour=hour, minute=45))
    people = [make_user(email=f"{n}@example.org", password=PASSWORD, display_name=n.title())
              for n in ("ada", "bea", "cyd")]
    titles = ["Plain language in tax letters", "Writing plain tax letters", "Hiring digital people"]
    base = live_server.url
    detail = f"/unconferences/{unconference.slug}/"

    # 1. Three people pitch a session each and mark interest in someone else's.
    walkers = []
    for person, title in zip(people, titles):
        walker = Walker(browser, base, assert_accessible, javascript)
        walker.sign_in(person.email)
        walker.visit(detail)
        walker.follow("Pitch a session")
        walker.page.get_by_label("Title").fill(title)
        walker.page.get_by_label("What is the session about?").fill(f"Let us talk about {title.lower()}.")
        walker.page.get_by_label("Workshop").check()
        walker.press("Pitch it")
        walker.sees("Your pitch is up")
        walkers.append(walker)
    for n, walker in enumerate(walkers):
        walker.visit(detail)
        other = titles[(n + 2) % 3]  # ada wants the hiring session, bea and cyd the two about tax letters
        with walker.page.expect_navigation():
            walker.page.get_by_role("button", name=re.compile(rf"interested\W+{re.escape(other)}$")).click()
        walker.checked()
        walker.sees(f"You are interested in “{other}”.")

    # 2. The organiser joins the two pitches about tax letters.
    olu = Walker(browser, base, assert_accessible, javascript)
    sign_in_browser(olu.page, live_server, global_organiser)
    olu.visit(f"/unconferences/{unconference.slug}/merge/")
    olu.page.get_by_label("Join this pitch…").select_option(label=titles[1])
    olu.page.get_by_label("…into this one").select_option(label=titles[0])
    olu.press("Join the pitches")
    olu.sees("The pitches are joined")
    olu.sees("2 people")  # bea's interest stayed, cyd's moved over; nobody counted twice

    # 3. They generate the grid; the page follows the work and then shows it.
    olu.visit(f"/unconferences/{unconference.slug}/grid/")
    olu.page.get_by_label("Time for the scheduler, in seconds").fill("1")
    olu.press("Generate the grid")
    olu.sees("The grid is ready")
    olu.follow("See the grid")
    olu.sees("What this grid costs")
    expect(olu.page.locator("svg.oneteam-chart")).to_have_count(1)

    # 4. They pin one session and re-optimise: the pin holds.
    first = Placement.objects.order_by("slot__start", "room__name").first()
    with olu.page.expect_navigation():
        olu.page.get_by_role("button", name=re.compile(rf"^Pin\W+{re.escape(first.pitch.title)}$")).click()
    olu.checked()
    olu.sees("is pinned")
    olu.press("Re-optimise the grid")
    olu.follow("See the grid")
    kept = Placement.objects.get(pitch=first.pitch)
    assert kept.pinned and (kept.room_id, kept.slot_id) == (first.room_id, first.slot_id)
    olu.press("Publish the grid")
    olu.sees("The grid is published")

    # 5. An attendee reads their agenda and downloads it for their calendar.
    ada = walkers[0]
    ada.visit(f"/unconferences/{unconference.slug}/agenda/")
    for title in (titles[0], titles[2]):  # the session she hosts and the one she wants
        ada.sees(title)
    ada.sees("You host this")
    with ada.page.expect_download() as download:
        ada.page.get_by_role("link", name=re.compile("Add my sessions to my calendar")).click()
    body = open(download.value.path(), encoding="utf-8").read()
    assert body.count("BEGIN:VEVENT") == 2 and titles[2] in body
    for walker in walkers + [olu]:
        walker.close()


def test_organiser_drags_a_session_onto_a_free_cell(browser, live_server, assert_accessible, make_user, make_event,
                                                     global_organiser):
    start = (timezone.now() + dt.timedelta(days=20)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = make_event(title="Drag unconference", slug="drag-unconf", format=Event.Format.UNCONFERENCE,
                       start=start, end=start + dt.timedelta(hours=8), timezone="UTC", capacity=100)
    unconference = services.create_unconference(event=event, by=global_organiser)
    room = services.add_room(unconference=unconference, by=global_organiser, name="Hall", capacity=20)
    early = services.add_slot(unconference=unconference, by=global_organiser, start=start.replace(hour=10),
                              end=start.replace(hour=10, minute=45))
    late = services.add_slot(unconference=unconference, by=global_organiser, start=start.replace(hour=11),
                             end=start.replace(hour=11, minute=45))
    pitch = services.submit_pitch(unconference=unconference, by=make_user(), title="Dragged session")
    services.move_session(pitch=pitch, by=global_organiser, room=room, slot=early)
    olu = Walker(browser, live_server.url, assert_accessible, javascript=True)
    sign_in_browser(olu.page, live_server, global_organiser)
    olu.visit(f"/unconferences/{unconference.slug}/grid/")
    card = olu.page.locator(f'[data-pitch="{pitch.pk}"]').first
    with olu.page.expect_navigation():
        card.drag_to(olu.page.locator(f'td[data-cell="{room.pk}-{late.pk}"]'))
    olu.checked()
    olu.sees("“Dragged session” is now in Hall at")
    assert Placement.objects.get(pitch=pitch).slot_id == late.pk
    olu.close()
