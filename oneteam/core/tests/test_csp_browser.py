"""In a real browser, the Content-Security-Policy blocks nothing that OneTeam needs.

Chromium reports every refusal on the console ("… violates the following
Content Security Policy directive …"); these tests listen for it while the
pages load and their scripts run.
"""

from __future__ import annotations

import pytest

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def refusals(page) -> list[str]:
    """Console errors about either policy header, collected as the page runs."""
    found: list[str] = []

    def note(message):
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            found.append(message.text)

    page.on("console", note)
    return found


def test_our_scripts_run_under_the_policy_and_nothing_is_refused(live_server, page, make_user, global_chapter):
    refused = refusals(page)
    for path in ["/", "/events/", "/chapters/", "/accounts/login/"]:
        response = page.goto(live_server.url + path)
        assert response.headers.get("content-security-policy"), path
        # js-enabled.js ran before the page was painted, and init.js started GOV.UK Frontend.
        classes = page.locator("body").get_attribute("class").split()
        assert {"js-enabled", "govuk-frontend-supported"} <= set(classes), path
        page.locator(".govuk-skip-link[data-govuk-skip-link-init]").wait_for(state="attached")
    sign_in_browser(page, live_server, make_user())
    page.goto(live_server.url + "/people/me/")
    page.locator("[data-govuk-service-navigation-init]").wait_for(state="attached")
    assert refused == []
    # No script writes a time-zone cookie any more.
    assert "tz" not in {cookie["name"] for cookie in page.context.cookies()}


def test_the_swagger_ui_at_api_docs_works_under_the_policy(live_server, page, global_chapter):
    refused = refusals(page)
    response = page.goto(live_server.url + "/api/docs")
    assert response.headers.get("content-security-policy")
    page.locator(".opblock").first.wait_for()  # Swagger UI fetched /api/openapi.json and drew the operations
    assert page.get_by_text("/api/chapters").first.is_visible()
    # "Try it out" calls the API from the page.
    page.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert refused == []


def test_the_feedback_chart_is_capped_by_its_class_not_a_style_attribute(live_server, page):
    from oneteam.demo.runner import load_demo
    from oneteam.events.models import Event

    load_demo()
    past = Event.objects.filter(feedback_published=True).first()
    refused = refusals(page)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/events/{past.slug}/feedback/results/")
    chart = page.locator("svg.oneteam-chart").first
    assert chart.get_attribute("style") is None
    assert chart.evaluate("svg => getComputedStyle(svg).maxWidth") == "640px"
    assert refused == []
