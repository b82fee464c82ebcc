"""Greedy construction and simulated annealing with incremental evaluation.

The state is one slot per free session (or the ``unscheduled`` pseudo-slot).
For every real slot it keeps, per person, how many of the person's sessions
are in that slot, so moving a session costs work proportional to its audience:
a person counted twice or more loses a clash when one of their sessions
leaves, a person counted once or more gains one when a session arrives.
Overflow is recomputed only for the two slots a move touches.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .problem import Problem

Move = list[tuple[int, int, int]]  # (session, from slot, to slot)
Progress = Callable[[str], None]

# Cost model of one proposal, in "audience members touched": a fixed part,
# plus the audiences moved, plus a part per session in the slots touched
# (their rooms are re-sorted).  Fitted to measured times on two instance sizes.
MOVE_OVERHEAD = 600
PER_SLOT_MEMBER = 15


class State:
    """A slot per session together with the counts its cost depends on."""

    def __init__(self, problem: Problem, slot_of: list[int]) -> None:
        self.problem = problem
        self.slot_of = list(slot_of)
        slots = problem.slots
        self.counts = np.zeros((slots, problem.people), dtype=np.int32)
        self.host_counts = [[0] * problem.host_count for _ in range(slots + 1)]
        self.members: list[list[int]] = [[] for _ in range(slots + 1)]
        for s, t in enumerate(problem.pinned_slot):
            if t is not None:
                self.slot_of[s] = t
                self._enter(s, t)
        for s in problem.free:
            self._enter(s, self.slot_of[s])
            self.members[self.slot_of[s]].append(s)
        self.overflow = [problem.slot_overflow(t, self.members[t]) for t in range(slots)]
        self.clashes = int(np.maximum(self.counts - 1, 0).sum())
        self.missed = sum(problem.demand[s] for s in self.members[problem.unscheduled])

    @property
    def cost(self) -> int:
        return self.clashes + sum(self.overflow) + self.missed + self.problem.pinned_overflow

    def _enter(self, s: int, t: int) -> int:
        """Count session ``s`` into slot ``t``; return the change in clashes."""
        for h in self.problem.hosts[s]:
            self.host_counts[t][h] += 1
        if t == self.problem.unscheduled:
            return 0
        aud = self.problem.audience[s]
        row = self.counts[t]
        before = row[aud]
        row[aud] = before + 1
        return int(np.count_nonzero(before))

    def _leave(self, s: int, t: int) -> int:
        for h in self.problem.hosts[s]:
            self.host_counts[t][h] -= 1
        if t == self.problem.unscheduled:
            return 0
        aud = self.problem.audience[s]
        row = self.counts[t]
        before = row[aud]
        row[aud] = before - 1
        return -int(np.count_nonzero(before >= 2))

    def hosts_allow(self, move: Move) -> bool:
        """True when no host ends up with two sessions in one real slot."""
        leaving = {(h, a) for s, a, _ in move for h in self.problem.hosts[s]}
        for s, _, b in move:
            if b == self.problem.unscheduled:
                continue
            for h in self.problem.hosts[s]:
                if self.host_counts[b][h] - ((h, b) in leaving) > 0:
                    return False
        return True

    def apply(self, move: Move) -> int:
        """Carry out a move and return the change in cost."""
        problem = self.problem
        before = self.cost
        touched = set()
        for s, a, b in move:
            self.clashes += self._leave(s, a)
            self.members[a].remove(s)
            touched.add(a)
        for s, a, b in move:
            self.clashes += self._enter(s, b)
            self.members[b].append(s)
            self.slot_of[s] = b
            touched.add(b)
            if a == problem.unscheduled:
                self.missed -= problem.demand[s]
            if b == problem.unscheduled:
                self.missed += problem.demand[s]
        for t in touched:
            if t != problem.unscheduled:
                self.overflow[t] = problem.slot_overflow(t, self.members[t])
        return self.cost - before

    def undo(self, move: Move) -> None:
        self.apply([(s, b, a) for s, a, b in move])


def greedy(problem: Problem) -> State:
    """Place the most wanted sessions first, each where it costs least."""
    state = State(problem, [problem.unscheduled] * len(problem.demand))
    for s in sorted(problem.free, key=lambda s: (-problem.demand[s], s)):
        best: tuple[int, int] | None = None
        for t in range(problem.slots):
            move = [(s, problem.unscheduled, t)]
            if len(state.members[t]) >= len(problem.free_rooms[t]) or not state.hosts_allow(move):
                continue
            delta = state.apply(move)
            state.undo(move)
            if best is None or delta < best[0]:
                best = (delta, t)
        if best is not None:
            state.apply([(s, problem.unscheduled, best[1])])
    return state


@dataclass
class Annealer:
    """Simulated annealing over relocations and swaps of free sessions.

    The run length is a budget of *work units* (audience members touched plus
    a fixed overhead per proposal), not of wall-clock time, so a seed and a
    budget always give the same schedule on any machine.
    """

    state: State
    rng: random.Random
    progress: Progress | None = None
    fixed_selection: bool = False  # only rearrange; never swap sessions in or out

    def __post_init__(self) -> None:
        problem = self.state.problem
        self.targets = [t for t in range(problem.slots) if problem.free_rooms[t]]
        out = problem.unscheduled
        self.movable = [
            s for s in problem.free if not (self.fixed_selection and self.state.slot_of[s] == out)
        ]
        self.swap_out = bool(self.state.members[out]) and not self.fixed_selection
        self.can_move = bool(self.movable) and bool(self.targets)
        self.best_cost = self.state.cost
        self.best_slots = list(self.state.slot_of)

    def propose(self) -> Move | None:
        """A random relocation or swap that keeps host rules and room counts."""
        problem, state, rng = self.state.problem, self.state, self.rng
        if not self.can_move:
            return None
        s1 = rng.choice(self.movable)
        a = state.slot_of[s1]
        b = rng.choice(self.targets + [problem.unscheduled] if self.swap_out else self.targets)
        if b == a:
            return None
        room_free = b != problem.unscheduled and len(state.members[b]) < len(problem.free_rooms[b])
        if room_free and a != problem.unscheduled and (not state.members[b] or rng.random() < 0.5):
            move = [(s1, a, b)]
        elif state.members[b]:
            move = [(s1, a, b), (self._partner(s1, b), b, a)]
        else:
            return None
        return move if state.hosts_allow(move) else None

    def _partner(self, s1: int, b: int) -> int:
        """A session of slot ``b``: at random, or the one closest in demand."""
        members = self.state.members[b]
        if self.rng.random() < 0.5:
            return self.rng.choice(members)
        demand = self.state.problem.demand
        return min(members, key=lambda s: (abs(demand[s] - demand[s1]), s))

    def initial_temperature(self, samples: int = 200) -> float:
        """Mean worsening of random moves, measured without keeping them."""
        rises = []
        for _ in range(samples):
            move = self.propose()
            if move is None:
                continue
            delta = self.state.apply(move)
            self.state.undo(move)
            if delta > 0:
                rises.append(delta)
        return max(1.0, sum(rises) / len(rises)) if rises else 1.0

    def run(self, budget: int, start_temp: float, end_temp: float) -> None:
        """Anneal geometrically from ``start_temp`` to ``end_temp`` over ``budget`` work."""
        if not self.can_move:
            return
        audience, members = self.state.problem.audience, self.state.members
        work = 0
        next_report = 0
        ratio = end_temp / start_temp
        while work < budget:
            temp = start_temp * ratio ** (work / budget)
            move = self.propose()
            work += MOVE_OVERHEAD
            if move is None:
                continue
            work += sum(len(audience[s]) for s, _, _ in move)
            work += PER_SLOT_MEMBER * sum(len(members[t]) for _, a, b in move for t in (a, b))
            delta = self.state.apply(move)
            if delta <= 0 or self.rng.random() < math.exp(-delta / temp):
                if self.state.cost < self.best_cost:
                    self.best_cost = self.state.cost
                    self.best_slots = list(self.state.slot_of)
            else:
                self.state.undo(move)
            if self.progress is not None and work >= next_report:
                self.progress(f"{work / budget:4.0%}  lost {self.state.cost}  best {self.best_cost}")
                next_report = work + budget // 20
