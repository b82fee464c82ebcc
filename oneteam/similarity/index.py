"""The similarity index: items by id, lexical and (optionally) semantic scores.

Scores:

* lexical only: normalised BM25 over word stems and concept tokens (1.0 for a
  text identical to the query); items sharing no term are never returned;
* semantic: ``w * cosine + (1 - w) * concepts`` with ``w = semantic_weight``,
  where ``concepts`` is the same normalised BM25 restricted to the concept
  tokens. Every other item is a candidate. The default is ``w = 1`` (cosine
  alone, of two views per item): chosen on the tuning set by the rule in
  bench/similar.py and checked on the held-out set (docs/similarity.md);
  the concept blend did not generalise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .analysis import analyze, is_concept
from .errors import SimilarityInputError
from .lexical import LexicalIndex
from .semantic import MINILM_NAME, Encoder, VectorStore, embed_documents, minilm_encoder
from .stemmer import DEFAULT_LANGUAGE, _stemmer
from .storage import Snapshot, read_snapshot, write_snapshot

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while a batch of items is added."""

DEFAULT_SEMANTIC_WEIGHT = 1.0
DEFAULT_VIEWS = 2
_COMPACT_DEAD_FRACTION = 0.25
_EMBED_CHUNK = 512  # items embedded per step of a large batch (progress is reported per step)
_QUERY_BLOCK = 128  # items whose cosines similar_to_all computes in one matrix product


class Match(NamedTuple):
    id: str
    score: float


