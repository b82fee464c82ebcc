"""Facilitators drive the phases; the discussion clock, thumbs and extensions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from oneteam.leancoffee import services
from oneteam.leancoffee.models import Board, Facilitator, Topic

pytestmark = pytest.mark.django_db


def test_only_facilitators_move_the_phase(board, make_user, organiser):
    member = make_user()
    with pytest.raises(PermissionDenied):
        services.set_phase(board=board, by=member, phase="voting")
    Facilitator.objects.create(board=board, user=member)
    assert services.set_phase(board=board, by=member, phase="voting").is_voting


def test_phases_go_in_order_and_closed_is_final(board, organiser):
    with pytest.raises(services.BoardError, match="cannot go from Collecting topics to Discussing"):
        services.set_phase(board=board, by=organiser, phase="discussing")
    for phase in ("voting", "discussing", "retrospective", "closed"):
        board = services.set_phase(board=board, by=organiser, phase=phase)
    assert board.closed_at is not None
    with pytest.raises(services.BoardError):
        services.set_phase(board=board, by=organiser, phase="retrospective")


def test_topics_are_ordered_by_votes_then_age_once_voting_ends(client, board, organiser, make_user, seat, at_phase):
    a, b = seat(make_user()), seat(make_user())
    first = services.propose_topic(board=board, by=a, title="First")
    second = services.propose_topic(board=board, by=a, title="Second")
    third = services.propose_topic(board=board, by=a, title="Third")
    board = at_phase(board, "voting")
    services.vote(board=board, topic=third, by=a)
    services.vote(board=board, topic=third, by=b)
    services.vote(board=board, topic=second, by=b)
    services.vote(board=board, topic=first, by=a)
    board = at_phase(board, "discussing")
    page = client.get(board.get_absolute_url()).content.decode()
    assert page.index("Third") < page.index("First") < page.index("Second")  # 2 votes, then 1 (earliest), then 1


def _discussing(board, organiser, seat, make_user, at_phase):
    topic = services.propose_topic(board=board, by=seat(make_user()), title="Trust to act")
    board = at_phase(board, "discussing")
    return services.start_topic(board=board, by=organiser, topic=topic), topic


def test_the_clock_starts_with_the_timebox(board, organiser, seat, make_user, at_phase):
    before = timezone.now()
    board, topic = _discussing(board, organiser, seat, make_user, at_phase)
    assert board.current_topic_id == topic.pk
    assert before + dt.timedelta(minutes=8) <= board.timer_ends_at <= timezone.now() + dt.timedelta(minutes=8)
    topic.refresh_from_db()
    assert topic.status == Topic.Status.DISCUSSING


def test_thumbs_open_when_the_time_is_up_and_extensions_shrink(board, organiser, seat, make_user, at_phase):
    board, topic = _discussing(board, organiser, seat, make_user, at_phase)
    voter = seat(make_user())
    with pytest.raises(services.BoardError, match="opens when the time is up"):
        services.thumb(board=board, by=voter, choice="up")
    Board.objects.filter(pk=board.pk).update(timer_ends_at=timezone.now() - dt.timedelta(seconds=1))
    services.thumb(board=board, by=voter, choice="up")
    services.thumb(board=board, by=voter, choice="down")  # changing one's mind replaces the thumb
    board.refresh_from_db()
    from oneteam.leancoffee.selectors import thumb_counts
    assert thumb_counts(board) == {"up": 0, "sideways": 0, "down": 1}
    start = timezone.now()
    board = services.extend_topic(board=board, by=organiser)
    assert board.timer_ends_at >= start + dt.timedelta(minutes=4)
    assert thumb_counts(board) == {"up": 0, "sideways": 0, "down": 0}  # a new round
    end = board.timer_ends_at
    board = services.extend_topic(board=board, by=organiser)
    assert board.timer_ends_at == end + dt.timedelta(minutes=2)


def test_the_page_without_javascript_shows_the_end_time(client, board, organiser, seat, make_user, at_phase):
    board, topic = _discussing(board, organiser, seat, make_user, at_phase)
    page = client.get(board.get_absolute_url()).content.decode()
    ends = board.timer_ends_at.astimezone(board.event.tz).strftime("%H:%M:%S")
    assert f"ends at {ends} (Europe/London)" in page
    assert "Trust to act" in page


def test_finishing_moves_the_topic_to_discussed(board, organiser, seat, make_user, at_phase):
    board, topic = _discussing(board, organiser, seat, make_user, at_phase)
    board = services.finish_topic(board=board, by=organiser)
    topic.refresh_from_db()
    assert topic.status == Topic.Status.DISCUSSED and board.current_topic is None
    with pytest.raises(services.BoardError, match="not waiting to be discussed"):
        services.start_topic(board=board, by=organiser, topic=topic)


def test_a_participant_cannot_start_the_clock(board, organiser, seat, make_user, at_phase):
    member = make_user()
    topic = services.propose_topic(board=board, by=seat(member), title="Data")
    board = at_phase(board, "discussing")
    with pytest.raises(PermissionDenied):
        services.start_topic(board=board, by=member, topic=topic)


def test_facilitator_forms_work_without_javascript(client, board, organiser, seat, make_user):
    topic = services.propose_topic(board=board, by=seat(make_user()), title="Data")
    client.force_login(organiser)
    url = board.get_absolute_url()
    for phase in ("voting", "discussing"):
        client.post(f"{url}phase/", {"phase": phase})
    response = client.post(f"{url}topics/{topic.pk}/start/", follow=True)
    assert "The clock is running." in response.content.decode()
    response = client.post(f"{url}extend/", follow=True)
    assert "The topic has more time." in response.content.decode()
    response = client.post(f"{url}finish/", follow=True)
    assert "The topic is discussed." in response.content.decode()
