"""Writes about events: sign-ups, cancellations and the waiting list.

Every write runs in one transaction that first locks the event's row
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the transaction is opened
``IMMEDIATE``, which takes the database's write lock). Sign-ups for one event
therefore happen one after another, and the numbered-seat constraint on
``Registration`` is the database's own backstop against overbooking.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event, Registration


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


