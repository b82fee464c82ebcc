"""The live channel: frames, coalescing, the stream response, and Redis between processes."""

from __future__ import annotations

import asyncio
import json
import os
from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings

from oneteam.core import live


def _events(chunk: bytes) -> list[tuple[str, dict]]:
    found = []
    for block in chunk.decode().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "event" in fields:
            found.append((fields["event"], json.loads(fields["data"])))
    return found


def test_a_frame_coalesces_states_and_keeps_every_other_message():
    broadcaster = live.Broadcaster()
    listeners = [live.Listener() for _ in range(3)]
    broadcaster.listeners["board.1"] = set(listeners)
    for n in range(5):
        broadcaster.add("board.1", "board", live.encode("board", {"v": n}, id=n))
    broadcaster.add("board.1", "note#1", live.encode("note", {"text": "a"}))
    broadcaster.add("board.1", "note#2", live.encode("note", {"text": "b"}))
    broadcaster.add("nobody.listens", "board", live.encode("board", {"v": 9}))
    broadcaster.flush()
    frames = {listener.take() for listener in listeners}
    assert len(frames) == 1  # the same bytes for everyone: serialised once
    assert _events(frames.pop()) == [("board", {"v": 4}), ("note", {"text": "a"}), ("note", {"text": "b"})]
    assert not broadcaster.pending


def test_a_listener_far_behind_is_dropped_to_reconnect():
    listener = live.Listener()
    for _ in range(live.MAX_WAITING_FRAMES + 1):
        listener.give(b"x")
    assert listener.dropped


@pytest.mark.django_db(transaction=True)
def test_publish_waits_for_the_commit_and_forgets_a_rollback():
    with mock.patch.object(live, "_send") as send:
        with transaction.atomic():
            live.publish("c", "board", {"v": 1}, id=1)
            assert not send.called
        assert send.call_count == 1
        channel, key, message = send.call_args.args
        assert (channel, key) == ("c", "board") and message == live.encode("board", {"v": 1}, id=1)
        with pytest.raises(RuntimeError), transaction.atomic():
            live.publish("c", "board", {"v": 2})
            raise RuntimeError
        assert send.call_count == 1


async def _read_until(chunks, wanted: str, seconds: float = 5.0) -> list[tuple[str, dict]]:
    seen = []
    async with asyncio.timeout(seconds):
        async for chunk in chunks:
            seen += _events(chunk)
            if any(event == wanted for event, _data in seen):
                return seen
    return seen


def _stream_and_send(send_after_open):
    async def main():
        async def initial():
            return "board", {"v": 7}, 7

        response = await live.stream(None, "test.channel", initial=initial)
        chunks = response.streaming_content.__aiter__()
        first = await _read_until(chunks, "board")
        await send_after_open()
        later = await _read_until(chunks, "later")
        await chunks.aclose()
        return first, later

    return _in_own_thread(main)


def _in_own_thread(main):
    """asyncio.run in a thread of its own: a browser test's Playwright may hold this thread's loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result(timeout=30)


@override_settings(REDIS_URL="")
def test_stream_sends_the_current_state_then_what_is_published():
    async def send():
        live._send("test.channel", "later", live.encode("later", {"v": 8}, id=8))

    first, later = _stream_and_send(send)
    assert first == [("board", {"v": 7})]
    assert ("later", {"v": 8}) in later
    assert "test.channel" not in live.broadcaster.listeners  # unsubscribed when the client went away


@override_settings(REDIS_URL="redis://127.0.0.1:9/0")
def test_without_redis_the_process_still_delivers_and_says_live_updates_are_interrupted():
    async def send():
        await asyncio.sleep(0.3)
        live._send("test.channel", "later", live.encode("later", {"v": 8}, id=8))

    live._redis_client = None
    try:
        first, later = _stream_and_send(send)
    finally:
        live._redis_client = None
        live.broadcaster.healthy = True
    everything = first + later
    assert ("live-status", {"ok": False}) in everything
    assert ("later", {"v": 8}) in everything


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_through_redis_one_message_reaches_the_listeners():
    with override_settings(REDIS_URL=os.environ["REDIS_URL"]):
        live._redis_client = None

        async def send():
            await asyncio.sleep(0.5)  # let the subscriber connect
            live._send("test.channel", "later", live.encode("later", {"v": 8}, id=8))

        try:
            first, later = _stream_and_send(send)
        finally:
            live._redis_client = None
    assert ("later", {"v": 8}) in later



class _Connection:
    """An ASGI ``send`` that writes at once, or, while ``full`` is set, waits for the buffer to drain."""

    def __init__(self):
        self.written: list[bytes] = []
        self.full = False
        self.drained = asyncio.Event()

    async def send(self, message):
        if self.full:
            await self.drained.wait()
        self.written.append(message["body"])


def test_a_direct_listener_writes_each_frame_at_once_and_a_slow_one_holds_up_nobody():
    async def main():
        quick, slow = _Connection(), _Connection()
        listeners = {name: live.Listener() for name in ("quick", "slow")}
        listeners["quick"].give(b"before ")  # queued while the stream sent the current state
        listeners["quick"].write_directly(quick.send)
        listeners["slow"].write_directly(slow.send)
        assert quick.written == [b"before "]

        slow.full = True
        for frame in (b"one ", b"two ", b"three "):
            for listener in listeners.values():
                listener.give(frame)
        # the quick connection got every frame the moment it was given; the slow one is waiting
        assert quick.written == [b"before ", b"one ", b"two ", b"three "]
        assert slow.written == [] and listeners["slow"].pending is not None

        slow.full = False
        slow.drained.set()
        await asyncio.sleep(0.05)
        # the write that waited finishes first, then what queued meanwhile, in order, as one write
        assert slow.written == [b"one ", b"two three "]
        assert listeners["slow"].pending is None and not listeners["slow"].dropped

    _in_own_thread(main)


def test_a_direct_listener_that_stays_blocked_is_dropped_to_reconnect():
    async def main():
        stuck = _Connection()
        stuck.full = True
        listener = live.Listener()
        listener.write_directly(stuck.send)
        for _ in range(live.MAX_WAITING_FRAMES + 2):
            listener.give(b"x")
        assert listener.dropped and listener.wake.is_set()
        listener.pending.cancel()

    _in_own_thread(main)
