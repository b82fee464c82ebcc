"""Many vote requests from one person at the same moment never exceed the limit.

Real threads, each with its own database connection, start together at a
barrier. On SQLite the transactions are IMMEDIATE (one writer at a time); on
PostgreSQL the board's and the voter's rows are locked with SELECT … FOR
UPDATE, and the numbered-slot constraint backs both. Run with
DATABASE_URL=postgres://… to check PostgreSQL too.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from oneteam.leancoffee import services
from oneteam.leancoffee.models import Board, Vote

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            try:
                return job()
            except services.BoardError as exc:
                return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        return [future.result(timeout=120) for future in futures]


def _voting_board(organiser, make_event, **settings):
    board = services.create_board(by=organiser, event=make_event(), **settings)
    return board


def test_twenty_simultaneous_votes_from_one_person_give_exactly_three(organiser, make_event, make_user):
    board = _voting_board(organiser, make_event)
    me = services.join_as_member(board=board, by=make_user())
    topics = [services.propose_topic(board=board, by=me, title=f"Topic {n}") for n in range(4)]
    board = services.set_phase(board=board, by=organiser, phase=Board.Phase.VOTING)
    results = run_together(
        [lambda n=n: services.vote(board=board, topic=topics[n % 4], by=me) for n in range(20)]
    )
    refused = [r for r in results if isinstance(r, services.BoardError)]
    assert len(refused) == 17
    assert all("used all your votes" in r.message for r in refused)
    assert Vote.objects.filter(participant=me).count() == 3
    assert sorted(Vote.objects.values_list("slot", flat=True)) == [1, 2, 3]


def test_two_voters_at_once_each_stay_within_the_limit(organiser, make_event, make_user):
    board = _voting_board(organiser, make_event, allow_stacking=False)
    a = services.join_as_member(board=board, by=make_user())
    b = services.join_as_member(board=board, by=make_user())
    topics = [services.propose_topic(board=board, by=a, title=f"Topic {n}") for n in range(5)]
    board = services.set_phase(board=board, by=organiser, phase=Board.Phase.VOTING)
    jobs = [lambda who=who, t=t: services.vote(board=board, topic=t, by=who) for who in (a, b) for t in topics]
    jobs += jobs  # each twice: stacking is refused too
    run_together(jobs)
    for who in (a, b):
        mine = list(Vote.objects.filter(participant=who).values_list("topic_id", flat=True))
        assert len(mine) == 3
        assert len(set(mine)) == 3
    board.refresh_from_db()
    assert board.version == 5 + 1 + 6  # each accepted change got its own version


def test_an_acknowledged_vote_is_already_committed(client, organiser, make_event, make_user):
    """The answer leaves after the commit: another connection (another process, after a crash) sees the vote."""
    board = _voting_board(organiser, make_event)
    person = make_user()
    topic = services.propose_topic(board=board, by=services.join_as_member(board=board, by=person), title="Data")
    board = services.set_phase(board=board, by=organiser, phase=Board.Phase.VOTING)
    client.force_login(person)
    answer = client.post(f"{board.get_absolute_url()}topics/{topic.pk}/vote/", HTTP_ACCEPT="application/json")
    assert answer.json()["ok"]
    seen = run_together([lambda: Vote.objects.filter(topic=topic).count()])
    assert seen == [1]
