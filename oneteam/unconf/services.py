"""Writes about unconferences: setting up, pitching, interest, merging, and the grid.

Like every app's services: keyword-only arguments, ``by`` is the person
acting, one transaction each, ``UnconfError`` for a rule that refuses the
change and ``PermissionDenied`` for acting without the role.

Anything that changes the grid or merges pitches first locks the
unconference's row, so those changes happen one after another. Marking
interest locks the pitch's row, so an interest can never land on a pitch
that is being merged away; the unique constraint on ``Interest`` is the
database's own backstop against counting a person twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from oneteam.core import live
from oneteam.core.errors import ServiceError
from oneteam.core.mail import compose, send_after_commit
from oneteam.core.slugs import save_with_unique_slug
from oneteam.events.models import Event
from oneteam.people.models import User
from oneteam.scheduler import Assignment, evaluate, schedule
from oneteam.similarity import SimilarityIndex, minilm_encoder, semantic_available

from . import permissions, selectors
from .models import (
    ClosedCell, GridRun, Host, Interest, Pitch, Placement, Room, SessionNote, SimilarPitch, Slot, Theme, Unconference,
)

logger = logging.getLogger(__name__)

RESERVED_SLUGS = frozenset({"new", "invitations"})
PITCH_FIELDS = ("title", "description", "theme", "kind")
ROOM_FIELDS = ("name", "capacity", "accessibility")
DEFAULT_SECONDS = 5.0
MAX_SECONDS = 60.0
# A generation queued or running longer than this is taken to have died with its worker.
STALE_RUN = dt.timedelta(minutes=10)
SIMILAR_KEPT = 5
PROGRESS_EVERY = 0.4  # seconds between progress writes


class UnconfError(ServiceError):
    """A change to an unconference that the rules refuse, with a message for the person."""


def _locked(unconference: Unconference) -> Unconference:
    return Unconference.objects.select_for_update().select_related("event", "event__chapter").get(pk=unconference.pk)


def _require_manager(unconference: Unconference, by) -> None:
    if not permissions.can_manage(by, unconference):
        raise PermissionDenied(_("Only the organisers of this unconference can do this."))


def _clean(instance, error=UnconfError, **options) -> None:
    try:
        instance.full_clean(**options)
    except ValidationError as exc:
        raise error.from_validation(exc) from None


def _save_unique(instance, message: str, field: str | None = None) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise UnconfError(message, field=field) from None


def _bump(unconference: Unconference) -> None:
    Unconference.objects.filter(pk=unconference.pk).update(grid_version=F("grid_version") + 1,
                                                          updated_at=timezone.now())
    _announce(unconference)


def _announce(unconference: Unconference) -> None:
    """Tell everyone watching the grid, once the change commits, that it has a new version (nothing else)."""
    version, published = Unconference.objects.values_list("grid_version", "grid_published").get(pk=unconference.pk)
    live.publish(unconference.channel, "grid", selectors.live_state(version=version, published=published), id=version)


# --- Setting up --------------------------------------------------------------------


@transaction.atomic
def create_unconference(*, event: Event, by, pitching: str = Unconference.Pitching.BOTH) -> Unconference:
    if not permissions.can_create_for(by, event):
        raise PermissionDenied(_("Only the chapter's organisers can set up its unconference."))
    if event.format != Event.Format.UNCONFERENCE:
        raise UnconfError(_("Only an event of the format Unconference can have pitches and a grid."))
    if event.is_cancelled:
        raise UnconfError(_("This event is cancelled."))
    if Unconference.objects.filter(event=event).exists():
        raise UnconfError(_("This event already has its unconference."))
    unconference = Unconference(event=event, pitching=pitching)
    _clean(unconference, exclude=["slug", "event"])
    return save_with_unique_slug(unconference, event.slug, reserved=RESERVED_SLUGS, fallback="unconference")


@transaction.atomic
def update_settings(*, unconference: Unconference, by, pitching: str, pitches_open: bool) -> Unconference:
    unconference = _locked(unconference)
    _require_manager(unconference, by)
    unconference.pitching = pitching
    unconference.pitches_open = pitches_open
    _clean(unconference, exclude=["slug", "event"])
    unconference.save(update_fields=["pitching", "pitches_open", "updated_at"])
    return unconference


@transaction.atomic
def add_room(*, unconference: Unconference, by, **data) -> Room:
    unconference = _locked(unconference)
    _require_manager(unconference, by)
    room = Room(unconference=unconference, **{k: data[k] for k in ROOM_FIELDS if k in data})
    _clean(room, validate_constraints=False, validate_unique=False)
    if room.capacity < 1:
        raise UnconfError(_("A room holds at least one person."), field="capacity")
    _save_unique(room, _("There is already a room called %(name)s.") % {"name": room.name}, "name")
    _bump(unconference)
    return room


@transaction.atomic
def update_room(*, room: Room, by, **data) -> Room:
    unconference = _locked(room.unconference)
    _require_manager(unconference, by)
    for name in ROOM_FIELDS:
        if name in data:
            setattr(room, name, data[name])
    _clean(room, validate_constraints=False, validate_unique=False)
    if room.capacity < 1:
        raise UnconfError(_("A room holds at least one person."), field="capacity")
    _save_unique(room, _("There is already a room called %(name)s.") % {"name": room.name}, "name")
    _bump(unconference)
    return room


def _sync_statuses(unconference: Unconference) -> None:
    """Placed open pitches are scheduled, the other open ones proposed."""
    active = Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE)
    placed = Placement.objects.filter(unconference=unconference).values("pitch_id")
    active.filter(pk__in=placed).exclude(status=Pitch.Status.SCHEDULED).update(status=Pitch.Status.SCHEDULED)
    active.exclude(pk__in=placed).exclude(status=Pitch.Status.PROPOSED).update(status=Pitch.Status.PROPOSED)


@transaction.atomic
def delete_room(*, room: Room, by) -> None:
    unconference = _locked(room.unconference)
    _require_manager(unconference, by)
    room.delete()
    _sync_statuses(unconference)
    _bump(unconference)


@transaction.atomic
def add_slot(*, unconference: Unconference, by, start: dt.datetime, end: dt.datetime) -> Slot:
    unconference = _locked(unconference)
    _require_manager(unconference, by)
    if end <= start:
        raise UnconfError(_("A slot must end after it starts."), field="end")
    event = unconference.event
    if start < event.start - dt.timedelta(days=1) or end > event.end + dt.timedelta(days=1):
        raise UnconfError(_("A slot must fall within the unconference's day."), field="start")
    overlapping = Slot.objects.filter(unconference=unconference, start__lt=end, end__gt=start).first()
    if overlapping:
        raise UnconfError(_("This slot overlaps the slot %(slot)s.") % {"slot": overlapping}, field="start")
    slot = Slot(unconference=unconference, start=start, end=end)
    _save_unique(slot, _("There is already a slot starting then."), "start")
    _bump(unconference)
    return slot


@transaction.atomic
def delete_slot(*, slot: Slot, by) -> None:
    unconference = _locked(slot.unconference)
    _require_manager(unconference, by)
    slot.delete()
    _sync_statuses(unconference)
    _bump(unconference)


@transaction.atomic
def set_closed_cells(*, unconference: Unconference, by, closed: set[tuple[int, int]]) -> None:
    """Say which rooms are closed in which slots; a room-slot holding a session cannot close."""
    unconference = _locked(unconference)
    _require_manager(unconference, by)
    rooms = set(Room.objects.filter(unconference=unconference).values_list("pk", flat=True))
    slots = set(Slot.objects.filter(unconference=unconference).values_list("pk", flat=True))
    closed = {(r, s) for r, s in closed if r in rooms and s in slots}
    busy = Placement.objects.filter(unconference=unconference).select_related("pitch", "room", "slot")
    for placement in busy:
        if (placement.room_id, placement.slot_id) in closed:
            raise UnconfError(
                _("%(room)s at %(slot)s holds “%(title)s”: move that session before closing the room then.")
                % {"room": placement.room.name, "slot": placement.slot, "title": placement.pitch.title}
            )
    existing = set(ClosedCell.objects.filter(room__unconference=unconference).values_list("room_id", "slot_id"))
    ClosedCell.objects.filter(room__unconference=unconference).filter(
        pk__in=[c.pk for c in ClosedCell.objects.filter(room__unconference=unconference)
                if (c.room_id, c.slot_id) not in closed]
    ).delete()
    ClosedCell.objects.bulk_create([ClosedCell(room_id=r, slot_id=s) for r, s in closed - existing])
    _bump(unconference)


@transaction.atomic
def add_theme(*, unconference: Unconference, by, name: str) -> Theme:
    unconference = _locked(unconference)
    _require_manager(unconference, by)
    theme = Theme(unconference=unconference, name=name.strip())
    _clean(theme, validate_constraints=False, validate_unique=False)
    _save_unique(theme, _("There is already a theme called %(name)s.") % {"name": theme.name}, "name")
    return theme


@transaction.atomic
def delete_theme(*, theme: Theme, by) -> None:
    _require_manager(theme.unconference, by)
    theme.delete()


# --- Pitches -------------------------------------------------------------------------


def _refresh_similar_later(unconference: Unconference) -> None:
    from .tasks import refresh_similar

    requested_at = timezone.now().timestamp()
    transaction.on_commit(lambda: refresh_similar.enqueue(unconference.pk, requested_at), robust=True)


def _check_theme(unconference: Unconference, theme) -> None:
    if theme is not None and theme.unconference_id != unconference.pk:
        raise UnconfError(_("Choose one of this unconference's themes."), field="theme")


@transaction.atomic
def submit_pitch(*, unconference: Unconference, by, title: str, description: str = "", theme: Theme | None = None,
                 kind: str = Pitch.Kind.DISCUSSION) -> Pitch:
    """A new session idea; the person pitching it is its first host."""
    if not permissions.can_pitch(by, unconference):
        if not permissions.can_see(by, unconference):
            raise PermissionDenied(_("There is no such unconference."))
        raise UnconfError(_("Pitching is not open at the moment."))
    _check_theme(unconference, theme)
    pitch = Pitch(unconference=unconference, title=title.strip(), description=description, theme=theme, kind=kind,
                  created_by=by)
    _clean(pitch, exclude=["unconference", "created_by", "merged_into"])
    pitch.save()
    Host.objects.create(pitch=pitch, user=by, accepted_at=timezone.now())
    _refresh_similar_later(unconference)
    return pitch


def _locked_pitch(pitch: Pitch) -> Pitch:
    return Pitch.objects.select_for_update().select_related("unconference__event__chapter").get(pk=pitch.pk)


@transaction.atomic
def update_pitch(*, pitch: Pitch, by, **data) -> Pitch:
    unknown = set(data) - set(PITCH_FIELDS)
    if unknown:
        raise TypeError(f"Unknown pitch fields: {', '.join(sorted(unknown))}")
    pitch = _locked_pitch(pitch)
    if not permissions.can_edit_pitch(by, pitch):
        raise PermissionDenied(_("Only the pitch's hosts and the organisers can change it."))
    if "theme" in data:
        _check_theme(pitch.unconference, data["theme"])
    for name, value in data.items():
        setattr(pitch, name, value.strip() if name == "title" else value)
    _clean(pitch, exclude=["unconference", "created_by", "merged_into"])
    pitch.save()
    _bump(pitch.unconference)  # its title shows on the grid
    _refresh_similar_later(pitch.unconference)
    return pitch


@transaction.atomic
def withdraw_pitch(*, pitch: Pitch, by) -> Pitch:
    """Take a pitch back: it leaves the grid and every public list; its hosts still see it."""
    unconference = _locked(pitch.unconference)
    pitch = _locked_pitch(pitch)
    if not (permissions.is_host(by, pitch) or permissions.can_manage(by, unconference)):
        raise PermissionDenied(_("Only the pitch's hosts and the organisers can withdraw it."))
    if not pitch.is_active:
        raise UnconfError(_("Only a pitch that is still open can be withdrawn."))
    Placement.objects.filter(pitch=pitch).delete()
    pitch.status = Pitch.Status.WITHDRAWN
    pitch.save(update_fields=["status", "updated_at"])
    Host.objects.filter(pitch=pitch, accepted_at__isnull=True).delete()
    _bump(unconference)
    _refresh_similar_later(unconference)
    return pitch


@transaction.atomic
def invite_cohost(*, pitch: Pitch, by, email: str) -> Host:
    """Invite someone with an account to host the session too; they count once they accept."""
    pitch = _locked_pitch(pitch)
    if not (permissions.is_host(by, pitch) or permissions.can_manage(by, pitch.unconference)):
        raise PermissionDenied(_("Only the pitch's hosts can invite co-hosts."))
    if not pitch.is_active:
        raise UnconfError(_("This pitch is no longer open."))
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise UnconfError(_("Ask them to create an OneTeam account with this e-mail address first."), field="email")
    host = Host(pitch=pitch, user=person, invited_by=by)
    _save_unique(host, _("%(name)s is already a host or invited.") % {"name": person.public_name}, "email")
    url = settings.SITE_URL + pitch.get_absolute_url()
    send_after_commit([compose(
        to=person, subject=_("Would you co-host “%(title)s”?") % {"title": pitch.title},
        template="unconf/email/cohost_invitation.txt",
        context={"pitch": pitch, "inviter": by, "url": url},
    )])
    return host


@transaction.atomic
def respond_to_invitation(*, host: Host, by, accept: bool) -> Host | None:
    host = Host.objects.select_for_update().select_related("pitch__unconference__event").get(pk=host.pk)
    if host.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("This invitation is for someone else."))
    if host.is_accepted:
        return host
    if not accept:
        host.delete()
        return None
    pitch = host.pitch
    if not pitch.is_active:
        raise UnconfError(_("This pitch is no longer open."))
    placement = Placement.objects.filter(pitch=pitch).first()
    if placement:
        _check_hosts_free(pitch.unconference, placement.slot_id, [by.pk], exclude=[pitch.pk])
    host.accepted_at = timezone.now()
    host.save(update_fields=["accepted_at"])
    return host


# --- Interest ----------------------------------------------------------------------------


@transaction.atomic
def mark_interest(*, pitch: Pitch, by) -> bool:
    """Say you want to go; True if this added an interest, False if you had already said so."""
    # Lock the pitch's row only (the hot path when a thousand people click at once) and read its status afresh.
    pitch.status = Pitch.objects.select_for_update().values_list("status", flat=True).get(pk=pitch.pk)
    if not permissions.can_mark_interest(by, pitch):
        if pitch.is_merged:
            raise UnconfError(_("This pitch was joined with another: mark your interest there."))
        raise UnconfError(_("You cannot mark interest in this pitch."))
    try:
        with transaction.atomic():
            Interest.objects.create(pitch=pitch, user=by)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def remove_interest(*, pitch: Pitch, by) -> bool:
    Pitch.objects.select_for_update().filter(pk=pitch.pk).values_list("pk", flat=True).get()
    deleted, _rows = Interest.objects.filter(pitch=pitch, user=by).delete()
    return bool(deleted)


# --- Merging --------------------------------------------------------------------------------


@transaction.atomic
def merge_pitches(*, source: Pitch, target: Pitch, by) -> Pitch:
    """Join ``source`` into ``target``: its interest and hosts move over, nobody counted twice."""
    unconference = _locked(target.unconference)
    _require_manager(unconference, by)
    if source.pk == target.pk:
        raise UnconfError(_("Choose two different pitches."), field="source")
    first, second = sorted([source.pk, target.pk])
    locked = {p.pk: p for p in Pitch.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    source, target = locked.get(source.pk), locked.get(target.pk)
    if source is None or target is None or source.unconference_id != unconference.pk \
            or target.unconference_id != unconference.pk:
        raise UnconfError(_("Both pitches must belong to this unconference."), field="source")
    if not source.is_active or not target.is_active:
        raise UnconfError(_("Only open pitches can be joined."), field="source")

    already = set(Interest.objects.filter(pitch=target).values_list("user_id", flat=True))
    Interest.objects.filter(pitch=source).exclude(user_id__in=already).update(pitch=target)
    Interest.objects.filter(pitch=source).delete()

    target_hosts = {h.user_id: h for h in Host.objects.filter(pitch=target)}
    for host in Host.objects.filter(pitch=source):
        mine = target_hosts.get(host.user_id)
        if mine is None:
            host.pitch = target
            host.save(update_fields=["pitch"])
        else:
            if host.is_accepted and not mine.is_accepted:
                mine.accepted_at = host.accepted_at
                mine.save(update_fields=["accepted_at"])
            host.delete()

    source_place = Placement.objects.filter(pitch=source).first()
    target_place = Placement.objects.filter(pitch=target).first()
    if source_place:
        source_place.delete()
        if target_place is None:
            Placement.objects.create(unconference=unconference, pitch=target, room_id=source_place.room_id,
                                     slot_id=source_place.slot_id, pinned=source_place.pinned)
    place = Placement.objects.filter(pitch=target).first()
    if place:
        hosts = list(Host.objects.filter(pitch=target, accepted_at__isnull=False).values_list("user_id", flat=True))
        _check_hosts_free(unconference, place.slot_id, hosts, exclude=[target.pk, source.pk])

    Pitch.objects.filter(merged_into=source).update(merged_into=target)
    source.status = Pitch.Status.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    SessionNote.objects.filter(pitch=source).delete()
    _sync_statuses(unconference)
    _bump(unconference)
    _refresh_similar_later(unconference)
    return target


# --- Similar pitches ------------------------------------------------------------------------


def semantic_enabled() -> bool:
    """Sentence embeddings when the extra is installed (the tests use the lexical engine, for speed)."""
    return bool(getattr(settings, "UNCONF_SEMANTIC", not settings.TESTING)) and semantic_available()


def _encoder():
    return minilm_encoder() if semantic_enabled() else None


def pitch_text(pitch: Pitch) -> str:
    return f"{pitch.title}\n{pitch.description}"


def refresh_similarity(*, unconference: Unconference) -> int:
    """Work out each open pitch's most similar others (a background job: nobody acts)."""
    started = timezone.now()
    pitches = list(Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE).order_by("pk"))
    rows = []
    if len(pitches) > 1:
        index = SimilarityIndex.build([(str(p.pk), pitch_text(p)) for p in pitches], encoder=_encoder())
        for pitch in pitches:
            for match in index.similar_to(str(pitch.pk), k=SIMILAR_KEPT):
                if match.score > 0:
                    rows.append(SimilarPitch(pitch_id=pitch.pk, other_id=int(match.id), score=round(match.score, 4)))
    with transaction.atomic():
        SimilarPitch.objects.filter(pitch__unconference=unconference).delete()
        SimilarPitch.objects.bulk_create(rows)
        Unconference.objects.filter(pk=unconference.pk).update(similar_refreshed_at=started)
    return len(rows)


