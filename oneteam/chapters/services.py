"""Writes about chapters: starting one, joining, leaving, organisers, the checklist.

Like every app's services: keyword-only arguments, ``by`` is the person
acting, each function runs in one transaction, a rule that refuses the change
raises ``ChapterError`` with a message for the person, and acting without the
right role raises ``PermissionDenied`` (decided in ``permissions``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oneteam.core.errors import ServiceError
from oneteam.core.mail import compose, send_after_commit
from oneteam.core.slugs import save_with_unique_slug

from . import permissions
from .checklist import STARTER_CHECKLIST
from .models import (
    Chapter, ChecklistItem, CoOrganiserCall, Handover, Holiday, HealthSettings, Membership, MemberDeparture,
    OrganiserInvitation, OrganiserTerm, Ritual, Webhook,
)
from .selectors import INVITATION_VALID_FOR, global_chapter, invitation_token, pending_invitations

EDITABLE_FIELDS = ("name", "country", "city", "description", "rhythm", "contact_email")
CO_ORGANISER_STEP = "co-organiser"
# Slugs that would be shadowed by the app's own URLs.
RESERVED_SLUGS = frozenset({"start", "invitations", "world"})
# How many invitations one person may send: a burst, and a day's worth.
INVITATIONS_PER_HOUR = 5
INVITATIONS_PER_DAY = 20


class ChapterError(ServiceError):
    """A change to a chapter that the rules refuse, with a message for the person."""


def _require_organiser(chapter: Chapter, by) -> None:
    if not permissions.can_organise(by, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can do that."))


def _check_name_free(name: str, parent: Chapter, exclude_pk: int | None = None) -> None:
    clash = Chapter.objects.filter(parent=parent, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ChapterError(
            _(
                "There is already a chapter called “%(name)s” in %(parent)s. "
                "Choose another name, or join that chapter."
            )
            % {"name": name, "parent": parent.name},
            field="name",
        )


def _check_parent(level: str, parent: Chapter) -> None:
    if level == Chapter.Level.COUNTRY and parent.level != Chapter.Level.GLOBAL:
        raise ChapterError(_("A country chapter belongs to the global chapter."), field="parent")
    if level == Chapter.Level.LOCAL and parent.level not in (Chapter.Level.GLOBAL, Chapter.Level.COUNTRY):
        raise ChapterError(
            _("A local chapter belongs to the global chapter or to a country chapter."), field="parent"
        )


def _full_clean(chapter: Chapter, **options) -> None:
    try:
        chapter.full_clean(**options)
    except ValidationError as exc:
        raise ChapterError.from_validation(exc) from None


@transaction.atomic
def start_chapter(
    *,
    by,
    name: str,
    level: str = Chapter.Level.LOCAL,
    parent: Chapter | None = None,
    country: str = "",
    city: str = "",
    description: str = "",
    rhythm: str = "",
    contact_email: str = "",
) -> Chapter:
    """Create a country or local chapter, make ``by`` its organiser and give it
    the starter checklist."""
    if not permissions.can_start_chapter(by):
        raise PermissionDenied(_("Sign in to start a chapter."))
    name = (name or "").strip()
    if not name:
        raise ChapterError(_("Enter the chapter's name."), field="name")
    if level not in (Chapter.Level.COUNTRY, Chapter.Level.LOCAL):
        raise ChapterError(_("Choose whether this is a country chapter or a local one."), field="level")
    parent = parent or global_chapter()
    if parent is None:
        raise ChapterError(_("There is no global chapter yet, so new chapters have nowhere to belong."))
    _check_parent(level, parent)
    country = str(country or "")
    if level == Chapter.Level.COUNTRY and not country:
        raise ChapterError(_("Choose the country this chapter is for."), field="country")
    if not country and parent.country:
        country = parent.country.code
    _check_name_free(name, parent)

    chapter = Chapter(
        name=name, level=level, parent=parent, country=country, city=city.strip(), description=description,
        rhythm=rhythm.strip(), contact_email=contact_email.strip(),
    )
    _full_clean(chapter, exclude=["slug"])
    try:
        save_with_unique_slug(chapter, name, reserved=RESERVED_SLUGS, fallback="chapter")
    except IntegrityError:
        _check_name_free(name, parent)  # someone took the same name a moment ago
        raise
    Membership.objects.create(chapter=chapter, user=by, role=Membership.Role.ORGANISER)
    _begin_term(chapter, by, OrganiserTerm.How.STARTED)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(chapter=chapter, key=step.key, position=position)
        for position, step in enumerate(STARTER_CHECKLIST, start=1)
    )
    return chapter


@transaction.atomic
def update_chapter(*, chapter: Chapter, by, **data) -> Chapter:
    """Change a chapter's details (organisers only); level and parent stay."""
    _require_organiser(chapter, by)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"cannot edit {sorted(unknown)}")
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    for field, value in data.items():
        setattr(chapter, field, value.strip() if isinstance(value, str) and field != "description" else value)
    if not chapter.name:
        raise ChapterError(_("Enter the chapter's name."), field="name")
    if chapter.level == Chapter.Level.COUNTRY and not chapter.country:
        raise ChapterError(_("Choose the country this chapter is for."), field="country")
    if chapter.parent_id:
        _check_name_free(chapter.name, chapter.parent, exclude_pk=chapter.pk)
    _full_clean(chapter, exclude=["slug"])
    chapter.save()
    return chapter


