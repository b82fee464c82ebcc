"""Plain data types for the unconference scheduler, with parsing and validation.

Every identifier (room, slot, session, person) is a non-empty string; integers
in the JSON are accepted and turned into strings so that ``7`` and ``"7"`` name
the same thing.  Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any


class ScheduleInputError(ValueError):
    """The instance is malformed or contradicts itself; the message is one line."""


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    capacity: int


@dataclass(frozen=True)
class Slot:
    id: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Cell:
    """One room in one slot: a pin target or a closed room-slot."""

    room: str
    slot: str


@dataclass(frozen=True)
class Session:
    id: str
    title: str = ""
    hosts: tuple[str, ...] = ()
    pinned: Cell | None = None


@dataclass(frozen=True)
class Assignment:
    session: str
    room: str
    slot: str

    def to_dict(self) -> dict[str, str]:
        return {"session": self.session, "room": self.room, "slot": self.slot}


@dataclass(frozen=True)
class Metrics:
    """Lost attendances, split by cause."""

    clashes: int
    overflow: int
    missed: int

    @property
    def lost(self) -> int:
        return self.clashes + self.overflow + self.missed

    def to_dict(self) -> dict[str, int]:
        return {
            "clashes": self.clashes,
            "overflow": self.overflow,
            "missed": self.missed,
            "lost": self.lost,
        }


@dataclass(frozen=True)
class Result:
    assignments: tuple[Assignment, ...]
    unscheduled: tuple[str, ...]
    metrics: Metrics
    lower_bound: int | None
    # With the default "most wanted first": a bound for schedules that also
    # schedule the most wanted sessions (not part of the JSON output).
    most_wanted_bound: int | None = None
    # How the run went: the work it did and the seed, which replay it exactly
    # (schedule(instance, seed=seed, work=work)), the wall-clock seconds it
    # took and why it stopped ("budget", "optimal" or "nothing to move").
    work: int = 0
    seed: int = 0
    seconds: float = field(default=0.0, compare=False)
    stopped: str = ""

    @property
    def gap(self) -> int | None:
        """At most this many lost attendances could still be saved (lost − lower bound)."""
        return None if self.lower_bound is None else self.metrics.lost - self.lower_bound

    def to_dict(self) -> dict[str, Any]:
        return {
            "assignments": [a.to_dict() for a in self.assignments],
            "unscheduled": list(self.unscheduled),
            "metrics": self.metrics.to_dict(),
            "lower_bound": self.lower_bound,
            "gap": self.gap,
            "run": {
                "seed": self.seed,
                "work": self.work,
                "seconds": self.seconds,
                "stopped": self.stopped,
            },
        }


@dataclass(frozen=True)
class Instance:
    """An unconference to schedule.

    ``interests`` maps a person to the sessions they want to attend.  A
    session's *audience* is everyone interested in it plus its hosts; the
    audience is what fills a room, what is missed when the session is dropped
    and what clashes when two of a person's sessions share a slot.
    """

    rooms: tuple[Room, ...]
    slots: tuple[Slot, ...]
    sessions: tuple[Session, ...]
    interests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unavailable: tuple[Cell, ...] = ()

    def __post_init__(self) -> None:
        validate(self)

    @classmethod
    def from_dict(cls, data: Any) -> Instance:
        """Build and validate an instance from decoded JSON."""
        if not isinstance(data, Mapping):
            raise ScheduleInputError("the instance must be a JSON object")
        return cls(
            rooms=tuple(_parse_room(r, i) for i, r in enumerate(_list(data, "rooms"))),
            slots=tuple(_parse_slot(s, i) for i, s in enumerate(_list(data, "slots"))),
            sessions=tuple(
                _parse_session(s, i) for i, s in enumerate(_list(data, "sessions"))
            ),
            interests=_parse_interests(data.get("interests", {})),
            unavailable=tuple(
                _parse_cell(c, f"unavailable[{i}]")
                for i, c in enumerate(_list(data, "unavailable", required=False))
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rooms": [{"id": r.id, "name": r.name, "capacity": r.capacity} for r in self.rooms],
            "slots": [{"id": s.id, "start": s.start, "end": s.end} for s in self.slots],
            "sessions": [_session_to_dict(s) for s in self.sessions],
            "interests": {person: list(ids) for person, ids in self.interests.items()},
            "unavailable": [{"room": c.room, "slot": c.slot} for c in self.unavailable],
        }

    def with_pins(self, assignments: Iterable[Assignment]) -> Instance:
        """Return a copy in which each given assignment becomes a pin."""
        pins = {a.session: Cell(a.room, a.slot) for a in assignments}
        unknown = set(pins) - {s.id for s in self.sessions}
        if unknown:
            raise ScheduleInputError(f"cannot keep unknown session {min(unknown)!r}")
        sessions = tuple(
            replace(s, pinned=pins[s.id]) if s.id in pins else s for s in self.sessions
        )
        return replace(self, sessions=sessions)

    def open_cells(self) -> list[Cell]:
        """Every room-slot that is not closed, slot by slot."""
        closed = set(self.unavailable)
        return [
            Cell(room.id, slot.id)
            for slot in self.slots
            for room in self.rooms
            if Cell(room.id, slot.id) not in closed
        ]


def _session_to_dict(session: Session) -> dict[str, Any]:
    out: dict[str, Any] = {"id": session.id, "title": session.title, "hosts": list(session.hosts)}
    if session.pinned is not None:
        out["pinned"] = {"room": session.pinned.room, "slot": session.pinned.slot}
    return out


# --- parsing ---------------------------------------------------------------


def _list(data: Mapping[str, Any], key: str, required: bool = True) -> list[Any]:
    if key not in data:
        if required:
            raise ScheduleInputError(f"the instance has no {key!r} list")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise ScheduleInputError(f"{key!r} must be a list")
    return value


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScheduleInputError(f"{where} must be an object")
    return value


def _ident(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise ScheduleInputError(f"{where} must be a non-empty string")
    return str(value)


def _text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise ScheduleInputError(f"{where}: {key!r} must be a string")
    return value


def _parse_room(value: Any, index: int) -> Room:
    where = f"rooms[{index}]"
    obj = _object(value, where)
    capacity = obj.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
        raise ScheduleInputError(f"{where}: 'capacity' must be a non-negative integer")
    return Room(_ident(obj.get("id"), f"{where} id"), _text(obj, "name", where), capacity)


def _parse_slot(value: Any, index: int) -> Slot:
    where = f"slots[{index}]"
    obj = _object(value, where)
    return Slot(
        _ident(obj.get("id"), f"{where} id"),
        _text(obj, "start", where),
        _text(obj, "end", where),
    )


def _parse_cell(value: Any, where: str) -> Cell:
    obj = _object(value, where)
    return Cell(_ident(obj.get("room"), f"{where} room"), _ident(obj.get("slot"), f"{where} slot"))


def _parse_session(value: Any, index: int) -> Session:
    where = f"sessions[{index}]"
    obj = _object(value, where)
    hosts = obj.get("hosts", [])
    if not isinstance(hosts, list):
        raise ScheduleInputError(f"{where}: 'hosts' must be a list of person ids")
    pinned = obj.get("pinned")
    return Session(
        id=_ident(obj.get("id"), f"{where} id"),
        title=_text(obj, "title", where),
        hosts=tuple(dict.fromkeys(_ident(h, f"{where} host") for h in hosts)),
        pinned=None if pinned is None else _parse_cell(pinned, f"{where} pin"),
    )


def _parse_interests(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise ScheduleInputError("'interests' must map person ids to lists of session ids")
    interests: dict[str, tuple[str, ...]] = {}
    for person, ids in value.items():
        if not isinstance(ids, list):
            raise ScheduleInputError(f"interests of {person!r} must be a list of session ids")
        where = f"interest of {person!r}"
        interests[str(person)] = tuple(dict.fromkeys(_ident(i, where) for i in ids))
    return interests


# --- validation ------------------------------------------------------------


def validate(instance: Instance) -> None:
    """Raise :class:`ScheduleInputError` naming the first problem found."""
    _check_unique("room", [r.id for r in instance.rooms])
    _check_unique("slot", [s.id for s in instance.slots])
    _check_unique("session", [s.id for s in instance.sessions])
    room_ids = {r.id for r in instance.rooms}
    slot_ids = {s.id for s in instance.slots}
    for cell in instance.unavailable:
        _check_cell(cell, room_ids, slot_ids, "unavailable room-slot")
    session_ids = {s.id for s in instance.sessions}
    for person, wanted in instance.interests.items():
        for session_id in wanted:
            if session_id not in session_ids:
                raise ScheduleInputError(
                    f"person {person!r} is interested in unknown session {session_id!r}"
                )
    _check_pins(instance, room_ids, slot_ids)


def _check_unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ScheduleInputError(f"duplicate {kind} id {ident!r}")
        seen.add(ident)


def _check_cell(cell: Cell, room_ids: set[str], slot_ids: set[str], what: str) -> None:
    if cell.room not in room_ids:
        raise ScheduleInputError(f"{what} names unknown room {cell.room!r}")
    if cell.slot not in slot_ids:
        raise ScheduleInputError(f"{what} names unknown slot {cell.slot!r}")


def _check_pins(instance: Instance, room_ids: set[str], slot_ids: set[str]) -> None:
    pinned = [s for s in instance.sessions if s.pinned is not None]
    open_count = len(instance.open_cells())
    if len(pinned) > open_count:
        raise ScheduleInputError(
            f"{len(pinned)} sessions are pinned but only {open_count} room-slots are open"
        )
    closed = set(instance.unavailable)
    taken: dict[Cell, str] = {}
    hosts_in_slot: dict[tuple[str, str], str] = {}
    for session in pinned:
        cell = session.pinned
        assert cell is not None
        _check_cell(cell, room_ids, slot_ids, f"pin of session {session.id!r}")
        if cell in closed:
            raise ScheduleInputError(
                f"session {session.id!r} is pinned to closed room {cell.room!r} in slot {cell.slot!r}"
            )
        if cell in taken:
            raise ScheduleInputError(
                f"sessions {taken[cell]!r} and {session.id!r} are both pinned to "
                f"room {cell.room!r} in slot {cell.slot!r}"
            )
        taken[cell] = session.id
        for host in session.hosts:
            other = hosts_in_slot.setdefault((host, cell.slot), session.id)
            if other != session.id:
                raise ScheduleInputError(
                    f"host {host!r} is pinned to both {other!r} and {session.id!r} in slot {cell.slot!r}"
                )
