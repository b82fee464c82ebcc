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
from .models import Chapter, ChecklistItem, Membership, OrganiserInvitation
from .selectors import INVITATION_VALID_FOR, global_chapter, invitation_token, pending_invitations

EDITABLE_FIELDS = ("name", "country", "city", "description", "rhythm", "contact_email")
CO_ORGANISER_STEP = "co-organiser"
# Slugs that would be shadowed by the app's own URLs.
RESERVED_SLUGS = frozenset({"start", "invitations"})
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
    return True


def _make_organiser(chapter: Chapter, person, *, ticked_by) -> Membership:
    membership = Membership.objects.select_for_update().filter(chapter=chapter, user=person).first()
    if membership is None:
        membership = Membership.objects.create(chapter=chapter, user=person, role=Membership.Role.ORGANISER)
    elif membership.role != Membership.Role.ORGANISER:
        membership.role = Membership.Role.ORGANISER
        membership.save(update_fields=["role"])
    organisers = Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER).count()
    if organisers >= 2:
        ChecklistItem.objects.filter(chapter=chapter, key=CO_ORGANISER_STEP, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=ticked_by
        )
    return membership


def _invitation_link(invitation: OrganiserInvitation) -> str:
    return settings.SITE_URL + reverse("chapters:invitation", args=[invitation_token(invitation)])


@transaction.atomic
def invite_organiser(*, chapter: Chapter, by, email: str) -> None:
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
    invitation = OrganiserInvitation.objects.create(chapter=chapter, email=email, invited_by=by)
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
    membership = _make_organiser(invitation.chapter, by, ticked_by=by)
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
