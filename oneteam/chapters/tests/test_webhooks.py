"""Announcements to Slack or Teams: stored encrypted, never shown back, retried with back-off, failures shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django_tasks import default_task_backend

from oneteam.chapters import services, webhooks
from oneteam.chapters.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def test_the_address_is_stored_encrypted_and_never_shown_in_full(client, leeds, organiser, fake_webhook):
    services.set_webhook(chapter=leeds, by=organiser, kind="slack", url=fake_webhook.url)
    stored = Webhook.objects.get(chapter=leeds)
    assert fake_webhook.url not in stored.url_encrypted
    assert webhooks.decrypt(stored.url_encrypted) == fake_webhook.url
    client.force_login(organiser)
    page = client.get(f"/chapters/{leeds.slug}/announcements/").content.decode()
    assert fake_webhook.url not in page and "/services/hook" not in page
    assert stored.url_hint in page and stored.url_hint.endswith("hook")


def test_only_the_services_own_https_hosts_are_accepted(leeds, organiser):
    for url in ("http://hooks.slack.com/services/x", "https://169.254.169.254/latest", "https://example.org/hook"):
        with pytest.raises(services.ChapterError):
            services.set_webhook(chapter=leeds, by=organiser, kind="slack", url=url)
    services.set_webhook(chapter=leeds, by=organiser, kind="teams", url="https://acme.webhook.office.com/webhookb2/x")


def test_a_member_cannot_set_or_see_the_channel(client, leeds, make_user, fake_webhook):
    member = make_user()
    services.join(chapter=leeds, by=member)
    with pytest.raises(PermissionDenied):
        services.set_webhook(chapter=leeds, by=member, kind="slack", url=fake_webhook.url)
    client.force_login(member)
    assert client.get(f"/chapters/{leeds.slug}/announcements/").status_code == 403


def test_a_failure_is_retried_with_back_off_then_shown_to_organisers(client, settings, leeds, organiser, fake_webhook):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fake_webhook.status = 500
    services.set_webhook(chapter=leeds, by=organiser, kind="slack", url=fake_webhook.url)
    delivery = services.send_test_announcement(chapter=leeds, by=organiser)
    backend = default_task_backend
    backend.clear()
    delays = []
    for attempt in range(1, webhooks.MAX_ATTEMPTS + 1):
        before = len(backend.results)
        assert webhooks.post_delivery.call(delivery.pk, attempt) == ("failed" if attempt == webhooks.MAX_ATTEMPTS
                                                                     else "retrying")
        if attempt < webhooks.MAX_ATTEMPTS:
            queued = backend.results[before]
            assert queued.args == [delivery.pk, attempt + 1]
            delays.append(queued.task.run_after)
    assert len(fake_webhook.posts) == webhooks.MAX_ATTEMPTS
    gaps = [webhooks.retry_delay(n) for n in range(1, webhooks.MAX_ATTEMPTS)]
    assert gaps == [dt.timedelta(minutes=m) for m in (1, 4, 16, 64)]
    assert all(when is not None for when in delays)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.attempts == 5
    assert delivery.last_error == "The service answered 500 Internal Server Error."
    client.force_login(organiser)
    page = client.get(f"/chapters/{leeds.slug}/announcements/").content.decode()
    assert "Failed" in page and "After 5 tries: The service answered 500 Internal Server Error." in page


def test_a_post_that_works_is_marked_posted(leeds, organiser, fake_webhook, committed):
    services.set_webhook(chapter=leeds, by=organiser, kind="slack", url=fake_webhook.url)
    with committed():
        delivery = services.send_test_announcement(chapter=leeds, by=organiser)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SENT
    assert fake_webhook.texts() == ["A test from OneTeam: announcements from OneTeam Leeds will appear here."]


def test_a_draft_event_is_never_announced(leeds, organiser, fake_webhook, committed):
    from oneteam.events import services as event_services

    services.set_webhook(chapter=leeds, by=organiser, kind="slack", url=fake_webhook.url)
    start = dt.datetime(2030, 3, 5, 18, tzinfo=dt.timezone.utc)
    with committed():
        event_services.create_event(chapter=leeds, by=organiser, title="Secret plans", start=start,
                                    end=start + dt.timedelta(hours=1), venue="Hall", capacity=5)
    assert fake_webhook.posts == [] and not WebhookDelivery.objects.exists()


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_with_the_database_queue_the_worker_posts_and_retries_later(settings, leeds, organiser, fake_webhook):
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_QUEUE
    services.set_webhook(chapter=leeds, by=organiser, kind="slack", url=fake_webhook.url)
    fake_webhook.status = 503
    delivery = services.send_test_announcement(chapter=leeds, by=organiser)  # queued with the change
    assert fake_webhook.posts == [] and DBTaskResult.objects.count() == 1
    call_command("worker", batch=True, verbosity=0)
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now() + dt.timedelta(seconds=50)
    assert retry.args_kwargs["args"] == [delivery.pk, 2]
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.last_error == "The service answered 503 Service Unavailable."
    fake_webhook.status = 200
    DBTaskResult.objects.update(run_after=timezone.now())
    call_command("worker", batch=True, verbosity=0)
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2 and len(fake_webhook.posts) == 2


def test_published_feedback_notes_are_announced_once(leeds, organiser, fake_webhook, committed, make_event):
    from oneteam.events import services as event_services

    services.set_webhook(chapter=leeds, by=organiser, kind="slack", url=fake_webhook.url)
    event = make_event(chapter=leeds, title="Lean coffee notes")
    with committed():
        event_services.set_feedback_published(event=event, by=organiser, published=True)
        event_services.set_feedback_published(event=event, by=organiser, published=True)
    assert len(fake_webhook.posts) == 1
    assert fake_webhook.texts()[0].startswith("What people said about Lean coffee notes is now public: http")
