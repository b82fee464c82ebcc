"""A day at a big unconference, against the real server (uvicorn, the worker, a database).

    .venv/bin/python bench/unconf_day.py                    # 1,000 people, 80 pitches, 300 watching
    .venv/bin/python bench/unconf_day.py --people 200 --watchers 60 --pitches 30   # a quick look

What it does, in order:

1. sets up a fresh database (SQLite in a temporary directory, or DATABASE_URL) with an unconference
   of ``--pitches`` pitches, 10 rooms and 8 slots, ``--people`` people with API tokens and an organiser;
2. starts ``oneteam run --workers 2`` and ``oneteam worker`` on it;
3. people arrive at ``--rate`` a second (an open loop: arrivals never wait for answers); each marks
   interest in five pitches through the API (``PUT …/interest``), one in ten also reads the pitch list;
4. the organiser asks for the grid on its page, follows the progress until the worker has put it
   in place (generate_s counts from the POST to a finished grid), pins a session and re-optimises;
5. ``--watchers`` people watch the published grid: each opens it within ten seconds and then
   asks every five seconds whether it changed, as the page's script does (every fifteen); the
   organiser moves a session, and every watcher loads the new grid; then the grid page alone is
   loaded as fast as 16 clients can, for its throughput (reported, not in worst_p95_ms).

Every request's time is recorded by kind; the last line is
``people=… pitches=… generate_s=… worst_p95_ms=… errors=…`` where worst_p95_ms is the slowest
kind's 95th percentile and generate_s the slower of the two generations, end to end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

TIMES: dict[str, list[float]] = defaultdict(list)
ERRORS: list[str] = []
LOCK = threading.Lock()
_local = threading.local()


def record(kind: str, seconds: float, status: int, path: str) -> None:
    with LOCK:
        TIMES[kind].append(seconds * 1000)
        if status >= 400:
            ERRORS.append(f"{kind} {path} -> {status}")


def request(port: int, method: str, path: str, kind: str, headers=None, body=None) -> tuple[int, dict, bytes]:
    """One request on this thread's keep-alive connection, timed and recorded."""
    headers = {"Host": "127.0.0.1", **(headers or {})}
    for attempt in (1, 2):
        conn = getattr(_local, "conn", None)
        reused = conn is not None
        if conn is None:
            conn = _local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            break
        except (http.client.HTTPException, OSError):
            conn.close()
            _local.conn = None
            if reused and attempt == 1:
                continue  # the server closed an idle keep-alive connection: open a new one, as a browser does
            record(kind, time.perf_counter() - started, 599, path)
            return 599, {}, b""
    record(kind, time.perf_counter() - started, response.status, path)
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


# --- Setting up, inside this process -------------------------------------------------------


def setup(people: int, pitches: int, var_dir: Path) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "oneteam.settings"
    django.setup()
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from oneteam.chapters.models import Chapter, Membership
    from oneteam.events.models import Event
    from oneteam.people.models import ApiToken, User
    from oneteam.unconf import services
    from oneteam.unconf.models import Pitch

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    chapter = Chapter.objects.create(name="OneTeam Global", slug="global", level=Chapter.Level.GLOBAL)
    organiser = User.objects.create_user(email="organiser@example.org", password="bench-organiser-2026",
                                         display_name="Bench Organiser")
    Membership.objects.create(chapter=chapter, user=organiser, role=Membership.Role.ORGANISER)
    start = (timezone.now() + dt.timedelta(days=14)).replace(hour=8, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        chapter=chapter, title="Bench unconference", slug="bench-unconf", format=Event.Format.UNCONFERENCE,
        status=Event.Status.PUBLISHED, published_at=timezone.now(), start=start, end=start + dt.timedelta(hours=10),
        timezone="Europe/London", venue="A big hall", capacity=5000,
    )
    unconference = services.create_unconference(event=event, by=organiser)
    for n, capacity in enumerate([200, 150, 120, 100, 80, 60, 50, 40, 30, 25]):
        services.add_room(unconference=unconference, by=organiser, name=f"Room {n + 1}", capacity=capacity)
    for n in range(8):
        begin = start + dt.timedelta(hours=1, minutes=55 * n)
        services.add_slot(unconference=unconference, by=organiser, start=begin, end=begin + dt.timedelta(minutes=45))
    password = make_password("bench-person-2026")
    users = User.objects.bulk_create([
        User(email=f"person-{n:04d}@example.org", password=password, display_name=f"Person {n}")
        for n in range(people)
    ])
    rng = random.Random(8)
    words = ["data", "services", "wellbeing", "policy", "design", "research", "climate", "inclusion", "AI",
             "procurement", "open source", "letters", "identity", "chapters", "mentoring", "borders"]
    for n in range(pitches):
        host = users[n % len(users)]
        topic = " and ".join(rng.sample(words, 2))
        services.submit_pitch(unconference=unconference, by=host, title=f"Pitch {n + 1}: {topic}",
                              description=f"A session about {topic}.")
    tokens = []
    rows = []
    for user in users:
        raw = f"ot_bench_{user.pk}_{rng.getrandbits(64):x}"
        tokens.append(raw)
        rows.append(ApiToken(user=user, name="bench", token_hash=ApiToken.hash(raw)))
    ApiToken.objects.bulk_create(rows)
    client = Client()
    client.force_login(organiser)
    return {
        "slug": unconference.slug,
        "pitch_ids": list(Pitch.objects.filter(unconference=unconference).order_by("pk").values_list("pk", flat=True)),
        "tokens": tokens,
        "organiser_session": client.cookies["sessionid"].value,
    }


