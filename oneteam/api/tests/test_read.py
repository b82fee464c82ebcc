"""Reading chapters, events and public profiles without signing in."""

import datetime as dt

import pytest
from django.utils import timezone

from oneteam.chapters.models import Chapter, Membership
from oneteam.events.models import Event, Registration
from oneteam.people.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def uk(global_chapter):
    return Chapter.objects.create(
        name="OneTeam UK", slug="uk", level=Chapter.Level.COUNTRY, parent=global_chapter, country="GB",
        description="Public servants across the UK.",
    )


@pytest.fixture
def leeds(uk):
    return Chapter.objects.create(
        name="Leeds", slug="leeds", level=Chapter.Level.LOCAL, parent=uk, city="Leeds",
        description="Monthly lean coffee by the station.",
    )


# --- Chapters -------------------------------------------------------------------


def test_chapters_are_listed_global_first_with_a_page_count(client, leeds):
    body = client.get("/api/chapters").json()
    assert [c["slug"] for c in body["items"]] == ["global", "uk", "leeds"]
    assert body["count"] == 3 and body["page"] == 1 and body["pages"] == 1
    first = body["items"][0]
    assert first["parent"] is None and first["country"] is None
    assert body["items"][2]["parent"]["slug"] == "uk"
    assert body["items"][1]["country"] == {"code": "GB", "name": "United Kingdom"}
    assert body["items"][2]["url"].endswith("/chapters/leeds/")
    assert body["items"][2]["api_url"].endswith("/api/chapters/leeds")


def test_chapters_page_through(client, leeds):
    body = client.get("/api/chapters", {"page": 2, "page_size": 2}).json()
    assert [c["slug"] for c in body["items"]] == ["leeds"]
    assert body["pages"] == 2
    assert client.get("/api/chapters", {"page": 9}).json()["items"] == []


@pytest.mark.parametrize(
    "params, slugs",
    [
        ({"country": "gb"}, ["uk", "leeds"]),
        ({"level": "local"}, ["leeds"]),
        ({"q": "lean coffee"}, ["leeds"]),
        ({"country": "FR"}, []),
    ],
)
def test_chapters_filter(client, leeds, params, slugs):
    assert [c["slug"] for c in client.get("/api/chapters", params).json()["items"]] == slugs


@pytest.mark.parametrize("params", [{"level": "planet"}, {"country": "Britain"}, {"page": 0}, {"page_size": 1000}])
def test_bad_chapter_filters_are_refused_with_a_reason(client, params):
    response = client.get("/api/chapters", params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Some values were refused")
    assert body["errors"][0]["loc"][0] == "query"


def test_chapter_detail_shows_organisers_public_names_and_upcoming_events(client, leeds, make_user, make_event):
    shown = make_user(display_name="Asha Patel", profile_public=True)
    hidden = make_user(email="quiet.one@example.org", display_name="")
    member = make_user()
    Membership.objects.create(chapter=leeds, user=shown, role=Membership.Role.ORGANISER)
    Membership.objects.create(chapter=leeds, user=hidden, role=Membership.Role.ORGANISER)
    Membership.objects.create(chapter=leeds, user=member)
    soon = make_event(chapter=leeds, title="Leeds lean coffee")
    make_event(chapter=leeds, status=Event.Status.DRAFT)
    make_event(chapter=leeds, start=timezone.now() - dt.timedelta(days=3))

    response = client.get("/api/chapters/leeds")

    assert response.status_code == 200
    body = response.json()
    assert body["member_count"] == 3
    assert body["organisers"][0] == {"name": "Asha Patel", "profile_url": f"http://testserver/people/{shown.pk}/"}
    assert body["organisers"][1]["profile_url"] is None
    assert "quiet" not in response.content.decode() and "@" not in str(body["organisers"])
    assert [e["slug"] for e in body["upcoming_events"]] == [soon.slug]
    assert body["description"] == "Monthly lean coffee by the station."


def test_unknown_chapter_is_404_with_a_reason(client, db):
    response = client.get("/api/chapters/nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no chapter at this address."}


# --- Events ---------------------------------------------------------------------


def test_events_list_only_published_upcoming_events_soonest_first(client, make_event):
    later = make_event(start=timezone.now() + dt.timedelta(days=20))
    sooner = make_event(start=timezone.now() + dt.timedelta(days=2))
    make_event(status=Event.Status.DRAFT)
    make_event(status=Event.Status.CANCELLED)
    past = make_event(start=timezone.now() - dt.timedelta(days=2))

    upcoming = client.get("/api/events").json()
    assert [e["slug"] for e in upcoming["items"]] == [sooner.slug, later.slug]

    everything = client.get("/api/events", {"upcoming": "false"}).json()
    assert [e["slug"] for e in everything["items"]] == [later.slug, sooner.slug, past.slug]


def test_events_filter_by_chapter_format_and_dates(client, make_event, uk):
    day = (timezone.now() + dt.timedelta(days=10)).date()
    in_uk = make_event(chapter=uk, format=Event.Format.UNCONFERENCE, start=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC))
    make_event(start=dt.datetime.combine(day + dt.timedelta(days=5), dt.time(9), tzinfo=dt.UTC))

    def slugs(**params):
        return [e["slug"] for e in client.get("/api/events", params).json()["items"]]

    assert slugs(chapter="uk") == [in_uk.slug]
    assert slugs(format="unconference") == [in_uk.slug]
    assert slugs(**{"from": day.isoformat(), "to": day.isoformat()}) == [in_uk.slug]
    assert slugs(**{"from": (day + dt.timedelta(days=1)).isoformat()}) != [in_uk.slug]
    assert slugs(to="9999-12-31") == slugs()


