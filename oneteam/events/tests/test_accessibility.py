"""Event pages in a real browser, checked by axe-core, with and without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from oneteam.conftest import sign_in_browser
from oneteam.events import services
from oneteam.events.models import Feedback, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_form_with_errors_and_event_detail(live_server, page, assert_accessible, organiser, global_chapter):
    sign_in_browser(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/new/{global_chapter.slug}/")
    assert_accessible(page)

    page.get_by_label("Title").fill("Accessible lean coffee")
    page.get_by_label("Number of places").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert "The number of places must be at least 1" in page.content()
    assert page.get_by_label("Title").input_value() == "Accessible lean coffee"
    assert_accessible(page)

    page.get_by_label("Lean coffee").check()
    page.get_by_label("Start date").fill("2031-06-05")
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("End date").fill("2031-06-05")
    page.get_by_label("End time").fill("20:00")
    page.get_by_label("Time zone").fill("America/Toronto")
    page.get_by_label("Venue").fill("City Hall, room 4")
    page.get_by_label("Number of places").fill("12")
    page.get_by_label("Description").fill("## What happens\n\nWe vote on topics and talk.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Accessible lean coffee"
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Publish the event").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the event").click()
    assert "The event is published" in page.content()
    page.get_by_label("Accessibility needs").fill("Hearing loop")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up").click()
    assert "You have a place" in page.content()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Attendee list").click()
    assert "Hearing loop" in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/events/mine/")
    assert page.get_by_role("link", name="Accessible lean coffee").first.is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/events/")
    assert_accessible(page)


def test_sign_up_works_without_javascript(live_server, page_without_js, assert_accessible, make_user, make_event):
    event = make_event(capacity=1)
    services.sign_up(event=event, by=make_user())
    person = make_user()
    sign_in_browser(page_without_js, live_server, person)
    page_without_js.goto(f"{live_server.url}{event.get_absolute_url()}")
    page_without_js.get_by_label("Accessibility needs").fill("Captions")
    with page_without_js.expect_navigation():
        page_without_js.get_by_role("button", name="Join the waiting list").click()
    assert "you are number 1 on the waiting list" in page_without_js.content()
    assert_accessible(page_without_js)
    assert Registration.objects.get(user=person).status == "waiting"


def test_feedback_form_and_results(live_server, page, assert_accessible, organiser, make_user, make_event):
    start = timezone.now() - dt.timedelta(hours=3)
    event = make_event(start=start, end=start + dt.timedelta(hours=2))
    for index, rating in enumerate([5, 5, 4, 3]):
        person = make_user()
        Registration.objects.create(event=event, user=person, status="confirmed", seat=index + 1)
        Feedback.objects.create(event=event, user=person, rating=rating, liked="Good mix of people")
    attendee = make_user()
    Registration.objects.create(event=event, user=attendee, status="confirmed", seat=5)

    sign_in_browser(page, live_server, attendee)
    page.goto(f"{live_server.url}/events/{event.slug}/feedback/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send feedback").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)
    page.get_by_label("Very good").check()
    page.get_by_label("Learned").fill("How to run a lean coffee")
    with page.expect_navigation():
        page.get_by_role("button", name="Send feedback").click()
    assert "Thank you for your feedback" in page.content()

    page.context.clear_cookies()
    sign_in_browser(page, live_server, organiser)
    page.goto(f"{live_server.url}/events/{event.slug}/feedback/results/")
    assert "80% rated it excellent or very good" in page.content()
    assert page.get_by_role("img", name="Ratings for").is_visible()
    assert_accessible(page)
