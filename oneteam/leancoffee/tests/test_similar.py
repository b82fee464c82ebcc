"""While someone types a topic, similar topics already on the board are hinted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.leancoffee import selectors, services

pytestmark = pytest.mark.django_db


def test_similar_topics_are_found_by_their_words(client, board, make_user, seat):
    me = seat(make_user())
    services.propose_topic(board=board, by=me, title="Closing projects down well", detail="Checklists for the end")
    services.propose_topic(board=board, by=me, title="Coffee rota")
    found = client.get(reverse("leancoffee:similar", args=[board.slug]), {"q": "closing down a project"}).json()
    assert [t["title"] for t in found["similar"]] == ["Closing projects down well"]


def test_nothing_for_empty_text_or_an_empty_board(board):
    assert selectors.similar_topics(board, "") == []
    assert selectors.similar_topics(board, "anything") == []


def test_merged_topics_are_not_hinted(board, organiser, make_user, seat):
    me = seat(make_user())
    keep = services.propose_topic(board=board, by=me, title="Open data at the council")
    fold = services.propose_topic(board=board, by=me, title="Publishing open data")
    services.merge_topics(board=board, by=organiser, source=fold, target=keep)
    assert [t.pk for t in selectors.similar_topics(board, "publishing open data")] == [keep.pk]
