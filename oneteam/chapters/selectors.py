"""Reads about chapters that pages and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry
from .checklist import STEPS_BY_KEY, Step
from .models import Chapter, ChecklistItem, Membership, OrganiserInvitation

# A chapter is *dormant* when it is older than DORMANT_MIN_AGE and no app
# reports activity (for events: a published event that started within
# DORMANT_QUIET_PERIOD or is still to come). Younger chapters are always
# active: they have not had time to meet yet.
DORMANT_MIN_AGE = dt.timedelta(days=90)
DORMANT_QUIET_PERIOD = dt.timedelta(days=120)
INVITATION_VALID_FOR = dt.timedelta(days=14)
INVITATION_SALT = "oneteam.chapters.invitation"

ACTIVE = Chapter.Status.ACTIVE
DORMANT = Chapter.Status.DORMANT
STATUS_CHOICES = Chapter.Status.choices
STATUS_LABELS = dict(STATUS_CHOICES)

LEVEL_ORDER = Case(
    When(level=Chapter.Level.GLOBAL, then=Value(0)),
    When(level=Chapter.Level.COUNTRY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def chapter_counts() -> dict[str, int]:
    chapters = Chapter.objects.all()
    return {
        "chapters": chapters.count(),
        "countries": chapters.exclude(country="").values("country").distinct().count(),
    }


def _annotated(now: dt.datetime | None = None) -> QuerySet[Chapter]:
    """Chapters with ``member_count``, ``organiser_count`` and ``status`` in one query.

    ``status`` is ``"dormant"`` when the chapter was created more than
    ``DORMANT_MIN_AGE`` ago and no registered activity source (see
    ``registry``) reports it active; otherwise ``"active"``.
    """
    now = now or timezone.now()
    return (
        Chapter.objects.select_related("parent")
        .annotate(
            member_count=Count("memberships", distinct=True),
            organiser_count=Count(
                "memberships", filter=Q(memberships__role=Membership.Role.ORGANISER), distinct=True
            ),
            has_recent_event=registry.recent_activity(now),
            level_order=LEVEL_ORDER,
        )
        .annotate(
            status=Case(
                When(Q(created_at__lt=now - DORMANT_MIN_AGE) & Q(has_recent_event=False), then=Value(DORMANT)),
                default=Value(ACTIVE),
            )
        )
    )


def chapter_list(country: str | None = None, status: str | None = None, q: str | None = None) -> QuerySet[Chapter]:
    """Chapters matching the filters, global first, then countries, then local ones.

    ``country`` is an ISO 3166 code and matches a chapter in that country or
    whose parent is; ``status`` is ``"active"`` or ``"dormant"``; ``q`` searches
    name, city and description. Each chapter carries ``member_count``,
    ``organiser_count`` and ``status``.
    """
    chapters = _annotated()
    if country:
        chapters = chapters.filter(Q(country=country) | Q(parent__country=country))
    if status in (ACTIVE, DORMANT):
        chapters = chapters.filter(status=status)
    if q and q.strip():
        term = q.strip()
        chapters = chapters.filter(
            Q(name__icontains=term) | Q(city__icontains=term) | Q(description__icontains=term)
        )
    return chapters.order_by("level_order", "name", "pk")


@dataclass(frozen=True)
class Row:
    chapter: Chapter
    depth: int


def as_hierarchy(chapters) -> list[Row]:
    """Chapters in tree order (each followed by its children), with their depth.

    A chapter whose parent is not among ``chapters`` (filtered out) starts its
    own branch, so nothing is dropped.
    """
    chapters = list(chapters)
    present = {c.pk for c in chapters}
    children: dict[int | None, list[Chapter]] = {}
    for chapter in chapters:
        key = chapter.parent_id if chapter.parent_id in present else None
        children.setdefault(key, []).append(chapter)
    rows: list[Row] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for chapter in children.get(parent_id, []):
            rows.append(Row(chapter, depth))
            walk(chapter.pk, depth + 1)

    walk(None, 0)
    return rows


def countries_with_chapters() -> list[tuple[str, str]]:
    """(code, name) of every country that has a chapter, sorted by name."""
    seen = {}
    for chapter in Chapter.objects.exclude(country="").only("country"):
        seen[chapter.country.code] = chapter.country.name
    return sorted(seen.items(), key=lambda item: str(item[1]))


def chapter_detail(slug: str) -> Chapter:
    """One chapter with its counts and status; Http404 when there is none."""
    return get_object_or_404(_annotated(), slug=slug)


def chapter_status(chapter: Chapter) -> str:
    """``"active"`` or ``"dormant"`` (see ``_annotated`` for the rule)."""
    annotated = getattr(chapter, "status", None)
    if annotated in (ACTIVE, DORMANT):
        return annotated
    return _annotated().values_list("status", flat=True).get(pk=chapter.pk)


def child_chapters(chapter: Chapter) -> QuerySet[Chapter]:
    return _annotated().filter(parent=chapter).order_by("level_order", "name")


def membership_of(chapter: Chapter, user) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(chapter=chapter, user=user).first()


def organisers(chapter: Chapter) -> list:
    """The chapter's organisers, in the order they took the role on."""
    return [
        m.user
        for m in Membership.objects.filter(chapter=chapter, role=Membership.Role.ORGANISER)
        .select_related("user")
        .order_by("joined_at", "pk")
    ]


