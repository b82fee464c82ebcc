"""The whole foundation, tried in a real browser as new people would use it.

A newcomer signs up, confirms their address, starts a chapter and creates an
event with one place. A second person joins the chapter and takes the place, a
third joins the waiting list; the second cancels and the third is promoted and
told by e-mail. axe-core checks every page the journey lands on, and the same
journey is walked again with JavaScript switched off.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from oneteam.conftest import without_javascript

# Without Playwright the whole module is skipped, and -ra prints why, rather
# than failing to collect.
expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and private passphrase"


class Walker:
    """One person's browser tab, checking accessibility on every page it reaches."""

    def __init__(self, browser, base_url: str, assert_accessible, javascript: bool):
        self.context = browser.new_context(java_script_enabled=javascript, timezone_id="Europe/London")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base_url = base_url
        self.check = assert_accessible
        if not javascript:
            without_javascript(self.page, browser)

    def visit(self, path: str):
        self.page.goto(self.base_url + path if path.startswith("/") else path)
        self.checked()

    def press(self, name: str):
        """Submit a form and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).click()
        self.checked()

    def follow(self, name):
        """Follow a link and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name).first.click()
        self.checked()

    def checked(self):
        expect(self.page.locator("h1")).to_have_count(1)
        self.check(self.page)

    def sees(self, text: str):
        assert text in self.page.locator("main").inner_text(), f"expected {text!r} on {self.page.url}"

    def sign_in(self, email: str):
        self.visit("/accounts/login/")
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(PASSWORD)
        self.press("Sign in")

    def close(self):
        self.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_newcomer_starts_a_chapter_and_the_waiting_list_works(
    javascript, browser, live_server, assert_accessible, make_user, global_chapter
):
    from oneteam.events.models import Registration

    base = live_server.url
    second = make_user(email="second@example.org", password=PASSWORD, display_name="Sam Second")
    third = make_user(email="third@example.org", password=PASSWORD, display_name="Tia Third")

    # 1. A council officer signs up and confirms their e-mail address.
    organiser = Walker(browser, base, assert_accessible, javascript)
    organiser.visit("/accounts/signup/")
    organiser.page.get_by_label("Your name").fill("Olu Organiser")
    organiser.page.get_by_label("E-mail address").fill("olu@council.example.org")
    organiser.page.get_by_label("Create a password").fill(PASSWORD)
    organiser.page.get_by_label("Type the password again").fill(PASSWORD)
    organiser.press("Create account")
    organiser.sees("Check your e-mail")
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    organiser.visit(link)
    organiser.press("Confirm my e-mail address")

    # 2. They start a chapter, and see the starter checklist.
    organiser.visit("/chapters/start/")
    organiser.page.get_by_label("Name", exact=True).fill("OneTeam Riverside Council")
    organiser.page.get_by_label("City, council or department").fill("Riverside")
    organiser.page.get_by_label("Meeting rhythm").fill("Lean coffee, first Tuesday of the month")
    organiser.press("Start the chapter")
    organiser.sees("OneTeam Riverside Council")
    organiser.sees("Find a co-organiser")
    chapter_url = organiser.page.url

    # 3. They create an event with a single place and publish it.
    organiser.follow(re.compile("Create an event"))
    day = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    organiser.page.get_by_label("Title").fill("First lean coffee")
    organiser.page.get_by_label("Lean coffee").check()
    organiser.page.get_by_label("Start date").fill(day)
    organiser.page.get_by_label("Start time").fill("08:30")
    organiser.page.get_by_label("End date").fill(day)
    organiser.page.get_by_label("End time").fill("09:30")
    organiser.page.get_by_label("Venue").fill("Town hall, committee room 3")
    organiser.page.get_by_label("Number of places").fill("1")
    organiser.press("Save as draft")
    organiser.sees("First lean coffee")
    event_url = organiser.page.url
    organiser.follow(re.compile("Publish"))
    organiser.press("Publish the event")
    organiser.sees("published")

    # 4. A second person joins the chapter and takes the only place.
    sam = Walker(browser, base, assert_accessible, javascript)
    sam.sign_in(second.email)
    sam.visit(chapter_url)
    sam.press("Join this chapter")
    sam.visit(event_url)
    sam.press("Sign up")
    sam.sees("You have a place")

    # 5. A third person finds it full and joins the waiting list.
    tia = Walker(browser, base, assert_accessible, javascript)
    tia.sign_in(third.email)
    tia.visit(event_url)
    tia.press("Join the waiting list")
    tia.sees("waiting list")

    # 6. The second person cancels; the third is promoted and told by e-mail.
    mail.outbox.clear()
    sam.visit(event_url)
    sam.press("Cancel my place")
    sam.sees("cancelled")
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert "First lean coffee" in mail.outbox[0].subject
    tia.visit(event_url)
    tia.sees("You have a place")
    statuses = dict(Registration.objects.values_list("user__email", "status"))
    assert statuses == {second.email: "cancelled", third.email: "confirmed"}

    for walker in (organiser, sam, tia):
        walker.close()
