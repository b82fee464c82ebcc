"""Word stems for matching, from the Snowball stemmers (PyStemmer).

Snowball is the maintained family of stemming algorithms behind most search
engines; PyStemmer is its C implementation for Python. It replaces the suffix
stripper we used to write by hand, and brings the other languages OneTeam's
chapters write in (Norwegian, Swedish, Finnish, Danish, German, ...).

English gets two small additions that Snowball leaves to the caller, because
a matching key has to join them and the algorithm, by design, does not:

* British and American spellings are folded before stemming (``organisation``
  and ``organization``, ``behaviour`` and ``behavior``, ``centre`` and
  ``center``, ``programme`` and ``program``);
* ``-liness`` becomes ``-ly`` first, so that ``loneliness`` meets ``lonely``;
* ``65s`` becomes ``65`` (and ``1990s`` ``1990``), so "over-65s" meets "over 65".

Stems are matching keys, not words, and are never shown to anyone.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

DEFAULT_LANGUAGE = "english"

# British bases that American English writes with -or: folded to the -or form.
_OUR_WORDS = re.compile(
    r"^(behavi|col|neighb|lab|fav|harb|hon|hum|rum|vap|flav|endeav|savi|parl|od|vig|arm|clam)our"
)
# -re words that American English writes -er.
_RE_WORDS = re.compile(r"^(cent|theat|met|lit|fib|calib|sab|spect|somb|lust)re(s|d)?$")
# -ise/-isation (British) to -ize/-ization (American); also -yse to -yze.
_ISE = re.compile(r"(?<=[a-z]{3})(i|y)s(e|ed|es|er|ers|ing|ation|ations)$")
_SPELLINGS = {
    "programme": "program",
    "programmes": "program",
    "licence": "license",
    "licences": "license",
    "defence": "defense",
    "offence": "offense",
    "offences": "offense",
    "ageing": "aging",
    "practise": "practice",
    "enrolment": "enrollment",
    "enrolments": "enrollment",
    "grey": "gray",
    "kerb": "curb",
    "tyre": "tire",
    "tyres": "tire",
}


def available_languages() -> list[str]:
    """Languages with a Snowball stemmer, such as ``norwegian``, ``swedish``, ``finnish``."""
    return list(Stemmer.algorithms())


@lru_cache(maxsize=None)
def _stemmer(language: str) -> Stemmer.Stemmer:
    try:
        return Stemmer.Stemmer(language)
    except KeyError:
        raise ValueError(
            f"no Snowball stemmer for {language!r}; choose one of {', '.join(available_languages())}"
        ) from None


def _fold_english(word: str) -> str:
    """One spelling for words British and American English write differently."""
    word = _SPELLINGS.get(word, word)
    word = _OUR_WORDS.sub(r"\1or", word)
    word = _RE_WORDS.sub(r"\1er\2", word)
    word = _ISE.sub(r"\1z\2", word)
    if word.endswith("liness") and len(word) > 7:
        word = word[: -len("liness")] + "ly"
    return word


@lru_cache(maxsize=200_000)
def stem(word: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The matching key for one lower-case word."""
    if word.endswith("s") and word[:-1].isdigit():
        return word[:-1]
    if language == DEFAULT_LANGUAGE:
        word = _fold_english(word)
    return _stemmer(language).stemWord(word)
