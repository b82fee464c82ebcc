"""Three people on one board in separate browsers, as new users would try it.

A proposes a topic and B and C see it without reloading; B votes and A sees
the count; the facilitator (C) starts the clock and everyone sees the same
countdown; when it runs out the thumbs vote opens and its result shows; the
retrospective and closing publish the notes on the event page. The same
journey then works with JavaScript switched off, by forms and reloads.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from oneteam.conftest import sign_in_browser, without_javascript
from oneteam.core import live

from .browser import asgi_server  # noqa: F401  (a fixture)

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE_MS = 5_000


@pytest.fixture
def tabs(asgi_server):  # noqa: F811
    """Browser contexts opened by a test, closed before the server stops."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def _tab(browser, server, user, javascript=True, opened=None):
    context = browser.new_context(java_script_enabled=javascript, timezone_id="Europe/London")
    if opened is not None:
        opened.append(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if not javascript:
        without_javascript(page, browser)
    sign_in_browser(page, server, user)
    return page


def _time_is_up(board):
    """Jump to the end of the timebox (the one thing a test cannot wait eight minutes for)."""
    from oneteam.leancoffee import selectors
    from oneteam.leancoffee.models import Board

    with transaction.atomic():
        Board.objects.filter(pk=board.pk).update(timer_ends_at=timezone.now() + dt.timedelta(seconds=2),
                                                 version=F("version") + 1, layout=F("layout") + 1)
        fresh = Board.objects.get(pk=board.pk)
        live.publish(fresh.channel, "board", selectors.live_state(fresh), id=fresh.version)


def _seconds(text: str) -> int:
    minutes, seconds = re.fullmatch(r"(\d+):(\d\d)", text.strip()).groups()
    return int(minutes) * 60 + int(seconds)


def test_three_people_see_each_other_live(browser, asgi_server, tabs, assert_accessible, make_user,  # noqa: F811
                                          organiser, make_event):
    from oneteam.leancoffee import services

    event = make_event(title="Council lean coffee")
    board = services.create_board(by=organiser, event=event)
    url = asgi_server.url + board.get_absolute_url()
    a = _tab(browser, asgi_server, make_user(display_name="Ama"), opened=tabs)
    b = _tab(browser, asgi_server, make_user(display_name="Ben"), opened=tabs)
    c = _tab(browser, asgi_server, organiser, opened=tabs)
    for page in (a, b, c):
        page.goto(url)
        expect(page.locator("#lc-status")).to_have_text("The board updates live.")
        page.evaluate("window.notReloaded = true")

    a.get_by_label("Your topic").fill("Who answers the phone when a project ends?")
    with a.expect_navigation():
        a.get_by_role("button", name="Add my topic").click()
    for page in (b, c):
        expect(page.get_by_role("heading", name="Who answers the phone when a project ends?")).to_be_visible(
            timeout=LIVE_MS)

    with c.expect_navigation():
        c.get_by_role("button", name="Move to: Voting").click()
    expect(a.locator("#board")).to_have_text("Voting", timeout=LIVE_MS)
    expect(b.locator("#board")).to_have_text("Voting", timeout=LIVE_MS)
    assert_accessible(b)

    b.get_by_role("button", name=re.compile("^Vote for")).click()
    expect(b.locator("#lc-message")).to_have_text("Vote counted. Votes left: 2.")
    expect(a.locator("[data-votes]")).to_have_text("1", timeout=LIVE_MS)
    expect(c.locator("[data-votes]")).to_have_text("1", timeout=LIVE_MS)

    with c.expect_navigation():
        c.get_by_role("button", name="Move to: Discussing").click()
    with c.expect_navigation():
        c.get_by_role("button", name=re.compile("^Discuss now")).click()
    clocks = []
    for page in (a, b, c):
        expect(page.locator("[data-countdown]")).to_have_text(re.compile(r"^[78]:\d\d$"), timeout=LIVE_MS)
        clocks.append(_seconds(page.locator("[data-countdown]").inner_text()))
    assert max(clocks) - min(clocks) <= 2, clocks
    assert_accessible(a)

    _time_is_up(board)
    for page in (a, b, c):
        expect(page.locator("[data-countdown]")).to_have_text("Time is up", timeout=LIVE_MS + 3_000)
    a.get_by_role("button", name="Keep going").click()
    b.get_by_role("button", name="Move on").click()
    expect(c.locator('[data-thumb="up"]')).to_have_text("1", timeout=LIVE_MS)
    expect(c.locator('[data-thumb="down"]')).to_have_text("1", timeout=LIVE_MS)
    assert_accessible(c)
    with c.expect_navigation():
        c.get_by_role("button", name="Give it 4 more minutes").click()
    expect(a.locator("[data-countdown]")).to_have_text(re.compile(r"^[34]:\d\d$"), timeout=LIVE_MS)

    c.get_by_role("radio", name="Action").check()
    c.get_by_label("Text", exact=True).fill("Ask the contact centre which old numbers still ring")
    with c.expect_navigation():
        c.get_by_role("button", name="Write it down").click()
    expect(a.get_by_text("Ask the contact centre which old numbers still ring")).to_be_visible(timeout=LIVE_MS)

    with c.expect_navigation():
        c.get_by_role("button", name="Move to: Retrospective").click()
    expect(a.locator("#board")).to_have_text("Retrospective", timeout=LIVE_MS)
    a.get_by_role("radio", name="Liked").check()
    a.get_by_label("Your note").fill("Short and to the point")
    with a.expect_navigation():
        a.get_by_role("button", name="Add my note").click()
    expect(b.get_by_text("Short and to the point")).to_be_visible(timeout=LIVE_MS)
    assert_accessible(b)
    with c.expect_navigation():
        c.get_by_role("button", name="Move to: Closed").click()
    expect(b.locator("#board")).to_have_text("Closed", timeout=LIVE_MS)
    for page in (b,):
        assert page.evaluate("window.notReloaded") is True  # everything above arrived without a reload

    b.goto(asgi_server.url + event.get_absolute_url())
    expect(b.get_by_text("Ask the contact centre which old numbers still ring")).to_be_visible()
    expect(b.get_by_text("Short and to the point")).to_be_visible()
    assert_accessible(b)


def test_the_same_journey_without_javascript(browser, asgi_server, tabs, assert_accessible, make_user,  # noqa: F811
                                             organiser, make_event):
    from oneteam.leancoffee import services

    event = make_event(title="Council lean coffee")
    board = services.create_board(by=organiser, event=event)
    url = asgi_server.url + board.get_absolute_url()
    a = _tab(browser, asgi_server, make_user(display_name="Ama"), javascript=False, opened=tabs)
    b = _tab(browser, asgi_server, make_user(display_name="Ben"), javascript=False, opened=tabs)
    c = _tab(browser, asgi_server, organiser, javascript=False, opened=tabs)
    for page in (a, b, c):
        page.goto(url)
    expect(a.locator("#lc-status")).to_contain_text("reload it to see the latest")

    a.get_by_label("Your topic").fill("Plain English letters")
    a.get_by_role("button", name="Add my topic").click()
    expect(a.get_by_text("Your topic is on the board.")).to_be_visible()
    c.get_by_role("button", name="Move to: Voting").click()
    b.reload()
    b.get_by_role("button", name=re.compile("^Vote for")).click()
    expect(b.get_by_text("Vote counted. Votes left: 2.")).to_be_visible()
    a.reload()
    expect(a.locator("[data-votes]")).to_have_text("1")
    assert_accessible(a)

    c.get_by_role("button", name="Move to: Discussing").click()
    c.get_by_role("button", name=re.compile("^Discuss now")).click()
    a.reload()
    expect(a.locator("#now")).to_contain_text("ends at")
    assert_accessible(a)
    _time_is_up(board)
    import time

    time.sleep(2.5)
    a.reload()
    a.get_by_role("button", name="Keep going").click()
    expect(a.get_by_text("Thanks: your thumb is counted.")).to_be_visible()
    c.reload()
    expect(c.locator('[data-thumb="up"]')).to_have_text("1")
    c.get_by_role("button", name="Done: move it to discussed").click()
    c.get_by_role("button", name="Move to: Retrospective").click()
    b.reload()
    b.get_by_role("radio", name="Learned").check()
    b.get_by_label("Your note").fill("Parking letters are the worst")
    b.get_by_role("button", name="Add my note").click()
    assert_accessible(b)
    c.reload()
    c.get_by_role("button", name="Move to: Closed").click()
    a.goto(asgi_server.url + event.get_absolute_url())
    expect(a.get_by_text("Parking letters are the worst")).to_be_visible()
    expect(a.get_by_text("Plain English letters")).to_be_visible()