# --- Driving the server ------------------------------------------------------------------------


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


class Organiser:
    def __init__(self, port: int, session: str, slug: str):
        self.port, self.slug = port, slug
        self.cookies = {"sessionid": session}

    def _headers(self, extra=None):
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(extra or {})}

    def get(self, path: str, kind: str) -> bytes:
        status, headers, body = request(self.port, "GET", path, kind, self._headers())
        cookie = headers.get("set-cookie", "")
        match = re.search(r"csrftoken=([^;]+)", cookie)
        if match:
            self.cookies["csrftoken"] = match.group(1)
        return body

    def post(self, path: str, data: dict, kind: str) -> tuple[int, dict]:
        page = self.get(f"/unconferences/{self.slug}/grid/", "grid page (organiser)")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({**data, "csrfmiddlewaretoken": token})
        status, headers, _ = request(self.port, "POST", path, kind, self._headers({
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}/"}), body)
        return status, headers

    def generate(self, seconds: int) -> float:
        started = time.perf_counter()
        status, headers = self.post(f"/unconferences/{self.slug}/grid/generate/",
                                    {"seconds": seconds, "seed": 0, "keep_pins": "on"}, "generate (POST)")
        location = headers.get("location", "")
        if status != 302 or "/grid/runs/" not in location:
            ERRORS.append(f"generate answered {status} {location}")
            return float("nan")
        while True:
            _s, _h, body = request(self.port, "GET", location + "?format=json", "progress (poll)", self._headers())
            data = json.loads(body or b"{}")
            if data.get("finished"):
                if data.get("status") != "done":
                    ERRORS.append(f"generation ended {data.get('status')}: {data.get('progress')}")
                return time.perf_counter() - started
            time.sleep(0.25)


def drain_queue(limit: float = 300) -> float:
    """Wait until the worker has done what setting up queued (similar pitches for the new pitches)."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks.base import TaskResultStatus

    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if not DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def open_loop(events: list[tuple[float, object]], workers: int = 64) -> float:
    """Run ``(seconds from now, action)`` pairs at their times, whatever the server's answers take
    (an open loop: arrivals do not wait for responses). Returns the worst lateness in seconds."""
    events = sorted(events, key=lambda e: e[0])
    start = time.perf_counter()
    index = [0]
    worst = [0.0]
    lock = threading.Lock()

    def work():
        while True:
            with lock:
                if index[0] >= len(events):
                    return
                at, action = events[index[0]]
                index[0] += 1
            delay = start + at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            else:
                with lock:
                    worst[0] = max(worst[0], -delay)
            action()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return worst[0]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--pitches", type=int, default=80)
    parser.add_argument("--watchers", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=5, help="the scheduler's budget for each generation")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--concurrency", type=int, default=16, help="clients for the grid page's throughput")
    parser.add_argument("--rate", type=float, default=8.0, help="people arriving a second to mark interest")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="oneteam-unconf-bench-"))
    env = {**os.environ, "ONETEAM_VAR_DIR": str(var_dir), "ONETEAM_DEV": "1", "ONETEAM_TASKS": "database",
           "LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    print(f"Setting up {args.people} people and {args.pitches} pitches in {var_dir} …", flush=True)
    data = setup(args.people, args.pitches, var_dir)
    server = subprocess.Popen([str(BIN / "oneteam"), "run", "--host", "127.0.0.1", "--port", str(args.port),
                               "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([str(BIN / "oneteam"), "worker", "--interval", "0.2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(args.port)
        drained = drain_queue()
        print(f"the worker caught up with the pitches' background work in {drained:.1f} s", flush=True)
        slug, port = data["slug"], args.port
        rng = random.Random(27)
        weights = [1 + (i % 7 == 0) * 6 + (i % 3 == 0) * 2 for i in range(len(data["pitch_ids"]))]

        def person(n: int) -> None:
            token = data["tokens"][n]
            auth = {"Authorization": f"Bearer {token}"}
            chosen = set()
            local = random.Random(n)
            while len(chosen) < min(5, len(data["pitch_ids"])):
                chosen.add(local.choices(data["pitch_ids"], weights=weights)[0])
            if n % 10 == 0:
                request(port, "GET", f"/unconferences/{slug}/", "pitch list page")
            for pitch_id in chosen:
                request(port, "PUT", f"/api/unconferences/{slug}/pitches/{pitch_id}/interest", "interest (API PUT)",
                        auth)
                time.sleep(0.2)

        # People arrive at --rate a second, each marking five pitches a second apart.
        arrivals = [(n / args.rate, lambda n=n: person(n)) for n in range(args.people)]
        started = time.perf_counter()
        late = open_loop(arrivals)
        marking = time.perf_counter() - started
        print(f"{args.people} people marked interest in {marking:.1f} s (arrivals at most {late:.2f} s late)",
              flush=True)

        organiser = Organiser(port, data["organiser_session"], slug)
        first = organiser.generate(args.seconds)
        print(f"first generation: {first:.1f} s end to end", flush=True)
        page = organiser.get(f"/unconferences/{slug}/grid/", "grid page (organiser)")
        pitch = re.search(rb'name="pitch" value="(\d+)"', page).group(1).decode()
        organiser.post(f"/unconferences/{slug}/grid/change/", {"pitch": pitch, "action": "pin"}, "pin (POST)")
        second = organiser.generate(args.seconds)
        print(f"re-optimised keeping the pin: {second:.1f} s end to end", flush=True)
        organiser.post(f"/unconferences/{slug}/grid/publish/", {"published": "true"}, "publish (POST)")

        # The watchers open the grid within the first 10 s and then ask every 5 s whether it changed (the
        # page's script asks every 15 s); when it has, they load it again. At 20 s the organiser moves a
        # session, so every watcher reloads the grid within seconds of each other.
        known: dict[int, str] = {}

        def open_grid(n: int) -> None:
            request(port, "GET", f"/unconferences/{slug}/grid/", "grid page (public)")

        def poll(n: int) -> None:
            _s, _h, body = request(port, "GET", f"/unconferences/{slug}/grid/version/", "grid version (poll)")
            version = body.decode()
            if known.setdefault(n, version) != version:
                known[n] = version
                open_grid(n)

        def move() -> None:
            page = organiser.get(f"/unconferences/{slug}/grid/", "grid page (organiser)")
            cells = re.findall(rb'<option value="(\d+-\d+)">', page)
            organiser.post(f"/unconferences/{slug}/grid/change/",
                           {"pitch": pitch, "action": "move", "cell": cells[-1].decode()}, "move (POST)")

        watch = []
        for n in range(args.watchers):
            first_look = rng.uniform(0, 10)
            watch.append((first_look, lambda n=n: open_grid(n)))
            watch.extend((first_look + 5 * k, lambda n=n: poll(n)) for k in range(1, 8))
        watch.append((20.0, move))
        late = open_loop(watch)
        print(f"{args.watchers} people watched the grid for 45 s (arrivals at most {late:.2f} s late)", flush=True)
        loads = 400
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(lambda _n: request(port, "GET", f"/unconferences/{slug}/grid/", "grid page (throughput)"),
                          range(loads)))
        rate = loads / (time.perf_counter() - started)
        print(f"grid page: {rate:.0f} requests/s with {args.concurrency} clients and 2 server processes "
              "(its latencies are left out of worst_p95_ms: a closed loop measures throughput)", flush=True)
        throughput = TIMES.pop("grid page (throughput)")
    finally:
        server.terminate()
        worker.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(var_dir, ignore_errors=True)

    print(f"{'kind':32} {'n':>6} {'p50_ms':>8} {'p95_ms':>8} {'max_ms':>8}")
    for kind, values in sorted(TIMES.items()):
        print(f"{kind:32} {len(values):6d} {statistics.median(values):8.1f} {p95(values):8.1f} {max(values):8.1f}")
    for error in ERRORS[:10]:
        print("error:", error)
    print(f"{'grid page (throughput)':32} {len(throughput):6d} {statistics.median(throughput):8.1f} "
          f"{p95(throughput):8.1f} {max(throughput):8.1f}   (not in worst_p95_ms)")
    worst = max(p95(values) for values in TIMES.values())
    generate_s = max(first, second)
    print(f"people={args.people} pitches={args.pitches} generate_s={generate_s:.1f} worst_p95_ms={worst:.0f} "
          f"errors={len(ERRORS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