@transaction.atomic
def join(*, chapter: Chapter, by) -> Membership:
    """Make ``by`` a member; joining twice changes nothing."""
    if not permissions.can_join(by):
        raise PermissionDenied(_("Sign in to join a chapter."))
    membership, _created = Membership.objects.get_or_create(
        chapter=chapter, user=by, defaults={"role": Membership.Role.MEMBER}
    )
    return membership


@transaction.atomic
def leave(*, chapter: Chapter, by) -> bool:
    """Remove ``by`` from the chapter; False when they were not a member.

    The last organiser cannot leave: a chapter must always have someone to
    hand over to, so they invite a co-organiser first.
    """
    organiser_ids = list(
        Membership.objects.select_for_update()
        .filter(chapter=chapter, role=Membership.Role.ORGANISER)
        .values_list("user_id", flat=True)
    )
    membership = Membership.objects.select_for_update().filter(chapter=chapter, user=by).first()
    if membership is None:
        return False
    if membership.role == Membership.Role.ORGANISER and organiser_ids == [by.pk]:
        raise ChapterError(
            _(
                "You are the only organiser of %(chapter)s, so you cannot leave yet. "
                "Invite a co-organiser first; once they accept, you can hand over and leave."
            )
            % {"chapter": chapter.name}
        )
    membership.delete()
    _end_term(chapter, by)
    MemberDeparture.objects.create(chapter=chapter, left_at=timezone.now())
    return True


def _begin_term(chapter: Chapter, person, how: str) -> None:
    if not OrganiserTerm.objects.filter(chapter=chapter, user=person, ended_at__isnull=True).exists():
        OrganiserTerm.objects.create(chapter=chapter, user=person, how=how, started_at=timezone.now())


def _end_term(chapter: Chapter, person) -> None:
    OrganiserTerm.objects.filter(chapter=chapter, user=person, ended_at__isnull=True).update(ended_at=timezone.now())


def _make_organiser(chapter: Chapter, person, *, ticked_by, how: str = OrganiserTerm.How.INVITED) -> Membership:
    membership = Membership.objects.select_for_update().filter(chapter=chapter, user=person).first()
    if membership is None:
        membership = Membership.objects.create(chapter=chapter, user=person, role=Membership.Role.ORGANISER)
    elif membership.role != Membership.Role.ORGANISER:
        membership.role = Membership.Role.ORGANISER
        membership.save(update_fields=["role"])
    _begin_term(chapter, person, how)
    organisers = Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER).count()
    if organisers >= 2:
        ChecklistItem.objects.filter(chapter=chapter, key=CO_ORGANISER_STEP, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=ticked_by
        )
    return membership


def _invitation_link(invitation: OrganiserInvitation) -> str:
    return settings.SITE_URL + reverse("chapters:invitation", args=[invitation_token(invitation)])