# --- The grid ---------------------------------------------------------------------------------


def _check_hosts_free(unconference: Unconference, slot_id: int, user_ids, exclude=()) -> None:
    clash = (Placement.objects.filter(unconference=unconference, slot_id=slot_id, pitch__status__in=Pitch.ACTIVE,
                                      pitch__hosts__user_id__in=list(user_ids),
                                      pitch__hosts__accepted_at__isnull=False)
             .exclude(pitch_id__in=list(exclude)).select_related("pitch").first())
    if clash:
        raise UnconfError(
            _("A host of this session also hosts “%(title)s” in that slot.") % {"title": clash.pitch.title}
        )


def _lost(unconference: Unconference, assignments=None) -> int:
    instance = selectors.build_instance(unconference, with_pins=False)
    current = selectors.current_assignments(unconference) if assignments is None else assignments
    return evaluate(instance, current).lost


def cost_message(delta: int) -> str:
    if delta > 0:
        return ngettext("This change loses %(n)s attendance.", "This change loses %(n)s attendances.", delta) % {
            "n": delta}
    if delta < 0:
        return ngettext("This change saves %(n)s attendance.", "This change saves %(n)s attendances.", -delta) % {
            "n": -delta}
    return _("This change neither gains nor loses an attendance.")


@transaction.atomic
def move_session(*, pitch: Pitch, by, room: Room, slot: Slot) -> int:
    """Put a session in a room-slot and pin it there; a free session already there swaps places.

    Returns what the move cost in lost attendances (negative when it saves some).
    """
    unconference = _locked(pitch.unconference)
    _require_manager(unconference, by)
    pitch = _locked_pitch(pitch)
    if not pitch.is_active:
        raise UnconfError(_("Only an open pitch can go in the grid."))
    if room.unconference_id != unconference.pk or slot.unconference_id != unconference.pk:
        raise UnconfError(_("Choose a room and a slot of this unconference."), field="cell")
    if ClosedCell.objects.filter(room=room, slot=slot).exists():
        raise UnconfError(_("%(room)s is closed at %(slot)s.") % {"room": room.name, "slot": slot}, field="cell")
    before = _lost(unconference)
    mine = Placement.objects.filter(pitch=pitch).first()
    other = Placement.objects.filter(room=room, slot=slot).exclude(pitch=pitch).select_related("pitch").first()
    if other and other.pinned:
        raise UnconfError(_("“%(title)s” is pinned there: unpin it first.") % {"title": other.pitch.title},
                          field="cell")
    hosts = Host.objects.filter(pitch=pitch, accepted_at__isnull=False).values_list("user_id", flat=True)
    _check_hosts_free(unconference, slot.pk, hosts, exclude=[pitch.pk] + ([other.pitch_id] if other else []))
    if other:
        if mine:
            other_hosts = Host.objects.filter(pitch_id=other.pitch_id, accepted_at__isnull=False).values_list(
                "user_id", flat=True)
            _check_hosts_free(unconference, mine.slot_id, other_hosts, exclude=[pitch.pk, other.pitch_id])
            old_room, old_slot = mine.room_id, mine.slot_id
            mine.delete()
            other.room_id, other.slot_id = old_room, old_slot
            other.save(update_fields=["room", "slot"])
        else:
            other.delete()
    elif mine:
        mine.delete()
    Placement.objects.create(unconference=unconference, pitch=pitch, room=room, slot=slot, pinned=True)
    _sync_statuses(unconference)
    _bump(unconference)
    return _lost(unconference) - before


