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
the index last looked (two indexed queries). Vectors live in the database,
so nothing is ever embedded twice; the indexes themselves are saved under
``var/work-index/`` after each large catch-up, so a restart loads them and
reads only what changed since.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence

from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone

from oneteam.similarity import SimilarityIndex, SimilarityInputError

from . import embedding
from .models import Project, ProjectVector

# A row's timestamp is taken before its transaction commits. Each look asks
# for rows stamped since OVERLAP before the previous look began, so a row
# committed up to that long after its stamp is still seen; rows already read
# are recognised by their stamp and skipped.
OVERLAP = dt.timedelta(seconds=30)
# Saved to disk after this many rows were read, so a restart starts from there.
SAVE_AFTER = 500
# Query vectors kept per process (384 floats each: 256 of them take 400 kB).
QUERY_CACHE = 256
logger = logging.getLogger(__name__)


class StoredVectors:
    """An engine ``Encoder`` that answers from vectors the worker stored.

    Before a project is added, ``prime`` tells it the vector for that text;
    any other text (a query) goes to the real model.
    """

    def __init__(self, name: str, dimension: int) -> None:
        self.name = name
        self.dimension = dimension
        self._known: dict[str, np.ndarray] = {}
        # The latest queries' vectors: a search's next pages, the same words searched again, or
        # a form sent twice embed nothing new (the model gives the same vector for the same text).
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def prime(self, text: str, vector: np.ndarray) -> None:
        self._known[text] = vector
        _, _, rest = text.partition("\n")  # the engine may also embed the text without its title
        self._known[rest] = vector

    def forget(self) -> None:
        self._known.clear()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        unknown = [text for text in dict.fromkeys(texts) if text not in self._known and text not in self._queries]
        if unknown:
            self._queries.update(zip(unknown, embedding.encoder_named(self.name).encode(unknown)))
        for text in texts:
            if text in self._known:
                rows.append(self._known[text])
            else:
                rows.append(self._queries[text])
                self._queries.move_to_end(text)
        while len(self._queries) > QUERY_CACHE:
            self._queries.popitem(last=False)
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
        self._unsaved = 0  # rows applied since the index was last saved to disk
        self.model = embedding.model_name()

    # --- keeping up ------------------------------------------------------------

    def refresh(self) -> None:
        with self._lock:
            self._refresh_words()
            if self.model:
                self._refresh_vectors()
            if self._unsaved >= SAVE_AFTER and snapshot_directory() is not None:
                self.save(snapshot_directory())

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
        self._unsaved += len(stamps)

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
        self._unsaved += len(stamps)

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

    # --- on disk, so that a restart re-reads nothing it already had -----------------

    def save(self, folder: Path) -> None:
        """Write both indexes and what they have read to a new folder, then point ``current`` at it."""
        with self._lock:
            generation = folder / f"{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{threading.get_ident()}"
            self.lexical.save(generation / "lexical")
            if self.semantic is not None:
                self.semantic.save(generation / "semantic")
            state = {
                "database": database_identity(), "model": self.model,
                "dimension": self._stored.dimension if self._stored else None,
                "projects_seen": _iso(self._projects_seen), "vectors_seen": _iso(self._vectors_seen),
                "texts": self._texts, "vector_hashes": self._vector_hashes,
                "changed": {pk: _iso(when) for pk, when in self._changed.items()},
                "embedded": {pk: _iso(when) for pk, when in self._embedded.items()},
            }
            (generation / "state.json").write_text(json.dumps(state), encoding="utf-8")
            link = folder / f"current-{os.getpid()}"
            link.symlink_to(generation.name)
            os.replace(link, folder / "current")  # atomic: readers see the old or the new, never half
            self._unsaved = 0
        for old in folder.iterdir():
            if old.is_dir() and not old.is_symlink() and old.name != generation.name:
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> ProjectIndex | None:
        """The index saved in ``folder`` for this database and model, or None."""
        current = folder / "current"
        try:
            state = json.loads((current / "state.json").read_text(encoding="utf-8"))
            index = cls()
            if state["database"] != database_identity() or state["model"] != index.model:
                return None
            index.lexical = SimilarityIndex.load(current / "lexical")
            if state["dimension"]:
                index._stored = StoredVectors(index.model, state["dimension"])
                index.semantic = SimilarityIndex.load(current / "semantic", encoder=index._stored)
        except (OSError, ValueError, KeyError, SimilarityInputError) as exc:
            logger.info("No saved work index to start from (%s); building it.", exc)
            return None
        index._texts, index._vector_hashes = state["texts"], state["vector_hashes"]
        index._changed = {int(pk): _from_iso(when) for pk, when in state["changed"].items()}
        index._embedded = {int(pk): _from_iso(when) for pk, when in state["embedded"].items()}
        index._projects_seen, index._vectors_seen = _from_iso(state["projects_seen"]), _from_iso(state["vectors_seen"])
        return index

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
                if self._all_embedded():
                    return [(int(m.id), m.score) for m in found]
                return _merge(found, self._lexical_only(self.lexical.similar_to(key, k)), k)
            return [(int(m.id), m.score) for m in self.lexical.similar_to(key, k)]

    def search(self, text: str, k: int, within: Collection[int] | None = None) -> list[tuple[int, float]]:
        """The ``k`` projects most like ``text``; only projects of ``within`` when given."""
        if not text.strip():
            return []
        keys = None if within is None else [str(pk) for pk in within]
        with self._lock:
            if self.semantic is not None and len(self.semantic):
                found = self.semantic.search(text, k, within=keys)
                if self._all_embedded():
                    return [(int(m.id), m.score) for m in found]
                lexical = self.lexical.search(text, k, within=keys) if len(self.lexical) else []
                return _merge(found, self._lexical_only(lexical), k)
            lexical = self.lexical.search(text, k, within=keys) if len(self.lexical) else []
            return [(int(m.id), m.score) for m in lexical]

    def _all_embedded(self) -> bool:
        """Every project has its vector: the lexical index could only add matches the semantic
        one already scored, so it is not asked (it cost 5-15 ms a request at 100,000 projects).
        The semantic index only ever holds projects the lexical one holds, so equal sizes mean
        the same projects."""
        return self.semantic is not None and len(self.semantic) == len(self.lexical)

    def _lexical_only(self, matches):
        """Lexical matches for projects the semantic index does not hold yet."""
        return [m for m in matches if self.semantic is None or m.id not in self.semantic]


