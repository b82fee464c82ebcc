"""Which sentence-embedding model this instance uses, and turning texts into vectors.

``ONETEAM_EMBEDDING_MODEL`` (a setting, or the environment variable of that
name) chooses:

* unset or ``minilm``: the packaged all-MiniLM-L6-v2 (the ``oneteam[semantic]``
  extra), nothing downloaded;
* ``lexical``: no embeddings at all, the lexical index only;
* anything else: a sentence-transformers model name or a local path, for
  instance a multilingual model, loaded (and if need be downloaded) once per
  process by whoever embeds: the worker, and a web process answering a
  free-text search.

Without the semantic extra every choice falls back to ``lexical``. Tests run
lexical unless they say otherwise.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from django.conf import settings

from oneteam.similarity import minilm_encoder, semantic_available
from oneteam.similarity.semantic import embed_documents

LEXICAL = "lexical"
MINILM = "minilm"


def configured_model() -> str:
    default = LEXICAL if getattr(settings, "TESTING", False) else MINILM
    value = getattr(settings, "ONETEAM_EMBEDDING_MODEL", None) or os.environ.get("ONETEAM_EMBEDDING_MODEL")
    return (value or default).strip()


@lru_cache(maxsize=1)
def _semantic_installed() -> bool:
    """Whether the semantic extra is installed: looked up once per process (it looks for four
    packages on disk, and ``model_name`` is asked on every request that reads the index)."""
    return semantic_available()


def model_name() -> str | None:
    """The name stored beside each vector, or None when this instance is lexical only."""
    chosen = configured_model()
    if chosen == LEXICAL or not _semantic_installed():
        return None
    if chosen == MINILM:
        from oneteam.similarity.semantic import MINILM_NAME

        return MINILM_NAME
    return chosen


class SentenceTransformerEncoder:
    """Any sentence-transformers model, on the CPU, giving unit vectors."""

    def __init__(self, name: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = name
        self._model = SentenceTransformer(name, device="cpu")
        self.dimension = int(self._model.get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def encoder_named(name: str):
    from oneteam.similarity.semantic import MINILM_NAME

    return minilm_encoder() if name == MINILM_NAME else SentenceTransformerEncoder(name)


def encoder():
    name = model_name()
    return encoder_named(name) if name else None


def embed(texts: Sequence[str], name: str | None = None) -> np.ndarray:
    """One unit vector per text, exactly as the similarity engine embeds a document."""
    return embed_documents(encoder_named(name or model_name()), list(texts))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype=np.float32).tobytes()


def from_bytes(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.float32)
