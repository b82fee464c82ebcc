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


def test_event_in_toronto_viewed_from_helsinki_shows_both(login, make_user, toronto_event):
    reader = make_user(timezone="Europe/Helsinki")
    page = login(reader).get(toronto_event.get_absolute_url()).content.decode()
    # 18:30 in Toronto (EDT, UTC-4) is 01:30 the next day in Helsinki (EEST, UTC+3).
    assert "Thursday 5 June 2031, 18:30" in page and "20:00" in page and "(America/Toronto)" in page
    assert "When (your time)" in page
    assert "Friday 6 June 2031, 01:30" in page and "03:00" in page and "(Europe/Helsinki)" in page
    assert 'datetime="2031-06-05T22:30:00+00:00"' in page
    assert 'datetime="2031-06-06T00:00:00+00:00"' in page
    assert "When (UTC)" not in page


def test_without_a_chosen_zone_the_page_shows_the_event_zone_and_utc_labelled(client, login, make_user, toronto_event):
    for page in (client.get(toronto_event.get_absolute_url()).content.decode(),
                 login(make_user()).get(toronto_event.get_absolute_url()).content.decode()):
        assert "When (event time)" in page and "Thursday 5 June 2031, 18:30" in page
        assert "When (UTC)" in page and "Thursday 5 June 2031, 22:30" in page and "(UTC)" in page
        assert "When (your time)" not in page
        assert "Europe/London" not in page  # nobody's zone is guessed


def test_a_browser_cookie_no_longer_decides_the_zone(client, toronto_event):
    client.cookies["tz"] = "Europe/Helsinki"
    page = client.get(toronto_event.get_absolute_url()).content.decode()
    assert "Europe/Helsinki" not in page and "When (UTC)" in page


def test_viewer_in_the_event_zone_sees_it_once(login, make_user, toronto_event):
    page = login(make_user(timezone="America/Toronto")).get(toronto_event.get_absolute_url()).content.decode()
    assert len(re.findall(r"Thursday 5 June 2031, 18:30", page)) == 1
    assert "When (your time)" not in page and "When (UTC)" not in page


def test_lists_show_the_event_zone_and_the_readers(login, make_user, toronto_event):
    page = login(make_user(timezone="Europe/Helsinki")).get("/events/").content.decode()
    assert "Thursday 5 June 2031, 18:30" in page and "(America/Toronto)" in page
    assert "Your time: Friday 6 June 2031, 01:30 (Europe/Helsinki)" in page


def test_a_zone_that_no_longer_exists_falls_back_to_utc(login, make_user, toronto_event, django_user_model):
    reader = make_user()
    django_user_model.objects.filter(pk=reader.pk).update(timezone="Not/AZone")
    page = login(reader).get(toronto_event.get_absolute_url()).content.decode()
    assert "When (UTC)" in page


def test_the_profile_offers_every_zone_and_remembers_the_choice(login, make_user):
    person = make_user()
    client = login(person)
    page = client.get("/people/me/edit/").content.decode()
    assert '<option value="Pacific/Auckland">Pacific/Auckland</option>' in page
    assert "data-offer-browser-zone" in page  # the script that suggests the browser's zone
    form = client.get("/people/me/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "organisation"}
    data.update(display_name="Ana", timezone="America/Sao_Paulo", contact_preference="email",
                digest_frequency="weekly", free_agent_days_per_month=0)
    response = client.post("/people/me/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.timezone == "America/Sao_Paulo"
    bad = client.post("/people/me/edit/", {**data, "timezone": "Mars/Olympus_Mons"})
    assert "is not a time zone we know" in bad.content.decode()


def test_an_event_whose_clock_reads_utc_is_not_shown_twice(client, make_event):
    import datetime as dt
    london = zoneinfo.ZoneInfo("Europe/London")
    winter = make_event(title="Winter coffee", timezone="Europe/London",
                        start=dt.datetime(2031, 12, 4, 8, 30, tzinfo=london), end=dt.datetime(2031, 12, 4, 9, 30, tzinfo=london))
    page = client.get(winter.get_absolute_url()).content.decode()
    assert "When (UTC)" not in page and "(the same as UTC)" in page
    assert len(re.findall(r"Thursday 4 December 2031, 08:30", page)) == 1
