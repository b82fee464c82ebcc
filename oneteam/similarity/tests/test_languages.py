"""The Snowball stemmers: English with its spelling folds, and the Nordic languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from oneteam.similarity import SimilarityIndex, SimilarityInputError
from oneteam.similarity.analysis import analyze, tokenize
from oneteam.similarity.stemmer import available_languages, stem


def test_british_and_american_spellings_meet() -> None:
    for words in [
        ("centre", "center", "centres"),
        ("programme", "program", "programmes"),
        ("neighbourhood", "neighborhood"),
        ("analyse", "analyze", "analysing"),
        ("licence", "license"),
    ]:
        assert len({stem(word) for word in words}) == 1, words


def test_nordic_word_forms_share_a_stem() -> None:
    assert {"norwegian", "swedish", "finnish", "danish"} <= set(available_languages())
    assert stem("kommunen", "norwegian") == stem("kommunene", "norwegian")
    assert stem("kommunen", "swedish") == stem("kommunerna", "swedish")
    assert stem("kunnan", "finnish") == stem("kunnat", "finnish")


def test_other_languages_keep_their_letters() -> None:
    assert tokenize("Bøker på biblioteket", "norwegian") == ["bøker", "på", "biblioteket"]
    assert tokenize("Bøker", "english") == ["bker"]  # English folds to ASCII, as before


def test_norwegian_index_matches_inflected_forms(tmp_path: Path) -> None:
    items = [
        ("a", "Kommunen tilbyr leksehjelp på biblioteket"),
        ("b", "Leksehjelpen i kommunene flyttes til bibliotekene"),
        ("c", "Ny brannstasjon i sentrum"),
    ]
    index = SimilarityIndex.build(items, language="norwegian")
    assert [match.id for match in index.similar_to("a", k=5)] == ["b"]
    index.save(tmp_path / "ix")
    loaded = SimilarityIndex.load(tmp_path / "ix")
    assert loaded.language == "norwegian"
    assert loaded.similar_to("a") == index.similar_to("a")


def test_english_stop_words_only_in_english() -> None:
    assert "the" not in analyze("the library")
    assert "og" in analyze("bibliotek og skole", "norwegian")


def test_unknown_language_is_an_input_error() -> None:
    with pytest.raises(SimilarityInputError, match="no Snowball stemmer"):
        SimilarityIndex(language="klingon")
