"""How fast does a vote reach everyone on a big lean coffee board?

    python bench/live_board.py --participants 1000 --rate 50 --seconds 20 [--processes 2]

Starts the real server (``oneteam run``, uvicorn) on a fresh SQLite database
in a temporary directory: one process, or P processes on P ports with Redis
between them (``REDIS_URL``, default redis://127.0.0.1:6379/2). It makes a
board in the voting phase with N signed-in participants, connects each of
them to the board's live channel exactly as the browser does (the SSE
address the page's EventSource opens, with the person's session cookie),
split evenly across the processes, then casts R votes a second for S
seconds through the board's vote form endpoint (the same POST the browser
sends, with its CSRF token), each from a random participant on a random
topic, spread across the processes too.

Every vote's answer carries the board's version after that vote; a
participant has received the vote when a live message with that version or a
later one arrives (messages carry whole counts, so a later one includes it).
For each (vote, participant) pair the latency is arrival minus the moment the
vote's request was sent. Deliveries still missing five seconds after the last
vote are ``lost``. The last line is the one scripts read:

    participants=N rate=R processes=P p50_ms=… p95_ms=… p99_ms=… lost=…
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import datetime as dt
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TOPICS = 12
GRACE_SECONDS = 5.0
CONNECT_BATCH = 50


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="votes a second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--port", type=int, default=0,
                        help="first port, process i listening on port + i (default: free ports chosen for you)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2")
    args = parser.parse_args(argv)
    if args.participants < 1 or args.rate <= 0 or args.seconds <= 0 or args.processes < 1:
        parser.error("participants, rate, seconds and processes must be positive")
    return args


# --- Setting up: a database, a board, people with sessions -------------------


def environment(var_dir: str, args) -> dict:
    env = dict(os.environ)
    env.update(ONETEAM_VAR_DIR=var_dir, ONETEAM_DEV="1", LOG_LEVEL="WARNING", ONETEAM_TASKS="database",
               DJANGO_SETTINGS_MODULE="oneteam.settings")
    env.pop("DATABASE_URL", None)
    env.pop("ONETEAM_TESTING", None)
    if args.processes > 1:
        env["REDIS_URL"] = args.redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def prepare(env: dict, participants: int) -> dict:
    """Migrate, collect static files, and make the board and its people (in this process)."""
    subprocess.run([str(BIN / "oneteam"), "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([str(BIN / "oneteam"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from oneteam.chapters.models import Chapter, Membership
    from oneteam.leancoffee import services
    from oneteam.leancoffee.models import Board
    from oneteam.people.models import User

    chapter = Chapter.objects.create(name="Bench", slug="bench", level=Chapter.Level.GLOBAL)
    organiser = User.objects.create_user(email="organiser@bench.invalid", password=None, display_name="Organiser")
    Membership.objects.create(chapter=chapter, user=organiser, role=Membership.Role.ORGANISER)
    board = services.create_board(by=organiser, chapter=chapter, title="Bench board", votes_per_person=20)
    people = User.objects.bulk_create(
        [User(email=f"p{n}@bench.invalid", display_name=f"P{n}", password="!") for n in range(participants)]
    )
    people = list(User.objects.filter(email__endswith="@bench.invalid").exclude(pk=organiser.pk).order_by("pk"))
    first = services.join_as_member(board=board, by=people[0])
    topics = [services.propose_topic(board=board, by=first, title=f"Topic {n}").pk for n in range(TOPICS)]
    services.set_phase(board=board, by=organiser, phase=Board.Phase.VOTING)
    sessions = []
    rows = []
    expires = timezone.now() + dt.timedelta(days=1)
    for person in people:  # one session each, written in one go (store.create() would commit 1,000 times)
        key = secrets.token_hex(16)
        data = SessionStore().encode({
            SESSION_KEY: str(person.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: person.get_session_auth_hash(),
        })
        rows.append(Session(session_key=key, session_data=data, expire_date=expires))
        sessions.append(key)
    Session.objects.bulk_create(rows)
    from django.db import connections

    connections.close_all()
    return {"slug": board.slug, "topics": topics, "sessions": sessions}


def free_port_run(count: int) -> int:
    """The first of ``count`` consecutive ports that nothing listens on."""
    import socket

    for first in range(20000 + os.getpid() % 20000, 60000, 7):
        try:
            for port in range(first, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise SystemExit("No free ports found.")


def start_servers(env: dict, args) -> list[subprocess.Popen]:
    if not args.port:
        args.port = free_port_run(args.processes)
    servers = []
    for n in range(args.processes):
        servers.append(subprocess.Popen(
            [str(BIN / "oneteam"), "run", "--host", "127.0.0.1", "--port", str(args.port + n)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        ))
    deadline = time.monotonic() + 60
    for n in range(args.processes):
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port + n}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or servers[n].poll() is not None:
                    stop(servers)
                    raise SystemExit(f"The server on port {args.port + n} did not start.")
                time.sleep(0.3)
    return servers


def stop(servers) -> None:
    for server in servers:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# --- The participants: one SSE connection each ---------------------------------


class Participant(asyncio.Protocol):
    """One browser's live channel, read with a protocol (no coroutine per read: the client stays light)."""

    def __init__(self, session: str, port: int):
        self.session = session
        self.port = port
        self.versions: list[int] = []  # the highest version seen so far, at each arrival
        self.times: list[float] = []
        self.ready = asyncio.Event()
        self.raw = b""
        self.headers_done = False
        self.chunk_left = 0  # bytes left in the current chunk (-1: reading a size line)
        self.body = b""
        self.failed: str | None = None

    async def listen(self, path: str) -> None:
        loop = asyncio.get_running_loop()
        self.path = path
        await loop.create_connection(lambda: self, "127.0.0.1", self.port)

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: text/event-stream\r\n"
            f"Cookie: sessionid={self.session}\r\n\r\n".encode()
        )

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        self.raw += data
        if not self.headers_done:
            head, sep, rest = self.raw.partition(b"\r\n\r\n")
            if not sep:
                return
            if b" 200 " not in head.split(b"\r\n", 1)[0]:
                self.failed = head.split(b"\r\n", 1)[0].decode()
                self.ready.set()
                return
            self.headers_done = True
            self.raw = rest
        while self.raw:  # take the chunked framing off
            if self.chunk_left == 0:
                line, sep, rest = self.raw.partition(b"\r\n")
                if not sep:
                    break
                self.chunk_left = int(line or b"0", 16) + 2  # the chunk and its closing CRLF
                self.raw = rest
            take = self.raw[: self.chunk_left]
            self.raw = self.raw[len(take):]
            self.chunk_left -= len(take)
            self.body += take if self.chunk_left >= 2 else take[: max(0, len(take) - (2 - self.chunk_left))]
        *blocks, self.body = self.body.split(b"\n\n")
        for block in blocks:
            self._message(block, now)

    def _message(self, block: bytes, now: float) -> None:
        version = None
        for line in block.split(b"\n"):
            if line.startswith(b"id: "):
                version = int(line[4:])
        if version is None:
            return
        best = max(version, self.versions[-1]) if self.versions else version
        self.versions.append(best)
        self.times.append(now)
        self.ready.set()

    def close(self) -> None:
        if getattr(self, "transport", None) is not None:
            self.transport.close()

    def arrival(self, version: int) -> float | None:
        index = bisect.bisect_left(self.versions, version)
        return self.times[index] if index < len(self.times) else None


