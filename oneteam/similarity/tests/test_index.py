from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from oneteam.similarity import SimilarityIndex, SimilarityInputError
from oneteam.similarity.analysis import analyze, is_concept
from oneteam.similarity.lexical import LexicalIndex

from .conftest import CORPUS, OLDER_ONLINE, OVER_65S, HashEncoder


def ids(matches) -> list[str]:
    return [match.id for match in matches]


def test_paraphrase_ranks_first_over_keyword_look_alikes(corpus_index) -> None:
    assert ids(corpus_index.similar_to("older-online"))[0] == "over-65s"
    assert ids(corpus_index.similar_to("over-65s"))[0] == "older-online"


def test_free_text_search_finds_paraphrase(corpus_index) -> None:
    assert ids(corpus_index.search("teaching pensioners to use the internet"))[0] in {
        "over-65s",
        "older-online",
    }
    assert ids(corpus_index.search("rough sleepers", k=2)) == ["rough-sleeping", "homeless-data"]


def test_search_within_ranks_only_the_given_items(corpus_index) -> None:
    found = ids(corpus_index.search("rough sleepers", k=2, within=["homeless-data", "over-65s", "not-an-item"]))
    assert found[0] == "homeless-data" and "rough-sleeping" not in found
    assert set(found) <= {"homeless-data", "over-65s"}
    assert corpus_index.search("rough sleepers", within=[]) == []
    assert corpus_index.search("rough sleepers", within=["not-an-item"]) == []


def test_identical_text_scores_one() -> None:
    index = SimilarityIndex.build([("a", OLDER_ONLINE), ("b", OLDER_ONLINE), ("c", OVER_65S)])
    best = index.similar_to("a", k=1)[0]
    assert best.id == "b"
    assert best.score == pytest.approx(1.0)


def test_add_update_remove_change_results(corpus_index) -> None:
    corpus_index.add("tablets", "Lending tablets to pensioners, with volunteers to get them online")
    assert "tablets" in ids(corpus_index.similar_to("over-65s", k=2))
    assert "tablets" in corpus_index and len(corpus_index) == len(CORPUS) + 1

    corpus_index.update("tablets", "Gritting icy roads before the morning rush")
    assert "tablets" not in ids(corpus_index.similar_to("over-65s", k=10))
    assert ids(corpus_index.search("gritting icy roads", k=1)) == ["tablets"]

    corpus_index.remove("over-65s")
    assert "over-65s" not in ids(corpus_index.similar_to("older-online", k=10))
    assert "over-65s" not in corpus_index.ids()


def test_removing_many_compacts_without_changing_answers() -> None:
    extra = [(f"filler-{n}", f"Filler note number {n} about bins") for n in range(40)]
    index = SimilarityIndex.build(CORPUS + extra)
    reference = SimilarityIndex.build(CORPUS + extra[:5])
    for item_id, _ in extra[5:]:
        index.remove(item_id)
    for item_id, _ in CORPUS:
        assert index.similar_to(item_id, k=4) == reference.similar_to(item_id, k=4)


def test_errors_are_similarity_input_errors(corpus_index) -> None:
    with pytest.raises(SimilarityInputError, match="duplicate id"):
        corpus_index.add("parking", "again")
    with pytest.raises(SimilarityInputError, match="duplicate id"):
        SimilarityIndex.build([("x", "one"), ("x", "two")])
    with pytest.raises(SimilarityInputError, match="unknown id"):
        corpus_index.similar_to("nope")
    with pytest.raises(SimilarityInputError, match="unknown id"):
        corpus_index.remove("nope")
    with pytest.raises(SimilarityInputError, match="no text"):
        corpus_index.add("blank", "   ")
    with pytest.raises(SimilarityInputError, match="at least 1"):
        corpus_index.similar_to("parking", k=0)
    with pytest.raises(SimilarityInputError, match="empty"):
        corpus_index.search(" ")
    assert issubclass(SimilarityInputError, ValueError)


def test_failed_batch_adds_nothing(corpus_index) -> None:
    with pytest.raises(SimilarityInputError):
        corpus_index.add_many([("new", "fine text"), ("parking", "clashes")])
    assert "new" not in corpus_index


def _all_answers(index: SimilarityIndex) -> dict[str, list]:
    answers = {item_id: index.similar_to(item_id, k=5) for item_id in index.ids()}
    answers["?"] = index.search("older people online safety", k=5)
    return answers


@pytest.mark.parametrize("encoder", [None, HashEncoder()], ids=["lexical", "with-vectors"])
def test_save_load_round_trip_is_identical(tmp_path: Path, encoder) -> None:
    index = SimilarityIndex.build(CORPUS, encoder=encoder, semantic_weight=0.5)
    index.remove("parking")
    index.update("potholes", "Fixing potholes reported by older residents")
    index.save(tmp_path / "index")
    loaded = SimilarityIndex.load(tmp_path / "index", encoder=encoder)
    assert loaded.ids() == index.ids()
    assert loaded.semantic is (encoder is not None)
    assert _all_answers(loaded) == _all_answers(index)
    assert not any(path.suffix == ".pkl" for path in (tmp_path / "index").iterdir())


def test_load_rejects_what_it_cannot_read(tmp_path: Path, hash_encoder) -> None:
    with pytest.raises(SimilarityInputError, match="not a saved similarity index"):
        SimilarityIndex.load(tmp_path)
    SimilarityIndex.build(CORPUS, encoder=hash_encoder).save(tmp_path / "x")

    class OtherEncoder(HashEncoder):
        name = "other"

    with pytest.raises(SimilarityInputError, match="made by"):
        SimilarityIndex.load(tmp_path / "x", encoder=OtherEncoder())


def test_semantic_mode_blends_cosine_and_concept_score(hash_encoder) -> None:
    pure_vectors = SimilarityIndex.build(CORPUS, encoder=hash_encoder, semantic_weight=1.0)
    blended = SimilarityIndex.build(CORPUS, encoder=hash_encoder, semantic_weight=0.5)
    vectors = hash_encoder.encode([text for _, text in CORPUS])
    cosine = float(vectors[0] @ vectors[1])
    lexical = LexicalIndex()
    for _, text in CORPUS:
        lexical.append(analyze(text))
    query = analyze(OLDER_ONLINE)
    concepts = {term: count for term, count in query.items() if is_concept(term)}
    concept_score = float(lexical.scores(concepts, length=sum(query.values()))[1])
    assert concept_score > 0.5  # both name older people and getting online
    assert dict(pure_vectors.similar_to("older-online", k=9))["over-65s"] == pytest.approx(cosine, abs=1e-6)
    assert dict(blended.similar_to("older-online", k=9))["over-65s"] == pytest.approx(
        0.5 * cosine + 0.5 * concept_score, abs=1e-6
    )
    assert len(blended.similar_to("potholes", k=9)) == 9  # every item is a candidate


def test_bad_weight_rejected() -> None:
    with pytest.raises(SimilarityInputError):
        SimilarityIndex(semantic_weight=1.5)


def test_scores_are_plain_floats(corpus_index) -> None:
    match = corpus_index.similar_to("older-online")[0]
    assert type(match.score) is float and not np.isnan(match.score)
