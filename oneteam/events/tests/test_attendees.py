"""The organisers' attendee list and its CSV download."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from oneteam.events import services
from oneteam.events.exports import csv_safe as _csv_safe

pytestmark = pytest.mark.django_db

NEEDS = "Wheelchair user: step-free route please"


@pytest.fixture
def full_event(make_event, make_user):
    event = make_event(capacity=2, title="Workshop on forms")
    services.sign_up(event=event, by=make_user(display_name="Ada Lovelace", email="ada@example.org"), accessibility_needs=NEEDS)
    services.sign_up(event=event, by=make_user(display_name="=HYPERLINK(\"http://evil\")", email="eve@example.org"))
    services.sign_up(event=event, by=make_user(display_name="Grace Hopper", email="grace@example.org"), accessibility_needs="-Large print")
    services.sign_up(event=event, by=make_user(display_name="Alan Turing", email="alan@example.org"), accessibility_needs="@SUM(1)")
    return event


def test_organisers_see_confirmed_waiting_in_order_and_needs(login, organiser, full_event):
    page = login(organiser).get(reverse("events:attendees", args=[full_event.slug])).content.decode()
    assert "Confirmed (2 of 2)" in page and "Waiting list (2)" in page
    assert NEEDS in page
    waiting_part = page.split("Waiting list (2)")[1]
    assert waiting_part.index("Grace Hopper") < waiting_part.index("Alan Turing")
    assert "Ada Lovelace" in page.split("Waiting list (2)")[0]


def test_accessibility_needs_are_not_shown_anywhere_else(client, login, make_user, full_event, calendar_token):
    ada = full_event.registrations.get(user__email="ada@example.org").user
    # Not to other attendees, the public, or the person's own calendar feed.
    assert NEEDS not in login(make_user()).get(full_event.get_absolute_url()).content.decode()
    client.logout()
    assert NEEDS not in client.get(full_event.get_absolute_url()).content.decode()
    assert NEEDS.encode() not in client.get(reverse("events:ical", args=[full_event.slug])).content
    assert NEEDS.encode() not in client.get(reverse("events:personal_feed", args=[calendar_token(ada)])).content
    for name in ["attendees", "attendees_csv"]:
        assert login(make_user()).get(reverse(f"events:{name}", args=[full_event.slug])).status_code == 403
        client.logout()
        response = client.get(reverse(f"events:{name}", args=[full_event.slug]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_person_sees_their_own_needs_in_the_form(login, full_event):
    ada = full_event.registrations.get(user__email="ada@example.org").user
    assert NEEDS in login(ada).get(full_event.get_absolute_url()).content.decode()


def test_csv_download_has_every_column_and_guards_against_formulas(login, organiser, full_event):
    response = login(organiser).get(reverse("events:attendees_csv", args=[full_event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "E-mail", "Status", "Position", "Accessibility needs", "Signed up at"]
    body = rows[1:]
    assert [row[1] for row in body] == ["ada@example.org", "eve@example.org", "grace@example.org", "alan@example.org"]
    assert body[0][:5] == ["Ada Lovelace", "ada@example.org", "Confirmed", "", NEEDS]
    assert body[1][0] == "'=HYPERLINK(\"http://evil\")"
    assert body[2][2:5] == ["On the waiting list", "1", "'-Large print"]
    assert body[3][3:5] == ["2", "'@SUM(1)"]
    assert body[0][5].startswith("20") and "T" in body[0][5]
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("raw", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_csv_safe_prefixes_formula_starts(raw):
    assert _csv_safe(raw) == "'" + raw


def test_csv_safe_leaves_ordinary_text():
    assert _csv_safe("Ada") == "Ada" and _csv_safe(3) == "3" and _csv_safe(None) == ""