def test_events_from_after_to_match_nothing(client, make_event):
    make_event(start=dt.datetime(2099, 1, 15, 9, tzinfo=dt.UTC))
    response = client.get("/api/events", {"from": "2099-02-01", "to": "2099-01-01"})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("day", ["0", "1700000000", "01/02/2099", "2099-13-01"])
def test_events_dates_must_be_written_as_iso_dates(client, db, day):
    response = client.get("/api/events", {"from": day})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Some values were refused: from:")


def test_event_detail_gives_times_in_its_zone_and_counts_but_no_attendees(client, make_event, make_user):
    start = dt.datetime(2099, 7, 1, 9, 30, tzinfo=dt.UTC)
    event = make_event(start=start, end=start + dt.timedelta(hours=2), capacity=1, timezone="Europe/London")
    attendee = make_user(email="attendee@example.org", display_name="Sam Attendee")
    Registration.objects.create(
        event=event, user=attendee, status=Registration.Status.CONFIRMED, seat=1, accessibility_needs="Step-free access"
    )
    Registration.objects.create(event=event, user=make_user(), status=Registration.Status.WAITING)

    response = client.get(f"/api/events/{event.slug}")

    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2099-07-01T10:30:00+01:00"
    assert body["end"] == "2099-07-01T12:30:00+01:00"
    assert body["timezone"] == "Europe/London"
    assert body["places_left"] == 0 and body["waiting_count"] == 1
    assert body["ical_url"] == f"http://testserver/events/{event.slug}.ics"
    assert body["url"] == f"http://testserver/events/{event.slug}/"
    assert body["chapter"]["slug"] == "global"
    text = response.content.decode()
    assert "attendee" not in text.lower() and "Step-free" not in text


def test_cancelled_event_is_shown_as_cancelled(client, make_event):
    event = make_event(status=Event.Status.CANCELLED)
    assert client.get(f"/api/events/{event.slug}").json()["status"] == "cancelled"


@pytest.mark.parametrize("slug", ["a-draft", "missing", "not a slug"])
def test_draft_or_unknown_event_is_404(client, make_event, slug):
    make_event(slug="a-draft", status=Event.Status.DRAFT)
    response = client.get(f"/api/events/{slug}")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no published event at this address."


# --- People ---------------------------------------------------------------------


def test_private_profile_is_404(client, make_user):
    person = make_user(profile_public=False)
    response = client.get(f"/api/people/{person.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no public profile at this address."}


def test_public_profile_shows_only_what_the_person_chose(client, make_user):
    organisation = Organisation.objects.create(name="Leeds City Council", slug="leeds-city-council")
    person = make_user(
        email="ravi@example.org", display_name="Ravi", profile_public=True, organisation=organisation,
        profession="Service designer", country="GB", skills="Research", languages="English, Hindi",
        show_profession=False, is_free_agent=True, free_agent_skills="Facilitation", free_agent_days_per_month=2,
        show_free_agent=True,
    )

    response = client.get(f"/api/people/{person.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": person.pk,
        "name": "Ravi",
        "url": f"http://testserver/people/{person.pk}/",
        "organisation": {
            "name": "Leeds City Council", "slug": "leeds-city-council",
            "url": "http://testserver/people/organisations/leeds-city-council/",
        },
        "country": {"code": "GB", "name": "United Kingdom"},
        "languages": ["English", "Hindi"],
        "skills": ["Research"],
        "free_agent": {"skills": ["Facilitation"], "days_per_month": 2},
    }
    assert "ravi@example.org" not in response.content.decode()


def test_profile_hides_everything_the_person_turned_off(client, make_user):
    person = make_user(
        display_name="", profile_public=True, country="FR", skills="Data", show_country=False, show_skills=False,
    )
    body = client.get(f"/api/people/{person.pk}").json()
    assert set(body) == {"id", "name", "url"}
    assert "@" not in body["name"]


@pytest.mark.parametrize("pk", ["0", "99999999999", "abc"])
def test_impossible_person_ids_are_refused(client, db, pk):
    response = client.get(f"/api/people/{pk}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_control_characters_in_a_search_are_ignored(client, leeds):
    response = client.get("/api/chapters", {"q": "Leeds\x00"})
    assert [c["slug"] for c in response.json()["items"]] == ["leeds"]


@pytest.mark.parametrize("path", ["/api/chapters", "/api/stories"])
def test_a_search_is_measured_as_sent_before_control_characters_are_dropped(client, db, path):
    """The schema says at most 200 characters; a longer search is refused even when dropping its
    control characters would make it fit (schemathesis found one accepted)."""
    response = client.get(path, {"q": "a" * 150 + "\x01" * 60})
    assert response.status_code == 422
    assert response.json()["errors"]
    assert client.get(path, {"q": "a" * 199 + "\x01"}).status_code == 200