@transaction.atomic
def invite_organiser(*, chapter: Chapter, by, email: str, steps_back: bool = False) -> None:
    """E-mail an invitation to organise the chapter. Organisers only.

    The answer is the same whoever the address belongs to, account or not:
    nothing here looks the address up. Asking again while an invitation is
    still waiting sends nothing new. Each person may send a few invitations an
    hour and a few more a day.
    """
    _require_organiser(chapter, by)
    email = email.strip().lower()
    now = timezone.now()
    sent = OrganiserInvitation.objects.filter(invited_by=by)
    if sent.filter(created_at__gt=now - dt.timedelta(hours=1)).count() >= INVITATIONS_PER_HOUR or (
        sent.filter(created_at__gt=now - dt.timedelta(days=1)).count() >= INVITATIONS_PER_DAY
    ):
        raise ChapterError(
            _("You have sent a lot of invitations in a short time. Please wait an hour and try again."),
            field="email",
        )
    if pending_invitations(chapter).filter(email=email).exists():
        return
    # An expired invitation still pending would block the unique constraint.
    OrganiserInvitation.objects.filter(
        chapter=chapter, email=email, status=OrganiserInvitation.Status.PENDING
    ).update(status=OrganiserInvitation.Status.WITHDRAWN, answered_at=now)
    invitation = OrganiserInvitation.objects.create(chapter=chapter, email=email, invited_by=by, steps_back=steps_back)
    send_after_commit(
        [
            compose(
                to=email,
                subject=_("%(name)s invites you to organise %(chapter)s")
                % {"name": by.public_name, "chapter": chapter.name},
                template="chapters/email/invitation.txt",
                context={"invitation": invitation, "chapter": chapter, "inviter": by,
                         "link": _invitation_link(invitation), "site_url": settings.SITE_URL},
            )
        ]
    )


def _open_invitation(invitation: OrganiserInvitation) -> OrganiserInvitation:
    invitation = OrganiserInvitation.objects.select_for_update().select_related("chapter").get(pk=invitation.pk)
    if invitation.status != OrganiserInvitation.Status.PENDING:
        raise ChapterError(_("This invitation has already been answered or withdrawn."))
    if invitation.created_at <= timezone.now() - INVITATION_VALID_FOR:
        raise ChapterError(_("This invitation has expired. Ask the organisers to invite you again."))
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: OrganiserInvitation, by) -> Membership:
    """Make ``by`` an organiser, if the invitation went to one of their confirmed addresses."""
    invitation = _open_invitation(invitation)
    if not by.is_authenticated or not by.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    how = OrganiserTerm.How.HANDOVER if invitation.steps_back else OrganiserTerm.How.INVITED
    membership = _make_organiser(invitation.chapter, by, ticked_by=by, how=how)
    if invitation.steps_back and invitation.invited_by and invitation.invited_by != by:
        _step_down(invitation.chapter, invitation.invited_by, successor=by)
    invitation.status = OrganiserInvitation.Status.ACCEPTED
    invitation.answered_at, invitation.answered_by = timezone.now(), by
    invitation.save(update_fields=["status", "answered_at", "answered_by"])
    if invitation.invited_by and invitation.invited_by.is_active:
        send_after_commit(
            [
                compose(
                    to=invitation.invited_by,
                    subject=_("%(name)s is now an organiser of %(chapter)s")
                    % {"name": by.public_name, "chapter": invitation.chapter.name},
                    template="chapters/email/invitation_accepted.txt",
                    context={"chapter": invitation.chapter, "person": by, "site_url": settings.SITE_URL},
                )
            ]
        )
    return membership


@transaction.atomic
def decline_invitation(*, invitation: OrganiserInvitation, by=None) -> None:
    """Say no. Anyone holding the signed link may decline: it went to that address."""
    invitation = _open_invitation(invitation)
    invitation.status = OrganiserInvitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.answered_by = by if getattr(by, "is_authenticated", False) else None
    invitation.save(update_fields=["status", "answered_at", "answered_by"])


@transaction.atomic
def withdraw_invitation(*, invitation: OrganiserInvitation, by) -> None:
    """Take back an invitation nobody has answered. Organisers only."""
    _require_organiser(invitation.chapter, by)
    invitation = _open_invitation(invitation)
    invitation.status = OrganiserInvitation.Status.WITHDRAWN
    invitation.answered_at, invitation.answered_by = timezone.now(), by
    invitation.save(update_fields=["status", "answered_at", "answered_by"])


