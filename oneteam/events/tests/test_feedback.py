"""Feedback after the event: once per attendee, and the results page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from oneteam.events import services
from oneteam.events.charts import bar_chart
from oneteam.events.models import Event, Feedback, Registration

pytestmark = pytest.mark.django_db


def attend(event, user):
    """Give the person a confirmed place at an event that may already have ended."""
    return Registration.objects.create(event=event, user=user, status=Registration.Status.CONFIRMED,
                                       seat=Registration.objects.filter(event=event).count() + 1)


def feedback_url(event):
    return reverse("events:feedback", args=[event.slug])


def results_url(event):
    return reverse("events:feedback_results", args=[event.slug])


def test_attendee_gives_feedback_once(login, make_user, past_event):
    person = make_user()
    attend(past_event, person)
    client = login(person)
    page = client.get(past_event.get_absolute_url()).content.decode()
    assert "Tell us how it went" in page
    page = client.get(feedback_url(past_event)).content.decode()
    for label in ["Excellent", "Very good", "Good", "Fair", "Poor", "Liked", "Learned", "Lacked", "Longed for"]:
        assert label in page
    assert 'type="radio"' in page
    response = client.post(feedback_url(past_event), {"rating": "5", "liked": "The mix of departments"}, follow=True)
    assert "Thank you for your feedback" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.liked, feedback.user) == (5, "The mix of departments", person)

    response = client.post(feedback_url(past_event), {"rating": "1", "lacked": "Changed my mind"}, follow=True)
    assert "You have already given feedback on this event" in response.content.decode()
    assert Feedback.objects.count() == 1 and Feedback.objects.get().rating == 5
    assert "You have already given feedback" in client.get(feedback_url(past_event)).content.decode()


def test_feedback_needs_a_rating_and_keeps_what_was_typed(login, make_user, past_event):
    person = make_user()
    attend(past_event, person)
    response = login(person).post(feedback_url(past_event), {"learned": "How lean coffee works", "liked": "x" * 2001})
    page = response.content.decode()
    assert "There is a problem" in page and "Select how the event was" in page
    assert "Liked must be 2,000 characters or fewer" in page
    assert "How lean coffee works" in page
    assert Feedback.objects.count() == 0
    page = login(person).post(feedback_url(past_event), {"rating": "9"}).content.decode()
    assert "Select how the event was" in page and Feedback.objects.count() == 0


def test_non_attendees_are_refused(login, make_user, past_event, client):
    assert login(make_user()).get(feedback_url(past_event)).status_code == 403
    assert login(make_user()).post(feedback_url(past_event), {"rating": "5"}).status_code == 403
    waiting = make_user()
    Registration.objects.create(event=past_event, user=waiting, status=Registration.Status.WAITING)
    assert login(waiting).post(feedback_url(past_event), {"rating": "5"}).status_code == 403
    assert Feedback.objects.count() == 0


def test_before_the_end_feedback_waits(login, make_user, make_event):
    event = make_event()
    person = make_user()
    services.sign_up(event=event, by=person)
    client = login(person)
    page = client.get(feedback_url(event)).content.decode()
    assert "You can give feedback once the event has ended" in page
    assert 'name="rating"' not in page
    response = client.post(feedback_url(event), {"rating": "5"}, follow=True)
    assert "You can give feedback once the event has ended" in response.content.decode()
    assert Feedback.objects.count() == 0


def make_feedback(event, make_user, ratings):
    for index, rating in enumerate(ratings):
        person = make_user()
        attend(event, person)
        Feedback.objects.create(event=event, user=person, rating=rating,
                                liked=f"Liked comment {index}" if index % 2 == 0 else "",
                                longed_for="More time <script>alert(1)</script>" if index == 0 else "")


def test_results_for_organisers_with_percentage_chart_and_table(login, organiser, make_user, past_event):
    # 13 of 15 rated excellent or very good: 86.7% rounds to 87%.
    make_feedback(past_event, make_user, [5] * 9 + [4] * 4 + [3, 1])
    page = login(organiser).get(results_url(past_event)).content.decode()
    assert "87% rated it excellent or very good" in page
    assert "15 responses" in page
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count("<rect") == 4  # Fair has no bar
    table = re.search(r'<table class="govuk-table">.*?</table>', page, re.S).group(0)
    for label, count in [("Excellent", 9), ("Very good", 4), ("Good", 1), ("Fair", 0), ("Poor", 1)]:
        assert re.search(rf">{label}</th><td[^>]*>{count}</td>", table), label
    for heading in ["Liked", "Learned", "Lacked", "Longed for"]:
        assert f'<h3 class="govuk-heading-s">{heading}</h3>' in page
    assert "Liked comment 0" in page and "Liked comment 14" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    # No names.
    assert "Person " not in page.split("Feedback results")[-1]


def test_results_are_private_until_the_organisers_publish_them(client, login, organiser, make_user, past_event):
    make_feedback(past_event, make_user, [5, 4])
    assert client.post(reverse("events:feedback_publish", args=[past_event.slug]), {"published": "true"}).status_code == 302
    visitor = make_user()
    assert login(visitor).get(results_url(past_event)).status_code == 403
    assert login(visitor).post(
        reverse("events:feedback_publish", args=[past_event.slug]), {"published": "true"}
    ).status_code == 403
    past_event.refresh_from_db()
    assert not past_event.feedback_published

    response = login(organiser).post(
        reverse("events:feedback_publish", args=[past_event.slug]), {"published": "true"}, follow=True
    )
    assert "The feedback results are now public" in response.content.decode()
    client.logout()
    page = client.get(results_url(past_event)).content.decode()
    assert "100% rated it excellent or very good" in page
    assert "Publish the results" not in page
    login(organiser).post(reverse("events:feedback_publish", args=[past_event.slug]), {"published": "false"})
    client.logout()
    assert client.get(results_url(past_event)).status_code == 403


def test_results_with_no_feedback(login, organiser, past_event):
    page = login(organiser).get(results_url(past_event)).content.decode()
    assert "Nobody has given feedback yet" in page


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = bar_chart("Ratings <b>", "Counts & more", [("<script>", 4), ("Fine", 2), ("None", 0)])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Ratings &lt;b&gt;" in svg and "Counts &amp; more" in svg
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]
    assert len(widths) == 2 and widths[0] == 2 * widths[1]
    title_id = re.search(r'<title id="([^"]+)"', svg).group(1)
    assert f'aria-labelledby="{title_id} ' in svg


def test_submit_feedback_service_refuses_twice(make_user, past_event):
    person = make_user()
    attend(past_event, person)
    services.submit_feedback(event=past_event, by=person, rating=4)
    with pytest.raises(services.EventError):
        services.submit_feedback(event=past_event, by=person, rating=2)
    assert Feedback.objects.get().rating == 4


def test_draft_event_feedback_is_hidden(login, make_user, make_event):
    draft = make_event(status=Event.Status.DRAFT)
    assert login(make_user()).get(results_url(draft)).status_code == 404


def test_feedback_is_refused_for_a_cancelled_event(past_event, make_user, organiser):
    from oneteam.events.models import Event

    person = make_user()
    Registration.objects.create(event=past_event, user=person, status="confirmed", seat=1)
    Event.objects.filter(pk=past_event.pk).update(status=Event.Status.CANCELLED)
    past_event.refresh_from_db()
    with pytest.raises(services.EventError, match="cancelled"):
        services.submit_feedback(event=past_event, by=person, rating=5)
    assert not past_event.feedback.exists()
