"""Lean coffee → goals in one step: a captured action becomes a goal's action or the person's microaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from oneteam.goals import services as goals
from oneteam.goals.models import Action, Commitment
from oneteam.leancoffee import services as lean_coffee
from oneteam.leancoffee.models import Board, Capture

pytestmark = pytest.mark.django_db


def _move(board, organiser, phase):
    order = list(Board.Phase.values)
    board.refresh_from_db()
    while order.index(board.phase) < order.index(phase):
        board = lean_coffee.set_phase(board=board, by=organiser, phase=order[order.index(board.phase) + 1])
    return board


@pytest.fixture
def ada(make_user):
    return make_user(display_name="Ada Lovelace")


@pytest.fixture
def discussed(global_organiser, make_event, ada):
    """A board in discussion with Ada's action and a private action nobody on the board owns."""
    board = lean_coffee.create_board(by=global_organiser, event=make_event(title="Monthly lean coffee"))
    seat = lean_coffee.join_as_member(board=board, by=ada)
    topic = lean_coffee.propose_topic(board=board, by=seat, title="Knowing who owns what")
    board = _move(board, global_organiser, "discussing")
    lean_coffee.start_topic(board=board, by=global_organiser, topic=topic)
    mine = lean_coffee.add_capture(board=board, by=global_organiser, topic=topic, kind="action",
                                   text="Map the owners of our services", owner=seat, due=dt.date(2030, 1, 31))
    secret = lean_coffee.add_capture(board=board, by=global_organiser, topic=topic, kind="action",
                                     text="Raise the secret restructure with the director", owner_name="Sam",
                                     private=True)
    return board, mine, secret


@pytest.fixture
def closed(discussed, global_organiser):
    board, mine, secret = discussed
    return _move(board, global_organiser, "closed"), mine, secret


@pytest.fixture
def adas_goal(global_organiser, global_chapter, ada):
    return goals.create_goal(by=global_organiser, chapter=global_chapter, owners=[ada], title="Know our services",
                             why="Nobody can fix what nobody owns.", first_action="List them", year=2030)


@pytest.fixture
def other_goal(global_organiser, global_chapter):
    return goals.create_goal(by=global_organiser, chapter=global_chapter, title="Open budgets",
                             why="People should see where money goes.", first_action="Publish one", year=2030)


def _url(capture):
    return reverse("goals:from_lean_coffee", args=[capture.pk])


def test_the_owner_takes_it_forward_to_a_goal_they_may_add_actions_to(client, closed, ada, adas_goal, other_goal):
    board, mine, _secret = closed
    client.force_login(ada)
    for page in (board.get_absolute_url(), reverse("events:mine")):
        html = client.get(page).content.decode()
        assert f'href="{_url(mine)}"' in html and "Take it forward" in html
    form = client.get(_url(mine)).content.decode()
    assert "Map the owners of our services" in form and "Due by 31 January 2030" in form
    assert "Know our services" in form and "Open budgets" not in form  # only goals she may add actions to
    response = client.post(_url(mine), {"destination": "goal", "goal": adas_goal.pk})
    assert response["Location"] == adas_goal.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Map the owners of our services" in page and "is now an action of" in page
    action = Action.objects.get(goal=adas_goal, title="Map the owners of our services")
    assert action.owner == ada and action.due == dt.date(2030, 1, 31)


def test_or_as_her_own_microaction_without_a_goal(client, closed, ada):
    _board, mine, _secret = closed
    client.force_login(ada)
    form = client.get(_url(mine)).content.decode()
    assert "My own microaction" in form and "An action under one of your goals" not in form  # she has no goals
    response = client.post(_url(mine), {"destination": "microaction"})
    assert response["Location"] == reverse("goals:mine")
    page = client.get(response["Location"]).content.decode()
    assert "Map the owners of our services" in page and "is now one of your microactions" in page
    assert Commitment.objects.filter(user=ada, microaction__title="Map the owners of our services").exists()


def test_a_goal_must_be_chosen_and_only_one_she_may_add_to(client, closed, ada, adas_goal, other_goal):
    _board, mine, _secret = closed
    client.force_login(ada)
    page = client.post(_url(mine), {"destination": "goal"}).content.decode()
    assert "There is a problem" in page and "Select the goal to add the action to" in page
    page = client.post(_url(mine), {"destination": "goal", "goal": other_goal.pk}).content.decode()
    assert "Select a goal from the list" in page
    assert not Action.objects.filter(title="Map the owners of our services").exists()


def test_nobody_else_is_offered_it_and_private_actions_stay_with_the_facilitators(
        client, closed, ada, make_user, global_organiser, adas_goal):
    board, mine, secret = closed
    bob = make_user(display_name="Bob")
    client.force_login(bob)
    page = client.get(board.get_absolute_url()).content.decode()
    assert "Take it forward" not in page and "secret restructure" not in page
    for capture in (mine, secret):
        assert client.get(_url(capture)).status_code == 404
        assert client.post(_url(capture), {"destination": "microaction"}).status_code == 404
    client.force_login(ada)  # her own action, yes; the private one she does not own, no
    page = client.get(board.get_absolute_url()).content.decode()
    assert f'href="{_url(mine)}"' in page and f'href="{_url(secret)}"' not in page and "secret restructure" not in page
    assert client.get(_url(secret)).status_code == 404
    client.logout()
    assert client.get(_url(mine))["Location"].startswith(reverse("account_login"))
    assert not Commitment.objects.exists() and not Action.objects.filter(title__contains="owners").exists()

    client.force_login(global_organiser)  # a facilitator may take any action forward, and is warned about privacy
    page = client.get(board.get_absolute_url()).content.decode()
    assert f'href="{_url(secret)}"' in page and f'href="{_url(mine)}"' in page
    form = client.get(_url(secret)).content.decode()
    assert "This action is private on the board" in form and "Know our services" in form
    client.post(_url(secret), {"destination": "goal", "goal": adas_goal.pk})
    assert Action.objects.get(goal=adas_goal).title == "Raise the secret restructure with the director"


def test_not_before_the_retrospective(client, discussed, ada, global_organiser):
    board, mine, _secret = discussed
    client.force_login(ada)
    assert "Take it forward" not in client.get(board.get_absolute_url()).content.decode()
    assert client.get(_url(mine)).status_code == 404
    _move(board, global_organiser, "retrospective")
    assert client.get(_url(mine)).status_code == 200


def test_the_service_rechecks_who_may(closed, make_user):
    _board, mine, _secret = closed
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        goals.take_forward_from_lean_coffee(capture=Capture.objects.get(pk=mine.pk), by=make_user())
