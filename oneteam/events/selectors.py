"""Reads about events that pages, feeds and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oneteam.chapters.models import Chapter, Membership
from oneteam.chapters.selectors import DORMANT_QUIET_PERIOD

from . import permissions
from .models import Event, Feedback, Registration

ACTIVE = [Registration.Status.CONFIRMED, Registration.Status.WAITING]


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate each event with ``confirmed_count``, ``waiting_count`` and ``places_left``.

    The one place that counts places: pages, feeds and the API all come here.
    """
    return events.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
    ).annotate(places_left=Greatest(F("capacity") - F("confirmed_count"), Value(0)))


def counts_of(event: Event) -> dict[str, int]:
    """The counts of an event that came through ``with_counts``."""
    return {"confirmed": event.confirmed_count, "waiting": event.waiting_count, "places_left": event.places_left}


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def event_list(
    *,
    upcoming: bool = True,
    chapter_slug: str | None = None,
    format: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Event]:
    """Published events with their counts: by default those still to come,
    soonest first; with ``upcoming=False`` past ones too, latest first.

    ``date_from``/``date_to`` bound the start (whole UTC days); a ``date_to``
    before ``date_from`` matches nothing.
    """
    events = Event.objects.filter(status=Event.Status.PUBLISHED).select_related("chapter")
    if chapter_slug:
        events = events.filter(chapter__slug=chapter_slug)
    if format:
        events = events.filter(format=format)
    if date_from:
        events = events.filter(start__gte=_day_start(date_from))
    if date_to and date_to < dt.date.max:
        events = events.filter(start__lt=_day_start(date_to + dt.timedelta(days=1)))
    events = with_counts(events)
    if upcoming:
        return events.filter(end__gt=timezone.now()).order_by("start", "pk")
    return events.order_by("-start", "-pk")


def past_events() -> QuerySet[Event]:
    return event_list(upcoming=False).filter(end__lte=timezone.now())


def visible_event(slug: str, user) -> Event | None:
    """The event if this person may see it, else None: whoever cannot see an
    event gets the same answer as for one that does not exist."""
    event = Event.objects.select_related("chapter").filter(slug=slug).first()
    if event is None or not permissions.can_see(user, event):
        return None
    return event


def chapter_events(chapter: Chapter, *, include_drafts: bool = False) -> dict[str, list[Event]]:
    """A chapter's published events: ``upcoming`` (soonest first), ``past``
    (latest first), and with ``include_drafts`` its ``drafts``."""
    now = timezone.now()
    events = Event.objects.filter(chapter=chapter)
    published = events.filter(status=Event.Status.PUBLISHED)
    return {
        "upcoming": list(published.filter(end__gt=now).order_by("start")),
        "past": list(published.filter(end__lte=now).order_by("-start")),
        "drafts": list(events.filter(status=Event.Status.DRAFT).order_by("start")) if include_drafts else [],
    }


def recent_or_upcoming(now: dt.datetime) -> Exists:
    """For the chapters app: a chapter whose published event started lately or is still to come."""
    return Exists(
        Event.objects.filter(chapter=OuterRef("pk"), status=Event.Status.PUBLISHED).filter(
            Q(start__gte=now - DORMANT_QUIET_PERIOD) | Q(end__gt=now)
        )
    )


def chapter_calendar_events(chapter: Chapter) -> QuerySet[Event]:
    """What a chapter's feed lists: public events, cancelled ones included so calendars drop them."""
    return (
        Event.objects.filter(chapter=chapter, published_at__isnull=False)
        .exclude(status=Event.Status.DRAFT)
        .select_related("chapter")
        .order_by("start")
    )


def personal_calendar_registrations(user) -> QuerySet[Registration]:
    """The person's places and waiting-list places, for their calendar feed."""
    return (
        Registration.objects.filter(user=user, status__in=ACTIVE, event__published_at__isnull=False)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "event__chapter")
        .order_by("event__start")
    )


def registration_counts(event: Event) -> dict[str, int]:
    """How many people are confirmed and waiting, and how many places are left."""
    return counts_of(with_counts(Event.objects.filter(pk=event.pk)).get())


