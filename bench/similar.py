"""Benchmark the similarity engine: quality on the labelled set, then speed at 100k items.

    .venv/bin/python bench/similar.py                  # everything (about 10 minutes)
    .venv/bin/python bench/similar.py --lexical-only   # without the semantic extra
    .venv/bin/python bench/similar.py --items 20000    # a smaller speed run

Quality: every item of ``bench/data/projects.jsonl`` is indexed. Each
paraphrase is a query whose answer is its anchor, and each anchor a query whose
answer is each of its paraphrases. The rank of the answer among all other
items is recorded, leaving out the query's other paraphrases (also right
answers). Reported: recall@1, recall@5 and MRR for

- lexical:  ``SimilarityIndex`` with no encoder;
- MiniLM:   plain all-MiniLM-L6-v2 cosine of one embedding of title and body;
- OneTeam:  the default blend of two-view cosine and concept score;

plus a sweep of the semantic weight, which is how the default was chosen.

Speed: 100,000 items are synthesised by recombining the labelled set's titles
and sentences with a fixed seed. Timed: the lexical build, free-text queries
(p50/p95) on the lexical index, MiniLM throughput on a sample, and free-text
queries on a semantic index of the same 100,000 texts whose vectors are the
sample's embeddings tiled to 100,000 rows with seeded noise and re-normalised
(embedding 100,000 texts on two cores would take a quarter of an hour and
would not change the cost of a query). Query times include embedding the
query with the real model.
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

from oneteam.similarity import DEFAULT_SEMANTIC_WEIGHT, SimilarityIndex, semantic_available
from oneteam.similarity.semantic import Encoder, document_views, embed_documents, minilm_encoder

DATA = Path(__file__).parent / "data" / "projects.jsonl"
SEED = 20261101
QUERY_COUNT = 300
WEIGHT_SWEEP = [round(0.1 * step, 1) for step in range(11)]


@dataclass(frozen=True)
class Labelled:
    items: list[tuple[str, str]]
    queries: list[tuple[str, str, frozenset[str]]]  # (query id, answer id, ids to leave out)


@dataclass(frozen=True)
class Quality:
    recall_at_1: float
    recall_at_5: float
    mrr: float


def load_labelled(path: Path) -> Labelled:
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
    return Labelled(items, queries)


def rank_of(index: SimilarityIndex, query: str, answer: str, leave_out: frozenset[str]) -> int | None:
    ranking = [match.id for match in index.similar_to(query, len(index)) if match.id not in leave_out]
    return ranking.index(answer) + 1 if answer in ranking else None


def quality(index: SimilarityIndex, labelled: Labelled) -> Quality:
    return summarise([rank_of(index, *query) for query in labelled.queries])


def plain_minilm_quality(model: Encoder, labelled: Labelled) -> Quality:
    """The bar: cosine of one embedding of title and body, nothing else."""
    vectors = model.encode([text for _, text in labelled.items])
    position = {item_id: row for row, (item_id, _) in enumerate(labelled.items)}
    ranks: list[int | None] = []
    for query, answer, leave_out in labelled.queries:
        scores = vectors @ vectors[position[query]]
        scores[[position[other] for other in leave_out | {query}]] = -np.inf
        ranks.append(1 + int(np.sum(scores > scores[position[answer]])))
    return summarise(ranks)


def summarise(ranks: Sequence[int | None]) -> Quality:
    hits = len(ranks)
    return Quality(
        recall_at_1=sum(1 for r in ranks if r is not None and r <= 1) / hits,
        recall_at_5=sum(1 for r in ranks if r is not None and r <= 5) / hits,
        mrr=sum(1.0 / r for r in ranks if r is not None) / hits,
    )


class CachingEncoder:
    """The model, remembering every text it has embedded (for the weight sweep)."""

    def __init__(self, model: Encoder) -> None:
        self.name = model.name
        self.dimension = model.dimension
        self._model = model
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        self._cache.update(zip(missing, self._model.encode(missing)))
        return np.stack([self._cache[text] for text in texts])


class FixedVectorsEncoder:
    """Gives every view of item ``i`` row ``i`` of ``vectors``; asks the model for other texts."""

    def __init__(self, model: Encoder, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.name = model.name
        self.dimension = model.dimension
        self._model = model
        self._rows = {view: row for row, text in enumerate(texts) for view in document_views(text)}
        self._vectors = vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if all(text in self._rows for text in texts):
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


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    return (
        f"{datetime.date.today().isoformat()}, nproc {os.cpu_count()}, {cpu}, "
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )


def print_quality(name: str, result: Quality) -> None:
    print(f"| {name} | {result.recall_at_1:.3f} | {result.recall_at_5:.3f} | {result.mrr:.3f} |")


def run_quality(labelled: Labelled, model: Encoder | None) -> None:
    print(f"\n### Quality ({len(labelled.items)} items, {len(labelled.queries)} queries)\n")
    print("| system | recall@1 | recall@5 | MRR |\n|---|---|---|---|")
    print_quality("lexical (OneTeam, no extra)", quality(SimilarityIndex.build(labelled.items), labelled))
    if model is None:
        return
    cached = CachingEncoder(model)
    sweep = {
        weight: quality(SimilarityIndex.build(labelled.items, cached, weight), labelled)
        for weight in WEIGHT_SWEEP
    }
    print_quality("plain MiniLM cosine (title + body, one vector)", plain_minilm_quality(model, labelled))
    print_quality(f"OneTeam semantic (weight {DEFAULT_SEMANTIC_WEIGHT})", sweep[DEFAULT_SEMANTIC_WEIGHT])
    print("\nSemantic weight sweep (0 = concept score only, 1 = two-view MiniLM only):\n")
    print("| weight | recall@1 | recall@5 | MRR |\n|---|---|---|---|")
    for weight, result in sweep.items():
        print_quality(str(weight), result)


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
    texts = [text for _, text in items[:sample]]
    encode_time, vectors = timed(lambda: embed_documents(model, texts))
    print(f"| MiniLM embedding throughput, 2 views per item ({sample:,} items) | {sample / encode_time:.0f} items/s |")
    tiled = _tile(vectors, count)
    cached = FixedVectorsEncoder(model, [text for _, text in items], tiled)
    semantic_build, semantic = timed(lambda: SimilarityIndex.build(items, cached))
    p50, p95 = query_latencies(semantic, queries)
    print(f"| semantic index build from ready vectors, {count:,} items | {semantic_build:.1f} s |")
    print(f"| semantic free-text query p50 / p95 (incl. embedding the query) | {p50:.1f} ms / {p95:.1f} ms |")


def _tile(vectors: np.ndarray, count: int) -> np.ndarray:
    """``count`` rows: ``vectors`` repeated, each copy jittered by seeded noise, unit length."""
    rng = np.random.default_rng(SEED)
    rows = np.resize(vectors, (count, vectors.shape[1]))
    rows = rows + rng.normal(0.0, 0.02, size=rows.shape).astype(np.float32)
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--items", type=int, default=100_000, help="synthetic items for speed")
    parser.add_argument("--sample", type=int, default=2_000, help="items embedded for throughput")
    parser.add_argument("--lexical-only", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    options = parser.parse_args(argv)
    if not options.data.exists():
        print(f"no labelled data at {options.data}", file=sys.stderr)
        return 2
    model = None if options.lexical_only or not semantic_available() else minilm_encoder()
    labelled = load_labelled(options.data)
    print(f"Machine: {machine()}; semantic: {'MiniLM ' + model.name if model else 'not installed'}")
    run_quality(labelled, model)
    if not options.skip_speed:
        run_speed(labelled, model, options.items, options.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
