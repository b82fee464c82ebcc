"""Large-neighbourhood search: re-optimise two slots at a time, exactly.

The annealing ends on a plateau where no single move or swap helps.  This
phase takes two slots, frees every free session in them (everything else
stays put) and finds the best way to split those sessions between the two
slots by trying every split that fits their free rooms and host rules
(C(16, 8) = 12,870 splits for two full slots of eight rooms), scored at once
with NumPy: clashes from each person's count of sessions in either slot
(people with the same freed sessions and pinned counts merged into one
weighted pattern), overflow from pairing sorted audiences with sorted rooms.
Ties go to fewer clashes.  Pairs are visited in an order drawn from the seed
until none improves; then the best schedule is kicked with two random swaps
between slots and the descent repeats (iterated local search), keeping the
result when it is no worse.

The set of scheduled sessions never changes, so missed attendances do not
either.  The work is counted per split tried, never by the clock, so the
steps taken depend only on the instance and the seed; the budget
(budget.py) only says where to stop.  Instances
whose slots are too big to enumerate (the large benchmark instance has 20
rooms a slot) skip this phase.
"""

from __future__ import annotations

import contextlib
import functools
import math
import random
from collections import Counter
from itertools import combinations

import numpy as np

try:  # installed with the semantic extra; without it BLAS keeps its own thread count
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None

from .budget import Budget
from .problem import Problem
from .search import Progress, State

# Two slots whose sessions can be split in at most this many ways are solved
# by trying every split (NumPy).  The work of one pair, in the annealing's
# work units (search.py), is splits × (sessions + people patterns) ×
# ENUMERATION_NUM / ENUMERATION_DEN, paid chunk by chunk (CHUNK splits):
# fitted like the annealing's cost model to times on the benchmark machine.
ENUMERATION_LIMIT = 40_000
ENUMERATION_NUM, ENUMERATION_DEN = 21, 40
# Fixed work charged per pair tried and per kick, so that every step counts.
STEP_COST = 1_500
# Splits scored at once; the run may stop between two such chunks.
CHUNK = 1_024
# Random swaps between slots that kick the search off a local optimum.
KICK_SWAPS = 2


