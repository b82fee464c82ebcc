"""The chapter pages in a real browser, checked by axe-core."""

from __future__ import annotations

import re

import pytest

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_start_and_detail_pages_are_accessible(live_server, page, assert_accessible, make_user, global_chapter):
    person = make_user(display_name="Ada Organiser")
    sign_in_browser(page, live_server, person)

    page.goto(f"{live_server.url}/chapters/start/")
    assert_accessible(page)

    # Submitting empty shows the error summary, which must be accessible too.
    with page.expect_navigation():
        page.get_by_role("button", name="Start the chapter").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)

    page.get_by_label("Name").fill("OneTeam Hackney")
    page.get_by_label("City, council or department").fill("Hackney Council")
    page.get_by_label("Meeting rhythm").fill("Second Tuesday of the month")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the chapter").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("OneTeam Hackney")
    assert page.get_by_role("heading", name="Starter checklist").is_visible()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Mark as done\W+Pick a meeting rhythm$")).click()
    assert "Done: Pick a meeting rhythm" in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/chapters/?q=hackney")
    assert page.get_by_role("link", name="OneTeam Hackney").is_visible()
    assert_accessible(page)
