"""axe-core on every kind of page, filled with the demo community.

The journey tests check the pages a newcomer walks through; this sweep also
covers what an organiser and a reader browse: lists with filters, profiles,
organisations, attendee lists, feedback results and every edit form.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from oneteam.conftest import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_pages():
    from oneteam.demo.runner import load_demo
    from oneteam.events.models import Event
    from oneteam.people.models import Organisation, User

    load_demo()
    organiser = User.objects.get(email="organiser@example.org")
    past = Event.objects.filter(feedback_published=True).first()
    upcoming = Event.objects.get(slug="hackney-lean-coffee-next")
    public_person = User.objects.filter(profile_public=True).exclude(pk=organiser.pk).first()
    organisation = Organisation.objects.filter(people__isnull=False).first()
    public = [
        reverse("home"),
        reverse("chapters:list"),
        reverse("chapters:list") + "?status=dormant",
        reverse("chapters:detail", args=["hackney-council"]),
        reverse("events:list"),
        reverse("events:past"),
        reverse("events:detail", args=[upcoming.slug]),
        reverse("events:feedback_results", args=[past.slug]),
        reverse("people:profile", args=[public_person.pk]),
        reverse("people:organisations"),
        reverse("people:organisation", args=[organisation.slug]),
    ]
    organiser_only = [
        reverse("people:me"),
        reverse("people:edit"),
        reverse("people:tokens"),
        reverse("people:organisation_create"),
        reverse("events:mine"),
        reverse("chapters:start"),
        reverse("chapters:edit", args=["hackney-council"]),
        reverse("events:create", args=["hackney-council"]),
        reverse("events:edit", args=[upcoming.slug]),
        reverse("events:attendees", args=[upcoming.slug]),
        reverse("events:cancel", args=[upcoming.slug]),
    ]
    return organiser, public, organiser_only


def test_every_page_of_the_demo_site_passes_axe(live_server, page, assert_accessible):
    organiser, public, organiser_only = demo_pages()
    for path in public:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
    sign_in_browser(page, live_server, organiser)
    for path in organiser_only:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)


def test_the_error_pages_pass_axe(live_server, page, assert_accessible):
    for path, status, heading in (("/no-such-page/", 404, "Page not found"),
                                  ("/stories/?q=roads%00", 400, "The address could not be used")):
        response = page.goto(live_server.url + path)
        assert response.status == status, path
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
