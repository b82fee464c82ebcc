"""Benchmark the work register through the real server at 100,000 projects.

    .venv/bin/python bench/register.py                        # SQLite in a fresh temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oneteam_bench .venv/bin/python bench/register.py
    .venv/bin/python bench/register.py --projects 20000 --requests 100   # a smaller run

What it does:

1. Migrates a fresh database (SQLite in a temporary ``ONETEAM_VAR_DIR``, or the
   empty PostgreSQL database ``DATABASE_URL`` names: its work tables are emptied
   first) and collects the static files, as a deployment would.
2. Loads ``--projects`` projects with ``bulk_create``: 200 organisations in 10
   countries, 30 themes, 90% public, 5% members-only, 5% private to a team.
   Their words are synthesised from the labelled set ``bench/data/projects.jsonl``
   the way ``bench/similar.py`` does (its ``synthesise``).
3. Vectors, when the ``oneteam[semantic]`` extra is installed: ``--sample``
   (default 200) texts are embedded with the real MiniLM, and those vectors are
   repeated to every project with seeded noise and re-normalised, as
   ``bench/similar.py`` synthesises its 100,000-row semantic index (embedding
   100,000 texts on two cores would take hours and would not change what a
   request costs). They are stored in ``ProjectVector`` as the worker stores
   them, so the server embeds only the queries, with the real model.
4. Starts ``oneteam run`` (uvicorn, one worker) on a free port, waits until the
   first request has built the process's similarity index (timed and printed),
   then times, one after another, signed out, over keep-alive HTTP:

   - ``list``:   the register's first pages (``/work/?page=1..5``);
   - ``search``: a filtered search, words plus phase and country
     (``/work/?q=…&phase=beta&country=GB``);
   - ``page``:   a random project's page, with its similar projects;
   - ``typing``: the "similar while typing" request (``/work/similar/?text=…``)
     with texts of growing length, as a person types.

It ends with one line:
``projects=… list_p95_ms=… search_p95_ms=… page_p95_ms=… typing_p95_ms=…``
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

SEED = 20261201
COUNTRIES = ["GB", "CA", "AU", "NZ", "NO", "FI", "SE", "CH", "IE", "NL"]
PHASES = ["idea", "discovery", "alpha", "beta", "live", "retired"]


def configure(args) -> dict:
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["ONETEAM_VAR_DIR"] = tempfile.mkdtemp(prefix="oneteam-bench-register-")
    else:
        env.setdefault("ONETEAM_VAR_DIR", tempfile.mkdtemp(prefix="oneteam-bench-register-"))
    env.update({
        "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-" + "x" * 50,
        "DEBUG": "false", "ONETEAM_TESTING": "false", "ONETEAM_DEV": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "ONETEAM_TASKS": "database",
        "DJANGO_SETTINGS_MODULE": "oneteam.settings",
    })
    from oneteam.similarity import semantic_available

    semantic = semantic_available() and not args.lexical
    env["ONETEAM_EMBEDDING_MODEL"] = "minilm" if semantic else "lexical"
    os.environ.update(env)
    import django

    django.setup()
    return env


def load(count: int, sample: int) -> tuple[list[str], float]:
    import numpy as np
    from django.core.management import call_command
    from django.db import connection, transaction

    from oneteam.people.models import Organisation, User
    from oneteam.work import embedding
    from oneteam.work.models import Project, ProjectPerson, ProjectVector, Theme
    from similar import TUNING, _tile, load_labelled, synthesise

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    for model in (ProjectVector, ProjectPerson, Project.themes.through, Project, Theme):
        model.objects.all().delete()
    owner, _ = User.objects.get_or_create(email="bench-owner@example.org", defaults={"display_name": "Bench"})
    organisations = []
    for number in range(200):
        organisation, _ = Organisation.objects.get_or_create(
            slug=f"bench-organisation-{number}",
            defaults={"name": f"Bench organisation {number}", "kind": "council",
                      "country": COUNTRIES[number % len(COUNTRIES)]},
        )
        organisations.append(organisation)
    themes = Theme.objects.bulk_create([Theme(name=f"Bench theme {n}", slug=f"bench-theme-{n}") for n in range(30)])
    items = synthesise(load_labelled(TUNING, "tuning"), count, seed=SEED)
    rng = random.Random(SEED)
    name = embedding.model_name()
    vectors = None
    if name:
        sample_texts = [text for _, text in items[:sample]]
        vectors = _tile(embedding.embed(sample_texts, name), count)
    slugs = []
    batch = 5000
    for first in range(0, count, batch):
        rows = []
        for number in range(first, min(first + batch, count)):
            title, _, summary = items[number][1].partition("\n")
            roll = rng.random()
            visibility = "public" if roll < 0.9 else ("members" if roll < 0.95 else "team")
            rows.append(Project(
                title=title[:150], slug=f"bench-{number}", summary=summary[:4000],
                organisation=organisations[number % len(organisations)], phase=PHASES[number % len(PHASES)],
                visibility=visibility, created_by=owner,
            ))
        with transaction.atomic():
            made = Project.objects.bulk_create(rows)
            Project.themes.through.objects.bulk_create([
                Project.themes.through(project_id=p.pk, theme_id=themes[p.pk % len(themes)].pk) for p in made])
            ProjectPerson.objects.bulk_create([
                ProjectPerson(project=p, user=owner, role="Owner", responsible=True) for p in made])
            if vectors is not None:
                ProjectVector.objects.bulk_create([
                    ProjectVector(project=p, model=name, text_hash=embedding.text_hash(p.text),
                                  vector=embedding.to_bytes(vectors[first + index]))
                    for index, p in enumerate(made)])
        slugs.extend(p.slug for p in made if p.visibility == "public")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return slugs, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    """Keep-alive GETs. A 500 is tried again (up to 3 times, a second apart) and
    counted: on the shared machine the PostgreSQL server now and then refuses new
    connections ("too many clients") when other engineers' suites fill it. The
    time of the attempt that answered is recorded; ``retried`` is printed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.retried = 0

    def get(self, path: str, retry: bool = True) -> float:
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            if not retry:
                raise
            return self.get(path, retry=False)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status == 500 and self.retried < 50 and not path.startswith("/healthz"):
            self.retried += 1
            time.sleep(1)
            return self.get(path)
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status}: {body[:300]!r}")
        return elapsed


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def wait_until_up(client: Client, server: subprocess.Popen) -> None:
    deadline = time.time() + 120
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped while starting; see server.log in ONETEAM_VAR_DIR")
        try:
            client.get("/healthz", retry=False)
            return
        except (SystemExit, OSError):
            time.sleep(0.5)
    raise SystemExit("the server did not start within two minutes")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    return (f"{datetime.date.today().isoformat()}, nproc {os.cpu_count()}, {cpu}, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests of each kind")
    parser.add_argument("--sample", type=int, default=200, help="texts embedded with the real model")
    parser.add_argument("--lexical", action="store_true", help="no vectors, lexical matching only")
    args = parser.parse_args(argv)

    env = configure(args)
    from django.db import connection

    print(f"machine: {machine()}; database: {connection.vendor}; embedding: {env['ONETEAM_EMBEDDING_MODEL']}",
          flush=True)
    slugs, loading = load(args.projects, args.sample)
    print(f"loaded {args.projects:,} projects in {loading:.1f} s", flush=True)
    connection.close()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "oneteam.cli", "run", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(Path(env["ONETEAM_VAR_DIR"]) / "server.log", "w"),
    )
    try:
        client = Client(port)
        wait_until_up(client, server)
        build = client.get("/work/similar/?text=warming+up")
        print(f"first request, building the process's index: {build / 1000:.1f} s", flush=True)
        for path in ("/work/", "/work/?q=older+people&phase=beta&country=GB", f"/work/{slugs[0]}/"):
            client.get(path)  # warm templates and query plans

        rng = random.Random(SEED)
        from similar import TUNING, free_text_queries, load_labelled

        queries = free_text_queries(load_labelled(TUNING, "tuning"), args.requests)
        timings: dict[str, list[float]] = {"list": [], "search": [], "page": [], "typing": []}
        for number in range(args.requests):
            timings["list"].append(client.get(f"/work/?page={number % 5 + 1}"))
            words = urllib.parse.quote_plus(" ".join(queries[number].split()[:4]))
            phase = ["beta", "live", "alpha"][number % 3]
            timings["search"].append(client.get(f"/work/?q={words}&phase={phase}&country={COUNTRIES[number % 4]}"))
            timings["page"].append(client.get(f"/work/{rng.choice(slugs)}/"))
            typed = queries[number][: 12 + (number % 6) * 12]
            timings["typing"].append(client.get("/work/similar/?text=" + urllib.parse.quote_plus(typed)))
        for kind, values in timings.items():
            print(f"{kind}: p50 {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms, "
                  f"max {max(values):.1f} ms over {len(values)} requests", flush=True)
        print(f"requests tried again after a server error: {client.retried}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"projects={args.projects} list_p95_ms={p95(timings['list']):.1f} "
          f"search_p95_ms={p95(timings['search']):.1f} page_p95_ms={p95(timings['page']):.1f} "
          f"typing_p95_ms={p95(timings['typing']):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
