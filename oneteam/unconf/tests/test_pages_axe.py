"""axe-core on every kind of unconference page, filled with the demo's global unconference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_unconference_page_passes_axe(live_server, page, assert_accessible):
    from oneteam.demo.runner import load_demo
    from oneteam.people.models import User
    from oneteam.unconf.models import GridRun, Pitch, Unconference

    load_demo()
    unconference = Unconference.objects.get(slug="global-unconference")
    slug = unconference.slug
    organiser = User.objects.get(email="organiser@example.org")
    member = User.objects.get(email="member@example.org")
    scheduled = Pitch.objects.filter(unconference=unconference, status="scheduled").first()
    mine = Pitch.objects.filter(unconference=unconference, hosts__user=member).first()
    run = GridRun.objects.filter(unconference=unconference).first()
    public = [
        reverse("unconf:list"),
        reverse("unconf:detail", args=[slug]),
        reverse("unconf:detail", args=[slug]) + "?order=popular",
        scheduled.get_absolute_url(),
        reverse("unconf:grid", args=[slug]),
        reverse("chapters:detail", args=["global"]),
        unconference.event.get_absolute_url(),  # its unconference section
    ]
    for path in public:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)

    sign_in_browser(page, live_server, member)
    for path in (reverse("unconf:agenda", args=[slug]), reverse("unconf:pitch_new", args=[slug]),
                 mine.get_absolute_url(), reverse("unconf:pitch_edit", args=[slug, mine.pk]),
                 reverse("unconf:pitch_withdraw", args=[slug, mine.pk])):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
    # A form sent back with its errors.
    page.goto(live_server.url + reverse("unconf:pitch_new", args=[slug]))
    page.get_by_role("button", name="Pitch it").click()
    page.wait_for_load_state()
    assert "Enter a title for your session" in page.content()
    assert_accessible(page)

    sign_in_browser(page, live_server, organiser)
    for path in (reverse("unconf:grid", args=[slug]), reverse("unconf:setup", args=[slug]),
                 reverse("unconf:merge", args=[slug]), reverse("unconf:clusters", args=[slug]),
                 reverse("unconf:run", args=[slug, run.pk]), reverse("unconf:create", args=[unconference.event.slug])):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