def registration_for(event: Event, user) -> Registration | None:
    """The person's live registration (confirmed or waiting), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user, status__in=ACTIVE).first()


def with_waiting_position(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate ``position``: 1 for the first person waiting, and so on; None for everyone else.

    The one place that says where someone is in the queue, in one query for a whole list.
    """
    ahead = (
        Registration.objects.filter(event_id=OuterRef("event_id"), status=Registration.Status.WAITING)
        .filter(Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), id__lt=OuterRef("id")))
        .order_by()
        .values("event_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return registrations.annotate(
        position=Case(
            When(status=Registration.Status.WAITING, then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1),
            default=None,
            output_field=IntegerField(),
        )
    )


def waiting_position(registration: Registration | None) -> int | None:
    """1 for the first person waiting, and so on; None when not waiting."""
    if registration is None or not registration.is_waiting:
        return None
    return with_waiting_position(Registration.objects.filter(pk=registration.pk)).values_list("position", flat=True).get()


def has_given_feedback(event: Event, user) -> bool:
    return Feedback.objects.filter(event=event, user=user).exists()


@dataclass
class SignupState:
    """Everything the event page shows about one person and the event."""

    counts: dict[str, int]
    registration: Registration | None
    position: int | None
    can_manage: bool
    can_sign_up: bool
    can_give_feedback: bool
    can_see_feedback: bool


def signup_state(event: Event, user) -> SignupState:
    registration = registration_for(event, user)
    can_manage = permissions.can_manage(user, event)
    attended = registration is not None and registration.is_confirmed
    feedback_open = event.is_published and event.is_past
    return SignupState(
        counts=registration_counts(event),
        registration=registration,
        position=waiting_position(registration),
        can_manage=can_manage,
        can_sign_up=event.is_published and not event.is_past,
        can_give_feedback=attended and feedback_open and not has_given_feedback(event, user),
        can_see_feedback=feedback_open and (can_manage or event.feedback_published),
    )


@dataclass
class AttendeeList:
    confirmed: list[Registration]
    waiting: list[Registration]


def attendees(event: Event) -> AttendeeList:
    """Confirmed people by sign-up time, and the waiting list in order (each with ``position``)."""
    regs = with_waiting_position(
        Registration.objects.filter(event=event, status__in=ACTIVE).select_related("user").order_by("queued_at", "id")
    )
    confirmed, waiting = [], []
    for registration in regs:
        (confirmed if registration.is_confirmed else waiting).append(registration)
    return AttendeeList(confirmed=confirmed, waiting=waiting)


@dataclass
class MyEvents:
    upcoming: list[Registration] = field(default_factory=list)
    past: list[Registration] = field(default_factory=list)
    organising: list[Event] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)  # where the person may create events


def my_events(user) -> MyEvents:
    """The events a person has a place at or is waiting for, and those they organise."""
    now = timezone.now()
    mine = MyEvents()
    for registration in with_waiting_position(personal_calendar_registrations(user)):
        if registration.event.end > now:
            mine.upcoming.append(registration)
        else:
            mine.past.append(registration)
    mine.past.reverse()
    chapters = Membership.objects.filter(user=user, role=Membership.Role.ORGANISER).values("chapter_id")
    mine.chapters = list(Chapter.objects.filter(pk__in=chapters).order_by("name"))
    mine.organising = list(
        Event.objects.filter(chapter_id__in=chapters, end__gt=now).select_related("chapter").order_by("start")
    )
    return mine


FOUR_LS = (
    ("liked", _("Liked")),
    ("learned", _("Learned")),
    ("lacked", _("Lacked")),
    ("longed_for", _("Longed for")),
)


@dataclass
class FeedbackSummary:
    responses: int
    ratings: list[tuple[str, int]]  # (label, count), best first
    top_share: int | None  # percentage rated excellent or very good, None with no responses
    comments: list[tuple[str, list[str]]]  # (4L heading, comments), no names


def feedback_summary(event: Event) -> FeedbackSummary:
    rows = list(Feedback.objects.filter(event=event).values("rating", *[key for key, _label in FOUR_LS]))
    by_rating = {value: 0 for value in Feedback.Rating.values}
    for row in rows:
        by_rating[row["rating"]] += 1
    ratings = [(str(Feedback.Rating(value).label), by_rating[value]) for value in sorted(by_rating, reverse=True)]
    responses = len(rows)
    top = by_rating[Feedback.Rating.EXCELLENT] + by_rating[Feedback.Rating.VERY_GOOD]
    top_share = round(100 * top / responses) if responses else None
    comments = [
        (str(label), [row[key].strip() for row in rows if row[key].strip()]) for key, label in FOUR_LS
    ]
    return FeedbackSummary(responses=responses, ratings=ratings, top_share=top_share, comments=comments)
