"""Recurring rituals: the worker creates each meeting ahead of time, in the chapter's zone, skipping holidays."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from oneteam.chapters import services
from oneteam.chapters.models import Ritual, RitualOccurrence
from oneteam.core import periodic
from oneteam.events import rituals
from oneteam.events.models import Event

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def monthly(leeds, organiser):
    services.set_health_settings(chapter=leeds, by=organiser, meets_every_days=30, timezone_name="America/New_York")
    return services.add_ritual(
        chapter=leeds, by=organiser, title="Lean coffee", format="lean_coffee", rhythm="monthly", weekday=3,
        week_of_month=1, start_time=dt.time(8, 30), duration_minutes=60, venue="Public library", online_url="",
        capacity=15, description="Bring a topic.", days_ahead=70, starts_on=dt.date(2030, 1, 1),
    )


def test_meetings_are_created_ahead_in_local_time_skipping_holidays(monthly, leeds, organiser, task_failures):
    services.add_holiday(chapter=leeds, by=organiser, date=dt.date(2030, 2, 7), name="Staff away day")
    now = dt.datetime(2030, 1, 1, 12, tzinfo=dt.timezone.utc)
    assert "events.rituals" in periodic.enqueue_due(now, only={"events.rituals"})
    assert not task_failures
    events = list(Event.objects.filter(chapter=leeds).order_by("start"))
    # First Thursdays within 70 days: 3 Jan, 7 Feb (a holiday, skipped), 7 Mar.
    assert [e.start.astimezone(NEW_YORK).strftime("%Y-%m-%d %H:%M") for e in events] == [
        "2030-01-03 08:30", "2030-03-07 08:30"]
    # 8:30 local either side of the clocks changing (10 March 2030 in New York): still 8:30 local.
    assert all(e.is_published and e.timezone == "America/New_York" and e.created_by == organiser for e in events)
    skipped = RitualOccurrence.objects.get(ritual=monthly, date=dt.date(2030, 2, 7))
    assert skipped.skipped_for == "Staff away day" and skipped.event_id is None


def test_a_second_run_or_a_second_worker_creates_nothing_twice(monthly, leeds):
    now = dt.datetime(2030, 1, 1, 12, tzinfo=dt.timezone.utc)
    assert len(rituals.create_for(monthly, now)) == 3
    assert rituals.create_for(monthly, now) == []
    assert periodic.enqueue_due(now, only={"events.rituals"}) == ["events.rituals"]
    assert periodic.enqueue_due(now + dt.timedelta(hours=3), only={"events.rituals"}) == []  # ran today already
    assert Event.objects.filter(chapter=leeds).count() == 3


def test_a_stopped_ritual_and_a_chapter_without_organisers_create_nothing(monthly, leeds, organiser):
    services.stop_ritual(ritual=monthly, by=organiser)
    rituals.create_ritual_events.call(dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc).isoformat())
    assert not Event.objects.filter(chapter=leeds).exists()


def test_weekly_and_fortnightly_dates():
    ritual = Ritual(rhythm="fortnightly", weekday=0, starts_on=dt.date(2030, 1, 1), week_of_month=1)
    assert rituals.dates(ritual, dt.date(2030, 1, 1), dt.date(2030, 2, 1)) == [
        dt.date(2030, 1, 7), dt.date(2030, 1, 21)]
    ritual.rhythm = "weekly"
    assert rituals.dates(ritual, dt.date(2030, 1, 10), dt.date(2030, 1, 28)) == [
        dt.date(2030, 1, 14), dt.date(2030, 1, 21), dt.date(2030, 1, 28)]
    ritual.rhythm, ritual.week_of_month = "monthly", 5
    assert rituals.dates(ritual, dt.date(2030, 1, 1), dt.date(2030, 2, 28)) == [
        dt.date(2030, 1, 28), dt.date(2030, 2, 25)]


def test_organisers_add_rituals_and_holidays_without_javascript(client, leeds, organiser):
    client.force_login(organiser)
    response = client.post(f"/chapters/{leeds.slug}/rituals/", {
        "title": "Breakfast", "format": "meetup", "rhythm": "monthly", "weekday": "1", "week_of_month": "2",
        "start_time": "07:45", "duration_minutes": "60", "venue": "Café", "online_url": "", "capacity": "12",
        "description": "", "days_ahead": "35", "starts_on": "2030-01-01",
    })
    assert response.status_code == 302
    response = client.post(f"/chapters/{leeds.slug}/holidays/", {"date": "2030-12-25", "name": "Christmas Day"},
                           follow=True)
    page = response.content.decode()
    assert "Breakfast" in page and "Christmas Day" in page
    response = client.post(f"/chapters/{leeds.slug}/rituals/", {"title": "", "venue": ""})
    assert "There is a problem" in response.content.decode()


def test_members_cannot_manage_rituals(client, leeds, make_user):
    member = make_user()
    services.join(chapter=leeds, by=member)
    client.force_login(member)
    assert client.get(f"/chapters/{leeds.slug}/rituals/").status_code == 403
    assert client.post(f"/chapters/{leeds.slug}/holidays/", {"date": "2030-12-25", "name": "X"}).status_code == 403


def test_a_cancelled_ritual_meeting_is_a_missed_ritual_and_alerts_the_organisers(monthly, leeds, organiser,
                                                                                 committed):
    from django.core import mail

    from oneteam.chapters import alerts, health
    from oneteam.events import services as event_services

    organiser.digest_frequency = "off"
    organiser.save()
    created = rituals.create_for(monthly, dt.datetime(2030, 1, 1, 12, tzinfo=dt.timezone.utc))
    event_services.cancel_event(event=created[0], by=organiser)
    after = dt.datetime(2030, 1, 5, 12, tzinfo=dt.timezone.utc)
    reasons = [r.text for r in health.assess(leeds, after).warnings]
    assert "Lean coffee on 2030-01-03 did not take place." in reasons
    mail.outbox.clear()
    with committed():
        alerts.check_chapter(leeds, after)
        alerts.check_chapter(leeds, after + dt.timedelta(hours=1))  # told once
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("OneTeam Leeds: Lean coffee on 2030-01-03 did not take place.") == 1
