"""Event times in the event's own zone and in the viewer's zone."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


@pytest.fixture
def toronto_event(make_event):
    return make_event(
        title="Toronto lean coffee",
        timezone="America/Toronto",
        start=dt.datetime(2031, 6, 5, 18, 30, tzinfo=TORONTO),
        end=dt.datetime(2031, 6, 5, 20, 0, tzinfo=TORONTO),
    )


def test_event_in_toronto_viewed_from_helsinki_shows_both(client, toronto_event):
    client.cookies["tz"] = "Europe/Helsinki"
    page = client.get(toronto_event.get_absolute_url()).content.decode()
    # 18:30 in Toronto (EDT, UTC-4) is 01:30 the next day in Helsinki (EEST, UTC+3).
    assert "Thursday 5 June 2031, 18:30" in page and "20:00" in page and "(America/Toronto)" in page
    assert "Friday 6 June 2031, 01:30" in page and "03:00" in page and "(Europe/Helsinki)" in page
    assert 'datetime="2031-06-05T22:30:00+00:00"' in page
    assert 'datetime="2031-06-06T00:00:00+00:00"' in page


def test_without_a_cookie_the_viewer_zone_is_utc(client, toronto_event):
    page = client.get(toronto_event.get_absolute_url()).content.decode()
    assert "Thursday 5 June 2031, 18:30" in page
    assert "Thursday 5 June 2031, 22:30" in page and "(UTC)" in page


def test_viewer_in_the_event_zone_sees_it_once(client, toronto_event):
    client.cookies["tz"] = "America/Toronto"
    page = client.get(toronto_event.get_absolute_url()).content.decode()
    assert len(re.findall(r"Thursday 5 June 2031, 18:30", page)) == 1
    assert "When (your time)" not in page


def test_list_shows_the_event_zone(client, toronto_event):
    client.cookies["tz"] = "Europe/Helsinki"
    page = client.get("/events/").content.decode()
    assert "Thursday 5 June 2031, 18:30" in page and "(America/Toronto)" in page


def test_unknown_cookie_zone_falls_back_to_utc(client, toronto_event):
    client.cookies["tz"] = "Not/AZone"
    page = client.get(toronto_event.get_absolute_url()).content.decode()
    assert "(UTC)" in page
