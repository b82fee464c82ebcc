"""Writes about events: organising them, sign-ups, the waiting list and feedback.

Like every app's services: keyword-only arguments, ``by`` is the person
acting, each function runs in one transaction, a rule that refuses the change
raises ``EventError`` with a message for the person, and acting without the
right role raises ``PermissionDenied`` (decided in ``permissions``).

Every write to an event first locks its row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite the transaction is opened ``IMMEDIATE``, which takes the
database's write lock). Sign-ups for one event therefore happen one after
another, and the numbered-seat constraint on ``Registration`` is the
database's own backstop against overbooking.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from oneteam.chapters.webhooks import announce
from oneteam.core.errors import ServiceError
from oneteam.core.mail import compose, send_after_commit
from oneteam.core.slugs import save_with_unique_slug

from . import permissions
from .models import Event, Feedback, Registration

EVENT_FIELDS = (
    "title", "format", "start", "end", "timezone", "venue", "online_url", "capacity", "description",
)
FEEDBACK_FIELDS = ("rating", "liked", "learned", "lacked", "longed_for")
# Paths under /events/ that an event's slug must not shadow.
RESERVED_SLUGS = frozenset({"past", "mine", "new", "chapter", "calendar", "calendar-address"})
# Events happen in this span of years; anything else is a typing slip.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class EventError(ServiceError):
    """A change to an event or a sign-up that the rules refuse, with a message for the person."""


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("chapter").get(pk=event.pk)


def _require_manager(event: Event, by) -> None:
    if not permissions.can_manage(by, event):
        raise PermissionDenied(_("Only the chapter's organisers can do this."))


def _free_seats(event: Event) -> list[int]:
    taken = set(
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).values_list("seat", flat=True)
    )
    return [seat for seat in range(1, event.capacity + 1) if seat not in taken]


# --- Sign-ups and the waiting list ---------------------------------------------


@transaction.atomic
def sign_up(*, event: Event, by, accessibility_needs: str = "") -> Registration:
    """Give the person a place, or a place on the waiting list when the event is full.

    Signing up again while already confirmed or waiting changes nothing but
    the accessibility needs.
    """
    event = _locked(event)
    if not event.is_published:
        raise EventError(_("This event is not open for sign-up."))
    if event.is_past:
        raise EventError(_("This event has already happened."))
    registration = Registration.objects.filter(event=event, user=by).first()
    if registration and registration.status != Registration.Status.CANCELLED:
        if accessibility_needs != registration.accessibility_needs:
            registration.accessibility_needs = accessibility_needs
            registration.save(update_fields=["accessibility_needs", "updated_at"])
        return registration

    free = _free_seats(event)
    if registration is None:
        registration = Registration(event=event, user=by)
    registration.status = Registration.Status.CONFIRMED if free else Registration.Status.WAITING
    registration.seat = free[0] if free else None
    registration.accessibility_needs = accessibility_needs
    registration.queued_at = timezone.now()
    registration.save()
    return registration


@transaction.atomic
def cancel_registration(*, event: Event, by) -> Registration | None:
    """Give up the person's place or leave the waiting list; a freed seat goes to
    the first person waiting. Returns the registration that was promoted, if any.

    This is also how a place is freed when a person's account is deleted.
    """
    event = _locked(event)
    registration = (
        Registration.objects.filter(event=event, user=by).exclude(status=Registration.Status.CANCELLED).first()
    )
    if registration is None:
        raise EventError(_("You are not signed up for this event."))
    registration.status = Registration.Status.CANCELLED
    registration.seat = None
    registration.save(update_fields=["status", "seat", "updated_at"])
    promoted = _promote_waiting(event)
    return promoted[0] if promoted else None


def _promote_waiting(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served, and
    e-mail each promoted person. Runs inside a transaction holding the event's lock."""
    if not event.is_published or event.is_past:
        return []
    free = _free_seats(event)
    waiting = list(
        Registration.objects.filter(event=event, status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("queued_at", "id")[: len(free)]
    )
    for seat, registration in zip(free, waiting):
        registration.status = Registration.Status.CONFIRMED
        registration.seat = seat
        registration.save(update_fields=["status", "seat", "updated_at"])
    _tell(event, waiting, _("You have a place at %(title)s"), "events/email/promoted.txt")
    return waiting


def _tell(event: Event, registrations, subject: str, template: str) -> None:
    """E-mail each registered person about the event, once the change is saved."""
    send_after_commit(
        compose(
            to=r.user, subject=subject % {"title": event.title}, template=template,
            context={"event": event, "site_url": settings.SITE_URL}, zone=event.tz,
        )
        for r in registrations
    )


# --- Organisers: creating and changing events ------------------------------


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {', '.join(sorted(unknown))}")


def _check_times(start: dt.datetime | None, end: dt.datetime | None) -> None:
    for name, value in (("start", start), ("end", end)):
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise EventError(
                _("Enter a date between %(first)s and %(last)s.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
                field=name,
            )


def _full_clean(event: Event, **options) -> None:
    try:
        event.full_clean(**options)
    except ValidationError as exc:
        raise EventError.from_validation(exc) from None


@transaction.atomic
def create_event(*, chapter, by, **data) -> Event:
    """A new draft event in the chapter; only the chapter's organisers may create one."""
    if not permissions.can_create_in(by, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can create its events."))
    _check_fields(data)
    _check_times(data.get("start"), data.get("end"))
    event = Event(chapter=chapter, created_by=by, status=Event.Status.DRAFT, **data)
    _full_clean(event, exclude=["slug"])
    return save_with_unique_slug(event, event.title, reserved=RESERVED_SLUGS, fallback="event")


@transaction.atomic
def update_event(*, event: Event, by, **data) -> Event:
    """Change an event's details.

    Lowering the number of places below the people already confirmed is
    refused; raising it gives the new places to the waiting list, in order.
    """
    _check_fields(data)
    event = _locked(event)
    _require_manager(event, by)
    if event.is_cancelled:
        raise EventError(_("This event is cancelled, so it can no longer be changed."))
    _check_times(data.get("start"), data.get("end"))
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    new_capacity = data.get("capacity", event.capacity)
    if new_capacity < confirmed:
        raise EventError(
            _(
                "%(confirmed)s people already have a place, so the number of places cannot be lower "
                "than %(confirmed)s"
            )
            % {"confirmed": confirmed},
            field="capacity",
        )
    # Seats above the new capacity move down into the free seats below it, so
    # that the confirmed people always hold seats 1..capacity.
    if new_capacity < event.capacity:
        _compact_seats(event, new_capacity)
    for name, value in data.items():
        setattr(event, name, value)
    event.sequence += 1
    _full_clean(event, exclude=[f.name for f in Event._meta.fields if f.name not in data])
    event.save()
    _promote_waiting(event)
    return event


def _compact_seats(event: Event, capacity: int) -> None:
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    high = list(confirmed.filter(seat__gt=capacity).order_by("seat"))
    if not high:
        return
    taken = set(confirmed.filter(seat__lte=capacity).values_list("seat", flat=True))
    free = (seat for seat in range(1, capacity + 1) if seat not in taken)
    for registration, seat in zip(high, free):
        registration.seat = seat
        registration.save(update_fields=["seat", "updated_at"])


@transaction.atomic
def publish_event(*, event: Event, by) -> Event:
    """Open a draft event: it becomes public and people can sign up."""
    event = _locked(event)
    _require_manager(event, by)
    if not event.is_draft:
        raise EventError(_("Only a draft event can be published."))
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["status", "published_at", "sequence", "updated_at"])
    _announce(event)
    return event


def _announce(event: Event) -> None:
    """Post a newly published event to the chapter's Slack or Teams channel, if it has one."""
    when = date_format(event.start.astimezone(event.tz), "l j F Y, H:i")
    link = settings.SITE_URL + event.get_absolute_url()
    announce(event.chapter, _("New event: %(title)s, %(when)s (%(zone)s). Sign up: %(link)s")
             % {"title": event.title, "when": when, "zone": event.timezone, "link": link})


@transaction.atomic
def cancel_event(*, event: Event, by) -> Event:
    """Cancel a published event and e-mail everyone who had a place or was waiting.

    A draft has never been public, so it is deleted rather than cancelled
    (``delete_draft``): a cancelled event stays visible so calendars drop it.
    """
    event = _locked(event)
    _require_manager(event, by)
    if event.is_draft:
        raise EventError(_("A draft has never been public: delete it instead of cancelling it."))
    if event.is_cancelled:
        raise EventError(_("This event is already cancelled."))
    event.status = Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    people = Registration.objects.filter(
        event=event, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
    ).select_related("user")
    _tell(event, people, _("Cancelled: %(title)s"), "events/email/cancelled.txt")
    return event


@transaction.atomic
def delete_draft(*, event: Event, by) -> None:
    """Delete an event that was never published; nobody but its organisers ever saw it."""
    event = _locked(event)
    _require_manager(event, by)
    if not event.is_draft:
        raise EventError(_("Only a draft can be deleted. Cancel a published event instead."))
    event.delete()


# --- Feedback after the event ------------------------------------------------


@transaction.atomic
def submit_feedback(*, event: Event, by, **data) -> Feedback:
    """Record one attendee's rating and 4Ls, once, after the event has ended."""
    unknown = set(data) - set(FEEDBACK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown feedback fields: {', '.join(sorted(unknown))}")
    if not Registration.objects.filter(event=event, user=by, status=Registration.Status.CONFIRMED).exists():
        raise PermissionDenied(_("Only people who had a place at the event can give feedback."))
    if event.is_cancelled:
        raise EventError(_("This event was cancelled, so there is nothing to give feedback on."))
    if not event.is_past:
        raise EventError(_("You can give feedback once the event has ended."))
    feedback = Feedback(event=event, user=by, **data)
    try:
        feedback.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise EventError.from_validation(exc) from None
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        raise EventError(_("You have already given feedback on this event. Thank you!")) from None
    return feedback


@transaction.atomic
def set_feedback_published(*, event: Event, by, published: bool) -> Event:
    """Show the feedback results to everyone, or to the organisers only."""
    event = _locked(event)
    _require_manager(event, by)
    newly_public = published and not event.feedback_published and event.is_published
    event.feedback_published = published
    event.save(update_fields=["feedback_published", "updated_at"])
    if newly_public:
        announce(event.chapter, _("What people said about %(title)s is now public: %(link)s")
                 % {"title": event.title, "link": settings.SITE_URL + event.get_absolute_url()})
    return event
