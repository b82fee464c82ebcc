"""An incremental BM25 inverted index over analysed terms.

Documents live in numbered slots. Each term keeps a postings list (slots and
term frequencies in two ``array.array`` buffers that numpy reads without a
copy), so a query only touches the postings of its own terms. Each slot also
keeps its own terms (the forward index): that is what a query by item uses,
what a removal needs to correct document frequencies, and what is saved.

Removal leaves the slot's postings in place and marks it dead; the owner masks
dead slots and compacts (:meth:`LexicalIndex.compacted`) once enough pile up.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .analysis import is_concept

K1 = 1.2
B = 0.75
CONCEPT_WEIGHT = 2.0


@dataclass(frozen=True)
class ForwardIndex:
    """Every slot's terms as flat arrays: slot ``i`` owns ``offsets[i]:offsets[i+1]``."""

    terms: list[str]
    term_ids: np.ndarray
    frequencies: np.ndarray
    offsets: np.ndarray


class LexicalIndex:
    """BM25 scores of every slot against a bag of query terms."""

    def __init__(self) -> None:
        self._term_id: dict[str, int] = {}
        self._terms: list[str] = []
        self._postings_slots: list[array] = []
        self._postings_tf: list[array] = []
        self._df: list[int] = []
        self._doc_terms: list[array] = []
        self._doc_tf: list[array] = []
        self._doc_len = array("f")
        self._total_len = 0.0
        self._live = 0

    @property
    def slot_count(self) -> int:
        return len(self._doc_terms)

    def append(self, terms: Mapping[str, float]) -> int:
        """Index one document's term frequencies in a new slot; return the slot."""
        slot = self.slot_count
        term_ids = array("i")
        frequencies = array("f")
        for term, frequency in terms.items():
            term_id = self._intern(term)
            self._postings_slots[term_id].append(slot)
            self._postings_tf[term_id].append(frequency)
            self._df[term_id] += 1
            term_ids.append(term_id)
            frequencies.append(frequency)
        self._doc_terms.append(term_ids)
        self._doc_tf.append(frequencies)
        length = float(sum(frequencies))
        self._doc_len.append(length)
        self._total_len += length
        self._live += 1
        return slot

    def remove(self, slot: int) -> None:
        """Forget a slot's statistics; its postings stay until compaction."""
        for term_id in self._doc_terms[slot]:
            self._df[term_id] -= 1
        self._total_len -= self._doc_len[slot]
        self._live -= 1

    def terms_of(self, slot: int) -> dict[str, float]:
        return {
            self._terms[term_id]: frequency
            for term_id, frequency in zip(self._doc_terms[slot], self._doc_tf[slot])
        }

    def scores(self, query: Mapping[str, float], length: float | None = None) -> np.ndarray:
        """Normalised BM25 of every slot: 1.0 for a document equal to the query.

        The raw BM25 sum is divided by the score the query would get against
        itself, so scores from different queries share one scale. ``length`` is
        the query's length as a document, when ``query`` holds only some of its terms.
        """
        result = np.zeros(self.slot_count, dtype=np.float64)
        if self._live == 0 or not query:
            return result
        average = self._total_len / self._live or 1.0
        query_length = float(sum(query.values()) if length is None else length)
        self_score = 0.0
        slot_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        doc_len = np.frombuffer(self._doc_len, dtype=np.float32)
        for term, frequency in query.items():
            weight = self._query_weight(term, frequency)
            term_id = self._term_id.get(term)
            df = self._df[term_id] if term_id is not None else 0
            idf = math.log(1.0 + (self._live - df + 0.5) / (df + 0.5))
            norm = K1 * (1.0 - B + B * query_length / average)
            self_score += weight * idf * frequency * (K1 + 1.0) / (frequency + norm)
            if df == 0:
                continue
            slots = np.frombuffer(self._postings_slots[term_id], dtype=np.int32)
            tf = np.frombuffer(self._postings_tf[term_id], dtype=np.float32)
            lengths = doc_len[slots]
            saturated = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * lengths / average))
            slot_parts.append(slots)
            weight_parts.append(saturated * (weight * idf))
        if slot_parts:
            result = np.bincount(
                np.concatenate(slot_parts),
                weights=np.concatenate(weight_parts),
                minlength=self.slot_count,
            )
        return result / self_score if self_score > 0 else result

    def forward_index(self, slots: Sequence[int]) -> ForwardIndex:
        """The terms of ``slots`` (in that order) as flat arrays, for saving."""
        lengths = [len(self._doc_terms[slot]) for slot in slots]
        offsets = np.zeros(len(slots) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        term_ids = np.empty(int(offsets[-1]), dtype=np.int32)
        frequencies = np.empty(int(offsets[-1]), dtype=np.float32)
        for position, slot in enumerate(slots):
            start, end = offsets[position], offsets[position + 1]
            term_ids[start:end] = self._doc_terms[slot]
            frequencies[start:end] = self._doc_tf[slot]
        return ForwardIndex(list(self._terms), term_ids, frequencies, offsets)

    @classmethod
    def from_forward_index(cls, forward: ForwardIndex) -> LexicalIndex:
        """Rebuild an index whose slot ``i`` is document ``i`` of ``forward``."""
        index = cls()
        terms = forward.terms
        for position in range(len(forward.offsets) - 1):
            start, end = int(forward.offsets[position]), int(forward.offsets[position + 1])
            document = {
                terms[term_id]: float(frequency)
                for term_id, frequency in zip(
                    forward.term_ids[start:end].tolist(), forward.frequencies[start:end].tolist()
                )
            }
            index.append(document)
        return index

    def compacted(self, slots: Sequence[int]) -> LexicalIndex:
        """A fresh index holding only ``slots``, renumbered from 0 in that order."""
        return LexicalIndex.from_forward_index(self.forward_index(slots))

    def _intern(self, term: str) -> int:
        term_id = self._term_id.get(term)
        if term_id is None:
            term_id = len(self._terms)
            self._term_id[term] = term_id
            self._terms.append(term)
            self._postings_slots.append(array("i"))
            self._postings_tf.append(array("f"))
            self._df.append(0)
        return term_id

    @staticmethod
    def _query_weight(term: str, frequency: float) -> float:
        boost = CONCEPT_WEIGHT if is_concept(term) else 1.0
        return boost * (1.0 + math.log(frequency))
