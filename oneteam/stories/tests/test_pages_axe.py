"""axe-core on every kind of goals, microactions, principle and story page, filled with the demo
community; and the issue's journey, as a newcomer would try it, with and without JavaScript."""

from __future__ import annotations

import feedparser
import pytest
from django.urls import reverse

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    from oneteam.demo.runner import load_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


def test_every_goals_and_stories_page_passes_axe(demo, live_server, page, assert_accessible):
    from oneteam.people.models import User

    organiser = User.objects.get(email="organiser@example.org")
    public = [
        reverse("goals:list"),
        reverse("goals:detail", args=["free-agents"]),
        reverse("goals:microactions"),
        reverse("goals:microaction", args=["coffee-with-another-team"]),
        reverse("goals:principles"),
        reverse("goals:principle", args=["work-in-the-open"]),
        reverse("stories:list"),
        reverse("stories:list") + "?language=cy",
        reverse("stories:detail", args=["five-big-things"]),
        reverse("stories:detail", args=["gweithio-yn-agored"]),
        reverse("stories:detail", args=["podcast-free-agents"]),
        reverse("stories:podcast"),
        reverse("chapters:detail", args=["hackney-council"]),
    ]
    signed_in = [
        reverse("goals:mine"),
        reverse("goals:create"),
        reverse("goals:edit", args=["oneteam-in-a-box"]),
        reverse("goals:add_action", args=["oneteam-in-a-box"]),
        reverse("goals:suggest"),
        reverse("goals:curate", args=["map-who-is-responsible"]),
        reverse("goals:detail", args=["oneteam-in-a-box"]),
        reverse("goals:microaction", args=["try-a-lean-coffee"]),
        reverse("stories:create"),
        reverse("stories:mine"),
        reverse("stories:edit", args=["five-big-things"]),
        reverse("stories:unpublish", args=["five-big-things"]),
        reverse("stories:delete", args=["five-big-things"]),
    ]
    for path in public:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
    sign_in_browser(page, live_server, organiser)
    for path in signed_in:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)


def _journey(page, live_server, assert_accessible, person):
    base = live_server.url
    sign_in_browser(page, live_server, person)

    # Commit to a microaction and mark it done.
    page.goto(base + reverse("goals:microactions"))
    page.get_by_role("link", name="Have a coffee with someone from another team").click()
    assert_accessible(page)
    page.get_by_role("button", name="I'll do this").click()
    assert page.locator(".govuk-notification-banner").get_by_text("You have committed to").is_visible()
    page.get_by_label("Note").fill("Coffee with the parking team")
    page.get_by_role("button", name="Mark as done").click()
    assert page.locator(".govuk-notification-banner").get_by_text("is marked as done").is_visible()
    assert page.get_by_text("5 people did this").is_visible()
    assert_accessible(page)

    # Tag yourself onto a goal action.
    page.goto(base + reverse("goals:detail", args=["leadership"]))
    page.get_by_role("button", name="I'll help with Find a host organisation in each Nordic country").click()
    assert page.locator(".govuk-notification-banner").get_by_text("you are listed as helping").is_visible()
    assert page.locator("#action-" + page.url.split("#action-")[1]).get_by_text(person.display_name).is_visible()
    assert_accessible(page)

    # Write, preview and publish a story tagged with two principles.
    page.goto(base + reverse("stories:create"))
    page.get_by_label("Title").fill("What a week of microactions taught me")
    page.get_by_label("#MyOneTeamGov").check()
    page.get_by_label("Work in the open and positively").check()
    page.get_by_label("Take practical action").check()
    page.get_by_label("Story", exact=True).fill("## Small steps\n\nI had a **coffee** with the parking team.")
    page.get_by_role("button", name="Preview").click()
    assert page.locator("#preview strong").inner_text() == "coffee"
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft").click()
    assert page.locator(".govuk-notification-banner").get_by_text("Your draft is saved").is_visible()
    page.get_by_role("link", name="Publish the story").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    assert page.locator(".govuk-notification-banner").get_by_text("The story is published").is_visible()
    assert_accessible(page)

    # Find it in the feed and on both principle pages.
    feed = feedparser.parse(page.request.get(base + reverse("stories:feed")).body())
    assert "What a week of microactions taught me" in [entry.title for entry in feed.entries]
    for slug in ("work-in-the-open", "take-practical-action"):
        page.goto(base + reverse("goals:principle", args=[slug]))
        assert page.get_by_role("link", name="What a week of microactions taught me").is_visible()
    assert_accessible(page)


def test_the_journey_with_javascript(demo, live_server, page, assert_accessible, make_user):
    _journey(page, live_server, assert_accessible, make_user(display_name="Newcomer Nia"))


def test_the_same_journey_without_javascript(demo, live_server, page_without_js, assert_accessible, make_user):
    _journey(page_without_js, live_server, assert_accessible, make_user(display_name="Newcomer Noor"))