@transaction.atomic
def set_pinned(*, pitch: Pitch, by, pinned: bool) -> None:
    unconference = _locked(pitch.unconference)
    _require_manager(unconference, by)
    updated = Placement.objects.filter(pitch=pitch, unconference=unconference).update(pinned=pinned)
    if not updated:
        raise UnconfError(_("This session is not in the grid."))
    _bump(unconference)


@transaction.atomic
def unschedule(*, pitch: Pitch, by) -> int:
    """Take a session out of the grid; returns the cost in lost attendances."""
    unconference = _locked(pitch.unconference)
    _require_manager(unconference, by)
    before = _lost(unconference)
    deleted, _rows = Placement.objects.filter(pitch=pitch, unconference=unconference).delete()
    if not deleted:
        raise UnconfError(_("This session is not in the grid."))
    _sync_statuses(unconference)
    _bump(unconference)
    return _lost(unconference) - before


@transaction.atomic
def set_grid_published(*, unconference: Unconference, by, published: bool) -> Unconference:
    unconference = _locked(unconference)
    _require_manager(unconference, by)
    if published and not Placement.objects.filter(unconference=unconference).exists():
        raise UnconfError(_("The grid is empty: generate it first."))
    unconference.grid_published = published
    if published:
        unconference.grid_published_at = timezone.now()
    unconference.save(update_fields=["grid_published", "grid_published_at", "updated_at"])
    _bump(unconference)
    return unconference