async def cast_vote(port: int, slug: str, topic: int, session: str) -> int | None:
    """The board's vote form, sent as board.js sends it; returns the version the answer reports."""
    csrf = secrets.token_hex(16)  # 32 characters: Django compares it with the cookie as it is
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"POST /lean-coffee/{slug}/topics/{topic}/vote/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Cookie: sessionid={session}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n"
        f"Content-Length: 0\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    answer = await reader.read()
    writer.close()
    head, _sep, body = answer.partition(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        return None
    import json

    if b"chunked" in head.lower():
        body = body.split(b"\r\n", 1)[1].rsplit(b"\r\n0\r\n", 1)[0]
    return int(json.loads(body)["version"])


async def run(args, setup: dict) -> dict:
    ports = [args.port + n for n in range(args.processes)]
    path = f"/lean-coffee/{setup['slug']}/live"
    people = [Participant(session, ports[n % len(ports)]) for n, session in enumerate(setup["sessions"])]
    for start in range(0, len(people), CONNECT_BATCH):
        batch = people[start:start + CONNECT_BATCH]
        await asyncio.gather(*(p.listen(path) for p in batch))
        await asyncio.wait_for(asyncio.gather(*(p.ready.wait() for p in batch)), timeout=120)
        failed = [p.failed for p in batch if p.failed]
        if failed:
            raise SystemExit(f"The live channel answered {failed[0]!r}.")
    await asyncio.sleep(1.0)
    print(f"{len(people)} participants connected; voting", file=sys.stderr, flush=True)

    rng = random.Random(7)
    answer_ms: list[float | None] = []

    async def timed(coroutine, sent):
        try:
            return await coroutine
        finally:
            answer_ms.append((time.monotonic() - sent) * 1000)

    votes: list[tuple[float, asyncio.Task]] = []
    began = time.monotonic()
    client_cpu = time.process_time()
    total = int(args.rate * args.seconds)
    for n in range(total):
        await asyncio.sleep(max(0.0, began + n / args.rate - time.monotonic()))
        voter = rng.randrange(len(people))
        sent = time.monotonic()
        task = asyncio.create_task(timed(cast_vote(people[voter].port, setup["slug"], rng.choice(setup["topics"]),
                                                   people[voter].session), sent))
        votes.append((sent, task))
    versions = await asyncio.gather(*(task for _sent, task in votes), return_exceptions=True)
    client_share = (time.process_time() - client_cpu) / max(1e-9, time.monotonic() - began)
    answered = sorted(t for t in answer_ms if t is not None)
    await asyncio.sleep(GRACE_SECONDS)
    for person in people:
        person.close()

    latencies: list[float] = []
    lost = 0
    refused = 0
    for (sent, _task), version in zip(votes, versions):
        if not isinstance(version, int):
            refused += 1
            continue
        for person in people:
            arrived = person.arrival(version)
            if arrived is None:
                lost += 1
            else:
                latencies.append((arrived - sent) * 1000)
    latencies.sort()
    return {"latencies": latencies, "lost": lost, "refused": refused, "votes": len(votes), "answered": answered,
            "client_share": client_share}


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def main(argv=None) -> int:
    args = parse_args(argv)
    var_dir = tempfile.mkdtemp(prefix="oneteam-bench-live-")
    env = environment(var_dir, args)
    servers = []
    try:
        setup = prepare(env, args.participants)
        servers = start_servers(env, args)
        result = asyncio.run(run(args, setup))
    finally:
        stop(servers)
        shutil.rmtree(var_dir, ignore_errors=True)
    lat = result["latencies"]
    answered = result["answered"]
    print(f"votes sent={result['votes']} refused_or_failed={result['refused']} deliveries measured={len(lat)} "
          f"vote answer p50_ms={percentile(answered, 50):.1f} p99_ms={percentile(answered, 99):.1f} "
          f"this client's CPU while voting={result['client_share']:.0%} of a core", file=sys.stderr)
    print(
        f"participants={args.participants} rate={args.rate:g} processes={args.processes} "
        f"p50_ms={percentile(lat, 50):.1f} p95_ms={percentile(lat, 95):.1f} p99_ms={percentile(lat, 99):.1f} "
        f"lost={result['lost']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