def members(chapter: Chapter) -> list[Membership]:
    """Every membership, organisers first, then by name."""
    return list(
        Membership.objects.filter(chapter=chapter)
        .select_related("user")
        .annotate(
            role_order=Case(When(role=Membership.Role.ORGANISER, then=Value(0)), default=Value(1))
        )
        .order_by("role_order", "user__display_name", "user__email")
    )


@dataclass(frozen=True)
class ChecklistEntry:
    item: ChecklistItem
    step: Step

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def done(self) -> bool:
        return self.item.done


def checklist(chapter: Chapter) -> list[ChecklistEntry]:
    """The chapter's starter checklist with each step's words."""
    items = ChecklistItem.objects.filter(chapter=chapter).select_related("done_by").order_by("position", "pk")
    return [ChecklistEntry(item, STEPS_BY_KEY[item.key]) for item in items if item.key in STEPS_BY_KEY]


def parent_choices() -> QuerySet[Chapter]:
    """Chapters a new chapter can belong to: the global one and country chapters."""
    return (
        Chapter.objects.filter(level__in=[Chapter.Level.GLOBAL, Chapter.Level.COUNTRY])
        .annotate(level_order=LEVEL_ORDER)
        .order_by("level_order", "name")
    )


def global_chapter() -> Chapter | None:
    return Chapter.objects.filter(level=Chapter.Level.GLOBAL).order_by("pk").first()


def pending_invitations(chapter: Chapter) -> QuerySet[OrganiserInvitation]:
    """Invitations to organise that nobody has answered yet and that have not expired."""
    return OrganiserInvitation.objects.filter(
        chapter=chapter, status=OrganiserInvitation.Status.PENDING,
        created_at__gt=timezone.now() - INVITATION_VALID_FOR,
    ).order_by("created_at")


def invitation_token(invitation: OrganiserInvitation) -> str:
    """The signed part of the link in an invitation e-mail."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_for_token(token: str) -> OrganiserInvitation | None:
    """The invitation a link opens, or None when the link is forged, mangled or too old."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_VALID_FOR)
    except signing.BadSignature:
        return None
    return (
        OrganiserInvitation.objects.select_related("chapter", "invited_by")
        .filter(pk=pk, created_at__gt=timezone.now() - INVITATION_VALID_FOR)
        .first()
    )


def status_at(chapter: Chapter, now: dt.datetime) -> str:
    """``"active"`` or ``"dormant"`` at the moment ``now`` (tests move the clock)."""
    return _annotated(now).values_list("status", flat=True).get(pk=chapter.pk)


