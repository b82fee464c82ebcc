"""Votes per person, stacking, and the refusals people see."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from oneteam.leancoffee import services
from oneteam.leancoffee.models import Vote

pytestmark = pytest.mark.django_db


def test_three_votes_then_a_clear_refusal(board, make_user, seat, at_phase):
    me = seat(make_user())
    topic = services.propose_topic(board=board, by=me, title="Knowing who owns what")
    board = at_phase(board, "voting")
    assert [services.vote(board=board, topic=topic, by=me).left for _ in range(3)] == [2, 1, 0]
    with pytest.raises(services.BoardError, match="used all your votes"):
        services.vote(board=board, topic=topic, by=me)
    ballot = services.unvote(board=board, topic=topic, by=me)
    assert (ballot.left, ballot.on_topic) == (1, 2)
    assert services.vote(board=board, topic=topic, by=me).left == 0
    assert sorted(Vote.objects.filter(participant=me).values_list("slot", flat=True)) == [1, 2, 3]


def test_no_stacking_when_the_board_forbids_it(board, organiser, make_user, seat, at_phase):
    services.update_board(board=board, by=organiser, allow_stacking=False)
    me = seat(make_user())
    topic = services.propose_topic(board=board, by=me, title="Data")
    board = at_phase(board, "voting")
    services.vote(board=board, topic=topic, by=me)
    with pytest.raises(services.BoardError, match="already voted for this topic"):
        services.vote(board=board, topic=topic, by=me)


def test_votes_only_while_voting_is_open(board, make_user, seat, at_phase):
    me = seat(make_user())
    topic = services.propose_topic(board=board, by=me, title="Data")
    with pytest.raises(services.BoardError, match="Voting is not open"):
        services.vote(board=board, topic=topic, by=me)
    board = at_phase(board, "discussing")
    with pytest.raises(services.BoardError, match="Voting is not open"):
        services.vote(board=board, topic=topic, by=me)


def test_a_vote_on_another_boards_topic_is_refused(board, organiser, make_user, seat, at_phase, global_chapter):
    other = services.create_board(by=organiser, chapter=global_chapter, title="Another board")
    me = seat(make_user())
    foreign = services.propose_topic(board=other, by=services.join_as_member(board=other, by=me.user), title="Elsewhere")
    board = at_phase(board, "voting")
    with pytest.raises(services.BoardError, match="not on this board"):
        services.vote(board=board, topic=foreign, by=me)


def test_a_seat_on_another_board_cannot_vote_here(board, organiser, make_user, at_phase, global_chapter):
    other = services.create_board(by=organiser, chapter=global_chapter, title="Another board")
    person = make_user()
    topic = services.propose_topic(board=board, by=services.join_as_member(board=board, by=person), title="Here")
    board = at_phase(board, "voting")
    with pytest.raises(PermissionDenied):
        services.vote(board=board, topic=topic, by=services.join_as_member(board=other, by=person))


def test_the_voting_rules_freeze_once_someone_has_voted(board, organiser, make_user, seat, at_phase):
    me = seat(make_user())
    topic = services.propose_topic(board=board, by=me, title="Data")
    board = at_phase(board, "voting")
    services.vote(board=board, topic=topic, by=me)
    with pytest.raises(services.BoardError, match="voting rules can no longer change"):
        services.update_board(board=board, by=organiser, votes_per_person=5)


def test_the_database_refuses_a_second_copy_of_a_vote_slot(board, make_user, seat, at_phase):
    me = seat(make_user())
    topic = services.propose_topic(board=board, by=me, title="Data")
    Vote.objects.create(board=board, topic=topic, participant=me, slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(board=board, topic=topic, participant=me, slot=1)


def test_the_database_refuses_a_slot_beyond_the_maximum(board, make_user, seat):
    me = seat(make_user())
    topic = services.propose_topic(board=board, by=me, title="Data")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(board=board, topic=topic, participant=me, slot=21)


def test_voting_from_the_page_without_javascript(client, board, make_user, at_phase):
    person = make_user()
    client.force_login(person)
    client.post(f"{board.get_absolute_url()}topics/", {"title": "Ending projects well", "detail": ""})
    board = at_phase(board, "voting")
    topic = board.topics.get()
    for _ in range(4):
        response = client.post(f"{board.get_absolute_url()}topics/{topic.pk}/vote/", follow=True)
    page = response.content.decode()
    assert "You have used all your votes" in page
    assert "You have <strong data-votes-left>0</strong> of 3 votes left." in page


def test_voting_with_javascript_gets_json(client, board, make_user, at_phase):
    person = make_user()
    client.force_login(person)
    client.post(f"{board.get_absolute_url()}topics/", {"title": "Ending projects well"})
    board = at_phase(board, "voting")
    topic = board.topics.get()
    answer = client.post(f"{board.get_absolute_url()}topics/{topic.pk}/vote/", HTTP_ACCEPT="application/json").json()
    assert answer["ok"] and answer["votes_left"] == 2 and answer["version"] >= 1
    board = at_phase(board, "discussing")
    refused = client.post(f"{board.get_absolute_url()}topics/{topic.pk}/vote/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 409
    assert refused.json() == {"ok": False, "message": "Voting is not open."}


def test_a_visitor_is_sent_to_sign_in(client, board, make_user, seat, at_phase):
    topic = services.propose_topic(board=board, by=seat(make_user()), title="Data")
    board = at_phase(board, "voting")
    response = client.post(f"{board.get_absolute_url()}topics/{topic.pk}/vote/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Vote.objects.exists()
