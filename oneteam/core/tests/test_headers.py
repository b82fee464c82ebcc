"""Every kind of response carries the Content-Security-Policy and Permissions-Policy.

The page list is the demo sweep of ``test_every_page.py`` (public and signed
in), plus the sign-in pages, the error pages, the calendars, the API and its
Swagger UI, and the admin. Our own HTML pages are also read for what the policy
would block: inline script, event-handler attributes and style attributes.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from oneteam.core.tests.test_every_page import demo_pages

pytestmark = pytest.mark.django_db

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SWITCHED_OFF = ["camera", "microphone", "geolocation", "payment", "usb"]
DATA_BLOCKS = {"application/json", "application/ld+json"}  # never executed, so CSP has no say


def directives(header: str) -> dict[str, str]:
    parsed = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            parsed[name] = " ".join(value.split())
    return parsed


class InlineCode(HTMLParser):
    """Notes what a Content-Security-Policy without 'unsafe-inline' would refuse to run or apply."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") not in DATA_BLOCKS:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style attribute on <{tag}>: {value!r}")
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_hardened(response, label: str, *, ours: bool = True) -> None:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {label} ({response.status_code})"
    policy = directives(header)
    for name, value in REQUIRED_DIRECTIVES.items():
        assert policy.get(name) == value, f"{name} is {policy.get(name)!r} on {label}: {header}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, label
    assert set(policy.get("img-src", "").split()) <= {"'self'", "data:"}, label

    permissions = response.headers.get("Permissions-Policy")
    assert permissions, f"no Permissions-Policy on {label} ({response.status_code})"
    for feature in SWITCHED_OFF:
        assert f"{feature}=()" in permissions.replace(" ", ""), f"{feature} is not switched off on {label}"

    if ours and response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == [], label


def get(client: Client, path: str):
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    return response


def test_every_demo_page_public_and_signed_in_has_both_headers():
    organiser, public, organiser_only = demo_pages()
    visitor = Client()
    for path in public:
        response = get(visitor, path)
        assert response.status_code == 200, path
        assert_hardened(response, path)
    signed_in = Client()
    signed_in.force_login(organiser)
    for path in [*public, *organiser_only]:
        response = get(signed_in, path)
        assert response.status_code == 200, path
        assert_hardened(response, f"{path} (signed in)")


@pytest.mark.parametrize(
    "path",
    [
        "/accessibility/",
        "/privacy/",
        "/healthz",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/confirm-email/",
        "/events/chapter/global.ics",
        "/api/chapters",
        "/api/openapi.json",
        "/api/docs",
    ],
)
def test_sign_in_pages_feeds_and_the_api_have_both_headers(client, global_chapter, path):
    assert_hardened(get(client, path), path)


def test_a_personal_calendar_feed_has_both_headers(client, make_user, calendar_token):
    person = make_user()
    assert_hardened(get(client, reverse("events:personal_feed", args=[calendar_token(person)])), "personal feed")


def test_the_admin_has_both_headers(client, make_user):
    staff = make_user(is_staff=True, is_superuser=True)
    assert_hardened(client.get("/admin/login/"), "/admin/login/ (anonymous)")
    client.force_login(staff)
    for path in ["/admin/", "/admin/people/user/", f"/admin/people/user/{staff.pk}/change/", "/admin/login/"]:
        # Django's own admin templates are not ours to rewrite: headers only.
        assert_hardened(get(client, path), path, ours=False)


def test_a_missing_page_has_both_headers(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_hardened(response, "404")


@override_settings(ROOT_URLCONF="oneteam.core.tests.test_pages")
@pytest.mark.parametrize(("path", "status"), [("/forbidden/", 403), ("/boom/", 500)])
def test_error_pages_have_both_headers(client, path, status):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == status
    assert_hardened(response, str(status))
