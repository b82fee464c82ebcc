"""axe-core on every kind of lean coffee page, filled with the demo community:
the board in each phase (as a visitor, a participant and a facilitator), the
projector, joining by code and as a guest, the settings form, the event page
with published notes, and My events with the person's actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _walk_phases(organiser, member):
    """A fresh board taken through every phase; yields the phase after each move."""
    from oneteam.chapters.models import Chapter
    from oneteam.leancoffee import services
    from oneteam.leancoffee.models import Board

    board = services.create_board(by=organiser, chapter=Chapter.objects.get(slug="hackney-council"),
                                  title="Phase walk", guests_allowed=True)
    me = services.join_as_member(board=board, by=member)
    one = services.propose_topic(board=board, by=me, title="Joined-up letters", detail="One voice to residents")
    services.propose_topic(board=board, by=me, title="Team days out")
    yield board
    board = services.set_phase(board=board, by=organiser, phase="voting")
    services.vote(board=board, topic=one, by=me)
    yield board
    board = services.set_phase(board=board, by=organiser, phase="discussing")
    board = services.start_topic(board=board, by=organiser, topic=one)
    services.add_capture(board=board, by=organiser, topic=one, kind="action", text="Write to the comms team",
                         owner=me, due=dt.date.today() + dt.timedelta(days=7))
    yield board
    Board.objects.filter(pk=board.pk).update(timer_ends_at=timezone.now() - dt.timedelta(seconds=1),
                                             layout=F("layout") + 1)
    board.refresh_from_db()
    services.thumb(board=board, by=me, choice="up")
    yield board  # the thumbs vote is open
    board = services.set_phase(board=board, by=organiser, phase="retrospective")
    services.add_retro_note(board=board, by=me, kind="liked", text="Good coffee")
    yield board
    yield services.set_phase(board=board, by=organiser, phase="closed")


def test_every_lean_coffee_page_passes_axe(live_server, page, assert_accessible):
    from oneteam.demo.runner import load_demo
    from oneteam.events.models import Event
    from oneteam.leancoffee.models import Board
    from oneteam.people.models import User

    load_demo()
    organiser = User.objects.get(email="organiser@example.org")
    member = User.objects.get(email="member@example.org")
    voting = Board.objects.get(slug="hackney-lean-coffee-next")
    closed = Board.objects.get(slug="hackney-lean-coffee-3")
    assert voting.is_voting and closed.is_closed
    without_board = Event.objects.filter(format="lean_coffee", lean_coffee_board__isnull=True,
                                         status="published").first()

    def check(path):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)

    for path in (voting.get_absolute_url(), closed.get_absolute_url(),
                 reverse("leancoffee:projector", args=[voting.slug]), reverse("leancoffee:join"),
                 reverse("leancoffee:join_code", args=[voting.join_code]),
                 reverse("events:detail", args=[closed.event.slug])):
        check(path)

    sign_in_browser(page, live_server, member)
    check(voting.get_absolute_url())
    check(reverse("events:mine"))
    assert page.get_by_text("Draft a one-page close-down checklist and share it with the PMO").is_visible()

    sign_in_browser(page, live_server, organiser)
    check(reverse("leancoffee:edit", args=[voting.slug]))
    check(reverse("leancoffee:create_for_event", args=[without_board.slug]))
    check(reverse("leancoffee:create_for_chapter", args=["hackney-council"]))
    for board in _walk_phases(organiser, member):
        check(board.get_absolute_url())
        check(reverse("leancoffee:projector", args=[board.slug]))
