"""OneTeam's similarity engine: find the same work described in other words.

Pure Python plus numpy; never imports Django. Lexical matching (BM25 over word
stems and public-sector concepts) always works; with the ``oneteam[semantic]``
extra, MiniLM sentence embeddings are combined with it. See docs/similarity.md.
"""

from .errors import SimilarityInputError
from .index import DEFAULT_SEMANTIC_WEIGHT, DEFAULT_VIEWS, Match, SimilarityIndex
from .semantic import Encoder, minilm_encoder, semantic_available

__all__ = [
    "DEFAULT_SEMANTIC_WEIGHT",
    "DEFAULT_VIEWS",
    "Encoder",
    "Match",
    "SimilarityIndex",
    "SimilarityInputError",
    "minilm_encoder",
    "semantic_available",
]
