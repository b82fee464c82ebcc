"""Organisers create, edit, publish and cancel events; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from oneteam.events import services
from oneteam.events.models import Event, Registration

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Toronto lean coffee",
    "format": "lean_coffee",
    "start_date": "2031-03-27",
    "start_time": "18:30",
    "end_date": "2031-03-27",
    "end_time": "20:00",
    "timezone": "America/Toronto",
    "venue": "City Hall, committee room 4",
    "online_url": "",
    "capacity": "30",
    "description": "Bring a topic. **Everyone** welcome.",
}


def create_url(chapter):
    return reverse("events:create", args=[chapter.slug])


def test_organiser_creates_a_draft_in_the_event_time_zone(login, organiser, global_chapter):
    response = login(organiser).post(create_url(global_chapter), GOOD)
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.status == Event.Status.DRAFT
    assert event.slug == "toronto-lean-coffee"
    assert event.created_by == organiser
    toronto = zoneinfo.ZoneInfo("America/Toronto")
    assert event.start == dt.datetime(2031, 3, 27, 18, 30, tzinfo=toronto)
    assert event.start.astimezone(dt.UTC).hour == 22  # EDT is UTC-4 in late March
    assert event.end == dt.datetime(2031, 3, 27, 20, 0, tzinfo=toronto)
    page = login(organiser).get(event.get_absolute_url()).content.decode()
    assert "Your draft event is saved" in page
    assert "Draft: only organisers can see this" in page


def test_the_form_shows_without_javascript(login, organiser, global_chapter):
    page = login(organiser).get(create_url(global_chapter)).content.decode()
    assert 'type="date"' in page and 'type="time"' in page
    assert 'name="timezone"' in page and "<datalist" in page
    assert "<h1" in page and "Create an event" in page


def test_online_only_event_is_fine(login, organiser, global_chapter):
    data = GOOD | {"venue": "", "online_url": "https://meet.example.org/lean"}
    login(organiser).post(create_url(global_chapter), data)
    assert Event.objects.get().online_url == "https://meet.example.org/lean"


BAD = [
    ({"end_time": "17:00"}, "The end must be after the start"),
    ({"end_time": "18:30"}, "The end must be after the start"),
    ({"end_date": "2031-03-26", "end_time": "23:00"}, "The end must be after the start"),
    ({"capacity": "0"}, "The number of places must be at least 1"),
    ({"capacity": "-5"}, "The number of places must be at least 1"),
    ({"capacity": "thirty"}, "Enter the number of places as a whole number, like 30"),
    ({"capacity": "2.5"}, "Enter the number of places as a whole number, like 30"),
    ({"capacity": "100001"}, "The number of places must be 100,000 or fewer"),
    ({"capacity": ""}, "Enter the number of places"),
    ({"venue": "", "online_url": ""}, "Enter a venue, an online link, or both"),
    ({"venue": "   ", "online_url": ""}, "Enter a venue, an online link, or both"),
    ({"title": "x" * 151}, "Title must be 150 characters or fewer"),
    ({"title": ""}, "Enter a title"),
    ({"title": "   "}, "Enter a title"),
    ({"venue": "v" * 301}, "Venue must be 300 characters or fewer"),
    ({"description": "d" * 20_001}, "Description must be 20,000 characters or fewer"),
    ({"timezone": "Mars/Olympus_Mons"}, "is not a time zone we know"),
    ({"timezone": ""}, "Enter the time zone"),
    ({"start_date": "2031-02-30"}, "Enter a real start date"),
    ({"start_time": "25:00"}, "Enter a real start time"),
    ({"online_url": "javascript:alert(1)", "venue": ""}, "Enter the online link as a web address"),
    ({"format": "party"}, "Select a format from the list"),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m[:30] + str(i) for i, (_c, m) in enumerate(BAD)])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(login, organiser, global_chapter, change, message):
    data = GOOD | change
    response = login(organiser).post(create_url(global_chapter), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert Event.objects.count() == 0
    # What was typed is still there.
    if change.get("title", GOOD["title"]).strip():
        assert f'value="{data["title"]}"' in page
    assert "City Hall" in page or "venue" in change


def test_script_in_the_title_is_shown_as_text_and_description_is_sanitised(login, organiser, global_chapter):
    data = GOOD | {
        "title": "<script>alert(1)</script> coffee",
        "description": "Hello <script>alert(2)</script> [x](javascript:alert(3))",
    }
    client = login(organiser)
    client.post(create_url(global_chapter), data)
    event = Event.objects.get()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert "href=\"javascript:" not in page


def test_only_the_chapters_organisers_can_create(login, make_user, global_chapter, other_chapter, organiser, client):
    member = make_user()
    assert login(member).get(create_url(global_chapter)).status_code == 403
    assert login(member).post(create_url(global_chapter), GOOD).status_code == 403
    # An organiser of one chapter cannot create events in another.
    assert login(organiser).post(create_url(other_chapter), GOOD).status_code == 403
    assert Event.objects.count() == 0


def test_anonymous_people_are_sent_to_sign_in(client, global_chapter):
    response = client.get(create_url(global_chapter))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_chapter_is_404(login, organiser):
    assert login(organiser).get(reverse("events:create", args=["no-such-chapter"])).status_code == 404


def test_someone_elses_draft_is_404_like_an_unknown_slug(login, organiser, make_event, other_chapter):
    """Whoever cannot see an event gets the same answer as for one that does not exist."""
    theirs = make_event(chapter=other_chapter, status=Event.Status.DRAFT)
    client = login(organiser)
    for name in ["detail", "edit", "publish", "cancel", "delete", "attendees", "attendees_csv"]:
        assert client.get(reverse(f"events:{name}", args=[theirs.slug])).status_code == 404, name
        assert client.get(reverse(f"events:{name}", args=["no-such-event"])).status_code == 404, name
    assert client.get(reverse("events:ical", args=[theirs.slug])).status_code == 404
    assert client.post(reverse("events:edit", args=[theirs.slug]), GOOD).status_code == 404
    assert client.post(reverse("events:publish", args=[theirs.slug])).status_code == 404
    assert client.post(reverse("events:delete", args=[theirs.slug])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Event.Status.DRAFT and theirs.sequence == 0


def test_someone_elses_published_event_is_403_for_organiser_pages(login, organiser, make_event, other_chapter):
    theirs = make_event(chapter=other_chapter)
    client = login(organiser)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    for name in ["edit", "publish", "cancel", "delete", "attendees", "attendees_csv"]:
        assert client.get(reverse(f"events:{name}", args=[theirs.slug])).status_code == 403, name
    assert client.post(reverse("events:edit", args=[theirs.slug]), GOOD).status_code == 403
    assert client.post(reverse("events:cancel", args=[theirs.slug])).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Event.Status.PUBLISHED and theirs.sequence == 0


def test_drafts_are_visible_to_organisers_only(client, login, organiser, make_user, make_event):
    draft = make_event(status=Event.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:ical", args=[draft.slug])).status_code == 404
    assert login(make_user()).get(draft.get_absolute_url()).status_code == 404
    assert login(organiser).get(draft.get_absolute_url()).status_code == 200
    assert draft.title not in client.get(reverse("events:list")).content.decode()


def test_edit_keeps_the_form_filled_in_and_bumps_the_sequence(login, organiser, make_event):
    event = make_event(timezone="America/Toronto")
    client = login(organiser)
    page = client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert f'value="{event.title}"' in page and 'value="America/Toronto"' in page
    data = GOOD | {"title": "Renamed lean coffee", "capacity": "12"}
    response = client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed lean coffee" and event.capacity == 12 and event.sequence == 1
    assert event.slug == "lean-coffee-1"  # links stay the same


def test_capacity_below_the_confirmed_count_is_refused(login, organiser, make_event, make_user):
    event = make_event(capacity=3)
    for _ in range(3):
        services.sign_up(event=event, by=make_user())
    response = login(organiser).post(reverse("events:edit", args=[event.slug]), GOOD | {"capacity": "2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 people already have a place, so the number of places cannot be lower than 3" in page
    event.refresh_from_db()
    assert event.capacity == 3 and event.sequence == 0 and event.title != GOOD["title"]


def test_lowering_capacity_to_the_confirmed_count_keeps_seats_in_range(organiser, make_event, make_user):
    event = make_event(capacity=5)
    people = [make_user() for _ in range(5)]
    for person in people:
        services.sign_up(event=event, by=person)
    for person in people[:3]:
        services.cancel_registration(event=event, by=person)
    services.update_event(event=event, by=organiser, capacity=2)
    seats = sorted(Registration.objects.filter(event=event, status="confirmed").values_list("seat", flat=True))
    assert seats == [1, 2]


def test_raising_capacity_promotes_the_waiting_list_in_order(login, organiser, make_event, make_user):
    event = make_event(capacity=1)
    first, second, third = make_user(), make_user(), make_user()
    for person in (first, second, third):
        services.sign_up(event=event, by=person)
    login(organiser).post(reverse("events:edit", args=[event.slug]), GOOD | {"capacity": "2"})
    statuses = dict(Registration.objects.filter(event=event).values_list("user__email", "status"))
    assert statuses == {first.email: "confirmed", second.email: "confirmed", third.email: "waiting"}


def test_raising_capacity_e_mails_the_promoted_person(organiser, make_event, make_user, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    services.sign_up(event=event, by=make_user())
    waiting = make_user(email="wanda@example.org")
    services.sign_up(event=event, by=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event=event, by=organiser, capacity=2)
    assert [m.to for m in mail.outbox] == [["wanda@example.org"]]
    assert "a place has come up" in mail.outbox[0].body


def test_publish_needs_confirmation_and_a_post(login, organiser, make_event, client):
    event = make_event(status=Event.Status.DRAFT)
    signed_in = login(organiser)
    page = signed_in.get(reverse("events:publish", args=[event.slug])).content.decode()
    assert "Are you sure you want to publish this event?" in page and 'method="post"' in page
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    response = signed_in.post(reverse("events:publish", args=[event.slug]), follow=True)
    assert "The event is published" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.sequence == 1
    # Publishing twice is refused.
    response = signed_in.post(reverse("events:publish", args=[event.slug]), follow=True)
    assert "Only a draft event can be published" in response.content.decode()
    event.refresh_from_db()
    assert event.sequence == 1


def test_cancel_e_mails_everyone_confirmed_or_waiting(
    login, organiser, make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    confirmed, waiting, gone = make_user(), make_user(), make_user()
    for person in (confirmed, waiting, gone):
        services.sign_up(event=event, by=person)
    services.cancel_registration(event=event, by=gone)
    mail.outbox.clear()
    client = login(organiser)
    assert "Are you sure you want to cancel this event?" in client.get(reverse("events:cancel", args=[event.slug])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel", args=[event.slug]), follow=True)
    assert "The event is cancelled" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and event.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    assert all(event.title in m.subject and "has been cancelled" in m.body for m in mail.outbox)
    # A cancelled event cannot be edited or signed up to.
    response = client.post(reverse("events:edit", args=[event.slug]), GOOD, follow=True)
    assert "can no longer be changed" in response.content.decode()
    with pytest.raises(services.EventError):
        services.sign_up(event=event, by=make_user())


def test_services_refuse_non_organisers(make_user, make_event, global_chapter):
    from django.core.exceptions import PermissionDenied

    event = make_event(status=Event.Status.DRAFT)
    stranger = make_user()
    with pytest.raises(PermissionDenied):
        services.create_event(chapter=global_chapter, by=stranger, title="x", format="meetup", start=event.start,
                              end=event.end, timezone="UTC", venue="Here", capacity=3)
    with pytest.raises(PermissionDenied):
        services.publish_event(event=event, by=stranger)
    with pytest.raises(PermissionDenied):
        services.cancel_event(event=event, by=stranger)
    with pytest.raises(PermissionDenied):
        services.update_event(event=event, by=stranger, capacity=5)


def test_reserved_slugs_get_a_suffix(organiser, global_chapter, make_event):
    event = make_event(status=Event.Status.DRAFT)
    made = services.create_event(chapter=global_chapter, by=organiser, title="Past", format="meetup", start=event.start,
                                 end=event.end, timezone="UTC", venue="Here", capacity=3)
    assert made.slug == "past-2"
