"""The platform's one live channel: Server-Sent Events from an async view.

Two calls are the whole API (see docs/live.md for why SSE and how it scales):

``publish(channel, event, data, *, id=None, coalesce=True)``
    Call it inside the transaction that makes the change. ``data`` is turned
    into JSON once, here; the message leaves when the transaction commits
    (never for a change that rolled back). With ``coalesce`` (the default) a
    newer message of the same ``event`` on the same channel replaces an older
    one still waiting for the next frame: use it for messages that carry a
    whole state, such as a board's counts. ``id`` becomes the SSE event id
    (a version number, say), which a client can compare to what it has.

``await stream(request, channel, *, initial=None)``
    The response of an async view: a ``text/event-stream`` that first sends
    what ``initial()`` (an async callable) returns, as ``(event, data, id)``,
    so a client that connects or reconnects starts from the current state,
    then every message published on the channel.

How it fans out: each process has one ``Broadcaster``. Published messages wait
at most one frame (``FRAME_SECONDS``); each frame joins a channel's waiting
messages into one block of bytes and hands that same block to every listener,
so a thousand listeners cost a thousand writes a frame, however many changes
the frame holds. With ``REDIS_URL`` set, ``publish`` sends one Redis pub/sub
message per change (never one per listener) and every process's broadcaster
receives it from Redis. If Redis cannot be reached, the message still reaches
the listeners of the process that made the change, and every process tells
its listeners (event ``live-status``, ``{"ok": false}``) that live updates are
interrupted and a reload shows the latest state; nothing errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import threading
from collections import deque
from collections.abc import Awaitable, Callable

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import StreamingHttpResponse

logger = logging.getLogger(__name__)

FRAME_SECONDS = 0.1
HEARTBEAT_SECONDS = 15.0
RETRY_MILLISECONDS = 2000
MAX_WAITING_FRAMES = 200  # a listener this far behind is dropped; its browser reconnects and catches up
REDIS_PREFIX = "oneteam:live:"
STATUS_EVENT = "live-status"
HEARTBEAT = b": still here\n\n"

Initial = Callable[[], Awaitable[tuple[str, object, object] | None]]


def encode(event: str, data, id=None) -> bytes:
    """One SSE message. ``data`` is JSON on one line, so it needs a single ``data:`` field."""
    text = json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)
    head = f"id: {id}\n" if id is not None else ""
    return f"{head}event: {event}\ndata: {text}\n\n".encode()


class Listener:
    """One open stream: the frames handed to it, waiting to be written.

    A listener starts by queueing frames for its stream's generator to take
    (``wake``). Served by ``oneteam.asgi.Handler``, the stream then hands the
    listener its connection's ASGI ``send`` (``write_directly``), and each
    frame is written the moment the broadcaster gives it, with no task to wake
    and no generator to pass through: at a thousand listeners that halves
    what a frame costs (docs/live.md). ``send`` only waits when the
    connection's buffer is full; then the rest of that write finishes in a
    task of its own and later frames queue until it is done, so one slow
    reader never holds up the others.
    """

    __slots__ = ("frames", "wake", "dropped", "send", "pending")

    def __init__(self) -> None:
        self.frames: deque[bytes] = deque()
        self.wake = asyncio.Event()
        self.dropped = False
        self.send = None
        self.pending: asyncio.Task | None = None

    def give(self, frame: bytes) -> None:
        if self.send is not None and self.pending is None and not self.dropped:
            self._write(frame)
            return
        if len(self.frames) >= MAX_WAITING_FRAMES:
            self.dropped = True
        else:
            self.frames.append(frame)
        if self.send is None or self.dropped:  # a direct listener's queue is written when its write finishes
            self.wake.set()

    def take(self) -> bytes:
        frames = b"".join(self.frames)
        self.frames.clear()
        return frames

    def write_directly(self, send) -> None:
        """From now on write frames straight to the connection (in the loop's thread)."""
        self.send = send
        if self.frames and not self.dropped:
            self._write(self.take())

    def _write(self, frame: bytes) -> None:
        # Run send() by hand up to its first wait: ASGI servers write at once
        # unless the connection's buffer is full (asyncio's eager tasks, new in
        # Python 3.12, do the same).
        writing = self.send({"type": "http.response.body", "body": frame, "more_body": True})
        try:
            waiting_for = writing.send(None)
        except StopIteration:
            return
        except Exception:  # the connection is gone
            self.dropped = True
            self.wake.set()
            return
        self.pending = asyncio.get_running_loop().create_task(self._finish(writing, waiting_for))

    async def _finish(self, writing, waiting_for) -> None:
        try:
            while True:
                with contextlib.suppress(Exception):
                    await waiting_for  # what send() waits for: the connection draining
                try:
                    waiting_for = writing.send(None)
                except StopIteration:
                    break
        except BaseException:
            writing.close()
            self.dropped = True
            self.wake.set()
            raise
        self.pending = None
        if self.frames and not self.dropped:
            self._write(self.take())


class Broadcaster:
    """The listeners of one process, and the frame that gathers messages for them."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.listeners: dict[str, set[Listener]] = {}
        self.pending: dict[str, dict[object, bytes]] = {}
        self.healthy = True
        self._keys = itertools.count()
        self._tasks: list[asyncio.Task] = []

    # --- inside the event loop -------------------------------------------------

    def attach(self) -> None:
        """Start the frame (and the Redis subscriber) in the running loop, once per loop."""
        loop = asyncio.get_running_loop()
        if self.loop is loop:
            return
        self.loop = loop
        self.pending.clear()
        self._tasks = [loop.create_task(self._frames())]
        if settings.REDIS_URL:
            self._tasks.append(loop.create_task(self._subscribe()))

    def subscribe(self, channel: str) -> Listener:
        self.attach()
        listener = Listener()
        self.listeners.setdefault(channel, set()).add(listener)
        return listener

    def unsubscribe(self, channel: str, listener: Listener) -> None:
        listeners = self.listeners.get(channel)
        if listeners is not None:
            listeners.discard(listener)
            if not listeners:
                del self.listeners[channel]
                self.pending.pop(channel, None)

    def add(self, channel: str, key, message: bytes) -> None:
        """Queue a message for the channel's next frame (in the loop's thread)."""
        if channel not in self.listeners:
            return
        waiting = self.pending.setdefault(channel, {})
        waiting.pop(key, None)  # a newer state goes to the end, after what came before it
        waiting[key] = message

    def flush(self) -> None:
        pending, self.pending = self.pending, {}
        for channel, messages in pending.items():
            frame = b"".join(messages.values())
            for listener in tuple(self.listeners.get(channel, ())):
                listener.give(frame)

    def tell_everyone(self, message: bytes) -> None:
        for listeners in self.listeners.values():
            for listener in tuple(listeners):
                listener.give(message)

    async def _frames(self) -> None:
        loop = asyncio.get_running_loop()
        quiet_until = loop.time() + HEARTBEAT_SECONDS
        while True:
            await asyncio.sleep(FRAME_SECONDS)
            if self.pending:
                self.flush()
            if loop.time() >= quiet_until:  # one comment line now and then keeps proxies from closing idle streams
                quiet_until = loop.time() + HEARTBEAT_SECONDS
                self.tell_everyone(HEARTBEAT)

    def _set_health(self, healthy: bool) -> None:
        if healthy != self.healthy:
            self.healthy = healthy
            self.tell_everyone(status_message(healthy))

    async def _subscribe(self) -> None:
        from redis import asyncio as aioredis

        while True:
            client = aioredis.Redis.from_url(settings.REDIS_URL)
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.psubscribe(f"{REDIS_PREFIX}*")
                    self._set_health(True)
                    while True:
                        item = await pubsub.get_message(timeout=HEARTBEAT_SECONDS)
                        if item is None:
                            await client.ping()  # notice a Redis that went away while all is quiet
                            continue
                        self._receive(item["data"])
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis down, restarting, or unreachable
                if self.healthy:
                    logger.warning("Live updates between processes are interrupted: %s", exc)
                self._set_health(False)
                await asyncio.sleep(1.0)
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()

    def _receive(self, raw: bytes) -> None:
        try:
            envelope = json.loads(raw)
            self.add(envelope["c"], envelope["k"], envelope["m"].encode())
        except (ValueError, KeyError, TypeError, AttributeError):
            logger.warning("Ignored a malformed live message from Redis.")

    # --- from any thread ---------------------------------------------------------

    def add_threadsafe(self, channel: str, key, message: bytes) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return  # nobody in this process has ever listened
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self.add(channel, key, message)
        else:
            loop.call_soon_threadsafe(self.add, channel, key, message)

    def new_key(self) -> int:
        return next(self._keys)


broadcaster = Broadcaster()
_redis_lock = threading.Lock()
_redis_client = None


def status_message(ok: bool) -> bytes:
    return encode(STATUS_EVENT, {"ok": ok})


def _redis():
    global _redis_client
    with _redis_lock:
        if _redis_client is None:
            import redis

            _redis_client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5
            )
        return _redis_client


def _send(channel: str, key, message: bytes) -> None:
    if settings.REDIS_URL:
        envelope = json.dumps({"c": channel, "k": key, "m": message.decode()})
        try:
            _redis().publish(REDIS_PREFIX + channel, envelope)
            return
        except Exception as exc:  # Redis is down: this process's own listeners still hear it
            logger.warning("Could not publish a live update through Redis: %s", exc)
    broadcaster.add_threadsafe(channel, key, message)


def publish(channel: str, event: str, data, *, id=None, coalesce: bool = True) -> None:
    """Send ``data`` to everyone listening on ``channel`` once the current transaction commits."""
    message = encode(event, data, id)
    key = event if coalesce else f"{event}#{os.getpid()}.{broadcaster.new_key()}"
    transaction.on_commit(lambda: _send(channel, key, message))


class LiveResponse(StreamingHttpResponse):
    """An SSE response. ``oneteam.asgi.Handler`` sets ``direct_send`` to the
    connection's ASGI ``send`` before streaming it, so its listener can write
    frames straight to the connection; any other server takes the frames
    through the generator."""

    direct_send = None


async def stream(request, channel: str, *, initial: Initial | None = None) -> StreamingHttpResponse:
    """An SSE response for an async view: the current state first, then every frame of the channel.

    Served by a WSGI server (``runserver``, the test suite's live server), a
    response cannot stay open without holding a thread for ever, so it sends
    the current state and ends; the browser asks again after ``retry``.
    """
    once = request is not None and not isinstance(request, ASGIRequest)
    response = LiveResponse(content_type="text/event-stream; charset=utf-8")

    async def body():
        # Subscribed before the current state is read, so nothing published meanwhile is missed.
        listener = None if once else broadcaster.subscribe(channel)
        try:
            yield f"retry: {RETRY_MILLISECONDS}\n\n".encode()
            if initial is not None:
                first = await initial()
                if first is not None:
                    event, data, id = first
                    yield encode(event, data, id)
            if listener is None:
                return
            if not broadcaster.healthy:
                yield status_message(False)
            if response.direct_send is not None:
                listener.write_directly(response.direct_send)
            while True:
                await listener.wake.wait()  # the frame (or the heartbeat) wakes every listener at once
                listener.wake.clear()
                if listener.dropped:
                    return  # too far behind: the browser reconnects and starts from the current state
                if listener.send is None:
                    yield listener.take()
        finally:
            if listener is not None:
                broadcaster.unsubscribe(channel, listener)
                if listener.pending is not None:
                    listener.pending.cancel()

    response.streaming_content = body()
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each frame on at once
    return response
