"""The register's similarity index, one per process, kept up to date incrementally.

Two ``SimilarityIndex`` objects from the engine live side by side:

* a **lexical** one over every project's words (built from the database the
  first time it is needed, then updated with the projects changed since);
* a **semantic** one over the projects whose vector the worker has stored.
  Its encoder hands the engine the stored vectors, so nothing is embedded
  again in a request; only a free-text query (a search, "similar while
  typing") is embedded, one short text.

A project answers from the semantic index once its vector exists and from
the lexical one until then, so suggestions never wait for the worker. Both
indexes hold every project whatever its visibility: the callers in
``selectors`` keep only what the reader may see.

Each request first asks the database for projects and vectors changed since
the index last looked (two indexed queries); a restart re-reads the words
but never re-embeds, as the vectors live in the database.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

import numpy as np
from django.utils import timezone

from oneteam.similarity import SimilarityIndex

from . import embedding
from .models import Project, ProjectVector

# A row's timestamp is taken before its transaction commits. Each look asks
# for rows stamped since OVERLAP before the previous look began, so a row
# committed up to that long after its stamp is still seen; rows already read
# are recognised by their stamp and skipped.
OVERLAP = dt.timedelta(seconds=30)


class StoredVectors:
    """An engine ``Encoder`` that answers from vectors the worker stored.

    Before a project is added, ``prime`` tells it the vector for that text;
    any other text (a query) goes to the real model.
    """

    def __init__(self, name: str, dimension: int) -> None:
        self.name = name
        self.dimension = dimension
        self._known: dict[str, np.ndarray] = {}

    def prime(self, text: str, vector: np.ndarray) -> None:
        self._known[text] = vector
        _, _, rest = text.partition("\n")  # the engine may also embed the text without its title
        self._known[rest] = vector

    def forget(self) -> None:
        self._known.clear()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        unknown = [text for text in texts if text not in self._known]
        fresh = dict(zip(unknown, embedding.encoder_named(self.name).encode(unknown))) if unknown else {}
        for text in texts:
            rows.append(self._known[text] if text in self._known else fresh[text])
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dimension)


class ProjectIndex:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.lexical = SimilarityIndex()
        self.semantic: SimilarityIndex | None = None
        self._stored: StoredVectors | None = None
        self._texts: dict[str, str] = {}  # id -> hash of the words indexed
        self._changed: dict[int, dt.datetime] = {}  # id -> the change already read
        self._embedded: dict[int, dt.datetime] = {}  # id -> the vector already read
        self._vector_hashes: dict[str, str] = {}  # id -> hash of the words the vector was made from
        self._projects_seen: dt.datetime | None = None
        self._vectors_seen: dt.datetime | None = None
        self.model = embedding.model_name()

    # --- keeping up ------------------------------------------------------------

    def refresh(self) -> None:
        with self._lock:
            self._refresh_words()
            if self.model:
                self._refresh_vectors()

    def _refresh_words(self) -> None:
        looked = timezone.now()
        recent = Project.objects.order_by()
        if self._projects_seen is not None:
            recent = recent.filter(changed_at__gte=self._projects_seen - OVERLAP)
        stamps = [(pk, changed) for pk, changed in recent.values_list("pk", "changed_at").iterator(chunk_size=5000)
                  if self._changed.get(pk) != changed]
        self._projects_seen = looked
        if not stamps:
            return
        additions = []
        for key, text in self._texts_of([pk for pk, _ in stamps]).items():
            digest = embedding.text_hash(text)
            if self._texts.get(key) == digest:
                continue
            if key in self.lexical:
                self.lexical.update(key, text)
            else:
                additions.append((key, text))
            self._texts[key] = digest
            if self.semantic is not None and key in self.semantic and self._vector_hashes.get(key) != digest:
                self.semantic.remove(key)  # its vector is stale: lexical until the worker catches up
        if additions:
            self.lexical.add_many(additions)
        self._changed.update(stamps)

    def _refresh_vectors(self) -> None:
        looked = timezone.now()
        recent = ProjectVector.objects.filter(model=self.model).order_by()
        if self._vectors_seen is not None:
            recent = recent.filter(embedded_at__gte=self._vectors_seen - OVERLAP)
        stamps = [(pk, made) for pk, made in recent.values_list("project_id", "embedded_at").iterator(chunk_size=5000)
                  if self._embedded.get(pk) != made]
        self._vectors_seen = looked
        if not stamps:
            return
        pks = [pk for pk, _ in stamps]
        texts = self._texts_of(pks)
        additions = []
        for row in self._in_chunks(ProjectVector.objects.filter(model=self.model).only(
                "project_id", "text_hash", "vector"), "project_id", pks):
            key = str(row.project_id)
            text = texts.get(key)
            if text is None or embedding.text_hash(text) != row.text_hash:
                continue  # words changed since: wait for the new vector
            if self._vector_hashes.get(key) == row.text_hash and self.semantic is not None and key in self.semantic:
                continue
            vector = embedding.from_bytes(row.vector)
            if self.semantic is None:
                self._stored = StoredVectors(self.model, len(vector))
                self.semantic = SimilarityIndex(encoder=self._stored)
            self._stored.prime(text, vector)
            if key in self.semantic:
                self.semantic.update(key, text)
            else:
                additions.append((key, text))
            self._vector_hashes[key] = row.text_hash
        if additions:
            self.semantic.add_many(additions)
        if self._stored is not None:
            self._stored.forget()
        self._embedded.update(stamps)

    @staticmethod
    def _in_chunks(queryset, field: str, pks: list[int], size: int = 900):
        """Rows for many ids, a few hundred ids per query (SQLite limits a query's parameters)."""
        for start in range(0, len(pks), size):
            yield from queryset.filter(**{f"{field}__in": pks[start:start + size]}).iterator(chunk_size=2000)

    def _texts_of(self, pks: list[int]) -> dict[str, str]:
        if len(pks) > 20_000:  # most of the table: one pass is quicker than many lookups
            wanted = set(pks)
            rows = Project.objects.order_by().values_list("pk", "title", "summary").iterator(chunk_size=5000)
            return {str(pk): f"{title}\n{summary}" for pk, title, summary in rows if pk in wanted}
        rows = self._in_chunks(Project.objects.order_by().values_list("pk", "title", "summary"), "pk", pks)
        return {str(pk): f"{title}\n{summary}" for pk, title, summary in rows}

    # --- asking ------------------------------------------------------------------

    def has_vector(self, pk: int) -> bool:
        return self.semantic is not None and str(pk) in self.semantic

    def similar_to(self, pk: int, k: int) -> list[tuple[int, float]]:
        key = str(pk)
        with self._lock:
            if key not in self.lexical:
                return []
            if self.semantic is not None and key in self.semantic:
                found = self.semantic.similar_to(key, k)
                return _merge(found, self._lexical_only(self.lexical.similar_to(key, k)), k)
            return [(int(m.id), m.score) for m in self.lexical.similar_to(key, k)]

    def search(self, text: str, k: int) -> list[tuple[int, float]]:
        if not text.strip():
            return []
        with self._lock:
            lexical = self.lexical.search(text, k) if len(self.lexical) else []
            if self.semantic is not None and len(self.semantic):
                return _merge(self.semantic.search(text, k), self._lexical_only(lexical), k)
            return [(int(m.id), m.score) for m in lexical]

    def _lexical_only(self, matches):
        """Lexical matches for projects the semantic index does not hold yet."""
        return [m for m in matches if self.semantic is None or m.id not in self.semantic]


def _merge(first, second, k: int) -> list[tuple[int, float]]:
    merged = sorted([*first, *second], key=lambda m: -m.score)[:k]
    return [(int(m.id), m.score) for m in merged]


_index: ProjectIndex | None = None
_index_lock = threading.Lock()


def project_index() -> ProjectIndex:
    """This process's index, brought up to date."""
    global _index
    with _index_lock:
        if _index is None or _index.model != embedding.model_name():
            _index = ProjectIndex()
    _index.refresh()
    return _index


def reset() -> None:
    """Forget the index (tests, whose database is rolled back under it)."""
    global _index
    with _index_lock:
        _index = None