def _fail_stale_runs(unconference: Unconference) -> None:
    GridRun.objects.filter(unconference=unconference, status__in=["queued", "running"],
                           created_at__lt=timezone.now() - STALE_RUN).update(
        status=GridRun.Status.FAILED, error=_("The worker stopped before finishing."), finished_at=timezone.now())


@transaction.atomic
def request_generation(*, unconference: Unconference, by, seconds: float = DEFAULT_SECONDS, seed: int = 0,
                       keep_pins: bool = True) -> GridRun:
    """Queue a new grid from the scheduler; the request returns at once and the page follows the progress."""
    unconference = _locked(unconference)
    _require_manager(unconference, by)
    if not 0 < seconds <= MAX_SECONDS:
        raise UnconfError(_("Give the scheduler between 1 and %(max)s seconds.") % {"max": int(MAX_SECONDS)},
                          field="seconds")
    if not Room.objects.filter(unconference=unconference).exists() or \
            not Slot.objects.filter(unconference=unconference).exists():
        raise UnconfError(_("Add at least one room and one time slot first."))
    if not Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE).exists():
        raise UnconfError(_("There are no pitches to schedule yet."))
    _fail_stale_runs(unconference)
    if not keep_pins:
        Placement.objects.filter(unconference=unconference, pinned=True).update(pinned=False)
    run = GridRun(unconference=unconference, seconds=seconds, seed=seed, keep_pins=keep_pins, requested_by=by,
                  progress=_("Waiting for the scheduler to start."))
    _save_unique(run, _("A grid is already being generated: wait for it to finish."))
    from .tasks import generate_grid

    transaction.on_commit(lambda: generate_grid.enqueue(run.pk), robust=True)
    return run


