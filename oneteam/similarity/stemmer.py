"""A small English suffix stripper for matching word forms.

It is deliberately lighter than Porter's algorithm: one inflectional step
(plurals, -ing, -ed), one derivational step (-isation, -ness, -ment, -ly...)
and a final tidy-up, with British and American spellings folded together
("organization" and "organisation" meet at ``organis``). Stems are matching
keys, not words, and are never shown to anyone.
"""

from __future__ import annotations

from functools import lru_cache

_VOWELS = frozenset("aeiouy")
_MIN_STEM = 3

# (suffix, replacement), tried in order; the first one that leaves a stem of at
# least _MIN_STEM letters containing a vowel wins.
_INFLECTIONAL: tuple[tuple[str, str], ...] = (
    ("being", "being"),
    ("ies", "y"),
    ("ied", "y"),
    ("sses", "ss"),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ed", ""),
    ("'s", ""),
    ("s", ""),
)
_DERIVATIONAL: tuple[tuple[str, str], ...] = (
    ("izations", "is"),
    ("isations", "is"),
    ("ization", "is"),
    ("isation", "is"),
    ("ations", "at"),
    ("ation", "at"),
    ("fulness", ""),
    ("iveness", "ive"),
    ("liness", ""),
    ("nesses", ""),
    ("ness", ""),
    ("ments", ""),
    ("ment", ""),
    ("ities", ""),
    ("ity", ""),
    ("ally", "al"),
    ("ly", ""),
    ("ize", "is"),
    ("ise", "is"),
    ("iz", "is"),
    ("ers", ""),
    ("er", ""),
)
_KEEP_ENDINGS = ("ss", "us", "is")


def _has_vowel(text: str) -> bool:
    return any(char in _VOWELS for char in text)


def _strip_first(word: str, rules: tuple[tuple[str, str], ...]) -> str:
    for suffix, replacement in rules:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)]
            if len(stem) >= _MIN_STEM and _has_vowel(stem):
                return stem + replacement
            return word
    return word


def _undouble(word: str) -> str:
    """``runn`` -> ``run``, ``plann`` -> ``plan``; ``staff`` and ``well`` stay."""
    if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1] not in "lsfz":
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the matching key for one lower-case word."""
    if len(word) <= _MIN_STEM or not word.isalpha():
        return _plural_number(word)
    inflected = word
    if not word.endswith(_KEEP_ENDINGS):
        inflected = _strip_first(word, _INFLECTIONAL)
    if inflected != word:
        inflected = _undouble(inflected)
    derived = _strip_first(inflected, _DERIVATIONAL)
    if derived.endswith("e") and len(derived) > _MIN_STEM:
        derived = derived[:-1]
    return derived.replace("our", "or") if len(derived) > 5 else derived


def _plural_number(word: str) -> str:
    """``65s`` -> ``65`` and ``1990s`` -> ``1990``; other short words unchanged."""
    if word.endswith("s") and word[:-1].isdigit():
        return word[:-1]
    return word
