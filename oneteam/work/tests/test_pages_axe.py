"""axe-core on every kind of page of the work register, filled with the demo
community, and the register journey in a real browser, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from oneteam.conftest import sign_in_browser

expect = pytest.importorskip("playwright.sync_api").expect  # waits for the page, unlike is_visible()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAPHRASE_TITLE = "Free meals at school without parents applying"
PARAPHRASE = ("Children whose families receive benefits get free lunches at school automatically, using "
              "data the council already holds, so no parent has to fill in a form.")
EXISTING = "Automatic enrolment for free school meals"


def _demo():
    from oneteam.demo.runner import load_demo
    from oneteam.people.models import User
    from oneteam.work.models import KeyResult, Project

    load_demo()
    organiser = User.objects.get(email="organiser@example.org")
    with_okrs = KeyResult.objects.select_related("objective__project").first().objective.project
    mine = Project.objects.get(slug="tablet-lending-over-70s")
    other = Project.objects.get(slug="library-volunteers-pensioners-online")
    return organiser, with_okrs, mine, other


def test_every_work_page_passes_axe(live_server, page, assert_accessible):
    organiser, with_okrs, mine, other = _demo()
    objective = mine.objectives.first()
    result = objective.key_results.first()
    from oneteam.work import services

    update = mine.updates.first() or services.post_update(project=mine, by=organiser, body="Ten tablets lent.")
    public = [
        reverse("work:list"),
        reverse("work:list") + "?q=older+people+online&phase=beta&country=GB",
        reverse("work:detail", args=[with_okrs.slug]),
        reverse("work:overlaps"),
        reverse("work:directory"),
        reverse("work:directory") + "?by=theme",
        reverse("work:directory") + "?by=person",
        reverse("work:help_wanted"),
        reverse("chapters:detail", args=["hackney-council"]),
    ]
    team_only = [
        reverse("work:detail", args=[mine.slug]),
        reverse("work:register"),
        reverse("work:edit", args=[mine.slug]),
        reverse("work:post_update", args=[mine.slug]),
        reverse("work:add_person", args=[mine.slug]),
        reverse("work:add_link", args=[mine.slug]),
        reverse("work:add_objective", args=[mine.slug]),
        reverse("work:add_key_result", args=[mine.slug, objective.pk]),
        reverse("work:record_progress", args=[mine.slug, result.pk]),
        reverse("work:edit_update", args=[mine.slug, update.pk]),
        reverse("work:delete_update", args=[mine.slug, update.pk]),
        reverse("work:edit_objective", args=[mine.slug, objective.pk]),
        reverse("work:delete_objective", args=[mine.slug, objective.pk]),
        reverse("work:edit_key_result", args=[mine.slug, result.pk]),
        reverse("work:delete_key_result", args=[mine.slug, result.pk]),
        reverse("work:ask_for_help", args=[mine.slug]),
        reverse("work:judge", args=[mine.slug, other.slug]),
        reverse("work:adapt_checklist", args=["hackney-council", "startup"]),
    ]
    for path in public:
        page.goto(live_server.url + path)
        assert_accessible(page)
    sign_in_browser(page, live_server, organiser)
    for path in team_only:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # A form with its errors shown.
    page.goto(live_server.url + reverse("work:register"))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def _register(page, live_server, organisation: str) -> None:
    page.goto(live_server.url + reverse("work:register"))
    page.get_by_label("Project title").fill(PARAPHRASE_TITLE)
    page.get_by_label("What the project does").fill(PARAPHRASE)
    page.get_by_label("Organisation").select_option(label=organisation)


def _confirm_and_check(page, live_server, new_title: str) -> None:
    from oneteam.work.models import Project

    existing = Project.objects.get(title=EXISTING)
    mine = Project.objects.get(title=new_title)
    expect(page.locator("#similar + ul").get_by_role("link", name=EXISTING, exact=True)).to_be_visible()
    page.get_by_role("link", name=f"Say how they relate ({EXISTING})").click()
    page.get_by_label("Duplicate: the same work").check()
    page.get_by_label("Note").fill("Same idea in Hackney: let us borrow their data-sharing agreement.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The relation is saved")).to_be_visible()
    for project in (mine, existing):
        page.goto(live_server.url + project.get_absolute_url())
        related = page.locator("#relations + ul")
        expect(related.get_by_role("link", name=(existing if project == mine else mine).title, exact=True)).to_be_visible()
    told = [message for message in mail.outbox if "daniel.osei@example.org" in message.to]
    assert told and EXISTING in told[0].subject and new_title in told[0].body


def test_a_newcomer_sees_the_same_work_suggested_while_typing_and_confirms_it(live_server, page,
                                                                              assert_accessible, make_user):
    _demo()
    newcomer = make_user(display_name="Nia Newcomer", email="nia@example.org")
    sign_in_browser(page, live_server, newcomer)
    _register(page, live_server, "Hackney Council")
    suggestions = page.locator("#similar-results")
    suggestions.get_by_role("link", name=EXISTING, exact=True).wait_for(timeout=15_000)
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/work/free-meals-at-school"))
    expect(page.get_by_text("Your project is registered.")).to_be_visible()
    _confirm_and_check(page, live_server, PARAPHRASE_TITLE)


def test_the_same_journey_without_javascript(live_server, page_without_js, assert_accessible, make_user):
    _demo()
    page = page_without_js
    newcomer = make_user(display_name="Nia Newcomer", email="nia@example.org")
    sign_in_browser(page, live_server, newcomer)
    _register(page, live_server, "Hackney Council")
    assert page.locator("#similar-while-typing").is_hidden()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Similar projects already exist")).to_be_visible()
    expect(page.get_by_role("link", name=EXISTING, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Register my project anyway").click()
    expect(page.get_by_text("Your project is registered.")).to_be_visible()
    _confirm_and_check(page, live_server, PARAPHRASE_TITLE)
