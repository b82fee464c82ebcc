"""Published events, and signing up for them."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneteam.events import selectors, services
from oneteam.events.models import Event, Registration

from . import links
from .auth import signed_in
from .pagination import PageNumbers
from .schemas import (
    CancellationOut,
    ErrorOut,
    EventDetailOut,
    EventFormat,
    EventOut,
    Input,
    IsoDate,
    RegistrationIn,
    RegistrationOut,
    RegistrationStatusOut,
    ValidationErrorOut,
)

router = Router()

AUTH_ERRORS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
}


class EventFilters(Input):
    chapter: str | None = Field(None, max_length=140, description="A chapter's slug: only its events.")
    format: EventFormat | None = Field(None, description="Only events of this format.")
    date_from: IsoDate | None = Field(
        None, alias="from", description="Only events starting on or after this day (UTC), e.g. 2025-06-01."
    )
    date_to: IsoDate | None = Field(
        None, alias="to", description="Only events starting on or before this day (UTC), e.g. 2025-06-30. "
        "A `to` before `from` matches nothing."
    )
    upcoming: bool = Field(
        True, description="true (the default): only events that have not ended, soonest first. "
        "false: past events too, latest first."
    )


def filtered_events(filters: EventFilters) -> QuerySet[Event]:
    if filters.chapter and not links.is_slug(filters.chapter):
        return Event.objects.none()
    return selectors.event_list(
        upcoming=filters.upcoming, chapter_slug=filters.chapter, format=filters.format,
        date_from=filters.date_from, date_to=filters.date_to,
    )


def event_out(request: HttpRequest, event: Event, counts: dict[str, int]) -> dict:
    return {
        **links.event_summary(request, event),
        "status": event.status,
        "chapter": links.chapter_ref(request, event.chapter),
        "venue": event.venue,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "places_left": counts["places_left"],
        "waiting_count": counts["waiting"],
        "ical_url": links.absolute(request, "events:ical", event.slug),
    }


class EventList:
    """Items for the paginator, turned into dicts page by page."""

    def __init__(self, request: HttpRequest, queryset: QuerySet[Event]):
        self.request = request
        self.queryset = queryset

    def all(self) -> QuerySet[Event]:
        return self.queryset

    def __getitem__(self, window: slice) -> list[dict]:
        return [
            event_out(self.request, event, selectors.counts_of(event))
            for event in self.queryset[window]
        ]


def visible_event(request: HttpRequest, slug: str) -> Event:
    """The event if the caller may see it (the same rule as the website's): 404 otherwise."""
    event = selectors.visible_event(slug, request.user) if links.is_slug(slug) else None
    if event is None:
        raise HttpError(404, _("There is no published event at this address."))
    return event


@router.get(
    "",
    response={200: list[EventOut], 422: ValidationErrorOut},
    url_name="event_list",
    summary="List published events",
    description="Published events, by default only those still to come, soonest first. Times carry the offset "
    "of the event's own time zone, which is given in `timezone`.",
)
@paginate(PageNumbers)
def list_events(request: HttpRequest, filters: Query[EventFilters]):
    return EventList(request, filtered_events(filters))


@router.get(
    "/{slug}",
    response={200: EventDetailOut, 404: ErrorOut},
    url_name="event_detail",
    summary="One event",
    description="A published or cancelled event with the places left and the length of the waiting list. "
    "Who is coming, and their accessibility needs, are never shown.",
)
def event_detail(request: HttpRequest, slug: str):
    event = visible_event(request, slug)
    return {**event_out(request, event, selectors.registration_counts(event)), "description": event.description}


def _registration_out(registration: Registration) -> dict:
    return {"status": registration.status, "position": selectors.waiting_position(registration)}


@router.get(
    "/{slug}/registration",
    auth=signed_in,
    response={200: RegistrationStatusOut, **AUTH_ERRORS},
    url_name="event_registration",
    summary="Your registration",
    description="Whether you have a place, are on the waiting list (and where), or are not signed up.",
)
def registration_status(request: HttpRequest, slug: str):
    event = visible_event(request, slug)
    registration = selectors.registration_for(event, request.auth)
    if registration is None:
        return {"status": "not_registered", "position": None, "accessibility_needs": ""}
    return {**_registration_out(registration), "accessibility_needs": registration.accessibility_needs}


@router.post(
    "/{slug}/registration",
    auth=signed_in,
    response={200: RegistrationOut, 201: RegistrationOut, 400: ErrorOut, **AUTH_ERRORS, 409: ErrorOut,
              422: ValidationErrorOut},
    summary="Sign up",
    description="Take a place, or a place on the waiting list when the event is full (`position` says where). "
    "Answers 201 for a new sign-up and 200 when you were already signed up; a body with "
    "`accessibility_needs` then updates what the organisers know (leave it out to keep what you said before). 409 when the event has ended or was "
    "cancelled.",
)
def sign_up(request: HttpRequest, slug: str, payload: RegistrationIn | None = None):
    event = visible_event(request, slug)
    user = request.auth
    existing = selectors.registration_for(event, user)
    if payload is not None and "accessibility_needs" in payload.model_fields_set:
        needs = payload.accessibility_needs
    else:
        needs = existing.accessibility_needs if existing else ""
    try:
        registration = services.sign_up(event=event, by=user, accessibility_needs=needs)
    except services.EventError as exc:
        raise HttpError(409, exc.message) from None
    return Status(200 if existing else 201, _registration_out(registration))


@router.delete(
    "/{slug}/registration",
    auth=signed_in,
    response={200: CancellationOut, **AUTH_ERRORS, 409: ErrorOut},
    summary="Cancel your place",
    description="Give up your place or leave the waiting list. A freed place goes to the first person waiting, "
    "who is told by e-mail; `promoted` says whether that happened. 409 when you were not signed up.",
)
def cancel(request: HttpRequest, slug: str):
    event = visible_event(request, slug)
    try:
        promoted = services.cancel_registration(event=event, by=request.auth)
    except services.EventError as exc:
        raise HttpError(409, exc.message) from None
    return {"status": "cancelled", "promoted": promoted is not None}
