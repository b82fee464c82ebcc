"""A chapter's life, driven by the clock: thriving → at risk → dormant → taken over.

At each step the periodic jobs run as the worker would run them
(``core.periodic.enqueue_due(now)``), and the test checks the status, the
reasons and every message that went out: e-mail, and posts to a local fake
Slack webhook.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from oneteam.chapters import health, selectors, services
from oneteam.chapters.models import Chapter, Health, Membership, OrganiserTerm
from oneteam.core import periodic
from oneteam.events import services as event_services
from oneteam.events.models import Event, Feedback, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def life(make_user, global_chapter, start, co_organise, fake_webhook, committed):
    """OneTeam Leeds, a year old, meeting monthly with six people, two organisers and a Slack channel."""
    olu = make_user(email="olu@example.org", display_name="Olu", digest_frequency="off", contact_preference="email")
    ade = make_user(email="ade@example.org", display_name="Ade", digest_frequency="weekly")
    una = make_user(email="una@example.org", display_name="Una", digest_frequency="daily")
    pat = make_user(email="pat@example.org", display_name="Pat", digest_frequency="off", contact_preference="phone")
    mia = make_user(email="mia@example.org", display_name="Mia")
    uk = start(una, "OneTeam UK", level=Chapter.Level.COUNTRY, country="GB", age_days=800)
    co_organise(uk, una, pat)
    leeds = start(olu, "OneTeam Leeds", parent=uk, city="Leeds", age_days=400, contact_email="olu@example.org")
    co_organise(leeds, olu, ade)
    services.join(chapter=leeds, by=mia)
    attendees = [make_user(display_name=f"Attendee {n}") for n in range(6)]
    now = timezone.now().replace(microsecond=0)
    for days in (-170, -140, -110, -80, -50, -20, 10):
        begins = now + dt.timedelta(days=days)
        event = Event.objects.create(
            chapter=leeds, title=f"Leeds lean coffee {days}", slug=f"leeds-{days + 200}", status=Event.Status.PUBLISHED,
            published_at=begins - dt.timedelta(days=20), start=begins, end=begins + dt.timedelta(hours=1),
            venue="Leeds library", capacity=10, format=Event.Format.LEAN_COFFEE,
        )
        for seat, person in enumerate(attendees, start=1):
            Registration.objects.create(event=event, user=person, status=Registration.Status.CONFIRMED, seat=seat)
            if days < 0:
                Feedback.objects.create(event=event, user=person, rating=4)
    # The UK chapter itself meets monthly throughout, so its own health sends nothing.
    for days in range(-80, 200, 30):
        begins = now + dt.timedelta(days=days)
        Event.objects.create(
            chapter=uk, title=f"UK meetup {days}", slug=f"uk-{days + 200}", status=Event.Status.PUBLISHED,
            published_at=begins - dt.timedelta(days=20), start=begins, end=begins + dt.timedelta(hours=1),
            online_url="https://meet.example.org/uk", capacity=50,
        )
    with committed():
        services.set_webhook(chapter=leeds, by=olu, kind="slack", url=fake_webhook.url)
    mail.outbox.clear()
    return {"chapter": leeds, "olu": olu, "ade": ade, "una": una, "pat": pat, "mia": mia, "t0": now,
            "webhook": fake_webhook}


def tick(committed, now, task_failures):
    """One round of the worker's clock at ``now``; returns the e-mails it sent as (to, subject)."""
    mail.outbox.clear()
    with committed():
        periodic.enqueue_due(now)
    assert not task_failures, task_failures
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def stored(chapter):
    row = Health.objects.get(chapter=chapter)
    return row.status, [r["text"] for r in row.reasons if not r["good"]]


