"""Property tests: whatever the items, answers keep their shape."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from oneteam.similarity import SimilarityIndex

from .conftest import HashEncoder

VOCABULARY = [
    "older", "residents", "online", "digital", "skills", "over-65s", "council", "tax",
    "housing", "repairs", "tenants", "buses", "rough", "sleeping", "data", "open",
    "volunteers", "libraries", "lonely", "pensioners", "forms", "paper", "the", "and",
]

texts = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map(" ".join)
corpora = st.lists(texts, min_size=1, max_size=25).map(
    lambda bodies: [(f"item-{n}", body) for n, body in enumerate(bodies)]
)
ks = st.integers(min_value=1, max_value=8)
weights = st.sampled_from([None, 0.0, 0.6, 1.0])


def build(corpus, weight) -> SimilarityIndex:
    if weight is None:
        return SimilarityIndex.build(corpus)
    return SimilarityIndex.build(corpus, encoder=HashEncoder(), semantic_weight=weight)


@settings(max_examples=60, deadline=None)
@given(corpus=corpora, k=ks, weight=weights)
def test_answers_sorted_at_most_k_never_self(corpus, k, weight) -> None:
    index = build(corpus, weight)
    for item_id, _ in corpus:
        matches = index.similar_to(item_id, k)
        scores = [match.score for match in matches]
        assert len(matches) <= k
        assert scores == sorted(scores, reverse=True)
        assert item_id not in [match.id for match in matches]
        assert len({match.id for match in matches}) == len(matches)


@settings(max_examples=40, deadline=None)
@given(corpus=corpora, query=texts, k=ks)
def test_search_scores_sorted_and_bounded(corpus, query, k) -> None:
    matches = SimilarityIndex.build(corpus).search(query, k)
    assert len(matches) <= k
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(match.score > 0 for match in matches)


@settings(max_examples=40, deadline=None)
@given(corpus=corpora)
def test_lexical_neighbours_are_mutual_when_sharing_terms(corpus) -> None:
    """Lexical scores are not symmetric, but a positive score goes both ways."""
    index = SimilarityIndex.build(corpus)
    everyone = len(corpus)
    for item_id, _ in corpus:
        for match in index.similar_to(item_id, everyone):
            assert item_id in {back.id for back in index.similar_to(match.id, everyone)}


@settings(max_examples=40, deadline=None)
@given(corpus=corpora, weight=st.sampled_from([0.6, 1.0]))
def test_semantic_returns_every_other_item(corpus, weight) -> None:
    index = build(corpus, weight)
    for item_id, _ in corpus:
        assert len(index.similar_to(item_id, len(corpus))) == len(corpus) - 1


@settings(max_examples=30, deadline=None)
@given(corpus=corpora, removed=st.data())
def test_remove_equals_never_added(corpus, removed) -> None:
    drop = removed.draw(st.sets(st.sampled_from([item_id for item_id, _ in corpus])))
    index = SimilarityIndex.build(corpus)
    for item_id in drop:
        index.remove(item_id)
    fresh = SimilarityIndex.build([item for item in corpus if item[0] not in drop])
    for item_id in fresh.ids():
        got = index.similar_to(item_id, 5)
        want = fresh.similar_to(item_id, 5)
        assert [m.id for m in got] == [m.id for m in want]
        assert [m.score for m in got] == [m.score for m in want]
