"""Turning text into weighted terms for the lexical index.

A document becomes a bag of terms of two kinds:

* word stems: lower-cased, split on anything that is not a letter or digit,
  stop words dropped, each word reduced by the Snowball stemmer of the index's
  language (:func:`stem`). English text has its accents folded to ASCII;
  other languages keep their letters (``æ``, ``ø``, ``å``, ``ä``, ``ö``), which
  their stemmers need;
* concept tokens (``~older_people``): one for every phrase of the concept map
  found in the text, matched on stems so that word forms do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .concepts import CONCEPTS
from .stemmer import DEFAULT_LANGUAGE, stem

CONCEPT_PREFIX = "~"

_WORD = re.compile(r"[a-z0-9]+(?:'s)?")
_UNICODE_WORD = re.compile(r"[^\W_]+")

STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be
    because been before being below between both but by can could did do does
    doing down during each either etc few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself
    just let like may me might more most much must my myself no nor not now of
    off on once only or other our ours ourselves out over own per same shall
    she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up upon us very via
    was we were what when where which while who whom why will with within
    without would yet you your yours yourself yourselves s t
    """.split()
)


def tokenize(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Lower-case words of ``text``; in English with accents folded and ``'s`` dropped."""
    if language != DEFAULT_LANGUAGE:
        return _UNICODE_WORD.findall(unicodedata.normalize("NFC", text.lower()))
    folded = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    return [word.removesuffix("'s") for word in _WORD.findall(ascii_text)]


def _phrase_key(phrase: str, language: str) -> tuple[str, ...]:
    return tuple(stem(word, language) for word in tokenize(phrase, language))


@lru_cache(maxsize=None)
def _phrase_table(language: str) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First stem -> every (phrase stems, concept token) starting with it."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for concept, phrases in CONCEPTS.items():
        for phrase in phrases:
            key = _phrase_key(phrase, language)
            table.setdefault(key[0], []).append((key, CONCEPT_PREFIX + concept))
    return {first: tuple(entries) for first, entries in table.items()}


def concepts_in(stems: list[str], language: str = DEFAULT_LANGUAGE) -> Iterable[str]:
    """Concept tokens for every concept phrase found in a stem sequence."""
    table = _phrase_table(language)
    for start, first in enumerate(stems):
        found = {
            concept
            for key, concept in table.get(first, ())
            if tuple(stems[start : start + len(key)]) == key
        }
        yield from sorted(found)


def analyze(text: str, language: str = DEFAULT_LANGUAGE) -> Counter[str]:
    """Term frequencies of ``text``: word stems and concept tokens.

    English stop words are dropped from English text only; in other languages
    BM25's inverse document frequency is left to discount common words.
    """
    words = tokenize(text, language)
    stems = [stem(word, language) for word in words]
    stop_words = STOP_WORDS if language == DEFAULT_LANGUAGE else frozenset()
    terms: Counter[str] = Counter(
        stemmed for word, stemmed in zip(words, stems) if word not in stop_words
    )
    terms.update(concepts_in(stems, language))
    return terms


def is_concept(term: str) -> bool:
    return term.startswith(CONCEPT_PREFIX)
