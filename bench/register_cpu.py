"""CPU time of the work register's benchmark requests, in one process, with their queries.

    .venv/bin/python bench/register_cpu.py VAR_DIR --load 100000   # load a SQLite database into VAR_DIR first
    .venv/bin/python bench/register_cpu.py VAR_DIR                 # then time it again, as often as wanted
    .venv/bin/python bench/register_cpu.py VAR_DIR --profile page  # and cProfile one kind of request

The same four kinds of request as ``bench/register.py`` (list, filtered search,
project page, similar while typing), made with Django's test client through the
whole middleware stack, signed out. What it reports is CPU time per request
(``time.process_time``) and the queries each made: unlike wall-clock figures
through the server, these barely move when other work shares the machine.
``DATABASE_URL`` chooses PostgreSQL as for ``bench/register.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

KINDS = ("list", "search", "page", "typing")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("var_dir", help="ONETEAM_VAR_DIR: the SQLite database, static files and saved index")
    parser.add_argument("--load", type=int, default=0, help="first load this many projects (replaces the register)")
    parser.add_argument("--requests", type=int, default=100, help="requests of each kind")
    parser.add_argument("--profile", choices=KINDS, help="print a cProfile of this kind of request")
    args = parser.parse_args(argv)

    os.environ.update({
        "ONETEAM_VAR_DIR": args.var_dir, "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-" + "x" * 50,
        "DEBUG": "false", "ONETEAM_TESTING": "false", "ONETEAM_DEV": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "ONETEAM_TASKS": "database",
        "DJANGO_SETTINGS_MODULE": "oneteam.settings",
    })
    from oneteam.similarity import semantic_available

    os.environ["ONETEAM_EMBEDDING_MODEL"] = "minilm" if semantic_available() else "lexical"
    import django

    django.setup()
    import register as bench
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from similar import TUNING, free_text_queries, load_labelled

    from oneteam.work.models import Project

    if args.load:
        _, seconds = bench.load(args.load, 200)
        print(f"loaded {args.load:,} projects in {seconds:.1f} s", flush=True)
    slugs = list(Project.objects.filter(visibility="public").order_by("pk").values_list("slug", flat=True))
    client = Client(HTTP_HOST="127.0.0.1")
    started = time.process_time()
    client.get("/work/similar/?text=warming+up")
    print(f"first request, building or loading the index: {time.process_time() - started:.1f} s CPU", flush=True)
    for path in ("/work/", "/work/?q=older+people&phase=beta&country=GB", f"/work/{slugs[0]}/"):
        client.get(path)

    queries = free_text_queries(load_labelled(TUNING, "tuning"), args.requests)
    rng = random.Random(bench.SEED)
    cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
    counts: dict[str, list[int]] = {kind: [] for kind in KINDS}
    database: dict[str, list[float]] = {kind: [] for kind in KINDS}
    profile = cProfile.Profile()
    collections = [generation["collections"] for generation in gc.get_stats()]
    for number in range(args.requests):
        words = urllib.parse.quote_plus(" ".join(queries[number].split()[:4]))
        paths = {
            "list": f"/work/?page={number % 5 + 1}",
            "search": f"/work/?q={words}&phase={['beta', 'live', 'alpha'][number % 3]}"
                      f"&country={bench.COUNTRIES[number % 4]}",
            "page": f"/work/{rng.choice(slugs)}/",
            "typing": "/work/similar/?text=" + urllib.parse.quote_plus(queries[number][: 12 + (number % 6) * 12]),
        }
        for kind, path in paths.items():
            with CaptureQueriesContext(connection) as captured:
                if kind == args.profile:
                    profile.enable()
                started = time.process_time()
                response = client.get(path)
                cpu[kind].append((time.process_time() - started) * 1000)
                if kind == args.profile:
                    profile.disable()
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}")
            counts[kind].append(len(captured.captured_queries))
            database[kind].append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    print("garbage collections (generations 0, 1, 2):",
          [generation["collections"] - before for generation, before in zip(gc.get_stats(), collections)])
    for kind in KINDS:
        values = cpu[kind]
        p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
        print(f"{kind}: CPU mean {statistics.mean(values):.1f} ms, p50 {statistics.median(values):.1f} ms, "
              f"p95 {p95:.1f} ms, max {max(values):.1f} ms; queries {statistics.mean(counts[kind]):.1f}, "
              f"their time {statistics.mean(database[kind]):.1f} ms")
    if args.profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
