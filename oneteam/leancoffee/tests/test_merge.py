"""Merging two topics: the votes carry over and nobody ends up over the limit."""

from __future__ import annotations

import pytest

from oneteam.leancoffee import services
from oneteam.leancoffee.models import Topic, Vote

pytestmark = pytest.mark.django_db


def test_votes_carry_over(board, organiser, make_user, seat, at_phase):
    a, b = seat(make_user()), seat(make_user())
    keep = services.propose_topic(board=board, by=a, title="Sharing work in the open")
    fold = services.propose_topic(board=board, by=b, title="Working openly")
    board = at_phase(board, "voting")
    services.vote(board=board, topic=keep, by=a)
    services.vote(board=board, topic=fold, by=b)
    services.vote(board=board, topic=fold, by=b)
    services.merge_topics(board=board, by=organiser, source=fold, target=keep)
    assert Vote.objects.filter(topic=keep).count() == 3
    fold.refresh_from_db()
    assert fold.status == Topic.Status.MERGED and fold.merged_into == keep
    assert services.vote(board=board, topic=keep, by=b).left == 0  # b still has exactly one vote left


def test_without_stacking_a_double_vote_is_given_back(board, organiser, make_user, seat, at_phase):
    services.update_board(board=board, by=organiser, allow_stacking=False)
    a = seat(make_user())
    keep = services.propose_topic(board=board, by=a, title="One")
    fold = services.propose_topic(board=board, by=a, title="Two")
    other = services.propose_topic(board=board, by=a, title="Three")
    board = at_phase(board, "voting")
    for topic in (keep, fold, other):
        services.vote(board=board, topic=topic, by=a)
    services.merge_topics(board=board, by=organiser, source=fold, target=keep)
    assert Vote.objects.filter(participant=a).count() == 2
    assert Vote.objects.filter(participant=a, topic=keep).count() == 1
    with pytest.raises(services.BoardError, match="already voted"):
        services.vote(board=board, topic=keep, by=a)


def test_nobody_exceeds_the_limit_after_any_merge(board, organiser, make_user, seat, at_phase):
    people = [seat(make_user()) for _ in range(4)]
    topics = [services.propose_topic(board=board, by=people[0], title=f"T{n}") for n in range(4)]
    board = at_phase(board, "voting")
    for n, person in enumerate(people):
        for k in range(3):
            services.vote(board=board, topic=topics[(n + k) % 4], by=person)
    services.merge_topics(board=board, by=organiser, source=topics[1], target=topics[0])
    services.merge_topics(board=board, by=organiser, source=topics[2], target=topics[0])
    for person in people:
        assert Vote.objects.filter(participant=person).count() == 3
    assert Vote.objects.filter(topic=topics[0]).count() == 9


def test_merge_refuses_the_same_topic_and_non_facilitators(board, organiser, make_user, seat):
    from django.core.exceptions import PermissionDenied

    member = make_user()
    topic = services.propose_topic(board=board, by=seat(member), title="One")
    other = services.propose_topic(board=board, by=seat(member), title="Two")
    with pytest.raises(services.BoardError, match="two different topics"):
        services.merge_topics(board=board, by=organiser, source=topic, target=topic)
    with pytest.raises(PermissionDenied):
        services.merge_topics(board=board, by=member, source=topic, target=other)


def test_removing_an_abusive_card_gives_the_votes_back(board, organiser, make_user, seat, at_phase):
    a = seat(make_user())
    bad = services.propose_topic(board=board, by=a, title="Something rude")
    board = at_phase(board, "voting")
    services.vote(board=board, topic=bad, by=a)
    services.remove_topic(board=board, by=organiser, topic=bad)
    assert not Topic.objects.filter(pk=bad.pk).exists()
    assert not Vote.objects.filter(participant=a).exists()
