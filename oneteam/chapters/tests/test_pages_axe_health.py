"""Health, handover, rituals, announcements and the global view in a real browser, checked by axe-core.

The handover journey runs twice: with JavaScript, and without it.
"""

from __future__ import annotations

import pytest

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_new_page_kind_is_accessible(live_server, page, assert_accessible):
    from django.contrib.auth import get_user_model

    from oneteam.demo.runner import load_demo

    load_demo()
    people = get_user_model().objects
    page.goto(f"{live_server.url}/chapters/world/")
    assert page.get_by_role("img", name="Where the chapters are").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/chapters/manchester/health/")
    assert page.get_by_role("heading", name="How the chapter is doing").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/chapters/newcastle/")  # dormant: anyone signed in may take it over
    sign_in_browser(page, live_server, people.get(email="member@example.org"))
    page.goto(f"{live_server.url}/chapters/newcastle/")
    assert page.get_by_role("button", name="Take over this chapter").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/chapters/croydon-council/")  # an open call for co-organisers
    assert page.get_by_role("button", name="Step up as a co-organiser").is_visible()
    assert_accessible(page)

    sign_in_browser(page, live_server, people.get(email="organiser@example.org"))
    for address, heading in [
        ("/chapters/hackney-council/health/", "How the chapter is doing"),
        ("/chapters/hackney-council/health/settings/", "Rhythm, time zone and place"),
        ("/chapters/hackney-council/handover/", "Hand over or share the chapter"),
        ("/chapters/hackney-council/rituals/", "Recurring meetings"),
        ("/chapters/hackney-council/announcements/", "Announcements in Slack or Teams"),
    ]:
        page.goto(live_server.url + address)
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
        assert_accessible(page)
    assert "Failed" in page.content() and "this-hook-was-removed" not in page.content()
    # The error summary on a refused form.
    page.goto(f"{live_server.url}/chapters/hackney-council/rituals/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the ritual").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)

    sign_in_browser(page, live_server, people.get(email="daniel.osei@example.org"))
    page.goto(f"{live_server.url}/chapters/leeds/rituals/")
    assert page.get_by_role("heading", name="Leeds breakfast lean coffee").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_an_organiser_hands_over_to_a_member_who_then_runs_the_chapter(
    javascript, live_server, page, page_without_js, assert_accessible, make_user, global_chapter
):
    from oneteam.chapters import services

    tab = page if javascript else page_without_js
    olu = make_user(email="olu@example.org", display_name="Olu Organiser")
    mia = make_user(email="mia@example.org", display_name="Mia Member")
    chapter = services.start_chapter(by=olu, name="OneTeam Leeds", city="Leeds", country="GB")
    services.join(chapter=chapter, by=mia)

    sign_in_browser(tab, live_server, olu)
    tab.goto(f"{live_server.url}/chapters/{chapter.slug}/")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Hand over, step back or call for co-organisers").click()
    assert_accessible(tab)
    tab.get_by_label("Who should take over from you?").select_option(label="Mia Member")
    tab.get_by_label("A note for them (optional)").fill("The room is booked until June.")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Ask them to take over").click()
    assert "We have asked Mia Member to take over" in tab.content()
    assert_accessible(tab)

    tab.context.clear_cookies()
    sign_in_browser(tab, live_server, mia)
    tab.goto(f"{live_server.url}/chapters/{chapter.slug}/")
    assert tab.get_by_role("heading", name="A handover for you").is_visible()
    assert "The room is booked until June." in tab.content()
    assert_accessible(tab)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Accept and take over").click()
    assert "You are now an organiser of OneTeam Leeds" in tab.content()
    assert "You are an organiser of this chapter." in tab.content()
    assert tab.get_by_role("link", name="Hand over, step back or call for co-organisers").is_visible()
    history = tab.get_by_role("table").filter(has_text="took over in a handover")
    assert history.is_visible()
    assert_accessible(tab)
