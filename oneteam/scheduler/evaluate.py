"""Score any schedule and list the hard rules it breaks.

These functions work on ids and sets only, independently of the optimiser's
internal arrays, so the web app can score an organiser's hand-edited grid.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .model import Assignment, Cell, Instance, Metrics


def audiences(instance: Instance) -> dict[str, set[str]]:
    """Who wants to be in each session: the interested people and the hosts."""
    audience: dict[str, set[str]] = {s.id: set(s.hosts) for s in instance.sessions}
    for person, wanted in instance.interests.items():
        for session_id in wanted:
            audience[session_id].add(person)
    return audience


def evaluate(instance: Instance, assignments: Iterable[Assignment]) -> Metrics:
    """Count lost attendances (clashes, overflow, missed) of a schedule."""
    placed = list(assignments)
    audience = audiences(instance)
    capacity = {r.id: r.capacity for r in instance.rooms}
    per_slot: dict[str, Counter[str]] = defaultdict(Counter)
    overflow = 0
    for a in placed:
        per_slot[a.slot].update(audience[a.session])
        overflow += max(0, len(audience[a.session]) - capacity[a.room])
    clashes = sum(n - 1 for counts in per_slot.values() for n in counts.values() if n > 1)
    scheduled = {a.session for a in placed}
    missed = sum(len(people) for sid, people in audience.items() if sid not in scheduled)
    return Metrics(clashes=clashes, overflow=overflow, missed=missed)


def violations(instance: Instance, assignments: Iterable[Assignment]) -> list[str]:
    """Describe every hard rule the schedule breaks (empty when it is valid).

    The rule "as many sessions as open room-slots" is checked against the
    simple ceiling min(sessions, open room-slots); when hosts make that
    ceiling unreachable the caller has to judge the shortfall.
    """
    placed = list(assignments)
    problems: list[str] = []
    sessions = {s.id: s for s in instance.sessions}
    open_cells = set(instance.open_cells())
    seen_sessions: set[str] = set()
    seen_cells: set[Cell] = set()
    hosts_in_slot: set[tuple[str, str]] = set()
    for a in placed:
        cell = Cell(a.room, a.slot)
        if a.session not in sessions:
            problems.append(f"unknown session {a.session!r}")
            continue
        if a.session in seen_sessions:
            problems.append(f"session {a.session!r} is scheduled twice")
        if cell not in open_cells:
            problems.append(f"room {a.room!r} in slot {a.slot!r} is not open")
        if cell in seen_cells:
            problems.append(f"room {a.room!r} in slot {a.slot!r} holds two sessions")
        for host in sessions[a.session].hosts:
            if (host, a.slot) in hosts_in_slot:
                problems.append(f"host {host!r} has two sessions in slot {a.slot!r}")
            hosts_in_slot.add((host, a.slot))
        seen_sessions.add(a.session)
        seen_cells.add(cell)
    for session in sessions.values():
        if session.pinned is not None and Assignment(
            session.id, session.pinned.room, session.pinned.slot
        ) not in placed:
            problems.append(f"session {session.id!r} is not where it is pinned")
    ceiling = min(len(sessions), len(open_cells))
    if len(seen_sessions) < ceiling:
        problems.append(f"only {len(seen_sessions)} of {ceiling} possible sessions scheduled")
    return problems
