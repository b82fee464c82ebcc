"""Benchmark the similarity engine: quality on two labelled sets, embedding throughput, speed at 100k.

    .venv/bin/python bench/similar.py                  # everything (about 10 minutes)
    .venv/bin/python bench/similar.py --skip-speed     # quality and throughput only
    .venv/bin/python bench/similar.py --lexical-only   # without the semantic extra
    .venv/bin/python bench/similar.py --throughput-only  # re-measure embedding speed
    .venv/bin/python bench/similar.py --items 20000    # a smaller speed run

Two labelled sets, the same format (anchors, paraphrases of an anchor,
look-alikes of an anchor that are different work, fillers):

- tuning (``bench/data/projects.jsonl``): the set the concept map, the two-view
  idea and every weight were developed on. The default is chosen here, and
  only here, by the rule in ``choose_default``;
- held-out (``bench/data/heldout.jsonl``): written later by other hands, in
  other styles, about other services in other countries, and used for nothing
  but this report.

Each paraphrase is a query whose answer is its anchor, and each anchor a query
whose answer is each of its paraphrases. The rank of the answer among all
other items is recorded, leaving out the query's other paraphrases (also right
answers). Reported: recall@1, recall@5 and MRR.

Every semantic system is scored through ``SimilarityIndex`` itself, with the
default encoder (ONNX Runtime, int8); plain MiniLM and the default are also
scored with the PyTorch model, to show the int8 model costs no quality.

Throughput: texts embedded per second by each backend on the labelled sets'
texts (every view the default embeds), per second of wall time and per second
of the process's CPU time, with the load average of the machine before and
after (the machine is shared, so wall-time figures are pessimistic when it is
busy).

Speed at scale: 100,000 items are synthesised by recombining the labelled
set's titles and sentences with a fixed seed. Timed: the lexical build,
free-text queries (p50/p95) on the lexical index, and free-text queries on a
semantic index of the same 100,000 texts whose vectors are a sample's
embeddings tiled to 100,000 rows with seeded noise and re-normalised. Query
times include embedding the query with the real model. Also timed: the
batched all-items matching that ``oneteam similar`` does after embedding, on
the first few thousand items of the same index.

The last line is ``key=value`` pairs for scripts.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from oneteam.similarity import (
    DEFAULT_SEMANTIC_WEIGHT,
    DEFAULT_VIEWS,
    SimilarityIndex,
    minilm_encoder,
    semantic_available,
)
from oneteam.similarity.semantic import Encoder, document_views, embed_documents

DATA = Path(__file__).parent / "data"
TUNING = DATA / "projects.jsonl"
HELDOUT = DATA / "heldout.jsonl"
SEED = 20261101
QUERY_COUNT = 300
BLEND_WEIGHTS = [0.95, 0.9, 0.85, 0.8, 0.7, 0.5]
MRR_MARGIN = 0.01
MATCHED = 2_048


@dataclass(frozen=True)
class Labelled:
    name: str
    items: list[tuple[str, str]]
    queries: list[tuple[str, str, frozenset[str]]]  # (query id, answer id, ids to leave out)


@dataclass(frozen=True)
class Quality:
    recall_at_1: float
    recall_at_5: float
    mrr: float


@dataclass(frozen=True)
class System:
    """A way of scoring: how many views are embedded, and the weight of the cosine."""

    views: int
    weight: float

    @property
    def label(self) -> str:
        base = "plain MiniLM cosine" if self.views == 1 else "two-view MiniLM cosine"
        return base if self.weight == 1.0 else f"{base} + concepts, weight {self.weight}"


PLAIN = System(views=1, weight=1.0)
DEFAULT = System(views=DEFAULT_VIEWS, weight=DEFAULT_SEMANTIC_WEIGHT)
CANDIDATES = [PLAIN, System(2, 1.0)] + [System(v, w) for v in (1, 2) for w in BLEND_WEIGHTS]


def load_labelled(path: Path, name: str) -> Labelled:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [(str(r["id"]), f"{r['title']}\n{r['body']}") for r in records]
    groups: dict[str, list[str]] = {}
    for record in records:
        if record.get("kind") == "paraphrase":
            groups.setdefault(str(record["same_as"]), []).append(str(record["id"]))
    queries: list[tuple[str, str, frozenset[str]]] = []
    for anchor, paraphrases in groups.items():
        for paraphrase in paraphrases:
            siblings = frozenset(p for p in paraphrases if p != paraphrase)
            queries.append((paraphrase, anchor, siblings))
            queries.append((anchor, paraphrase, siblings))
    return Labelled(name, items, queries)


def rank_of(index: SimilarityIndex, query: str, answer: str, leave_out: frozenset[str]) -> int | None:
    ranking = [match.id for match in index.similar_to(query, len(index)) if match.id not in leave_out]
    return ranking.index(answer) + 1 if answer in ranking else None


def quality(index: SimilarityIndex, labelled: Labelled) -> Quality:
    return summarise([rank_of(index, *query) for query in labelled.queries])


def summarise(ranks: Sequence[int | None]) -> Quality:
    hits = len(ranks)
    return Quality(
        recall_at_1=sum(1 for r in ranks if r is not None and r <= 1) / hits,
        recall_at_5=sum(1 for r in ranks if r is not None and r <= 5) / hits,
        mrr=sum(1.0 / r for r in ranks if r is not None) / hits,
    )


class CachingEncoder:
    """The model, remembering every text it has embedded (so systems share embeddings)."""

    def __init__(self, model: Encoder) -> None:
        self.name = model.name
        self.dimension = model.dimension
        self._model = model
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        if missing:
            self._cache.update(zip(missing, self._model.encode(missing)))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[text] for text in texts])


def score(system: System, labelled: Labelled, encoder: Encoder | None) -> Quality:
    index = SimilarityIndex.build(labelled.items, encoder, system.weight, views=system.views)
    return quality(index, labelled)


def choose_default(tuning: dict[System, Quality]) -> System:
    """The rule, applied to the tuning set only.

    The candidate with the highest MRR wins if it beats plain MiniLM by at
    least ``MRR_MARGIN`` without a lower recall@5; otherwise plain MiniLM. The
    margin is there because the concept map and the two-view idea were designed
    while reading the tuning set, so small gains on it are likely to be fitted.
    """
    best = max(CANDIDATES, key=lambda system: (tuning[system].mrr, tuning[system].recall_at_5))
    plain = tuning[PLAIN]
    if tuning[best].mrr >= plain.mrr + MRR_MARGIN and tuning[best].recall_at_5 >= plain.recall_at_5:
        return best
    return PLAIN


class FixedVectorsEncoder:
    """Gives every view of item ``i`` row ``i`` of ``vectors``; asks the model for other texts."""

    def __init__(self, model: Encoder, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.name = model.name
        self.dimension = model.dimension
        self._model = model
        self._rows = {view: row for row, text in enumerate(texts) for view in document_views(text)}
        self._vectors = vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if texts and all(text in self._rows for text in texts):
            return self._vectors[[self._rows[text] for text in texts]]
        return self._model.encode(texts)


def synthesise(labelled: Labelled, count: int, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` items made of the labelled set's titles and sentences, reshuffled."""
    rng = random.Random(seed)
    titles = [text.split("\n", 1)[0] for _, text in labelled.items]
    sentences = [
        sentence
        for _, text in labelled.items
        for sentence in re.split(r"(?<=[.!?])\s+", text.split("\n", 1)[1])
        if sentence.strip()
    ]
    words = sorted({word for title in titles for word in title.split()})
    items = []
    for number in range(count):
        title = f"{rng.choice(titles)} {rng.choice(words)} {number}"
        body = " ".join(rng.sample(sentences, k=min(len(sentences), rng.randint(2, 5))))
        items.append((f"synthetic-{number}", f"{title}\n{body}"))
    return items


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def query_latencies(index: SimilarityIndex, queries: Sequence[str]) -> tuple[float, float]:
    """p50 and p95 of ``search(query, k=5)`` in milliseconds (after one warm-up)."""
    index.search(queries[0], 5)
    times = [timed(lambda q=q: index.search(q, 5))[0] * 1000.0 for q in queries]
    cuts = statistics.quantiles(times, n=100)
    return cuts[49], cuts[94]