def test_a_chapter_lives_fades_goes_dormant_and_is_taken_over(life, committed, task_failures):
    leeds, t0, webhook = life["chapter"], life["t0"], life["webhook"]

    # Thriving: on rhythm, two organisers, six people a meeting, the next one planned.
    assert tick(committed, t0, task_failures) == []
    status, warnings = stored(leeds)
    assert status == health.THRIVING and warnings == []
    reasons = [r.text for r in health.assess(leeds, t0).reasons]
    assert "2 organisers share the work." in reasons
    assert "3 meetings in the last 90 days, as the rhythm asks." in reasons
    assert webhook.posts == []

    # Ade steps back: one organiser left. Olu (no digest, e-mail) hears at once; Una (the
    # parent's organiser, daily digest) waits for her digest; Pat (phone) gets no e-mail.
    services.step_back(chapter=leeds, by=life["ade"])
    sent = tick(committed, t0 + dt.timedelta(hours=1), task_failures)
    assert sent == [("olu@example.org",
                     "OneTeam Leeds: Only one organiser: if they step back, nobody is left to run the chapter.")]
    status, warnings = stored(leeds)
    assert status == health.STEADY
    assert warnings == ["Only one organiser: if they step back, nobody is left to run the chapter."]

    # The next day, Una's daily digest; the same alert is never raised twice.
    sent = tick(committed, t0 + dt.timedelta(days=1, hours=1), task_failures)
    assert sent == [("una@example.org", "OneTeam: 1 thing(s) your chapters need you for")]
    assert "OneTeam Leeds: Only one organiser" in mail.outbox[0].body

    # The meeting on day 10 is the last. 61 days later the chapter is at risk.
    at_risk = t0 + dt.timedelta(days=71)
    sent = tick(committed, at_risk, task_failures)
    status, warnings = stored(leeds)
    assert status == health.AT_RISK
    assert warnings == [
        "Only one organiser: if they step back, nobody is left to run the chapter.",
        "No meeting for 61 days; the chapter means to meet every 30 days.",
        "1 of the 3 meetings the rhythm asks for in the last 90 days.",
        "Nothing is planned yet.",
    ]
    assert sent == sorted([
        ("olu@example.org", "OneTeam Leeds: OneTeam Leeds is now at risk. Only one organiser: if they step back, "
                            "nobody is left to run the chapter."),
        ("olu@example.org", "OneTeam Leeds: No meeting for 61 days; the chapter means to meet every 30 days."),
        ("una@example.org", "OneTeam: 2 thing(s) your chapters need you for"),
    ])

    # Olu calls for co-organisers: the call is posted to the chapter's Slack channel.
    with committed():
        services.open_call(chapter=leeds, by=life["olu"], message="An hour a month would help.")
    assert len(webhook.posts) == 1
    assert webhook.texts()[0].startswith("OneTeam Leeds is looking for co-organisers. Could you help? http")

    # Nobody answers. 125 days after the last meeting the chapter is dormant.
    dormant = t0 + dt.timedelta(days=135)
    sent = tick(committed, dormant, task_failures)
    status, warnings = stored(leeds)
    assert status == health.DORMANT
    assert warnings[0] == "No meeting for more than 120 days and nothing planned: the chapter has gone quiet."
    assert sent == sorted([
        ("olu@example.org", "OneTeam Leeds: OneTeam Leeds is now dormant. No meeting for more than 120 days and "
                            "nothing planned: the chapter has gone quiet."),
        ("una@example.org", "OneTeam: 1 thing(s) your chapters need you for"),
    ])
    assert selectors.status_at(leeds, dormant) == Chapter.Status.DORMANT

    # Mia, a member, takes it over. Olu hears at once; Una in her digest; Pat never by e-mail.
    mail.outbox.clear()
    with committed():
        services.take_over(chapter=leeds, by=life["mia"], now=dormant)
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("olu@example.org", "OneTeam Leeds: Mia has taken over OneTeam Leeds, which had gone quiet.")]
    assert Membership.objects.get(chapter=leeds, user=life["mia"]).is_organiser
    history = [(t.user.display_name, t.how, t.ended_at is None) for t in selectors.organiser_history(leeds)]
    assert history == [("Olu", "started", True), ("Ade", "invited", False), ("Mia", "took_over", True)]

    # She plans a meeting: it is announced in Slack, and the chapter is no longer dormant.
    mail.outbox.clear()
    with committed():
        event = event_services.create_event(
            chapter=leeds, by=life["mia"], title="Leeds lean coffee is back", format=Event.Format.LEAN_COFFEE,
            start=dormant + dt.timedelta(days=14), end=dormant + dt.timedelta(days=14, hours=1),
            timezone="Europe/London", venue="Leeds library", capacity=12,
        )
        event_services.publish_event(event=event, by=life["mia"])
    assert webhook.texts()[1].startswith("New event: Leeds lean coffee is back,")
    assert len(webhook.posts) == 2 and mail.outbox == []
    sent = tick(committed, dormant + dt.timedelta(days=1, hours=1), task_failures)
    status, warnings = stored(leeds)
    assert status == health.STEADY
    assert sent == [("una@example.org", "OneTeam: 1 thing(s) your chapters need you for")]
    assert "Mia has taken over OneTeam Leeds" in mail.outbox[0].body
    # Pat chose the phone and no digest: no e-mail reached them (every list above is exact),
    # but each alert is theirs to read on the chapter's health page.
    from oneteam.chapters.models import Notice

    assert Notice.objects.filter(person=life["pat"]).count() == 5
    assert OrganiserTerm.objects.filter(chapter=leeds, user=life["mia"], how="took_over").exists()
