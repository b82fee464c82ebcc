"""Reads about unconferences that pages, exports and the API share.

``build_instance`` is the one bridge from the database to the scheduler: the
grid generation, the organiser's metrics and ``GET /api/unconferences/{slug}/instance``
all come through it, so the API answers exactly what the engine was given.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from oneteam.events.models import Event
from oneteam.scheduler import Assignment, Cell, Instance, Metrics, Room as SRoom, Session, Slot as SSlot
from oneteam.scheduler import evaluate, violations

from . import permissions
from .models import ClosedCell, GridRun, Host, Interest, Pitch, Placement, Room, SimilarPitch, Slot, Unconference

SIMILAR_SHOWN = 3
# Below this score a "similar" pitch is only a distant cousin; not worth suggesting.
SIMILAR_MIN_SCORE = 0.2
# Pairs at least this similar are grouped into clusters on the organisers' page.
CLUSTER_MIN_SCORE = 0.45


def _known(pitches, unconference: Unconference):
    """Tell each pitch its (already loaded) unconference, so links to it cost no query each."""
    for pitch in pitches:
        pitch.unconference = unconference
    return pitches


def _base() -> QuerySet[Unconference]:
    return Unconference.objects.select_related("event", "event__chapter")


def unconference_list(user) -> list[Unconference]:
    """Unconferences of published events still to come (soonest first), then past ones."""
    items = [u for u in _base().filter(event__published_at__isnull=False).exclude(event__status=Event.Status.DRAFT)
             .order_by("event__start")]
    now = timezone.now()
    return [u for u in items if u.event.end > now] + [u for u in reversed(items) if u.event.end <= now]


def events_to_set_up(user) -> list[Event]:
    """Unconference-format events this person organises that have no pitches and grid yet."""
    if not getattr(user, "is_authenticated", False):
        return []
    events = (Event.objects.filter(format=Event.Format.UNCONFERENCE, unconference__isnull=True,
                                   end__gt=timezone.now())
              .exclude(status=Event.Status.CANCELLED).select_related("chapter").order_by("start"))
    return [event for event in events if permissions.can_create_for(user, event)]


def chapter_unconferences(chapter, user) -> list[Unconference]:
    return [u for u in _base().filter(event__chapter=chapter).order_by("event__start") if permissions.can_see(user, u)]


def event_unconference(event, user) -> Unconference | None:
    """The event's unconference if this person may see it (for the event page's section)."""
    unconference = _base().filter(event=event).first()
    if unconference is None or not permissions.can_see(user, unconference):
        return None
    return unconference


def visible_unconference(slug: str, user) -> Unconference | None:
    """The unconference if this person may see it; None, exactly as for one that does not exist."""
    unconference = _base().filter(slug=slug).first()
    if unconference is None or not permissions.can_see(user, unconference):
        return None
    return unconference


def visible_pitch(unconference: Unconference, pitch_id: int, user) -> Pitch | None:
    pitch = (Pitch.objects.select_related("unconference__event__chapter", "theme", "merged_into")
             .filter(unconference=unconference, pk=pitch_id).first())
    if pitch is None or not permissions.can_see_pitch(user, pitch):
        return None
    return pitch


def _accepted_hosts() -> Prefetch:
    return Prefetch("hosts", queryset=Host.objects.filter(accepted_at__isnull=False).select_related("user"),
                    to_attr="accepted_hosts")


def with_interest(pitches: QuerySet[Pitch]) -> QuerySet[Pitch]:
    """Annotate ``interest_count``: the one place that counts interest."""
    return pitches.annotate(interest_count=Count("interests", distinct=True))


def pitch_list(unconference: Unconference, *, theme_id: int | None = None, order: str = "new") -> list[Pitch]:
    """Pitches people can still go to (proposed or scheduled), with counts and hosts."""
    pitches = Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE)
    if theme_id:
        pitches = pitches.filter(theme_id=theme_id)
    pitches = with_interest(pitches).select_related("theme").prefetch_related(_accepted_hosts())
    if order == "popular":
        return _known(list(pitches.order_by("-interest_count", "pk")), unconference)
    return _known(list(pitches.order_by("-created_at", "-pk")), unconference)


def interest_count(pitch: Pitch) -> int:
    return Interest.objects.filter(pitch=pitch).count()


def pitch_with_details(pitch: Pitch) -> Pitch:
    return with_interest(Pitch.objects.filter(pk=pitch.pk)).select_related(
        "theme", "unconference__event__chapter", "merged_into").prefetch_related(_accepted_hosts()).get()


def interested_pitch_ids(unconference: Unconference, user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Interest.objects.filter(pitch__unconference=unconference, user=user).values_list("pitch_id", flat=True))


def my_pitches(unconference: Unconference, user) -> list[Pitch]:
    """Pitches the person hosts, withdrawn ones included (only they see those)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _known(list(Pitch.objects.filter(unconference=unconference, hosts__user=user,
                                            hosts__accepted_at__isnull=False)
                       .exclude(status=Pitch.Status.MERGED).order_by("-created_at")), unconference)