def free_text_queries(labelled: Labelled, count: int) -> list[str]:
    """Titles of the labelled set, and the first sentence of bodies, as users might type them."""
    rng = random.Random(SEED + 1)
    texts = [text.split("\n", 1)[0] for _, text in labelled.items]
    texts += [re.split(r"(?<=[.!?])\s+", text.split("\n", 1)[1])[0] for _, text in labelled.items]
    return [rng.choice(texts) for _ in range(count)]


def load() -> float:
    return os.getloadavg()[0]


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    return (
        f"{datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}, nproc {os.cpu_count()}, "
        f"{cpu}, Python {platform.python_version()}, numpy {np.__version__}, "
        f"load average {load():.1f} at start"
    )


def row(name: str, *results: Quality) -> str:
    cells = " | ".join(f"{r.recall_at_1:.3f} | {r.recall_at_5:.3f} | {r.mrr:.3f}" for r in results)
    return f"| {name} | {cells} |"


def run_quality(sets: list[Labelled], fast: Encoder | None, torch: Encoder | None) -> dict[str, float]:
    tuning, heldout = sets
    header = " | ".join(f"{s.name} R@1 | {s.name} R@5 | {s.name} MRR" for s in sets)
    print(f"\n### Quality: {tuning.name} {len(tuning.items)} items / {len(tuning.queries)} queries, "
          f"{heldout.name} {len(heldout.items)} items / {len(heldout.queries)} queries\n")
    print(f"| system | {header} |\n|---|{'---|' * 3 * len(sets)}")
    lexical = [quality(SimilarityIndex.build(s.items), s) for s in sets]
    print(row("lexical (no extra)", *lexical))
    figures: dict[str, float] = {}
    if fast is None:
        figures.update(heldout_recall_at_5=lexical[1].recall_at_5, heldout_mrr=lexical[1].mrr)
        return figures
    cached = {s.name: CachingEncoder(fast) for s in sets}
    tuned = {system: score(system, tuning, cached[tuning.name]) for system in CANDIDATES}
    chosen = choose_default(tuned)
    held = {system: score(system, heldout, cached[heldout.name]) for system in {PLAIN, DEFAULT, chosen}}
    print(row(f"{PLAIN.label} (the bar)", tuned[PLAIN], held[PLAIN]))
    print(row(f"**default: {DEFAULT.label}**", tuned[DEFAULT], held[DEFAULT]))
    if torch is not None:
        torch_cached = {s.name: CachingEncoder(torch) for s in sets}
        for system in dict.fromkeys([PLAIN, DEFAULT]):
            torch_results = [score(system, s, torch_cached[s.name]) for s in sets]
            print(row(f"{system.label}, PyTorch model", *torch_results))
            ours = [tuned[system], held[system]]
            gap = max(abs(a - b) for t, o in zip(torch_results, ours)
                      for a, b in zip((t.recall_at_1, t.recall_at_5, t.mrr), (o.recall_at_1, o.recall_at_5, o.mrr)))
            figures[f"int8_gap_{'plain' if system == PLAIN else 'default'}"] = gap
    print(f"\nRule applied to the {tuning.name} set picks: {chosen.label}"
          f"{' (the default in the code)' if chosen == DEFAULT else ' -- NOT the default in the code'}.")
    beats = held[DEFAULT].recall_at_5 > held[PLAIN].recall_at_5 and held[DEFAULT].mrr > held[PLAIN].mrr
    print(f"On the {heldout.name} set the default {'is plain MiniLM' if DEFAULT == PLAIN else ('beats' if beats else 'does NOT beat')}"
          f"{'' if DEFAULT == PLAIN else ' plain MiniLM on recall@5 and MRR'}.")
    print(f"\nCandidates on the {tuning.name} set (the only figures the choice looks at):\n")
    print(f"| system | {tuning.name} R@1 | {tuning.name} R@5 | {tuning.name} MRR |\n|---|---|---|---|")
    for system in CANDIDATES:
        print(row(system.label, tuned[system]))
    figures.update(
        tuning_recall_at_5=tuned[DEFAULT].recall_at_5, tuning_mrr=tuned[DEFAULT].mrr,
        heldout_recall_at_5=held[DEFAULT].recall_at_5, heldout_mrr=held[DEFAULT].mrr,
        plain_heldout_recall_at_5=held[PLAIN].recall_at_5, plain_heldout_mrr=held[PLAIN].mrr,
    )
    return figures


