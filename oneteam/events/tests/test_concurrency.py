"""No overbooking when many people sign up and cancel at the same moment.

Real threads, each with its own database connection, start together at a
barrier. On SQLite the transactions are IMMEDIATE (one writer at a time); on
PostgreSQL the event row is locked with SELECT … FOR UPDATE. Run these against
PostgreSQL with DATABASE_URL=postgres://… as well.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction

from oneteam.events import services
from oneteam.events.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 50
PLACES = 10


def run_together(jobs):
    """Run every job in its own thread, all released at once; re-raise the first error."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        return [future.result(timeout=120) for future in futures]


def assert_seats_sound(event):
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    seats = list(confirmed.values_list("seat", flat=True))
    assert len(seats) == len(set(seats))
    assert all(1 <= seat <= event.capacity for seat in seats)
    return len(seats)


def test_fifty_simultaneous_sign_ups_for_ten_places(make_user, make_event):
    event = make_event(capacity=PLACES)
    people = [make_user() for _ in range(PEOPLE)]
    results = run_together([lambda person=person: services.sign_up(event=event, by=person) for person in people])
    assert len(results) == PEOPLE
    assert Registration.objects.filter(event=event, status="confirmed").count() == PLACES
    assert Registration.objects.filter(event=event, status="waiting").count() == PEOPLE - PLACES
    assert assert_seats_sound(event) == PLACES
    assert sorted(Registration.objects.filter(event=event, status="confirmed").values_list("seat", flat=True)) == list(
        range(1, PLACES + 1)
    )


def test_simultaneous_cancellations_and_sign_ups_never_overbook(make_user, make_event):
    event = make_event(capacity=PLACES)
    holders = [make_user() for _ in range(PLACES)]
    queued = [make_user() for _ in range(PEOPLE // 2 - PLACES)]
    for person in holders + queued:
        services.sign_up(event=event, by=person)
    newcomers = [make_user() for _ in range(PEOPLE // 2)]
    jobs = [lambda person=person: services.cancel_registration(event=event, by=person) for person in holders]
    jobs += [lambda person=person: services.cancel_registration(event=event, by=person) for person in queued[:5]]
    jobs += [lambda person=person: services.sign_up(event=event, by=person) for person in newcomers]
    run_together(jobs)
    confirmed = assert_seats_sound(event)
    assert confirmed == PLACES  # enough people were waiting to fill every freed seat
    waiting = Registration.objects.filter(event=event, status="waiting").count()
    assert confirmed + waiting == len(queued) - 5 + len(newcomers)
    # Everyone who stayed in the queue from before is now confirmed: first come, first served.
    stayed = [p.pk for p in queued[5:]]
    assert set(
        Registration.objects.filter(event=event, user_id__in=stayed).values_list("status", flat=True)
    ) == {"confirmed"}


def test_the_seat_constraint_refuses_a_second_person_on_a_seat(make_user, make_event):
    event = make_event(capacity=PLACES)
    Registration.objects.create(event=event, user=make_user(), status="confirmed", seat=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=make_user(), status="confirmed", seat=3)
    assert Registration.objects.filter(event=event).count() == 1


def test_a_confirmed_registration_must_hold_a_seat(make_user, make_event):
    event = make_event(capacity=PLACES)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=make_user(), status="confirmed", seat=None)


def event_fields(start):
    import datetime as dt

    return dict(title="Lean coffee", format="lean_coffee", start=start, end=start + dt.timedelta(hours=1),
                timezone="Europe/London", venue="Town hall", capacity=10)


def test_two_events_with_one_title_created_at_once_both_succeed(make_user, global_chapter):
    """Each finds the slug free, both insert; the one that loses the race takes the next slug."""
    import datetime as dt

    from django.utils import timezone

    from oneteam.chapters.models import Membership

    organisers = [make_user(), make_user()]
    for person in organisers:
        Membership.objects.create(chapter=global_chapter, user=person, role=Membership.Role.ORGANISER)
    start = timezone.now() + dt.timedelta(days=3)
    events = run_together(
        [lambda by=by: services.create_event(chapter=global_chapter, by=by, **event_fields(start)) for by in organisers]
    )
    assert sorted(e.slug for e in events) == ["lean-coffee", "lean-coffee-2"]


def test_a_slug_taken_between_the_check_and_the_insert_is_retried(make_user, global_chapter, monkeypatch):
    """The race made deterministic: the first look at the slugs misses the row another request just wrote."""
    import datetime as dt

    from django.utils import timezone

    from oneteam.chapters.models import Membership
    from oneteam.core import slugs

    organiser = make_user()
    Membership.objects.create(chapter=global_chapter, user=organiser, role=Membership.Role.ORGANISER)
    start = timezone.now() + dt.timedelta(days=3)
    first = services.create_event(chapter=global_chapter, by=organiser, **event_fields(start))
    real = slugs.unique_slug
    calls = []

    def stale_then_real(model, text, **options):
        calls.append(text)
        return first.slug if len(calls) == 1 else real(model, text, **options)

    monkeypatch.setattr(slugs, "unique_slug", stale_then_real)
    second = services.create_event(chapter=global_chapter, by=organiser, **event_fields(start))
    assert (first.slug, second.slug) == ("lean-coffee", "lean-coffee-2") and len(calls) == 2
