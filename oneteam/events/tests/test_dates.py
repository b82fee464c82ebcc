"""Dates nobody means get a clear message, never a server error, and nothing typed is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from oneteam.events import services
from oneteam.events.models import Event

from .test_create_event import GOOD, create_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_date": "9999-12-31", "end_date": "9999-12-31"}, "Enter a date between 2000 and 2100"),
        ({"start_date": "0001-01-01"}, "Enter a date between 2000 and 2100"),
        ({"end_date": "2101-01-01"}, "Enter a date between 2000 and 2100"),
        # The clocks in Toronto go from 02:00 to 03:00 on the second Sunday of March.
        ({"start_date": "2031-03-09", "start_time": "02:30", "end_date": "2031-03-09", "end_time": "04:00"},
         "02:30 on 9 March 2031 does not exist in America/Toronto"),
    ],
)
def test_impossible_dates_are_refused_with_a_message(login, organiser, global_chapter, changes, message):
    response = login(organiser).post(create_url(global_chapter), {**GOOD, **changes})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert f'value="{GOOD["venue"]}"' in html  # what was typed is kept
    assert Event.objects.count() == 0


def test_the_hour_repeated_in_autumn_is_accepted_as_the_first_one(login, organiser, global_chapter):
    data = {**GOOD, "start_date": "2031-11-02", "start_time": "01:30", "end_date": "2031-11-02", "end_time": "03:00"}
    assert login(organiser).post(create_url(global_chapter), data).status_code == 302
    event = Event.objects.get()
    assert event.start.astimezone(dt.UTC).hour == 5  # 01:30 EDT, before the clocks go back


def test_the_service_refuses_out_of_range_dates_too(organiser, global_chapter):
    start = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(services.EventError) as refused:
        services.create_event(chapter=global_chapter, by=organiser, title="Long ago", format="meetup", start=start,
                              end=start + dt.timedelta(hours=1), timezone="UTC", venue="Here", capacity=5)
    assert refused.value.field == "start"
