"""A private capture or note reaches facilitators only: never the public pages, the live
channel, the exports, the API, other people's My events, or the similar-topic hints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from oneteam.leancoffee import selectors, services
from oneteam.leancoffee.models import Capture, RetroNote

pytestmark = pytest.mark.django_db

SECRET_INSIGHT = "Budget cut rumour zebra"
SECRET_ACTION = "Quietly brief the director quokka"
SECRET_NOTE = "Lacked trust in the chair narwhal"
SECRETS = (SECRET_INSIGHT, SECRET_ACTION, SECRET_NOTE)


@pytest.fixture
def board_with_secrets(board, organiser, make_user, seat, at_phase):
    owner = make_user(display_name="Olive Owner")
    owner_seat = seat(owner)
    topic = services.propose_topic(board=board, by=owner_seat, title="Trust")
    board = at_phase(board, "discussing")
    services.start_topic(board=board, by=organiser, topic=topic)
    services.add_capture(board=board, by=organiser, topic=topic, kind="insight", text=SECRET_INSIGHT, private=True)
    services.add_capture(board=board, by=organiser, topic=topic, kind="action", text=SECRET_ACTION,
                         owner=owner_seat, due=dt.date(2030, 5, 1), private=True)
    services.add_capture(board=board, by=organiser, topic=topic, kind="insight", text="Open insight")
    board = at_phase(board, "retrospective")
    note = services.add_retro_note(board=board, by=owner_seat, kind="lacked", text=SECRET_NOTE)
    services.set_private(board=board, by=organiser, kind="note", pk=note.pk, private=True)
    board = at_phase(board, "closed")
    board.owner = owner
    return board


def _assert_clean(text: str):
    for secret in SECRETS:
        assert secret not in text
    return text


def test_not_on_the_board_page_for_participants_or_visitors(client, board_with_secrets, make_user):
    _assert_clean(client.get(board_with_secrets.get_absolute_url()).content.decode())
    client.force_login(make_user())
    assert "Open insight" in _assert_clean(client.get(board_with_secrets.get_absolute_url()).content.decode())


def test_facilitators_see_them_marked_private(client, board_with_secrets, organiser):
    client.force_login(organiser)
    page = client.get(board_with_secrets.get_absolute_url()).content.decode()
    assert all(secret in page for secret in SECRETS)
    assert "Private" in page


def test_not_on_the_projector(client, board_with_secrets):
    _assert_clean(client.get(reverse("leancoffee:projector", args=[board_with_secrets.slug])).content.decode())


def test_not_on_the_event_page(client, board_with_secrets, organiser):
    page = _assert_clean(client.get(board_with_secrets.event.get_absolute_url()).content.decode())
    assert "Open insight" in page
    client.force_login(organiser)  # the published notes are the public ones, even for organisers
    _assert_clean(client.get(board_with_secrets.event.get_absolute_url()).content.decode())


def test_not_in_the_exports(client, board_with_secrets, organiser):
    client.force_login(organiser)
    for name in ("leancoffee:notes_md", "leancoffee:notes_csv"):
        assert "Open insight" in _assert_clean(client.get(reverse(name, args=[board_with_secrets.slug])).content.decode())


def test_not_in_the_live_channel(board_with_secrets):
    _assert_clean(str(selectors.live_state(board_with_secrets)))


def test_not_in_the_api(client, board_with_secrets):
    response = client.get(f"/api/lean-coffee/{board_with_secrets.slug}")
    assert response.status_code == 200
    assert "Open insight" in _assert_clean(response.content.decode())


def test_not_in_similar_topic_hints(client, board_with_secrets):
    response = client.get(reverse("leancoffee:similar", args=[board_with_secrets.slug]), {"q": "zebra quokka narwhal"})
    _assert_clean(response.content.decode())


def test_my_events_shows_a_private_action_to_its_owner_only(client, board_with_secrets, make_user):
    client.force_login(make_user())
    _assert_clean(client.get(reverse("events:mine")).content.decode())
    client.force_login(board_with_secrets.owner)
    assert SECRET_ACTION in client.get(reverse("events:mine")).content.decode()


def test_making_it_public_again_publishes_it(client, board_with_secrets, organiser):
    capture = Capture.objects.get(text=SECRET_INSIGHT)
    services.set_private(board=board_with_secrets, by=organiser, kind="capture", pk=capture.pk, private=False)
    assert SECRET_INSIGHT in client.get(board_with_secrets.event.get_absolute_url()).content.decode()
    assert RetroNote.objects.get(text=SECRET_NOTE).private


def test_a_draft_events_board_is_hidden(client, organiser, make_event, make_user):
    event = make_event(status="draft", published_at=None)
    board = services.create_board(by=organiser, event=event)
    assert client.get(board.get_absolute_url()).status_code == 404
    assert client.get(reverse("leancoffee:live", args=[board.slug])).status_code == 404
    assert client.get(reverse("leancoffee:notes_md", args=[board.slug])).status_code == 404
    assert client.get(f"/api/lean-coffee/{board.slug}").status_code == 404
    client.force_login(make_user())
    assert client.get(board.get_absolute_url()).status_code == 404
