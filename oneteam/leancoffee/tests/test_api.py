"""The lean coffee API: the same rules and the same privacy as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from oneteam.leancoffee import services
from oneteam.people.models import ApiToken

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _token, raw = ApiToken.issue(user, "Tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_read_a_board(client, board):
    answer = client.get(f"/api/lean-coffee/{board.slug}").json()
    assert answer["phase"] == "collecting" and answer["votes_per_person"] == 3 and answer["topics"] == []


def test_propose_and_vote_through_the_api(board, organiser, make_user, at_phase):
    api = _client(make_user())
    created = api.post(f"/api/lean-coffee/{board.slug}/topics", {"title": "Open data", "detail": "Why not?"},
                       content_type="application/json")
    assert created.status_code == 201
    topic = created.json()["id"]
    refused = api.post(f"/api/lean-coffee/{board.slug}/topics/{topic}/votes")
    assert refused.status_code == 409 and refused.json() == {"detail": "Voting is not open."}
    at_phase(board, "voting")
    answers = [api.post(f"/api/lean-coffee/{board.slug}/topics/{topic}/votes") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 409]
    assert answers[2].json()["votes_left"] == 0
    assert "used all your votes" in answers[3].json()["detail"]
    assert api.delete(f"/api/lean-coffee/{board.slug}/topics/{topic}/votes").json()["votes_left"] == 1
    topics = api.get(f"/api/lean-coffee/{board.slug}").json()["topics"]
    assert topics[0]["votes"] == 2


def test_votes_need_a_signed_in_caller(client, board, make_user, seat, at_phase):
    topic = services.propose_topic(board=board, by=seat(make_user()), title="Data")
    at_phase(board, "voting")
    assert client.post(f"/api/lean-coffee/{board.slug}/topics/{topic.pk}/votes").status_code == 401


def test_another_boards_topic_is_a_404(board, organiser, make_user, seat, global_chapter, at_phase):
    other = services.create_board(by=organiser, chapter=global_chapter, title="Other")
    person = make_user()
    topic = services.propose_topic(board=other, by=services.join_as_member(board=other, by=person), title="x")
    at_phase(board, "voting")
    answer = _client(person).post(f"/api/lean-coffee/{board.slug}/topics/{topic.pk}/votes")
    assert answer.status_code == 404


def test_bad_input_is_a_422_with_a_reason(board, make_user):
    answer = _client(make_user()).post(f"/api/lean-coffee/{board.slug}/topics", {"title": ""},
                                       content_type="application/json")
    assert answer.status_code == 422 and "title" in answer.json()["detail"]