@transaction.atomic
def tick(*, chapter: Chapter, by, key: str, done: bool) -> ChecklistItem:
    """Mark a starter-checklist step done or not done. Organisers only;
    ``ChecklistItem.DoesNotExist`` for a key the chapter does not have."""
    _require_organiser(chapter, by)
    item = ChecklistItem.objects.select_for_update().get(chapter=chapter, key=key)
    if done and item.done_at is None:
        item.done_at, item.done_by = timezone.now(), by
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["done_at", "done_by"])
    return item


# --- Handover: stepping back, successors, calls, taking over ----------------


def _organiser_count(chapter: Chapter) -> int:
    return Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER).count()


def _step_down(chapter: Chapter, person, *, successor=None) -> None:
    """``person`` stops organising but stays a member; their contact address passes on."""
    Membership.objects.filter(chapter=chapter, user=person, role=Membership.Role.ORGANISER).update(
        role=Membership.Role.MEMBER
    )
    _end_term(chapter, person)
    if successor is not None and chapter.contact_email and chapter.contact_email.lower() == person.email.lower():
        Chapter.objects.filter(pk=chapter.pk).update(contact_email=successor.email)


@transaction.atomic
def step_back(*, chapter: Chapter, by) -> None:
    """Stop organising, staying a member. Someone else must be organising already."""
    if not permissions.is_organiser(by, chapter):
        raise PermissionDenied(_("Only the chapter's organisers can step back."))
    list(Membership.objects.select_for_update().filter(chapter=chapter, role=Membership.Role.ORGANISER))
    if _organiser_count(chapter) < 2:
        raise ChapterError(
            _(
                "You are the only organiser, so stepping back would leave nobody to run the chapter. "
                "Hand over to a member, invite a successor or call for co-organisers first."
            )
        )
    _step_down(chapter, by)


def _handover_link(chapter: Chapter) -> str:
    return settings.SITE_URL + reverse("chapters:detail", args=[chapter.slug]) + "#handover"


@transaction.atomic
def nominate_successor(*, chapter: Chapter, by, successor, note: str = "") -> Handover:
    """Ask a member to take over from ``by``; they become organiser, and ``by`` steps back, when they accept."""
    _require_organiser(chapter, by)
    if successor == by:
        raise ChapterError(_("Choose someone other than yourself."), field="successor")
    membership = Membership.objects.filter(chapter=chapter, user=successor).first()
    if membership is None or not successor.is_active:
        raise ChapterError(_("Choose one of the chapter's members."), field="successor")
    if membership.is_organiser:
        raise ChapterError(_("%(name)s is already an organiser.") % {"name": successor.public_name},
                           field="successor")
    existing = Handover.objects.filter(chapter=chapter, to_user=successor, status=Handover.Status.PENDING).first()
    if existing:
        return existing
    handover = Handover.objects.create(chapter=chapter, from_user=by, to_user=successor, note=note.strip())
    send_after_commit([
        compose(
            to=successor,
            subject=_("%(name)s asks you to take over %(chapter)s") % {"name": by.public_name, "chapter": chapter.name},
            template="chapters/email/handover.txt",
            context={"handover": handover, "chapter": chapter, "link": _handover_link(chapter)},
        )
    ])
    return handover


def _open_handover(handover: Handover) -> Handover:
    handover = Handover.objects.select_for_update(of=("self",)).select_related("chapter", "from_user").get(pk=handover.pk)
    if not handover.is_pending:
        raise ChapterError(_("This handover has already been answered or withdrawn."))
    return handover


@transaction.atomic
def accept_handover(*, handover: Handover, by) -> Membership:
    handover = _open_handover(handover)
    if by != handover.to_user:
        raise PermissionDenied(_("This handover was offered to someone else."))
    chapter = handover.chapter
    membership = _make_organiser(chapter, by, ticked_by=by, how=OrganiserTerm.How.HANDOVER)
    giver = handover.from_user
    if giver and permissions.is_organiser(giver, chapter) and giver != by:
        _step_down(chapter, giver, successor=by)
    handover.status, handover.answered_at = Handover.Status.ACCEPTED, timezone.now()
    handover.save(update_fields=["status", "answered_at"])
    if giver and giver.is_active:
        send_after_commit([
            compose(
                to=giver,
                subject=_("%(name)s has taken over %(chapter)s") % {"name": by.public_name, "chapter": chapter.name},
                template="chapters/email/handover_accepted.txt",
                context={"chapter": chapter, "person": by, "site_url": settings.SITE_URL},
            )
        ])
    return membership