class Neighbourhoods:
    """Re-optimises groups of slots of a schedule in place."""

    def __init__(self, problem: Problem, seed: int) -> None:
        self.problem = problem
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 17)
        self.last_spent = 0  # work of the last uninterrupted step, to foresee the next
        self.budget: Budget | None = None  # set by run(); None: no stops (tests)
        self.used = 0
        self.slots = [t for t in range(problem.slots) if problem.free_rooms[t]]
        self.pinned_people: list[Counter[int]] = [Counter() for _ in range(problem.slots)]
        self.pinned_hosts: list[set[int]] = [set() for _ in range(problem.slots)]
        for s, t in enumerate(problem.pinned_slot):
            if t is not None:
                self.pinned_people[t].update(problem.audience[s].tolist())
                self.pinned_hosts[t].update(problem.hosts[s])

    def run(
        self, slot_of: list[int], length: int, budget: Budget, progress: Progress | None = None
    ) -> list[int]:
        """Improve ``slot_of`` with ``length`` work units, paid into ``budget``.

        Iterated local search: re-optimise pairs of slots until none improves,
        then kick the best schedule with a few random swaps between slots and
        descend again, keeping the result when it is no worse.  Stops early
        when ``budget`` says so.
        """
        if len(self.slots) < 2 or length <= 0:
            return slot_of
        # The matrix products are small: one BLAS thread is several times
        # faster than two on a busy two-core machine, and gives the same result.
        with threadpool_limits(limits=1, user_api="blas") if threadpool_limits else contextlib.nullcontext():
            return self._run(slot_of, length, budget, progress)

    def _run(
        self, slot_of: list[int], length: int, budget: Budget, progress: Progress | None
    ) -> list[int]:
        self.used, self.length, self.budget = 0, length, budget
        best, best_cost = self._descend(slot_of, _score(State(self.problem, slot_of)))
        while self._going():
            kicked = self._kick(best)
            self._pay(STEP_COST)
            if kicked is None:
                break
            candidate, cost = self._descend(kicked, _score(State(self.problem, kicked)))
            if cost <= best_cost:
                if cost < best_cost and progress is not None:
                    progress(f"two-slot search {self.used / length:4.0%}  lost {cost[0]}")
                best, best_cost = candidate, cost
        return best

    def _going(self) -> bool:
        """Whether to go on: work left in this phase, and time for a step like the last."""
        return self.used < self.length and not self.budget.exhausted(self.last_spent)

    def _pay(self, units: int) -> None:
        self.used += units
        self.budget.spend(units)

    def _descend(
        self, slot_of: list[int], cost: tuple[int, int]
    ) -> tuple[list[int], tuple[int, int]]:
        """Re-optimise pairs of slots, in an order drawn from the seed, until none improves."""
        groups = list(combinations(self.slots, 2))
        improved = True
        while improved and self._going():
            improved = False
            self.rng.shuffle(groups)
            for group in groups:
                if not self._going():
                    break
                candidate, spent = self._solve(slot_of, group)
                self._pay(spent)
                if candidate is None:
                    continue
                new_cost = _score(State(self.problem, candidate))
                if new_cost < cost:
                    slot_of, cost, improved = candidate, new_cost, True
        return slot_of, cost

    def _kick(self, slot_of: list[int]) -> list[int] | None:
        """``slot_of`` after a few random swaps of sessions between slots (host rules kept)."""
        problem, rng = self.problem, self.rng
        state = State(problem, slot_of)
        scheduled = [s for s in problem.free if slot_of[s] != problem.unscheduled]
        if not scheduled:
            return None
        done = 0
        for _ in range(50 * KICK_SWAPS):
            if done == KICK_SWAPS:
                break
            s1 = rng.choice(scheduled)
            a = state.slot_of[s1]
            b = rng.choice(self.slots)
            if b == a or not state.members[b]:
                continue
            s2 = rng.choice(state.members[b])
            move = [(s1, a, b), (s2, b, a)]
            if state.hosts_allow(move):
                state.commit(move, state.delta(move)[1])
                done += 1
        return state.slot_of if done else None

    def _enumerate(
        self, slot_of: list[int], group: tuple[int, ...], sessions: list[int]
    ) -> list[int] | None:
        """Exact best split of ``sessions`` between the two slots of ``group``, by trying all."""
        problem = self.problem
        a, b = group
        n = len(sessions)
        in_a = _split_matrix(n, len(problem.free_rooms[a]), len(problem.free_rooms[b]))
        rows = in_a  # split x session: True if in slot a
        # hosts: no host twice in one slot (pins included)
        ok = np.ones(len(rows), dtype=bool)
        hosted: dict[int, list[int]] = {}
        for i, s in enumerate(sessions):
            for h in problem.hosts[s]:
                hosted.setdefault(h, []).append(i)
        for h, own in hosted.items():
            count_a = in_a[:, own].sum(axis=1)
            count_b = len(own) - count_a
            ok &= count_a + (h in self.pinned_hosts[a]) <= 1
            ok &= count_b + (h in self.pinned_hosts[b]) <= 1
        # clashes, with people merged by pattern
        wanted: dict[int, list[int]] = {}
        for i, s in enumerate(sessions):
            for p in problem.audience[s].tolist():
                wanted.setdefault(p, []).append(i)
        pa, pb = self.pinned_people[a], self.pinned_people[b]
        patterns: Counter[tuple[tuple[int, ...], int, int]] = Counter()
        for p, own in wanted.items():
            if len(own) + pa[p] + pb[p] >= 2:
                patterns[tuple(own), pa[p], pb[p]] += 1
        cost = np.zeros(len(rows), dtype=np.int64)
        clashes = np.zeros(len(rows), dtype=np.int64)
        keys = list(patterns)
        # Products of 0/1 matrices in float32 are exact here (counts of at most
        # n sessions, weighted sums far below 2**53 in float64) and go through
        # BLAS: about ten times faster than the same product in integers.
        member = np.zeros((n, len(keys)), dtype=np.float32)
        for j, (own, _, _) in enumerate(keys):
            member[list(own), j] = 1
        weight = np.array([patterns[k] for k in keys], dtype=np.float64)
        fixed_a = np.array([k[1] for k in keys], dtype=np.float32) - 1
        fixed_b = np.array([k[2] for k in keys], dtype=np.float32) - 1
        size = member.sum(axis=0)
        demand = np.array([problem.demand[s] for s in sessions], dtype=np.int64)
        chunk_work = CHUNK * (n + len(keys)) * ENUMERATION_NUM // ENUMERATION_DEN
        for lo in range(0, len(rows), CHUNK):
            part = slice(lo, lo + CHUNK)
            if patterns:
                # clashes, with people merged by pattern
                count_a = in_a[part].astype(np.float32) @ member
                count_b = size - count_a
                found = np.maximum(0, count_a + fixed_a) @ weight
                found += np.maximum(0, count_b + fixed_b) @ weight
                clashes[part] = np.rint(found).astype(np.int64)
                cost[part] += clashes[part]
            # overflow: largest audience to largest free room in each slot
            for t, mask in ((a, in_a[part]), (b, ~in_a[part])):
                caps = problem.free_capacities[t]
                ranked = -np.sort(-np.where(mask, demand, 0), axis=1)[:, : len(caps)]
                cost[part] += np.maximum(
                    0, ranked - np.array(caps[: ranked.shape[1]], dtype=np.int64)
                ).sum(axis=1)
            if self.budget is not None:
                self._pay(chunk_work)
                self.last_spent = chunk_work
                if self.budget.exhausted(chunk_work):
                    return None  # the run stops: this pair stays as it was
        # fewest lost attendances, then fewest clashes; the first such split
        score = np.where(ok, cost * (int(clashes.max(initial=0)) + 1) + clashes, np.iinfo(np.int64).max)
        best = int(np.argmin(score))
        candidate = list(slot_of)
        for i, s in enumerate(sessions):
            candidate[s] = a if in_a[best, i] else b
        return None if candidate == slot_of else candidate

    def _solve(self, slot_of: list[int], group: tuple[int, ...]) -> tuple[list[int] | None, int]:
        """Best split of the free sessions of two slots, if it differs; and the work it cost."""
        problem = self.problem
        sessions = [s for s in problem.free if slot_of[s] in group]
        if len(sessions) < 2:
            return None, STEP_COST
        splits = _splits(len(sessions), *(len(problem.free_rooms[t]) for t in group))
        if splits > ENUMERATION_LIMIT:
            return None, STEP_COST
        return self._enumerate(slot_of, group, sessions), STEP_COST

    @property
    def applicable(self) -> bool:
        """Whether every pair of slots is small enough to enumerate (only then is LNS used)."""
        problem = self.problem
        if len(self.slots) < 2:
            return False
        for a, b in combinations(self.slots, 2):
            ra, rb = len(problem.free_rooms[a]), len(problem.free_rooms[b])
            if _splits(min(len(problem.free), ra + rb), ra, rb) > ENUMERATION_LIMIT:
                return False
        return True

@functools.lru_cache(maxsize=64)
def _split_matrix(n: int, rooms_a: int, rooms_b: int) -> np.ndarray:
    """Every split of n sessions between two slots, as rows of booleans (True: first slot)."""
    blocks = [np.zeros((0, n), dtype=bool)]
    for k in range(max(0, n - rooms_b), min(n, rooms_a) + 1):
        chosen = np.array(list(combinations(range(n), k)), dtype=np.intp).reshape(math.comb(n, k), k)
        block = np.zeros((len(chosen), n), dtype=bool)
        block[np.arange(len(chosen))[:, None], chosen] = True
        blocks.append(block)
    matrix = np.concatenate(blocks)
    matrix.setflags(write=False)
    return matrix


def _splits(n: int, rooms_a: int, rooms_b: int) -> int:
    """Ways to split n sessions between two slots with these numbers of free rooms."""
    return sum(math.comb(n, k) for k in range(max(0, n - rooms_b), min(n, rooms_a) + 1))


def _score(state: State) -> tuple[int, int]:
    """Lost attendances, then clashes to break ties."""
    return state.cost, state.clashes
