"""E-mail leaves through the worker: one connection a batch, never an error page after a saved change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from oneteam.core import mail as core_mail
from oneteam.core.tests import mail_backends
from oneteam.events import services
from oneteam.events.models import Event, Registration

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def organiser(global_organiser):
    return global_organiser


@pytest.fixture
def full_event(make_event, make_user):
    event = make_event(title="Lean coffee\r\nBcc: everyone@example.org", capacity=3)
    for n in range(5):
        services.sign_up(event=event, by=make_user(email=f"p{n}@example.org"))
    return event


def test_a_broken_mail_server_never_turns_a_saved_cancellation_into_an_error(client, organiser, full_event, committed):
    client.force_login(organiser)
    with override_settings(EMAIL_BACKEND="oneteam.core.tests.mail_backends.DownBackend"), committed():
        response = client.post(reverse("events:cancel", args=[full_event.slug]), follow=True)
    assert response.status_code == 200
    assert "The event is cancelled" in response.content.decode()
    assert Event.objects.get(pk=full_event.pk).status == Event.Status.CANCELLED


def test_one_refused_address_does_not_stop_the_others(organiser, full_event, committed):
    with override_settings(EMAIL_BACKEND="oneteam.core.tests.mail_backends.RefusingBackend"), committed():
        services.cancel_event(event=full_event, by=organiser)
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@example.org" for n in range(1, 5)]


def test_cancelling_sends_everyone_through_one_connection(organiser, full_event, committed):
    mail_backends.opened.clear()
    with override_settings(EMAIL_BACKEND="oneteam.core.tests.mail_backends.CountingBackend"), committed():
        services.cancel_event(event=full_event, by=organiser)
    assert len(mail.outbox) == 5
    assert len(mail_backends.opened) == 1


def test_a_newline_in_a_title_never_reaches_a_subject_header(organiser, full_event, committed):
    with committed():
        services.cancel_event(event=full_event, by=organiser)
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {"Cancelled: Lean coffee Bcc: everyone@example.org"}
    for message in mail.outbox:
        assert message.message()["Bcc"] is None
        assert message.recipients() == message.to


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_with_the_database_queue_mail_waits_for_the_worker_and_goes_with_the_change(organiser, full_event):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_QUEUE):
        services.cancel_event(event=full_event, by=organiser)  # queued in the same transaction
        assert mail.outbox == [] and DBTaskResult.objects.count() == 1
        call_command("worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 5


def test_with_the_database_queue_a_rolled_back_change_sends_nothing(organiser, full_event):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_QUEUE):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.cancel_event(event=full_event, by=organiser)
            raise RuntimeError("something later in the same change failed")
        assert DBTaskResult.objects.count() == 0
    assert Event.objects.get(pk=full_event.pk).status == Event.Status.PUBLISHED


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_with_the_database_queue_failures_are_tried_again_later(organiser, full_event):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_QUEUE, EMAIL_BACKEND="oneteam.core.tests.mail_backends.DownBackend"):
        services.cancel_event(event=full_event, by=organiser)
        call_command("worker", batch=True, verbosity=0)
        retry = DBTaskResult.objects.filter(status="READY").get()
        assert retry.run_after > timezone.now() + dt.timedelta(minutes=1)
        assert retry.args_kwargs["args"][1] == 2  # the second attempt
        assert len(retry.args_kwargs["args"][0]) == 5
    with override_settings(TASKS=DATABASE_QUEUE):
        DBTaskResult.objects.update(run_after=timezone.now())
        call_command("worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 5


def test_clean_subject_is_one_short_line():
    assert core_mail.clean_subject("a\nb\r\nc\td") == "a b c d"
    assert len(core_mail.clean_subject("x" * 500)) == core_mail.SUBJECT_LENGTH