@transaction.atomic
def decline_handover(*, handover: Handover, by) -> None:
    handover = _open_handover(handover)
    if by != handover.to_user:
        raise PermissionDenied(_("This handover was offered to someone else."))
    handover.status, handover.answered_at = Handover.Status.DECLINED, timezone.now()
    handover.save(update_fields=["status", "answered_at"])


@transaction.atomic
def withdraw_handover(*, handover: Handover, by) -> None:
    _require_organiser(handover.chapter, by)
    handover = _open_handover(handover)
    handover.status, handover.answered_at = Handover.Status.WITHDRAWN, timezone.now()
    handover.save(update_fields=["status", "answered_at"])


def open_call_for(chapter: Chapter) -> CoOrganiserCall | None:
    return CoOrganiserCall.objects.filter(chapter=chapter, closed_at__isnull=True).first()


@transaction.atomic
def open_call(*, chapter: Chapter, by, message: str = "") -> CoOrganiserCall:
    """Ask the chapter's members, and its channel, for co-organisers."""
    from . import webhooks

    _require_organiser(chapter, by)
    Chapter.objects.select_for_update().get(pk=chapter.pk)
    call = open_call_for(chapter)
    if call:
        return call
    call = CoOrganiserCall.objects.create(chapter=chapter, opened_by=by, message=message.strip(),
                                          opened_at=timezone.now())
    link = settings.SITE_URL + reverse("chapters:detail", args=[chapter.slug]) + "#call"
    webhooks.announce(chapter, _("%(chapter)s is looking for co-organisers. Could you help? %(link)s")
                      % {"chapter": chapter.name, "link": link})
    return call


@transaction.atomic
def close_call(*, chapter: Chapter, by) -> None:
    _require_organiser(chapter, by)
    CoOrganiserCall.objects.filter(chapter=chapter, closed_at__isnull=True).update(closed_at=timezone.now())


@transaction.atomic
def answer_call(*, chapter: Chapter, by) -> Membership:
    """Step up in answer to an open call: ``by`` becomes an organiser at once (they were asked)."""
    from . import alerts

    call = CoOrganiserCall.objects.select_for_update().filter(chapter=chapter, closed_at__isnull=True).first()
    if not permissions.can_answer_call(by, chapter, call_open=call is not None):
        raise PermissionDenied(_("There is no open call for co-organisers in this chapter."))
    now = timezone.now()
    alerts.raise_alert(
        chapter, kind="handover", key=f"call-{call.pk}-{by.pk}", now=now,
        message=_("%(name)s answered the call and is now an organiser of %(chapter)s.")
        % {"name": by.public_name, "chapter": chapter.name},
    )
    return _make_organiser(chapter, by, ticked_by=by, how=OrganiserTerm.How.CALL)


@transaction.atomic
def take_over(*, chapter: Chapter, by, now: dt.datetime | None = None) -> Membership:
    """Take over a dormant chapter: ``by`` becomes an organiser; the old organisers and the parent's hear of it."""
    from . import alerts
    from .selectors import status_at

    now = now or timezone.now()
    Chapter.objects.select_for_update().get(pk=chapter.pk)
    if not permissions.can_take_over(by, chapter, dormant=status_at(chapter, now) == Chapter.Status.DORMANT):
        raise PermissionDenied(_("Only a dormant chapter can be taken over, by someone not already running it."))
    alerts.raise_alert(
        chapter, kind="handover", key=f"takeover-{by.pk}-{now:%Y%m%d}", now=now,
        message=_("%(name)s has taken over %(chapter)s, which had gone quiet.")
        % {"name": by.public_name, "chapter": chapter.name},
    )
    membership = _make_organiser(chapter, by, ticked_by=by, how=OrganiserTerm.How.TOOK_OVER)
    if not chapter.contact_email:
        Chapter.objects.filter(pk=chapter.pk).update(contact_email=by.email)
    return membership