def run_generation(*, run_id: int) -> GridRun | None:
    """The background half of ``request_generation``: solve, then put the result in the grid.

    Runs in ``oneteam worker``. Progress is written as it goes, in its own
    short transactions, so the page polling it sees it move.
    """
    claimed = GridRun.objects.filter(pk=run_id, status=GridRun.Status.QUEUED).update(
        status=GridRun.Status.RUNNING, started_at=timezone.now(), progress=_("Reading the pitches and interest."),
        percent=1)
    if not claimed:
        return None
    run = GridRun.objects.select_related("unconference__event").get(pk=run_id)
    try:
        unconference = run.unconference
        instance = selectors.build_instance(unconference)
        before = evaluate(instance, selectors.current_assignments(unconference)).lost
        started = time.monotonic()
        expected = max(run.seconds * 0.7, 0.5)
        last = [0.0]

        def progress(line: str) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY:
                return
            last[0] = now
            percent = min(95, 2 + int(93 * (now - started) / expected))
            GridRun.objects.filter(pk=run_id).update(progress=line[:300], percent=percent)

        result = schedule(instance, seconds=run.seconds, seed=run.seed, progress=progress)
        _apply(run, instance, result, before)
    except Exception as exc:  # the page must say it failed rather than spin for ever
        logger.exception("Grid generation %s failed", run_id)
        GridRun.objects.filter(pk=run_id).update(status=GridRun.Status.FAILED, error=str(exc)[:500],
                                                 finished_at=timezone.now())
    return GridRun.objects.get(pk=run_id)