def run_throughput(sets: list[Labelled], fast: Encoder, torch: Encoder | None) -> dict[str, float]:
    """Texts per second of wall time and per second of this process's CPU time.

    The embedding runs on one thread, so on an otherwise idle core texts per
    CPU-second is what it would deliver; wall time shows what it delivered on
    the machine as loaded at the time (the load average is printed beside it).
    """
    texts = [text for labelled in sets for _, text in labelled.items]
    print(f"\n### Embedding throughput ({len(texts)} labelled project texts, title + body, "
          f"{DEFAULT_VIEWS} view(s) each)\n")
    print("| backend | texts embedded | texts/s (wall) | items/s (wall) | texts per CPU-second "
          "| load before / after |\n|---|---|---|---|---|---|")
    figures: dict[str, float] = {}
    backends = [(fast, texts)] + ([(torch, texts[::10])] if torch else [])
    for model, batch in backends:
        views = [view for text in batch for view in document_views(text, DEFAULT_VIEWS)]
        model.encode(views[:8])  # warm-up
        before = load()
        cpu_start = time.process_time()
        seconds, _ = timed(lambda: model.encode(views))
        cpu = time.process_time() - cpu_start
        after = load()
        rate = len(views) / seconds
        backend = getattr(model, "backend", model.name)
        print(f"| {backend} | {len(views):,} | {rate:.0f} | {len(batch) / seconds:.0f} "
              f"| {len(views) / cpu:.0f} | {before:.1f} / {after:.1f} |")
        if model is fast:
            figures.update(throughput_texts_per_s=rate, throughput_items_per_s=len(batch) / seconds,
                           throughput_texts_per_cpu_s=len(views) / cpu, throughput_load=max(before, after))
    return figures