def pending_invitations(user, unconference: Unconference | None = None) -> list[Host]:
    if not getattr(user, "is_authenticated", False):
        return []
    invitations = Host.objects.filter(user=user, accepted_at__isnull=True, pitch__status__in=Pitch.ACTIVE)
    if unconference is not None:
        invitations = invitations.filter(pitch__unconference=unconference)
    return list(invitations.select_related("pitch", "pitch__unconference", "invited_by"))


def pitch_hosts(pitch: Pitch, user) -> tuple[list[Host], list[Host]]:
    """Accepted hosts for everyone; invitations still open only for the hosts and organisers."""
    hosts = list(pitch.hosts.select_related("user"))
    accepted = [h for h in hosts if h.is_accepted]
    may_see_pending = permissions.is_host(user, pitch) or permissions.can_manage(user, pitch.unconference)
    pending = [h for h in hosts if not h.is_accepted] if may_see_pending else []
    return accepted, pending


def similar_pitches(pitch: Pitch, limit: int = SIMILAR_SHOWN) -> list[SimilarPitch]:
    """"You might pitch together": the closest other pitches still open, worked out off the request."""
    rows = list(
        SimilarPitch.objects.filter(pitch=pitch, other__status__in=Pitch.ACTIVE, score__gte=SIMILAR_MIN_SCORE)
        .select_related("other").order_by("-score", "other_id")[:limit]
    )
    _known([row.other for row in rows], pitch.unconference)
    return rows


def clusters(unconference: Unconference) -> list[list[Pitch]]:
    """Groups of pitches that are alike (each pair joined by a strong similarity), largest first."""
    pairs = SimilarPitch.objects.filter(
        pitch__unconference=unconference, pitch__status__in=Pitch.ACTIVE, other__status__in=Pitch.ACTIVE,
        score__gte=CLUSTER_MIN_SCORE,
    ).values_list("pitch_id", "other_id")
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for member in parent:
        groups[find(member)].append(member)
    pitches = {p.pk: p for p in _known(with_interest(Pitch.objects.filter(pk__in=parent))
                                       .prefetch_related(_accepted_hosts()), unconference)}
    result = [sorted((pitches[m] for m in members), key=lambda p: (-p.interest_count, p.pk))
              for members in groups.values() if len(members) > 1]
    return sorted(result, key=lambda group: (-len(group), group[0].pk))


# --- The scheduler's view of an unconference -------------------------------------


def person_id(unconference: Unconference, user_id: int) -> str:
    """A pseudonym for a person, stable within one unconference, that names nobody."""
    digest = salted_hmac("oneteam.unconf.person", f"{unconference.pk}:{user_id}").hexdigest()
    return "p" + digest[:12]


def room_key(pk: int) -> str:
    return f"room-{pk}"


def slot_key(pk: int) -> str:
    return f"slot-{pk}"


def session_key(pk: int) -> str:
    return f"pitch-{pk}"


