"""axe-core on the account and profile pages, in a real browser."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_and_sign_in_pages_are_accessible(live_server, page, assert_accessible, make_user):
    page.goto(live_server.url + reverse("account_signup"))
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    make_user(email="axe@example.org", display_name="Axe Tester")
    page.goto(live_server.url + reverse("account_login"))
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("axe@example.org")
    page.get_by_label("Password").fill("wrong password here")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    page.get_by_label("Password").fill("correct horse battery")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**" + reverse("people:me"))
    assert_accessible(page)
    for name in ("people:edit", "people:tokens", "people:organisations", "people:organisation_create"):
        page.goto(live_server.url + reverse(name))
        assert_accessible(page)

    page.goto(live_server.url + reverse("people:tokens"))
    page.get_by_label("Token name").fill("Notebook")
    with page.expect_navigation():
        page.get_by_role("button", name="Create token").click()
    assert page.locator("#new-token").inner_text().startswith("ot_")
    assert_accessible(page)
