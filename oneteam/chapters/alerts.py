"""Telling organisers when a chapter needs them, the way each of them asked.

``refresh_health(now)`` (a periodic job, every hour) works out every
chapter's health, stores it, and raises an ``Alert`` when:

- the chapter became **at risk** or **dormant**;
- it has a **single organiser** (once for each person left alone);
- a **meeting was missed**: once for each gap after the last meeting, and once
  for each ritual meeting that was cancelled;
- a **trend is falling** (attendance, kept sign-ups, feedback, members; at most once a quarter).

An alert goes to the chapter's organisers and to the organisers of the chapter
it belongs to. Each of them gets a ``Notice``. Who hears when:

- ``digest_frequency`` daily or weekly: the notice waits for that digest
  (``send_digests``, a daily and a weekly job), one e-mail with everything;
- ``digest_frequency`` off, and ``contact_preference`` e-mail: one e-mail at once;
- ``digest_frequency`` off, and another contact preference: no e-mail; the
  alert shows on the chapter's health page, where organisers look.

An alert never goes to a deactivated account.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from oneteam.core.mail import compose, send_after_commit
from oneteam.people.models import User

from . import health
from .models import Alert, Chapter, Health, Membership, Notice

DIGEST_DAILY = User.Digest.DAILY
DIGEST_WEEKLY = User.Digest.WEEKLY


def recipients(chapter: Chapter) -> list[User]:
    """The chapter's organisers, then its parent's, each once, active accounts only."""
    chapters = [chapter] + ([chapter.parent] if chapter.parent_id else [])
    people: dict[int, User] = {}
    for each in chapters:
        for membership in (
            Membership.objects.filter(chapter=each, role=Membership.Role.ORGANISER, user__is_active=True)
            .select_related("user").order_by("joined_at", "pk")
        ):
            people.setdefault(membership.user_id, membership.user)
    return list(people.values())


def _link(chapter: Chapter) -> str:
    return settings.SITE_URL + reverse("chapters:health", args=[chapter.slug])


def raise_alert(chapter: Chapter, *, kind: str, key: str, message: str, now: dt.datetime) -> Alert | None:
    """Record the alert and tell everyone who should hear; None when it was raised before."""
    try:
        with transaction.atomic():
            alert = Alert.objects.create(chapter=chapter, kind=kind, key=key[:60], message=message[:500],
                                         created_at=now)
    except IntegrityError:
        return None
    mails = []
    for person in recipients(chapter):
        notice = Notice.objects.create(alert=alert, person=person)
        if person.digest_frequency == User.Digest.OFF:
            if person.contact_preference == User.Contact.EMAIL:
                mails.append(compose(
                    to=person, subject=_("%(chapter)s: %(message)s") % {"chapter": chapter.name, "message": message},
                    template="chapters/email/alert.txt",
                    context={"chapter": chapter, "alert": alert, "link": _link(chapter)},
                ))
            notice.sent_at = now  # off and not by e-mail: the health page is where they see it
            notice.save(update_fields=["sent_at"])
    send_after_commit(mails)
    return alert


def _quarter(now: dt.datetime) -> str:
    return f"{now.year}-q{(now.month - 1) // 3 + 1}"


def check_chapter(chapter: Chapter, now: dt.datetime) -> health.Assessment:
    """Work out one chapter's health, store it, and raise the alerts it calls for."""
    assessment = health.assess(chapter, now)
    previous = Health.objects.filter(chapter=chapter).first()
    Health.objects.update_or_create(
        chapter=chapter,
        defaults={"status": assessment.status, "reasons": health.reasons_as_data(assessment),
                  "figures": assessment.figures, "computed_at": now},
    )
    status = assessment.status
    if status in (health.AT_RISK, health.DORMANT) and (previous is None or previous.status != status):
        first = next((r.text for r in assessment.warnings), "")
        raise_alert(
            chapter, kind=Alert.Kind.STATUS, key=f"{status}-{now:%Y%m%d}", now=now,
            message=_("%(chapter)s is now %(status)s. %(reason)s")
            % {"chapter": chapter.name, "status": assessment.label.lower(), "reason": first},
        )
    for reason in assessment.warnings:
        if reason.kind == health.SINGLE_ORGANISER and assessment.figures["organisers"] == 1:
            lone = Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER).values_list(
                "user_id", flat=True).first()
            raise_alert(chapter, kind=Alert.Kind.SINGLE_ORGANISER, key=f"organiser-{lone}", message=reason.text,
                        now=now)
        elif reason.kind == health.MISSED and reason.key:
            raise_alert(chapter, kind=Alert.Kind.MISSED_RITUAL, key=reason.key, message=reason.text, now=now)
        elif reason.kind == health.MISSED and status != health.DORMANT:
            since = assessment.figures["days_since_last_event"]
            last = (now - dt.timedelta(days=since)).date().isoformat() if since is not None else "never"
            raise_alert(chapter, kind=Alert.Kind.MISSED_RITUAL, key=f"after-{last}", message=reason.text, now=now)
        elif reason.kind == health.FALLING:
            raise_alert(chapter, kind=Alert.Kind.FALLING, key=f"{_quarter(now)}-{reason.text[:40]}",
                        message=reason.text, now=now)
    return assessment


def refresh_all(now: dt.datetime) -> int:
    count = 0
    for chapter in Chapter.objects.select_related("parent").order_by("pk"):
        check_chapter(chapter, now)
        count += 1
    return count


def send_digests(frequency: str, now: dt.datetime) -> int:
    """One e-mail to each person on this frequency with every notice still waiting; returns how many."""
    waiting = (
        Notice.objects.filter(sent_at__isnull=True, person__digest_frequency=frequency, person__is_active=True)
        .select_related("alert", "alert__chapter", "person").order_by("person_id", "alert__created_at", "pk")
    )
    by_person: dict[int, list[Notice]] = {}
    for notice in waiting:
        by_person.setdefault(notice.person_id, []).append(notice)
    mails = []
    for notices in by_person.values():
        person = notices[0].person
        mails.append(compose(
            to=person,
            subject=_("OneTeam: %(count)s thing(s) your chapters need you for") % {"count": len(notices)},
            template="chapters/email/digest.txt",
            context={"notices": notices, "site_url": settings.SITE_URL},
        ))
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=now)
    send_after_commit(mails)
    return len(mails)
