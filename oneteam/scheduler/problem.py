"""The instance compiled to integer indices for the optimiser.

The search only decides *which slot* each unpinned ("free") session goes to,
or that it stays unscheduled.  Rooms follow: inside one slot, giving the
largest free room to the largest audience is optimal for overflow, because the
cost ``max(0, demand - capacity)`` is a convex function of the difference
(sorting both sides minimises any such sum).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .evaluate import audiences
from .model import Assignment, Cell, Instance


@dataclass
class Problem:
    """Index-based view of an :class:`Instance`.

    Sessions are numbered in input order, people by first appearance, slots
    in input order; ``unscheduled`` (== number of slots) is the pseudo-slot of
    sessions left out.
    """

    instance: Instance
    audience: list[np.ndarray]  # person indices per session
    demand: list[int]  # audience size per session
    people: int
    hosts: list[list[int]]  # host indices (0..host_count-1) per session
    host_count: int
    pinned_slot: list[int | None]  # slot index of a pinned session
    pinned_overflow: int  # overflow of pinned sessions, fixed by their pins
    free: list[int]  # indices of unpinned sessions
    free_rooms: list[list[int]]  # per slot: open unpinned rooms, largest first
    capacity: list[int]  # per room index
    audience_bits: list[int]  # audience per session as a bit set over people
    free_capacities: list[list[int]]  # per slot: capacities of its free rooms, largest first

    @property
    def slots(self) -> int:
        return len(self.instance.slots)

    @property
    def unscheduled(self) -> int:
        return len(self.instance.slots)

    @property
    def free_cells(self) -> int:
        return sum(len(rooms) for rooms in self.free_rooms)

    @property
    def target_count(self) -> int:
        """Free sessions to schedule if host rules allow: all, or one per free cell."""
        return min(len(self.free), self.free_cells)

    def room_order(self, slot: int, sessions: list[int]) -> list[tuple[int, int]]:
        """Pair the sessions of a slot with its free rooms, largest with largest."""
        ranked = sorted(sessions, key=lambda s: (-self.demand[s], s))
        return list(zip(ranked, self.free_rooms[slot]))

    def slot_overflow(self, slot: int, sessions: list[int]) -> int:
        return self.overflow_of(slot, [self.demand[s] for s in sessions])

    def overflow_of(self, slot: int, demands: list[int]) -> int:
        """Overflow of audiences of these sizes in the free rooms of a slot, largest with largest."""
        demands = sorted(demands, reverse=True)
        total = 0
        for d, c in zip(demands, self.free_capacities[slot]):
            if d > c:
                total += d - c
        return total

    def assignments(self, slot_of: list[int]) -> list[Assignment]:
        """Turn a slot per free session (pins implied) into room assignments."""
        inst = self.instance
        out = [
            Assignment(inst.sessions[s].id, pin.room, pin.slot)
            for s, pin in enumerate(s.pinned for s in inst.sessions)
            if pin is not None
        ]
        for t in range(self.slots):
            members = [s for s in self.free if slot_of[s] == t]
            out += [
                Assignment(inst.sessions[s].id, inst.rooms[r].id, inst.slots[t].id)
                for s, r in self.room_order(t, members)
            ]
        slot_rank = {slot.id: i for i, slot in enumerate(inst.slots)}
        room_rank = {room.id: i for i, room in enumerate(inst.rooms)}
        return sorted(out, key=lambda a: (slot_rank[a.slot], room_rank[a.room]))


def compile_instance(instance: Instance) -> Problem:
    """Index everything the optimiser touches."""
    audience_sets = audiences(instance)
    person_index: dict[str, int] = {}
    audience = []
    for session in instance.sessions:
        people = sorted(audience_sets[session.id])
        audience.append(
            np.array([person_index.setdefault(p, len(person_index)) for p in people], dtype=np.intp)
        )
    host_index: dict[str, int] = {}
    hosts = [[host_index.setdefault(h, len(host_index)) for h in s.hosts] for s in instance.sessions]
    slot_index = {slot.id: t for t, slot in enumerate(instance.slots)}
    room_index = {room.id: r for r, room in enumerate(instance.rooms)}
    capacity = [room.capacity for room in instance.rooms]
    demand = [len(a) for a in audience]
    pinned_slot = [
        None if s.pinned is None else slot_index[s.pinned.slot] for s in instance.sessions
    ]
    pinned_overflow = sum(
        max(0, demand[i] - capacity[room_index[s.pinned.room]])
        for i, s in enumerate(instance.sessions)
        if s.pinned is not None
    )
    free_rooms = _free_rooms(instance, capacity)
    return Problem(
        instance=instance,
        audience=audience,
        demand=demand,
        people=len(person_index),
        hosts=hosts,
        host_count=len(host_index),
        pinned_slot=pinned_slot,
        pinned_overflow=pinned_overflow,
        free=[i for i, s in enumerate(instance.sessions) if s.pinned is None],
        free_rooms=free_rooms,
        capacity=capacity,
        audience_bits=[_bits(a, len(person_index)) for a in audience],
        free_capacities=[[capacity[r] for r in rooms] for rooms in free_rooms],
    )


def _bits(people: np.ndarray, count: int) -> int:
    """A set of person indices as the bits of one Python integer."""
    flags = np.zeros(max(count, 1), dtype=bool)
    flags[people] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def _free_rooms(instance: Instance, capacity: list[int]) -> list[list[int]]:
    blocked = set(instance.unavailable) | {
        s.pinned for s in instance.sessions if s.pinned is not None
    }
    return [
        sorted(
            (r for r, room in enumerate(instance.rooms) if Cell(room.id, slot.id) not in blocked),
            key=lambda r: (-capacity[r], r),
        )
        for slot in instance.slots
    ]