def _merge(first, second, k: int) -> list[tuple[int, float]]:
    merged = sorted([*first, *second], key=lambda m: -m.score)[:k]
    return [(int(m.id), m.score) for m in merged]


def _iso(when: dt.datetime | None) -> str | None:
    return when.isoformat() if when else None


def _from_iso(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def database_identity() -> str:
    """Which database an index on disk was read from."""
    settings_dict = connection.settings_dict
    return f"{connection.vendor}:{settings_dict.get('HOST') or ''}:{settings_dict.get('PORT') or ''}:{settings_dict['NAME']}"


def snapshot_directory() -> Path | None:
    """Where this instance keeps its index on disk; None in tests (their databases come and go)."""
    if getattr(settings, "TESTING", False) and not getattr(settings, "WORK_INDEX_DIR", None):
        return None
    folder = Path(getattr(settings, "WORK_INDEX_DIR", None) or Path(settings.VAR_DIR) / "work-index")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


_index: ProjectIndex | None = None
_index_lock = threading.Lock()


def project_index() -> ProjectIndex:
    """This process's index, brought up to date."""
    global _index
    with _index_lock:
        if _index is None or _index.model != embedding.model_name():
            folder = snapshot_directory()
            _index = (ProjectIndex.load(folder) if folder else None) or ProjectIndex()
    _index.refresh()
    return _index


def reset() -> None:
    """Forget the index (tests, whose database is rolled back under it)."""
    global _index
    with _index_lock:
        _index = None