# --- Health settings, rituals, holidays, announcements ----------------------


@transaction.atomic
def set_health_settings(*, chapter: Chapter, by, meets_every_days: int, timezone_name: str,
                        latitude=None, longitude=None) -> HealthSettings:
    import zoneinfo

    _require_organiser(chapter, by)
    if timezone_name not in zoneinfo.available_timezones():
        raise ChapterError(_("Choose a time zone, such as Europe/London."), field="timezone_name")
    if not 7 <= int(meets_every_days) <= 366:
        raise ChapterError(_("Enter a number of days between 7 and 366."), field="meets_every_days")
    if (latitude is None) != (longitude is None):
        raise ChapterError(_("Enter both the latitude and the longitude, or neither."), field="latitude")
    settings_row, _created = HealthSettings.objects.update_or_create(
        chapter=chapter,
        defaults={"meets_every_days": meets_every_days, "timezone": timezone_name,
                  "latitude": latitude, "longitude": longitude},
    )
    return settings_row


RITUAL_FIELDS = ("title", "format", "rhythm", "weekday", "week_of_month", "start_time", "duration_minutes",
                 "venue", "online_url", "capacity", "description", "days_ahead", "starts_on")


@transaction.atomic
def add_ritual(*, chapter: Chapter, by, **data) -> Ritual:
    _require_organiser(chapter, by)
    unknown = set(data) - set(RITUAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown ritual fields {sorted(unknown)}")
    if not (data.get("venue") or "").strip() and not (data.get("online_url") or "").strip():
        raise ChapterError(_("Enter a venue or an online link, or both."), field="venue")
    ritual = Ritual(chapter=chapter, **data)
    try:
        ritual.full_clean()
    except ValidationError as exc:
        raise ChapterError.from_validation(exc) from None
    ritual.save()
    return ritual


@transaction.atomic
def stop_ritual(*, ritual: Ritual, by) -> Ritual:
    """Stop creating new meetings from this ritual; the ones already created stay."""
    _require_organiser(ritual.chapter, by)
    Ritual.objects.filter(pk=ritual.pk).update(active=False)
    ritual.active = False
    return ritual


@transaction.atomic
def add_holiday(*, chapter: Chapter, by, date: dt.date, name: str) -> Holiday:
    _require_organiser(chapter, by)
    name = name.strip()
    if not name:
        raise ChapterError(_("Enter the holiday's name."), field="name")
    if Holiday.objects.filter(chapter=chapter, date=date).exists():
        raise ChapterError(_("That day is already marked as a holiday."), field="date")
    return Holiday.objects.create(chapter=chapter, date=date, name=name)


@transaction.atomic
def remove_holiday(*, holiday: Holiday, by) -> None:
    _require_organiser(holiday.chapter, by)
    holiday.delete()


@transaction.atomic
def set_webhook(*, chapter: Chapter, by, kind: str, url: str) -> Webhook:
    """Store (or replace) the chapter's incoming-webhook address, encrypted."""
    from . import webhooks

    _require_organiser(chapter, by)
    url = (url or "").strip()
    if kind not in Webhook.Kind.values:
        raise ChapterError(_("Choose Slack or Microsoft Teams."), field="kind")
    problem = webhooks.address_problem(kind, url)
    if problem:
        raise ChapterError(problem, field="url")
    webhook, _created = Webhook.objects.update_or_create(
        chapter=chapter,
        defaults={"kind": kind, "url_encrypted": webhooks.encrypt(url), "url_hint": webhooks.hint(url),
                  "added_by": by},
    )
    return webhook


@transaction.atomic
def remove_webhook(*, chapter: Chapter, by) -> None:
    _require_organiser(chapter, by)
    Webhook.objects.filter(chapter=chapter).delete()


@transaction.atomic
def send_test_announcement(*, chapter: Chapter, by):
    from . import webhooks

    _require_organiser(chapter, by)
    delivery = webhooks.announce(
        chapter, _("A test from OneTeam: announcements from %(chapter)s will appear here.") % {"chapter": chapter.name}
    )
    if delivery is None:
        raise ChapterError(_("Add the channel's address first."))
    return delivery
