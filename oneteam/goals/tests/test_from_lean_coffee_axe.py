"""axe-core on "Take it forward": the board's link, the form, and the form sent back with its errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_take_it_forward_passes_axe(live_server, page, assert_accessible, global_organiser, global_chapter,
                                    make_event, make_user):
    from oneteam.goals import services as goals
    from oneteam.leancoffee import services as lean_coffee

    ada = make_user(display_name="Ada Lovelace")
    board = lean_coffee.create_board(by=global_organiser, event=make_event(title="Monthly lean coffee"))
    seat = lean_coffee.join_as_member(board=board, by=ada)
    topic = lean_coffee.propose_topic(board=board, by=seat, title="Knowing who owns what")
    for phase in ("voting", "discussing"):
        board = lean_coffee.set_phase(board=board, by=global_organiser, phase=phase)
    lean_coffee.start_topic(board=board, by=global_organiser, topic=topic)
    action = lean_coffee.add_capture(board=board, by=global_organiser, topic=topic, kind="action",
                                     text="Map the owners of our services", owner=seat, due=dt.date(2030, 1, 31))
    for phase in ("retrospective", "closed"):
        board = lean_coffee.set_phase(board=board, by=global_organiser, phase=phase)
    goals.create_goal(by=global_organiser, chapter=global_chapter, owners=[ada], title="Know our services",
                      why="Nobody can fix what nobody owns.", first_action="List them", year=2030)

    sign_in_browser(page, live_server, ada)
    page.goto(live_server.url + board.get_absolute_url())
    assert_accessible(page)
    url = reverse("goals:from_lean_coffee", args=[action.pk])
    link = page.locator(f'a[href="{url}"]')
    assert "Take it forward" in link.inner_text() and "Map the owners of our services" in link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(url)
    assert_accessible(page)
    page.get_by_label("An action under one of your goals").check()
    page.get_by_role("button", name="Take it forward").click()
    page.wait_for_load_state()
    assert "Select the goal to add the action to" in page.content()
    assert_accessible(page)
    page.locator("select[name=goal]").select_option(label="Know our services")
    page.get_by_role("button", name="Take it forward").click()
    page.wait_for_load_state()
    assert "is now an action of" in page.content() and "Map the owners of our services" in page.content()
