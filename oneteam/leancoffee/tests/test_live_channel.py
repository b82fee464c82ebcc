"""The board's live channel: what it sends, to whom, and how it ends under WSGI."""

from __future__ import annotations

import json
import warnings

import pytest

from oneteam.leancoffee import selectors, services

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Django warns that it consumes the async stream synchronously
        return b"".join(response)


def test_under_wsgi_the_stream_sends_the_state_and_ends(client, board):
    """runserver and the tests' live server hold a thread per response: there the browser polls instead."""
    response = client.get(f"{board.get_absolute_url()}live")
    assert response["Content-Type"].startswith("text/event-stream")
    body = _body(response)
    assert body.startswith(b"retry: 2000\n\n")
    assert b"id: 0\nevent: board\n" in body
    state = json.loads(body.split(b"data: ", 1)[1])
    assert state["phase"] == "collecting" and state["v"] == 0


def test_a_change_publishes_counts_with_the_next_version(board, organiser, make_user, seat, at_phase, committed):
    from unittest import mock

    from oneteam.core import live

    me = seat(make_user())
    topic = services.propose_topic(board=board, by=me, title="Data")
    board = at_phase(board, "voting")
    with mock.patch.object(live, "_send") as send, committed():
        services.vote(board=board, topic=topic, by=me)
    channel, key, message = send.call_args.args
    assert channel == board.channel and key == "board"
    board.refresh_from_db()
    assert message.startswith(f"id: {board.version}\nevent: board\n".encode())
    assert json.loads(message.split(b"data: ", 1)[1])["votes"] == {str(topic.pk): 1}
    assert selectors.live_state(board)["votes"] == {str(topic.pk): 1}
