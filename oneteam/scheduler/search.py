"""Greedy construction and simulated annealing with incremental evaluation.

The state is one slot per free session (or the ``unscheduled`` pseudo-slot).
For every real slot it keeps, as bit sets over people (Python integers), who
is counted at least once, at least twice, and so on.  A session arriving in a
slot adds one clash for each of its audience already counted there (one
AND and a popcount); a session leaving removes one for each counted twice or
more.  A proposal is scored from these sets without changing anything, so a
rejected proposal costs a few word operations per 64 people plus a re-sort of
the rooms of the (at most two) slots it touches.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .budget import Budget
from .problem import Problem

Move = list[tuple[int, int, int]]  # (session, from slot, to slot)
Progress = Callable[[str], None]

# Cost model of one proposal, in work units: a fixed part (drawing it,
# checking hosts, re-sorting the rooms of the slots touched) and a part per
# 64 people per session moved (the bit-set operations); accepted moves pay
# the update too.  Fitted to measured times on the medium and large
# benchmark instances (about 10 and 13 microseconds per proposal).
PROPOSAL_OVERHEAD = 220
PER_WORD = 0.6
COMMIT_OVERHEAD = 30
# An annealing round of ROUND_PROPOSALS × free sessions × slots proposals is
# the first round's length (see solver.py); later rounds double it.
ROUND_PROPOSALS = 150
# The annealing's energy counts a clash as 1 + CLASH_WEIGHT lost attendances
# (the best grid is still chosen by lost attendances, then clashes): where
# clashes and overflow trade, it leans to fewer clashes, which a person
# cannot work around, while overflow may still be eased on the day.  Over
# seeds 1-16 at the same work on the medium benchmark instance it gave 2
# fewer clashes and 1.3 fewer lost attendances on average (docs/scheduler.md).
CLASH_WEIGHT = 0.2


class State:
    """A slot per session together with the counts its cost depends on."""

    def __init__(self, problem: Problem, slot_of: list[int]) -> None:
        self.problem = problem
        self.slot_of = list(slot_of)
        slots = problem.slots
        self.bits = problem.audience_bits
        self.levels: list[list[int]] = [[] for _ in range(slots)]
        self.host_counts = [[0] * problem.host_count for _ in range(slots + 1)]
        self.members: list[list[int]] = [[] for _ in range(slots + 1)]
        self.out = problem.unscheduled
        self.clashes = 0
        for s, t in enumerate(problem.pinned_slot):
            if t is not None:
                self.slot_of[s] = t
                self._enter(s, t)
        for s in problem.free:
            self._enter(s, self.slot_of[s])
            self.members[self.slot_of[s]].append(s)
        # audience sizes of the free sessions in each slot, for re-sorting rooms
        self.demands = [[problem.demand[s] for s in self.members[t]] for t in range(slots + 1)]
        self.overflow = [problem.slot_overflow(t, self.members[t]) for t in range(slots)]
        self.missed = sum(problem.demand[s] for s in self.members[problem.unscheduled])

    @property
    def cost(self) -> int:
        return self.clashes + sum(self.overflow) + self.missed + self.problem.pinned_overflow

    # --- bookkeeping -------------------------------------------------------

    def _enter(self, s: int, t: int) -> None:
        for h in self.problem.hosts[s]:
            self.host_counts[t][h] += 1
        if t == self.out:
            return
        levels, carry = self.levels[t], self.bits[s]
        if levels:
            self.clashes += (carry & levels[0]).bit_count()
        for k in range(len(levels)):
            level = levels[k]
            levels[k] = level | carry
            carry &= level
            if not carry:
                return
        levels.append(carry)

    def _leave(self, s: int, t: int) -> None:
        for h in self.problem.hosts[s]:
            self.host_counts[t][h] -= 1
        if t == self.out:
            return
        levels, aud = self.levels[t], self.bits[s]
        if len(levels) > 1:
            self.clashes -= (aud & levels[1]).bit_count()
        for k in range(len(levels)):
            above = levels[k + 1] & aud if k + 1 < len(levels) else 0
            levels[k] = (levels[k] & ~aud) | above
            if not above:
                break
        while levels and not levels[-1]:
            levels.pop()

    # --- moves -------------------------------------------------------------

    def hosts_allow(self, move: Move) -> bool:
        """True when no host ends up with two sessions in one real slot."""
        hosts, out = self.problem.hosts, self.out
        leaving = {(h, a) for s, a, _ in move for h in hosts[s]}
        for s, _, b in move:
            if b == out:
                continue
            for h in hosts[s]:
                if self.host_counts[b][h] - ((h, b) in leaving) > 0:
                    return False
        return True

    def delta(self, move: Move) -> tuple[int, dict[int, int]]:
        """Change in cost if ``move`` were made, and the new overflow of the slots it touches.

        ``move`` is a relocation ``[(s, a, b)]`` or a swap ``[(s1, a, b), (s2, b, a)]``.
        """
        change, _, overflows = self.changes(move)
        return change, overflows

    def changes(self, move: Move) -> tuple[int, int, dict[int, int]]:
        """:meth:`delta` with the change in clashes alone in the middle."""
        problem, out = self.problem, self.out
        demand = problem.demand
        clashes = missed = 0
        if len(move) == 1:
            (s, a, b), = move
            aud = self.bits[s]
            if a != out:
                levels = self.levels[a]
                if len(levels) > 1:
                    clashes -= (aud & levels[1]).bit_count()
            else:
                missed -= demand[s]
            if b != out:
                levels = self.levels[b]
                if levels:
                    clashes += (aud & levels[0]).bit_count()
            else:
                missed += demand[s]
        else:
            (s1, a, b), (s2, _, _) = move
            for leaving, arriving, t in ((s1, s2, a), (s2, s1, b)):
                if t == out:
                    missed += demand[arriving] - demand[leaving]
                else:
                    clashes += self._swap_side(leaving, arriving, t)
        change = clashes + missed
        overflows: dict[int, int] = {}
        if len(move) == 2 and demand[move[0][0]] == demand[move[1][0]]:
            return change, clashes, overflows  # the same audience sizes: the same rooms
        for s, a, b in move:
            if a != out:
                if a not in overflows:
                    overflows[a] = self.demands[a].copy()
                overflows[a].remove(demand[s])
            if b != out:
                if b not in overflows:
                    overflows[b] = self.demands[b].copy()
                overflows[b].append(demand[s])
        for t, demands in overflows.items():
            overflows[t] = new = problem.overflow_of(t, demands)
            change += new - self.overflow[t]
        return change, clashes, overflows

    def _swap_side(self, leaving: int, arriving: int, t: int) -> int:
        """Clash change in real slot ``t`` when ``leaving`` goes and ``arriving`` comes."""
        levels = self.levels[t]
        if not levels:
            return 0
        gone = self.bits[leaving]
        twice = levels[1] if len(levels) > 1 else 0
        once_after = levels[0] & ~(gone & ~twice)
        return (self.bits[arriving] & once_after).bit_count() - (gone & twice).bit_count()

    def commit(self, move: Move, overflows: dict[int, int]) -> None:
        """Carry out a move whose :meth:`delta` gave ``overflows``."""
        problem = self.problem
        for s, a, _ in move:
            self._leave(s, a)
            self.members[a].remove(s)
            self.demands[a].remove(problem.demand[s])
            if a == self.out:
                self.missed -= problem.demand[s]
        for s, _, b in move:
            self._enter(s, b)
            self.members[b].append(s)
            self.demands[b].append(problem.demand[s])
            self.slot_of[s] = b
            if b == self.out:
                self.missed += problem.demand[s]
        for t, value in overflows.items():
            self.overflow[t] = value


def greedy(problem: Problem) -> State:
    """Place the most wanted sessions first, each where it costs least."""
    state = State(problem, [problem.unscheduled] * len(problem.demand))
    out = problem.unscheduled
    for s in sorted(problem.free, key=lambda s: (-problem.demand[s], s)):
        best: tuple[int, int, dict[int, int]] | None = None
        for t in range(problem.slots):
            move = [(s, out, t)]
            if len(state.members[t]) >= len(problem.free_rooms[t]) or not state.hosts_allow(move):
                continue
            delta, overflows = state.delta(move)
            if best is None or delta < best[0]:
                best = (delta, t, overflows)
        if best is not None:
            state.commit([(s, out, best[1])], best[2])
    return state


@dataclass
class Annealer:
    """Simulated annealing over relocations and swaps of free sessions.

    The run length is counted in *work units* (see the cost model above), not
    in wall-clock time, so the temperature at each step depends only on the
    seed and the steps before it, on any machine.

    With ``fixed_selection`` the set of scheduled sessions only changes by
    exchanging a scheduled session with a left-out one of the same audience
    size, so the missed attendances never change.
    """

    state: State
    rng: random.Random
    progress: Progress | None = None
    fixed_selection: bool = False
    best_slots: list[int] = field(init=False)

    def __post_init__(self) -> None:
        problem, state = self.state.problem, self.state
        out = problem.unscheduled
        self.targets = [t for t in range(problem.slots) if problem.free_rooms[t]]
        if self.fixed_selection:
            scheduled = {problem.demand[s] for s in problem.free if state.slot_of[s] != out}
            self.movable = [
                s for s in problem.free
                if state.slot_of[s] != out or problem.demand[s] in scheduled
            ]
            self.swap_out = False
        else:
            self.movable = list(problem.free)
            self.swap_out = bool(state.members[out])
        self.can_move = bool(self.targets) and any(
            state.slot_of[s] != out for s in self.movable
        )
        self.best_cost = state.cost
        self.best_clashes = state.clashes
        self.best_slots = list(state.slot_of)

    def propose(self) -> Move | None:
        """A random relocation or swap that keeps host rules and room counts."""
        problem, state, rng = self.state.problem, self.state, self.rng
        out = problem.unscheduled
        s1 = rng.choice(self.movable)
        a = state.slot_of[s1]
        if a == out and self.fixed_selection:
            return self._tie_exchange(s1)
        b = rng.choice(self.targets + [out] if self.swap_out else self.targets)
        if b == a:
            return None
        members = state.members[b]
        room_free = b != out and len(members) < len(problem.free_rooms[b])
        if room_free and a != out and (not members or rng.random() < 0.5):
            move = [(s1, a, b)]
        elif members:
            move = [(s1, a, b), (self._partner(s1, b), b, a)]
        else:
            return None
        return move if state.hosts_allow(move) else None

    def _tie_exchange(self, left_out: int) -> Move | None:
        """Schedule ``left_out`` in place of a scheduled session of the same audience size."""
        problem, state = self.state.problem, self.state
        out = problem.unscheduled
        demand = problem.demand[left_out]
        peers = [s for s in problem.free if state.slot_of[s] != out and problem.demand[s] == demand]
        if not peers:
            return None
        s2 = self.rng.choice(peers)
        move = [(left_out, out, state.slot_of[s2]), (s2, state.slot_of[s2], out)]
        return move if state.hosts_allow(move) else None

    def _partner(self, s1: int, b: int) -> int:
        """A session of slot ``b``: at random, or the one closest in demand."""
        members = self.state.members[b]
        if self.rng.random() < 0.5:
            return self.rng.choice(members)
        demand = self.state.problem.demand
        return min(members, key=lambda s: (abs(demand[s] - demand[s1]), s))

    def initial_temperature(self, samples: int = 200) -> float:
        """A tenth of the mean worsening of random moves (measured without making them).

        Starting hotter only randomises the greedy start; on the benchmark
        instances the useful work happens below a tenth of the mean worsening.
        """
        if not self.can_move:
            return 1.0
        rises = []
        for _ in range(samples):
            move = self.propose()
            if move is None:
                continue
            delta, _ = self.state.delta(move)
            if delta > 0:
                rises.append(delta)
        return max(1.0, 0.1 * sum(rises) / len(rises)) if rises else 1.0

    def proposal_cost(self) -> int:
        """Work units of one proposal that moves one session (the fixed part and its bit sets)."""
        return PROPOSAL_OVERHEAD + round(PER_WORD * (self.state.problem.people // 64 + 1))

    def run(self, length: int, start_temp: float, end_temp: float, budget: Budget,
            label: str = "") -> None:
        """Anneal geometrically from ``start_temp`` to ``end_temp`` over ``length`` work units.

        Every proposal pays its work into ``budget`` and the run stops early
        when the budget says so; the best schedule seen is kept either way.
        """
        if not self.can_move or length <= 0:
            return
        state, rng = self.state, self.rng
        word_cost = round(PER_WORD * (state.problem.people // 64 + 1))
        work = 0
        next_report = 0
        log_ratio = math.log(end_temp / start_temp)
        cost = state.cost
        while work < length and not budget.exhausted():
            temp = start_temp * math.exp(log_ratio * work / length)
            move = self.propose()
            spent = PROPOSAL_OVERHEAD
            if move is not None:
                spent += word_cost * len(move)
                delta, clashes, overflows = state.changes(move)
                energy = delta + CLASH_WEIGHT * clashes
                if energy <= 0 or rng.random() < math.exp(-energy / temp):
                    state.commit(move, overflows)
                    spent += COMMIT_OVERHEAD + word_cost * len(move)
                    cost += delta
                    if cost < self.best_cost or (
                        cost == self.best_cost and state.clashes < self.best_clashes
                    ):
                        self.best_cost = cost
                        self.best_clashes = state.clashes
                        self.best_slots = list(state.slot_of)
            work += spent
            budget.spend(spent)
            if self.progress is not None and work >= next_report:
                self.progress(f"{label}{work / length:4.0%}  lost {cost}  best {self.best_cost}")
                next_report = work + length // 20
