"""Saving an index to a directory: JSON for names, ``.npy`` for numbers.

Layout of an index directory::

    index.json            format, version, ids, vocabulary, model, weight, language, views
    doc_term_ids.npy      int32, every item's term ids, item after item
    doc_frequencies.npy   float32, the matching term frequencies
    doc_offsets.npy       int64, item i owns entries offsets[i]:offsets[i+1]
    vectors.npy           float32, items x 384 (semantic indexes only)

Nothing is pickled: arrays are read with ``allow_pickle=False``. The inverted
index is not stored; it is rebuilt from the per-item terms on load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import SimilarityInputError
from .lexical import ForwardIndex
from .stemmer import DEFAULT_LANGUAGE

FORMAT = "oneteam-similarity-index"
VERSION = 1
_META = "index.json"
_ARRAYS = ("doc_term_ids", "doc_frequencies", "doc_offsets")
_VECTORS = "vectors"


@dataclass(frozen=True)
class Snapshot:
    ids: list[str]
    forward: ForwardIndex
    vectors: np.ndarray | None
    model: str | None
    semantic_weight: float
    language: str = DEFAULT_LANGUAGE
    views: int = 2


def write_snapshot(directory: str | Path, snapshot: Snapshot) -> None:
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    forward = snapshot.forward
    arrays = dict(zip(_ARRAYS, (forward.term_ids, forward.frequencies, forward.offsets)))
    if snapshot.vectors is not None:
        arrays[_VECTORS] = snapshot.vectors
    for name, values in arrays.items():
        np.save(folder / f"{name}.npy", values, allow_pickle=False)
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "model": snapshot.model,
        "semantic_weight": snapshot.semantic_weight,
        "language": snapshot.language,
        "views": snapshot.views,
        "ids": snapshot.ids,
        "terms": forward.terms,
    }
    (folder / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def read_snapshot(directory: str | Path) -> Snapshot:
    folder = Path(directory)
    meta = _read_meta(folder)
    term_ids, frequencies, offsets = (_read_array(folder, name) for name in _ARRAYS)
    vectors = _read_array(folder, _VECTORS) if meta["model"] is not None else None
    if len(offsets) != len(meta["ids"]) + 1 or (
        vectors is not None and len(vectors) != len(meta["ids"])
    ):
        raise SimilarityInputError(f"{folder}: index files disagree on the number of items")
    return Snapshot(
        ids=list(meta["ids"]),
        forward=ForwardIndex(list(meta["terms"]), term_ids, frequencies, offsets),
        vectors=vectors,
        model=meta["model"],
        semantic_weight=float(meta["semantic_weight"]),
        language=str(meta.get("language", DEFAULT_LANGUAGE)),
        views=int(meta.get("views", 2)),
    )


def _read_meta(folder: Path) -> dict:
    path = folder / _META
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SimilarityInputError(f"{folder}: not a saved similarity index (no {_META})") from None
    except (OSError, ValueError) as error:
        raise SimilarityInputError(f"{path}: unreadable ({error})") from None
    if meta.get("format") != FORMAT or meta.get("version") != VERSION:
        raise SimilarityInputError(f"{path}: not a version {VERSION} {FORMAT}")
    return meta


def _read_array(folder: Path, name: str) -> np.ndarray:
    path = folder / f"{name}.npy"
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise SimilarityInputError(f"{path}: unreadable ({error})") from None