class SimilarityIndex:
    """Find the items most similar to an item or to a free text."""

    def __init__(
        self,
        encoder: Encoder | None = None,
        semantic_weight: float = DEFAULT_SEMANTIC_WEIGHT,
        *,
        language: str = DEFAULT_LANGUAGE,
        views: int = DEFAULT_VIEWS,
    ) -> None:
        if not 0.0 <= semantic_weight <= 1.0:
            raise SimilarityInputError(f"semantic_weight must be in [0, 1], got {semantic_weight}")
        if views not in (1, 2):
            raise SimilarityInputError(f"views must be 1 or 2, got {views}")
        try:
            _stemmer(language)
        except ValueError as error:
            raise SimilarityInputError(str(error)) from None
        self.encoder = encoder
        self.semantic_weight = semantic_weight
        self.language = language
        self.views = views
        self._ids: list[str | None] = []
        self._live = bytearray()
        self._slot: dict[str, int] = {}
        self._lexical = LexicalIndex()
        self._vectors = VectorStore(encoder.dimension) if encoder else None

    @classmethod
    def build(
        cls,
        items: Iterable[tuple[str, str]],
        encoder: Encoder | None = None,
        semantic_weight: float = DEFAULT_SEMANTIC_WEIGHT,
        *,
        language: str = DEFAULT_LANGUAGE,
        views: int = DEFAULT_VIEWS,
        progress: Progress | None = None,
    ) -> SimilarityIndex:
        """An index of ``(id, text)`` pairs.

        ``language`` chooses the Snowball stemmer (``english``, ``norwegian``,
        ``swedish``, ``finnish``...); ``views`` is 1 (embed the whole text) or
        2 (the mean of the whole text and the body without its title line);
        ``progress(done, total)`` is called as items are embedded and indexed.
        """
        index = cls(encoder, semantic_weight, language=language, views=views)
        index.add_many(items, progress=progress)
        return index

    @property
    def semantic(self) -> bool:
        return self._vectors is not None

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._slot

    def ids(self) -> list[str]:
        """Live ids in insertion order."""
        return [item_id for item_id in self._ids if item_id is not None]

    def add(self, item_id: str, text: str) -> None:
        self.add_many([(item_id, text)])

    def add_many(
        self, items: Iterable[tuple[str, str]], *, progress: Progress | None = None
    ) -> None:
        """Add new items; raises if an id is already present or repeated.

        Nothing is added when any item is refused. Large batches are embedded
        in steps of a few hundred items, calling ``progress(done, total)``
        after each step.
        """
        batch = list(items)
        seen: set[str] = set()
        for item_id, text in batch:
            _check_item(item_id, text)
            if item_id in self._slot or item_id in seen:
                raise SimilarityInputError(f"duplicate id {item_id!r}")
            seen.add(item_id)
        total = len(batch)
        chunks: list[np.ndarray] = []
        terms = []
        for start in range(0, total, _EMBED_CHUNK):
            chunk = batch[start : start + _EMBED_CHUNK]
            if self._vectors is not None and self.encoder is not None:
                chunks.append(embed_documents(self.encoder, [text for _, text in chunk], self.views))
            terms.extend(analyze(text, self.language) for _, text in chunk)
            if progress is not None:
                progress(start + len(chunk), total)
        if self._vectors is not None and chunks:
            self._vectors.append(np.concatenate(chunks))
        for (item_id, _), item_terms in zip(batch, terms):
            self._slot[item_id] = self._lexical.append(item_terms)
            self._ids.append(item_id)
            self._live.append(1)

    def update(self, item_id: str, text: str) -> None:
        """Replace the text of an existing item."""
        _check_item(item_id, text)
        self.remove(item_id)
        self.add(item_id, text)

    def remove(self, item_id: str) -> None:
        slot = self._slot_of(item_id)
        self._lexical.remove(slot)
        del self._slot[item_id]
        self._ids[slot] = None
        self._live[slot] = 0
        if len(self._ids) - len(self._slot) > _COMPACT_DEAD_FRACTION * len(self._ids):
            self._compact()

    def similar_to(self, item_id: str, k: int = 5) -> list[Match]:
        """The ``k`` items most similar to item ``item_id``, never itself."""
        slot = self._slot_of(item_id)
        lexical = self._lexical_scores(self._lexical.terms_of(slot))
        vector = self._vectors.row(slot) if self._vectors is not None else None
        return self._top(lexical, vector, k, exclude=slot)

    def similar_to_all(
        self, k: int = 5, *, progress: Progress | None = None
    ) -> Iterator[tuple[str, list[Match]]]:
        """``(id, similar_to(id, k))`` for every item, in insertion order.

        The same answers as calling :meth:`similar_to` item by item (up to the
        order of scores that differ only by float rounding), but on a semantic
        index the cosines of a block of items come from one matrix product
        instead of one pass over every vector per item, which is what makes a
        100,000-item run take minutes rather than hours.
        ``progress(done, total)`` is called after each block.
        """
        if k < 1:
            raise SimilarityInputError(f"k must be at least 1, got {k}")
        slots = self._live_slots()
        live = np.frombuffer(self._live, dtype=bool)
        for start in range(0, len(slots), _QUERY_BLOCK):
            block = slots[start : start + _QUERY_BLOCK]
            if self._vectors is None:
                for slot in block:
                    yield self._ids[slot], self.similar_to(self._ids[slot], k)  # type: ignore[misc]
            else:
                matrix = self._vectors.matrix()
                cosines = matrix[block] @ matrix.T
                for row, slot in enumerate(block):
                    scores = self.semantic_weight * cosines[row].astype(np.float64)
                    if self.semantic_weight < 1.0:
                        lexical = self._lexical_scores(self._lexical.terms_of(slot))
                        scores = scores + (1.0 - self.semantic_weight) * lexical
                    eligible = live.copy()
                    eligible[slot] = False
                    yield self._ids[slot], self._best(scores, np.flatnonzero(eligible), k)  # type: ignore[misc]
            if progress is not None:
                progress(start + len(block), len(slots))

    def search(self, text: str, k: int = 5, within: Iterable[str] | None = None) -> list[Match]:
        """The ``k`` items most similar to a free text; only items of ``within``, when given
        (a filtered search ranks inside the filter, not the filter inside the best of all)."""
        if not text.strip():
            raise SimilarityInputError("the query text is empty")
        only = None
        if within is not None:
            only = np.fromiter((slot for slot in map(self._slot.get, within) if slot is not None), dtype=np.intp)
            if not len(only):
                return []
        lexical = self._lexical_scores(analyze(text, self.language))
        vector = None
        if self._vectors is not None and self.encoder is not None:
            vector = embed_documents(self.encoder, [text], self.views)[0]
        return self._top(lexical, vector, k, exclude=None, only=only)

    def _lexical_scores(self, terms: Mapping[str, float]) -> np.ndarray:
        """All terms for a lexical index; only the concept tokens next to vectors."""
        if self._vectors is None:
            return self._lexical.scores(terms)
        if self.semantic_weight == 1.0:  # the default: cosine alone, no postings to read
            return np.zeros(len(self._ids), dtype=np.float64)
        concepts = {term: count for term, count in terms.items() if is_concept(term)}
        return self._lexical.scores(concepts, length=sum(terms.values()))

    def _top(
        self, lexical: np.ndarray, vector: np.ndarray | None, k: int, exclude: int | None,
        only: np.ndarray | None = None,
    ) -> list[Match]:
        if k < 1:
            raise SimilarityInputError(f"k must be at least 1, got {k}")
        if vector is None or self._vectors is None:
            scores = lexical
            eligible = lexical > 0.0
        else:
            weight = self.semantic_weight
            cosines = self._vectors.cosines(vector)
            # The default (cosine alone): the blend would multiply by one and add zeros,
            # three passes over 100,000 floats a query that change no score.
            scores = cosines if weight == 1.0 else weight * cosines + (1.0 - weight) * lexical
            eligible = np.ones(len(scores), dtype=bool)
        eligible &= np.frombuffer(self._live, dtype=bool)
        if exclude is not None:
            eligible[exclude] = False
        if only is not None:
            inside = np.zeros(len(eligible), dtype=bool)
            inside[only] = True
            eligible &= inside
        return self._best(scores, np.flatnonzero(eligible), k)

    def _best(self, scores: np.ndarray, candidates: np.ndarray, k: int) -> list[Match]:
        """Top ``k`` candidates by score, ties broken by insertion order."""
        if len(candidates) > k:
            candidate_scores = scores[candidates]
            kth = np.partition(candidate_scores, len(candidates) - k)[len(candidates) - k]
            candidates = candidates[candidate_scores >= kth]
        order = np.lexsort((candidates, -scores[candidates]))[:k]
        return [Match(self._ids[slot], float(scores[slot])) for slot in candidates[order]]

    def _slot_of(self, item_id: str) -> int:
        try:
            return self._slot[item_id]
        except KeyError:
            raise SimilarityInputError(f"unknown id {item_id!r}") from None

    def save(self, directory: str | Path) -> None:
        """Write the index to ``directory`` (created if needed); see ``storage``."""
        slots = self._live_slots()
        vectors = self._vectors.compacted(slots).matrix() if self._vectors is not None else None
        snapshot = Snapshot(
            ids=self.ids(),
            forward=self._lexical.forward_index(slots),
            vectors=vectors,
            model=self.encoder.name if vectors is not None and self.encoder else None,
            semantic_weight=self.semantic_weight,
            language=self.language,
            views=self.views,
        )
        write_snapshot(directory, snapshot)

    @classmethod
    def load(cls, directory: str | Path, encoder: Encoder | None = None) -> SimilarityIndex:
        """Read an index saved by :meth:`save`.

        A semantic index needs the encoder that made its vectors; when none is
        given the bundled MiniLM is loaded.
        """
        snapshot = read_snapshot(directory)
        if snapshot.model is not None:
            encoder = encoder or _encoder_named(snapshot.model)
            if encoder.name != snapshot.model:
                raise SimilarityInputError(
                    f"{directory}: vectors were made by {snapshot.model}, not {encoder.name}"
                )
        index = cls(
            encoder if snapshot.model else None,
            snapshot.semantic_weight,
            language=snapshot.language,
            views=snapshot.views,
        )
        index._lexical = LexicalIndex.from_forward_index(snapshot.forward)
        if snapshot.vectors is not None:
            index._vectors = VectorStore(snapshot.vectors.shape[1], snapshot.vectors)
        index._ids = list(snapshot.ids)
        index._live = bytearray(b"\x01" * len(snapshot.ids))
        index._slot = {item_id: slot for slot, item_id in enumerate(snapshot.ids)}
        return index

    def _live_slots(self) -> list[int]:
        return [slot for slot, item_id in enumerate(self._ids) if item_id is not None]

    def _compact(self) -> None:
        slots = self._live_slots()
        self._lexical = self._lexical.compacted(slots)
        if self._vectors is not None:
            self._vectors = self._vectors.compacted(slots)
        self._ids = [self._ids[slot] for slot in slots]
        self._live = bytearray(b"\x01" * len(slots))
        self._slot = {item_id: slot for slot, item_id in enumerate(self.ids())}


def _encoder_named(model: str) -> Encoder:
    if model != MINILM_NAME:
        raise SimilarityInputError(f"index vectors were made by unknown model {model!r}")
    return minilm_encoder()


def _check_item(item_id: str, text: str) -> None:
    if not isinstance(item_id, str) or not item_id:
        raise SimilarityInputError(f"item id must be a non-empty string, got {item_id!r}")
    if not isinstance(text, str) or not text.strip():
        raise SimilarityInputError(f"item {item_id!r} has no text")
