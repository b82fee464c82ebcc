"""Captures, the 4Ls, and closing: notes on the event page, exports, actions on My events."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from oneteam.leancoffee import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_board(board, organiser, make_user, seat, at_phase):
    """A board that discussed one topic, captured an insight and an action for Ada, and closed."""
    ada = make_user(display_name="Ada Lovelace")
    ada_seat = seat(ada)
    topic = services.propose_topic(board=board, by=ada_seat, title="Knowing who owns what")
    board = at_phase(board, "voting")
    services.vote(board=board, topic=topic, by=ada_seat)
    board = at_phase(board, "discussing")
    services.start_topic(board=board, by=organiser, topic=topic)
    services.add_capture(board=board, by=organiser, topic=topic, kind="insight",
                         text="Nobody knows who runs the intranet")
    services.add_capture(board=board, by=organiser, topic=topic, kind="action", text="Map the owners of our services",
                         owner=ada_seat, due=dt.date(2030, 1, 31))
    services.add_capture(board=board, by=organiser, topic=topic, kind="action", text="Ask ICT about OKRs",
                         owner_name="Sam from ICT")
    board = at_phase(board, "retrospective")
    services.add_retro_note(board=board, by=ada_seat, kind="liked", text="Short and focused")
    services.add_retro_note(board=board, by=ada_seat, kind="longed_for", text="More people from housing")
    board = at_phase(board, "closed")
    board.ada = ada
    return board


def test_closing_publishes_the_notes_on_the_event_page(client, closed_board):
    page = client.get(closed_board.event.get_absolute_url()).content.decode()
    for text in ("Knowing who owns what", "Nobody knows who runs the intranet", "Map the owners of our services",
                 "Ada Lovelace", "31 January 2030", "Sam from ICT", "Short and focused", "More people from housing"):
        assert text in page


def test_before_closing_the_event_page_only_links_the_board(client, board, organiser):
    page = client.get(board.event.get_absolute_url()).content.decode()
    assert "Open the board" in page and "What we talked about" not in page


def test_an_organiser_can_start_a_board_from_the_event_page(client, organiser, make_event):
    event = make_event(title="Breakfast lean coffee")
    client.force_login(organiser)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Start the lean coffee board" in page
    response = client.post(reverse("leancoffee:create_for_event", args=[event.slug]), {
        "title": "Breakfast lean coffee", "votes_per_person": 3, "allow_stacking": "on", "timebox_minutes": 8,
        "first_extension_minutes": 4, "later_extension_minutes": 2,
    })
    assert response.status_code == 302
    assert event.lean_coffee_board.votes_per_person == 3


def test_the_settings_form_gives_govuk_errors(client, organiser, make_event):
    event = make_event()
    client.force_login(organiser)
    response = client.post(reverse("leancoffee:create_for_event", args=[event.slug]), {
        "title": "", "votes_per_person": 0, "timebox_minutes": 8, "first_extension_minutes": 4,
        "later_extension_minutes": 99,
    })
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a title" in page and "Give everyone at least 1 vote" in page and "Enter 60 minutes or fewer" in page


def test_markdown_export(client, closed_board):
    response = client.get(reverse("leancoffee:notes_md", args=[closed_board.slug]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert "## Knowing who owns what" in text
    assert "**Action:** Map the owners of our services (owner: Ada Lovelace, due 2030-01-31)" in text
    assert "### Longed for" in text


def test_csv_export(client, closed_board):
    response = client.get(reverse("leancoffee:notes_csv", args=[closed_board.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"section": "topic", "topic": "Knowing who owns what", "votes": "1", "kind": "action",
            "text": "Map the owners of our services", "owner": "Ada Lovelace", "due": "2030-01-31"} in rows
    assert any(r["section"] == "retrospective" and r["text"] == "Short and focused" for r in rows)


def test_csv_cells_never_start_a_formula(client, board, organiser, make_user, seat, at_phase):
    topic = services.propose_topic(board=board, by=seat(make_user()), title="=HYPERLINK(1)")
    board = at_phase(board, "discussing")
    services.start_topic(board=board, by=organiser, topic=topic)
    services.add_capture(board=board, by=organiser, topic=topic, kind="insight", text="+1 to that")
    text = client.get(reverse("leancoffee:notes_csv", args=[board.slug])).content.decode()
    assert "'=HYPERLINK(1)" in text and "'+1 to that" in text


def test_actions_appear_on_the_owners_my_events(client, closed_board):
    client.force_login(closed_board.ada)
    page = client.get(reverse("events:mine")).content.decode()
    assert "Your actions from lean coffee" in page
    assert "Map the owners of our services" in page and "31 January 2030" in page
    assert "Ask ICT about OKRs" not in page  # Sam's, not Ada's


def test_only_actions_have_an_owner_and_due_date(board, organiser, make_user, seat, at_phase):
    topic = services.propose_topic(board=board, by=seat(make_user()), title="Data")
    board = at_phase(board, "discussing")
    with pytest.raises(services.BoardError, match="Only an action"):
        services.add_capture(board=board, by=organiser, topic=topic, kind="insight", text="x", owner_name="Sam")


def test_retro_notes_only_in_the_retrospective(board, make_user, seat):
    with pytest.raises(services.BoardError, match="during the retrospective"):
        services.add_retro_note(board=board, by=seat(make_user()), kind="liked", text="Coffee")
