"""Writes about events: organising them, sign-ups, the waiting list and feedback.

Every write runs in one transaction that first locks the event's row
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the transaction is opened
``IMMEDIATE``, which takes the database's write lock). Sign-ups for one event
therefore happen one after another, and the numbered-seat constraint on
``Registration`` is the database's own backstop against overbooking.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Event, Feedback, Registration
from .selectors import can_organise


class SignupError(Exception):
    """A sign-up or cancellation that cannot be done, with a message for the person."""


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _free_seats(event: Event) -> list[int]:
    taken = set(
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).values_list("seat", flat=True)
    )
    return [seat for seat in range(1, event.capacity + 1) if seat not in taken]


def _check_open(event: Event) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise SignupError(_("This event is not open for sign-up."))
    if event.end <= timezone.now():
        raise SignupError(_("This event has already happened."))


@transaction.atomic
def sign_up(event: Event, user, accessibility_needs: str = "") -> Registration:
    """Give the person a place, or a place on the waiting list when the event is full.

    Signing up again while already confirmed or waiting changes nothing but
    the accessibility needs.
    """
    event = _locked(event)
    _check_open(event)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration and registration.status != Registration.Status.CANCELLED:
        if accessibility_needs != registration.accessibility_needs:
            registration.accessibility_needs = accessibility_needs
            registration.save(update_fields=["accessibility_needs", "updated_at"])
        return registration

    free = _free_seats(event)
    status = Registration.Status.CONFIRMED if free else Registration.Status.WAITING
    seat = free[0] if free else None
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = status
    registration.seat = seat
    registration.accessibility_needs = accessibility_needs
    registration.queued_at = timezone.now()
    registration.save()
    return registration


@transaction.atomic
def cancel_registration(event: Event, user) -> Registration | None:
    """Cancel the person's place; a freed seat goes to the first person waiting.

    Returns the registration that was promoted, if any.
    """
    event = _locked(event)
    registration = (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        raise SignupError(_("You are not signed up for this event."))
    registration.status = Registration.Status.CANCELLED
    registration.seat = None
    registration.save(update_fields=["status", "seat", "updated_at"])
    promoted = promote_waiting(event)
    return promoted[0] if promoted else None


def promote_waiting(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served.

    Must run inside a transaction holding the event's lock. Each promoted
    person is e-mailed once the transaction commits.
    """
    if event.status != Event.Status.PUBLISHED or event.end <= timezone.now():
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
        transaction.on_commit(lambda r=registration: notify_promoted(r))
    return waiting


def notify_promoted(registration: Registration) -> None:
    context = {"registration": registration, "event": registration.event, "site_url": settings.SITE_URL}
    send_mail(
        subject=_("You have a place at %(title)s") % {"title": registration.event.title},
        message=render_to_string("events/email/promoted.txt", context),
        from_email=None,
        recipient_list=[registration.user.email],
    )




# --- Organisers: creating and changing events ------------------------------


class EventError(Exception):
    """A change to an event that cannot be done, with a message for the organiser."""


EVENT_FIELDS = (
    "title", "format", "start", "end", "timezone", "venue", "online_url", "capacity", "description",
)


def _require_organiser(chapter, user) -> None:
    if not can_organise(chapter, user):
        raise PermissionDenied(_("Only the chapter's organisers can do this."))


# Paths under /events/ that an event's slug must not shadow.
RESERVED_SLUGS = {"past", "mine", "new", "chapter", "calendar"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:150] or "event"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_event(chapter, by, **data) -> Event:
    """A new draft event in the chapter; only the chapter's organisers may create one."""
    _require_organiser(chapter, by)
    _check_fields(data)
    event = Event(chapter=chapter, created_by=by, status=Event.Status.DRAFT, **data)
    event.slug = _unique_slug(event.title)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def update_event(event: Event, by, **data) -> Event:
    """Change an event's details.

    Lowering the number of places below the people already confirmed is
    refused; raising it gives the new places to the waiting list, in order.
    """
    _check_fields(data)
    event = _locked(event)
    _require_organiser(event.chapter, by)
    if event.is_cancelled:
        raise EventError(_("This event is cancelled, so it can no longer be changed."))
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    new_capacity = data.get("capacity", event.capacity)
    if new_capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "%(confirmed)s people already have a place, so the number of places cannot be lower "
                    "than %(confirmed)s"
                )
                % {"confirmed": confirmed}
            }
        )
    # Seats above the new capacity move down into the free seats below it, so
    # that the confirmed people always hold seats 1..capacity.
    if new_capacity < event.capacity:
        _compact_seats(event, new_capacity)
    for name, value in data.items():
        setattr(event, name, value)
    event.sequence += 1
    event.full_clean(exclude=[f.name for f in Event._meta.fields if f.name not in data])
    event.save()
    promote_waiting(event)
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
def publish_event(event: Event, by) -> Event:
    """Open a draft event: it becomes public and people can sign up."""
    event = _locked(event)
    _require_organiser(event.chapter, by)
    if event.status != Event.Status.DRAFT:
        raise EventError(_("Only a draft event can be published."))
    event.status = Event.Status.PUBLISHED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    return event


@transaction.atomic
def cancel_event(event: Event, by) -> Event:
    """Cancel the event and e-mail everyone who had a place or was waiting for one."""
    event = _locked(event)
    _require_organiser(event.chapter, by)
    if event.is_cancelled:
        raise EventError(_("This event is already cancelled."))
    was_published = event.is_published
    event.status = Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    if was_published:
        people = list(
            Registration.objects.filter(
                event=event, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
            ).select_related("user")
        )
        transaction.on_commit(lambda: notify_cancelled(event, people))
    return event


def notify_cancelled(event: Event, registrations: list[Registration]) -> None:
    for registration in registrations:
        context = {"registration": registration, "event": event, "site_url": settings.SITE_URL}
        send_mail(
            subject=_("Cancelled: %(title)s") % {"title": event.title},
            message=render_to_string("events/email/cancelled.txt", context),
            from_email=None,
            recipient_list=[registration.user.email],
        )


# --- Feedback after the event ------------------------------------------------


class FeedbackError(Exception):
    """Feedback that cannot be taken, with a message for the person."""


FEEDBACK_FIELDS = ("rating", "liked", "learned", "lacked", "longed_for")


def submit_feedback(event: Event, user, **data) -> Feedback:
    """Record one attendee's rating and 4Ls, once, after the event has ended."""
    unknown = set(data) - set(FEEDBACK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown feedback fields: {', '.join(sorted(unknown))}")
    if not Registration.objects.filter(event=event, user=user, status=Registration.Status.CONFIRMED).exists():
        raise PermissionDenied(_("Only people who had a place at the event can give feedback."))
    if not event.is_past:
        raise FeedbackError(_("You can give feedback once the event has ended."))
    feedback = Feedback(event=event, user=user, **data)
    feedback.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        raise FeedbackError(_("You have already given feedback on this event. Thank you!")) from None
    return feedback


@transaction.atomic
def set_feedback_published(event: Event, by, published: bool) -> Event:
    """Show the feedback results to everyone, or to the organisers only."""
    event = _locked(event)
    _require_organiser(event.chapter, by)
    event.feedback_published = published
    event.save(update_fields=["feedback_published", "updated_at"])
    return event