def key_pk(key: str) -> int | None:
    try:
        return int(key.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None


def _slot_time(value, zone) -> str:
    return timezone.localtime(value, zone).isoformat(timespec="minutes")


def build_instance(unconference: Unconference, *, with_pins: bool = True) -> Instance:
    """The unconference in the scheduler's model (exactly what ``oneteam schedule`` reads).

    Rooms largest first, slots in time order, the open pitches by age; people
    are pseudonyms; pins are the sessions the organisers pinned.
    """
    zone = unconference.event.tz
    rooms = list(Room.objects.filter(unconference=unconference))
    slots = list(Slot.objects.filter(unconference=unconference))
    pitches = list(Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE).order_by("pk"))
    active = {p.pk for p in pitches}
    hosts: dict[int, list[str]] = defaultdict(list)
    for pitch_id, user_id in (Host.objects.filter(pitch_id__in=active, accepted_at__isnull=False)
                              .order_by("pk").values_list("pitch_id", "user_id")):
        hosts[pitch_id].append(person_id(unconference, user_id))
    pins = {}
    if with_pins:
        pins = {pitch_id: Cell(room_key(room_id), slot_key(slot_id)) for pitch_id, room_id, slot_id in
                Placement.objects.filter(unconference=unconference, pinned=True, pitch_id__in=active)
                .values_list("pitch_id", "room_id", "slot_id")}
    wanted: dict[int, list[str]] = defaultdict(list)
    for user_id, pitch_id in (Interest.objects.filter(pitch_id__in=active).order_by("user_id", "pitch_id")
                              .values_list("user_id", "pitch_id")):
        wanted[user_id].append(session_key(pitch_id))
    closed = (ClosedCell.objects.filter(room__unconference=unconference)
              .order_by("slot__start", "slot_id", "room_id").values_list("room_id", "slot_id"))
    return Instance(
        rooms=tuple(SRoom(room_key(r.pk), r.name, r.capacity) for r in rooms),
        slots=tuple(SSlot(slot_key(s.pk), _slot_time(s.start, zone), _slot_time(s.end, zone)) for s in slots),
        sessions=tuple(Session(session_key(p.pk), p.title, tuple(hosts[p.pk]), pins.get(p.pk)) for p in pitches),
        interests={person_id(unconference, user_id): tuple(ids) for user_id, ids in wanted.items()},
        unavailable=tuple(Cell(room_key(room_id), slot_key(slot_id)) for room_id, slot_id in closed),
    )