def run_speed(labelled: Labelled, model: Encoder | None, count: int, sample: int) -> None:
    print(f"\n### Speed ({count:,} synthetic items, {QUERY_COUNT} free-text queries, k=5)\n")
    items = synthesise(labelled, count)
    queries = free_text_queries(labelled, QUERY_COUNT)
    build_time, lexical = timed(lambda: SimilarityIndex.build(items))
    p50, p95 = query_latencies(lexical, queries)
    print("| measure | value |\n|---|---|")
    print(f"| lexical index build, {count:,} items | {build_time:.1f} s |")
    print(f"| lexical free-text query p50 / p95 | {p50:.1f} ms / {p95:.1f} ms |")
    del lexical
    if model is None:
        return
    vectors = embed_documents(model, [text for _, text in items[:sample]], DEFAULT_VIEWS)
    tiled = _tile(vectors, count)
    cached = FixedVectorsEncoder(model, [text for _, text in items], tiled)
    semantic_build, semantic = timed(lambda: SimilarityIndex.build(items, cached))
    p50, p95 = query_latencies(semantic, queries)
    print(f"| semantic index build from ready vectors, {count:,} items | {semantic_build:.1f} s |")
    print(f"| semantic free-text query p50 / p95 (incl. embedding the query) | {p50:.1f} ms / {p95:.1f} ms |")
    answers = semantic.similar_to_all(5)
    seconds, _ = timed(lambda: [next(answers) for _ in range(MATCHED)])
    print(f"| all-items matching (`oneteam similar`'s second phase), {count:,} items, "
          f"first {MATCHED:,} timed | {MATCHED / seconds:,.0f} items/s, so {count / (MATCHED / seconds) / 60:.1f} min for all |")


def _tile(vectors: np.ndarray, count: int) -> np.ndarray:
    """``count`` rows: ``vectors`` repeated, each copy jittered by seeded noise, unit length."""
    rng = np.random.default_rng(SEED)
    rows = np.resize(vectors, (count, vectors.shape[1]))
    rows = rows + rng.normal(0.0, 0.02, size=rows.shape).astype(np.float32)
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    parser.add_argument("--items", type=int, default=100_000, help="synthetic items for speed")
    parser.add_argument("--sample", type=int, default=1_000, help="items embedded for the 100k speed run")
    parser.add_argument("--lexical-only", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-torch", action="store_true", help="do not score the PyTorch model")
    parser.add_argument("--throughput-only", action="store_true", help="only the embedding throughput")
    options = parser.parse_args(argv)
    for path in (options.tuning, options.heldout):
        if not path.exists():
            print(f"no labelled data at {path}", file=sys.stderr)
            return 2
    semantic = semantic_available() and not options.lexical_only
    fast = minilm_encoder() if semantic else None
    torch = minilm_encoder("torch") if semantic and not options.skip_torch else None
    sets = [load_labelled(options.tuning, "tuning"), load_labelled(options.heldout, "held-out")]
    backend = getattr(fast, "backend", "") if fast else ""
    print(f"Machine: {machine()}; semantic: {'MiniLM ' + backend if fast else 'not installed'}")
    figures = {} if options.throughput_only else run_quality(sets, fast, torch)
    if fast is not None:
        figures.update(run_throughput(sets, fast, torch))
    if not options.skip_speed and not options.throughput_only:
        run_speed(sets[0], fast, options.items, options.sample)
    print("\n" + " ".join(f"{key}={value:.3f}" for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
