"""Fixtures shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil

import pytest
from django.utils import timezone

CHROMIUM = os.environ.get("ONETEAM_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def make_user(db, django_user_model):
    """Create a person who can sign in straight away (e-mail already confirmed)."""
    from allauth.account.models import EmailAddress

    counter = {"n": 0}

    def make(email: str | None = None, password: str = "correct horse battery", **extra):
        counter["n"] += 1
        email = email or f"person{counter['n']}@example.org"
        extra.setdefault("display_name", f"Person {counter['n']}")
        user = django_user_model.objects.create_user(email=email, password=password, **extra)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for a commit (e-mails, live updates) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def calendar_token(db):
    """Give a person a calendar feed address and return its secret (shown once on the site)."""
    from oneteam.people.services import issue_calendar_token

    return lambda person: issue_calendar_token(by=person)


@pytest.fixture
def global_chapter(db):
    from oneteam.chapters.models import Chapter

    return Chapter.objects.create(name="OneTeam Global", slug="global", level=Chapter.Level.GLOBAL)


@pytest.fixture
def global_organiser(make_user, global_chapter):
    """Olu, an organiser of the global chapter."""
    from oneteam.chapters.models import Membership

    user = make_user(email="olu@example.org", display_name="Olu Organiser")
    Membership.objects.create(chapter=global_chapter, user=user, role=Membership.Role.ORGANISER)
    return user


@pytest.fixture
def make_event(db, global_chapter):
    from oneteam.events.models import Event

    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        start = fields.pop("start", timezone.now() + dt.timedelta(days=7))
        defaults = {
            "chapter": global_chapter,
            "title": f"Lean coffee {counter['n']}",
            "slug": f"lean-coffee-{counter['n']}",
            "format": Event.Format.LEAN_COFFEE,
            "status": Event.Status.PUBLISHED,
            "start": start,
            "end": start + dt.timedelta(hours=1),
            "timezone": "Europe/London",
            "venue": "Town hall, room 2",
            "capacity": 10,
        }
        defaults.update(fields)
        if defaults["status"] != Event.Status.DRAFT:
            defaults.setdefault("published_at", timezone.now())
        return Event.objects.create(**defaults)

    return make


def _chromium_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium; CI installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skips with the reason when it is missing."""
    reason = _chromium_missing()
    if reason:
        print(f"SKIP browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False, timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    without_javascript(page, browser)
    yield page
    context.close()


def without_javascript(page, browser) -> None:
    """Mark a tab whose context has JavaScript off, so axe checks it through a mirror."""
    page.oneteam_axe_browser = browser


def _axe_target(page):
    """The page axe should run in.

    axe-core is itself JavaScript, so it cannot run in a tab with JavaScript
    switched off. For such a tab, the exact HTML it received (its scripts
    removed, as they never ran) is served to a second, scripted tab on the
    same address, and axe checks that.
    """
    browser = getattr(page, "oneteam_axe_browser", None)
    if browser is None:
        return page, None
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
    context = browser.new_context()
    mirror = context.new_page()
    mirror.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    mirror.goto(page.url)
    return mirror, context


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page and fail listing every violation.

    The pages carry a strict Content-Security-Policy (no inline script), yet
    the contexts are not opened with Playwright's ``bypass_csp``:
    axe-playwright-python hands axe-core to ``page.evaluate``, which Chromium
    runs through the DevTools protocol, outside the page's policy. So the
    browser tests see the very policy visitors get, and a script it blocks
    shows up as a failure (see core/tests/test_csp_browser.py).
    """

    def check(page):
        target, mirror_context = _axe_target(page)
        try:
            results = axe.run(target)
        finally:
            if mirror_context is not None:
                mirror_context.close()
        violations = results.response["violations"]
        summary = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
        ]
        assert not violations, f"axe-core found violations on {page.url}:\n" + "\n".join(summary)

    return check


def sign_in_browser(page, live_server, user) -> None:
    """Give a browser tab the session of an already signed-in person."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