# --- Health, handover, rituals, announcements, the global view --------------


def organiser_history(chapter: Chapter):
    """Who led the chapter when, oldest first."""
    from .models import OrganiserTerm

    return OrganiserTerm.objects.filter(chapter=chapter).select_related("user").order_by("started_at", "pk")


def pending_handover_for(chapter: Chapter, user):
    from .models import Handover

    if not getattr(user, "is_authenticated", False):
        return None
    return Handover.objects.filter(chapter=chapter, to_user=user, status=Handover.Status.PENDING).select_related(
        "from_user").first()


def pending_handovers(chapter: Chapter):
    from .models import Handover

    return Handover.objects.filter(chapter=chapter, status=Handover.Status.PENDING).select_related("to_user")


def open_call(chapter: Chapter):
    from .models import CoOrganiserCall

    return CoOrganiserCall.objects.filter(chapter=chapter, closed_at__isnull=True).select_related("opened_by").first()


def successor_choices(chapter: Chapter):
    """Members who could take over: everyone in the chapter who is not organising it yet."""
    return [m.user for m in members(chapter) if not m.is_organiser and m.user.is_active]


def recent_alerts(chapter: Chapter, limit: int = 10):
    from .models import Alert

    return Alert.objects.filter(chapter=chapter).order_by("-created_at", "-pk")[:limit]


def webhook_of(chapter: Chapter):
    from .models import Webhook

    return Webhook.objects.filter(chapter=chapter).first()


def recent_deliveries(chapter: Chapter, limit: int = 10):
    from .models import WebhookDelivery

    return WebhookDelivery.objects.filter(webhook__chapter=chapter).order_by("-created_at", "-pk")[:limit]


def rituals(chapter: Chapter):
    from .models import Ritual

    return Ritual.objects.filter(chapter=chapter).prefetch_related("occurrences").order_by("-active", "title")


def holidays(chapter: Chapter):
    from .models import Holiday

    return Holiday.objects.filter(chapter=chapter).order_by("date")


@dataclass(frozen=True)
class WorldRow:
    chapter: Chapter
    status: str
    status_label: str
    reasons: list
    next_event: dict | None
    contact: str
    latitude: float | None
    longitude: float | None


def world(country: str | None = None) -> list[WorldRow]:
    """Every chapter with its stored health, next meeting and contact, by country then name.

    The health is what the worker last worked out; a chapter it has not seen yet
    is worked out now.
    """
    from . import health as health_module
    from .models import Health, HealthSettings

    chapters = list(Chapter.objects.select_related("parent").order_by("country", "name", "pk"))
    if country:
        chapters = [c for c in chapters if c.country == country or (c.parent and c.parent.country == country)]
    stored = {h.chapter_id: h for h in Health.objects.filter(chapter__in=chapters)}
    places = {s.chapter_id: s for s in HealthSettings.objects.filter(chapter__in=chapters)}
    rows = []
    for chapter in chapters:
        health = stored.get(chapter.pk)
        if health is None:
            assessed = health_module.assess(chapter)
            status, reasons, figures = assessed.status, health_module.reasons_as_data(assessed), assessed.figures
        else:
            status, reasons, figures = health.status, health.reasons, health.figures
        place = places.get(chapter.pk)
        next_event = figures.get("next_event")
        if next_event and next_event.get("start") and dt.datetime.fromisoformat(next_event["start"]) < timezone.now():
            next_event = None  # it has happened since the worker last looked
        rows.append(WorldRow(
            chapter=chapter, status=status, status_label=str(health_module.STATUS_LABELS[status]),
            reasons=[r["text"] for r in reasons if not r.get("good")],
            next_event=next_event, contact=chapter.contact_email,
            latitude=float(place.latitude) if place and place.latitude is not None else None,
            longitude=float(place.longitude) if place and place.longitude is not None else None,
        ))
    rows.sort(key=lambda row: (str(row.chapter.country.name) if row.chapter.country else "~", row.chapter.name))
    return rows