def instance_fingerprint(instance: Instance) -> str:
    """What the lower bound depends on: everything but the pins (pins only ever raise the optimum)."""
    data = instance.to_dict()
    for session in data["sessions"]:
        session.pop("pinned", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def current_assignments(unconference: Unconference) -> list[Assignment]:
    return [
        Assignment(session_key(pitch_id), room_key(room_id), slot_key(slot_id))
        for pitch_id, room_id, slot_id in Placement.objects.filter(
            unconference=unconference, pitch__status__in=Pitch.ACTIVE
        ).order_by("slot__start", "slot_id", "room_id").values_list("pitch_id", "room_id", "slot_id")
    ]


@dataclass
class GridScore:
    metrics: Metrics
    lower_bound: int | None
    problems: list[str]
    unscheduled: list[str]
    assignments: list[Assignment]
    instance: Instance


def grid_score(unconference: Unconference) -> GridScore:
    """The current grid scored by the engine's own evaluator, with any hard rule it breaks."""
    instance = build_instance(unconference)
    assignments = current_assignments(unconference)
    placed = {a.session for a in assignments}
    bound = unconference.grid_lower_bound
    if bound is not None and unconference.grid_instance_hash != instance_fingerprint(instance):
        bound = None  # interest or pitches changed since: the old bound may no longer hold
    return GridScore(
        metrics=evaluate(instance, assignments),
        lower_bound=bound,
        problems=violations(instance, assignments),
        unscheduled=[s.id for s in instance.sessions if s.id not in placed],
        assignments=assignments,
        instance=instance,
    )


def grid_output(unconference: Unconference) -> dict:
    """The current grid in exactly the output format of ``oneteam schedule``."""
    score = grid_score(unconference)
    return {
        "assignments": [a.to_dict() for a in score.assignments],
        "unscheduled": score.unscheduled,
        "metrics": score.metrics.to_dict(),
        "lower_bound": score.lower_bound,
    }


# --- The grid as a page --------------------------------------------------------


@dataclass
class GridCell:
    room: Room
    slot: Slot
    closed: bool = False
    placement: Placement | None = None


@dataclass
class GridRow:
    slot: Slot
    cells: list[GridCell] = field(default_factory=list)


@dataclass
class Grid:
    rooms: list[Room]
    rows: list[GridRow]
    unscheduled: list[Pitch]

    @property
    def open_cells(self) -> list[GridCell]:
        return [cell for row in self.rows for cell in row.cells if not cell.closed]


def grid(unconference: Unconference) -> Grid:
    """Rooms × slots with the session in each open cell, and the pitches left out (most wanted first)."""
    rooms = list(Room.objects.filter(unconference=unconference))
    slots = list(Slot.objects.filter(unconference=unconference))
    closed = set(ClosedCell.objects.filter(room__unconference=unconference).values_list("room_id", "slot_id"))
    placements = {
        (p.room_id, p.slot_id): p
        for p in Placement.objects.filter(unconference=unconference, pitch__status__in=Pitch.ACTIVE)
        .select_related("pitch", "pitch__theme").annotate(interest_count=Count("pitch__interests"))
    }
    rows = [
        GridRow(slot, [GridCell(room, slot, (room.pk, slot.pk) in closed, placements.get((room.pk, slot.pk)))
                       for room in rooms])
        for slot in slots
    ]
    _known([p.pitch for p in placements.values()], unconference)
    placed = {p.pitch_id for p in placements.values()}
    left = _known([p for p in with_interest(Pitch.objects.filter(unconference=unconference, status__in=Pitch.ACTIVE))
                   .order_by("-interest_count", "pk") if p.pk not in placed], unconference)
    return Grid(rooms=rooms, rows=rows, unscheduled=left)


def live_state(*, version: int, published: bool) -> dict:
    """What the grid's live channel carries: the version and whether it is published. Never a title or a name."""
    return {"v": version, "published": published}


def grid_stamp(unconference: Unconference) -> str:
    """Changes whenever what the grid page shows changes: the grid itself, or anyone's interest."""
    counts = Interest.objects.filter(pitch__unconference=unconference).aggregate(n=Count("id"), last=Max("id"))
    return f"{unconference.grid_version}.{counts['n']}.{counts['last']}"


def latest_run(unconference: Unconference) -> GridRun | None:
    return GridRun.objects.filter(unconference=unconference).first()


def running_run(unconference: Unconference) -> GridRun | None:
    return GridRun.objects.filter(unconference=unconference, status__in=["queued", "running"]).first()


# --- One person's day ---------------------------------------------------------------


@dataclass
class AgendaSlot:
    slot: Slot
    sessions: list[Placement]

    @property
    def clash(self) -> bool:
        return len(self.sessions) > 1


@dataclass
class Agenda:
    slots: list[AgendaSlot]
    not_scheduled: list[Pitch]
    hosting: set[int]

    @property
    def placements(self) -> list[Placement]:
        return [p for s in self.slots for p in s.sessions]

    @property
    def clashes(self) -> list[AgendaSlot]:
        return [s for s in self.slots if s.clash]


def agenda(unconference: Unconference, user) -> Agenda:
    """The sessions a person wanted (marked interest in, or hosts), slot by slot, clashes shown."""
    wanted = set(Interest.objects.filter(pitch__unconference=unconference, user=user).values_list("pitch_id", flat=True))
    hosting = set(Host.objects.filter(pitch__unconference=unconference, user=user, accepted_at__isnull=False)
                  .values_list("pitch_id", flat=True))
    ids = wanted | hosting
    placements = list(Placement.objects.filter(unconference=unconference, pitch_id__in=ids,
                                               pitch__status__in=Pitch.ACTIVE)
                      .select_related("pitch", "room", "slot").order_by("slot__start", "room__name"))
    _known([p.pitch for p in placements], unconference)
    by_slot: dict[int, AgendaSlot] = {}
    for placement in placements:
        by_slot.setdefault(placement.slot_id, AgendaSlot(placement.slot, [])).sessions.append(placement)
    for entry in by_slot.values():
        entry.sessions.sort(key=lambda p: (p.pitch_id not in hosting, p.room.name))
    placed = {p.pitch_id for p in placements}
    left = _known(list(Pitch.objects.filter(pk__in=ids - placed, status__in=Pitch.ACTIVE).order_by("title")),
                  unconference)
    return Agenda(slots=sorted(by_slot.values(), key=lambda s: s.slot.start), not_scheduled=left, hosting=hosting)