@transaction.atomic
def _apply(run: GridRun, instance, result, before: int) -> None:
    unconference = _locked(run.unconference)
    active = set(Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE).values_list("pk", flat=True))
    rooms = set(Room.objects.filter(unconference=unconference).values_list("pk", flat=True))
    slots = set(Slot.objects.filter(unconference=unconference).values_list("pk", flat=True))
    closed = set(ClosedCell.objects.filter(room__unconference=unconference).values_list("room_id", "slot_id"))
    Placement.objects.filter(unconference=unconference, pinned=False).delete()
    kept = {p.pitch_id for p in Placement.objects.filter(unconference=unconference)}
    taken = set(Placement.objects.filter(unconference=unconference).values_list("room_id", "slot_id"))
    new = []
    for a in result.assignments:
        pitch_id, room_id, slot_id = (selectors.key_pk(a.session), selectors.key_pk(a.room), selectors.key_pk(a.slot))
        cell = (room_id, slot_id)
        if pitch_id in kept or pitch_id not in active or room_id not in rooms or slot_id not in slots \
                or cell in closed or cell in taken:
            continue  # changed while the scheduler worked: leave it for the organisers
        taken.add(cell)
        new.append(Placement(unconference=unconference, pitch_id=pitch_id, room_id=room_id, slot_id=slot_id))
    Placement.objects.bulk_create(new)
    _sync_statuses(unconference)
    metrics = evaluate(instance, selectors.current_assignments(unconference))
    unconference.grid_seed = run.seed
    unconference.grid_seconds = run.seconds
    unconference.grid_work = result.work
    unconference.grid_lower_bound = result.lower_bound
    unconference.grid_instance_hash = selectors.instance_fingerprint(instance)
    unconference.grid_version += 1
    unconference.save(update_fields=["grid_seed", "grid_seconds", "grid_work", "grid_lower_bound", "grid_instance_hash",
                                     "grid_version", "updated_at"])
    _announce(unconference)
    GridRun.objects.filter(pk=run.pk).update(
        status=GridRun.Status.DONE, percent=100, progress=_("Done."), finished_at=timezone.now(),
        clashes=metrics.clashes, overflow=metrics.overflow, missed=metrics.missed, lower_bound=result.lower_bound,
        lost_before=before,
    )


# --- Session notes ------------------------------------------------------------------------------


@transaction.atomic
def save_note(*, pitch: Pitch, by, body: str) -> SessionNote:
    pitch = _locked_pitch(pitch)
    if not permissions.can_write_notes(by, pitch):
        raise PermissionDenied(_("Only the session's hosts, the people who wanted to go and the organisers can "
                                 "write its notes."))
    note = SessionNote.objects.filter(pitch=pitch).first() or SessionNote(pitch=pitch)
    note.body = body
    note.updated_by = by
    _clean(note, exclude=["pitch", "updated_by"])
    note.save()
    return note
