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


@pytest.mark.django_db(transaction=True)
def test_under_the_asgi_server_the_stream_stays_open_and_frames_go_straight_to_the_connection(board, make_user, seat):
    """Through oneteam.asgi, as uvicorn serves it: the current state, then each change, written directly."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import sync_to_async

    from oneteam.asgi import application
    from oneteam.core import live

    me = seat(make_user())
    path = f"{board.get_absolute_url()}live"

    async def main():
        written: list[bytes] = []
        gone = asyncio.Event()
        asked = []

        async def receive():
            if not asked:
                asked.append(True)
                return {"type": "http.request", "body": b"", "more_body": False}
            await gone.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                written.append(b"status %d" % message["status"])
            else:
                written.append(message.get("body", b""))

        async def until(found, seconds=10):
            async with asyncio.timeout(seconds):
                while not found(b"".join(written)):
                    await asyncio.sleep(0.02)

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
            "headers": [(b"host", b"testserver"), (b"accept", b"text/event-stream")],
            "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        }
        serving = asyncio.create_task(application(scope, receive, send))
        await until(lambda body: b"id: 0\nevent: board\n" in body)
        assert written[0] == b"status 200"
        [listener] = live.broadcaster.listeners[board.channel]
        assert listener.send is not None  # frames now skip the generator and go straight to the connection

        await sync_to_async(services.propose_topic, thread_sensitive=False)(board=board, by=me, title="Open data")
        await until(lambda body: b"id: 1\nevent: board\n" in body)
        gone.set()  # the browser closes the page
        await asyncio.wait_for(serving, 10)
        return b"".join(written)

    with ThreadPoolExecutor(max_workers=1) as pool:
        body = pool.submit(asyncio.run, main()).result(timeout=60)
    state = json.loads(body.split(b"id: 1\nevent: board\ndata: ", 1)[1].split(b"\n", 1)[0])
    assert state["v"] == 1 and state["phase"] == "collecting"
    assert board.channel not in live.broadcaster.listeners  # unsubscribed when the connection closed
