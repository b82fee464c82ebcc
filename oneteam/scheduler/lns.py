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

try:  # present with the semantic extra; without it BLAS keeps its own thread count
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
# Pairs of slots with more splits than ENUMERATION_LIMIT free only up to
# SUBSET sessions of each slot, fewer if needed to keep at most SUBSET_LIMIT
# splits (C(16, 8) = 12,870 for eight from each of two full slots).
SUBSET = 8
SUBSET_LIMIT = 13_000
# Work per audience entry read to build the people patterns of a pair.
ENTRY_COST = 10


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
        self.pinned_bits = [0] * problem.slots
        for s, t in enumerate(problem.pinned_slot):
            if t is not None:
                self.pinned_people[t].update(problem.audience[s].tolist())
                self.pinned_hosts[t].update(problem.hosts[s])
                self.pinned_bits[t] |= problem.audience_bits[s]

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
        # faster than two on a busy two-core machine (and the result is the same).
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
        self, slot_of: list[int], group: tuple[int, ...], sessions: list[int], kept: list[int]
    ) -> list[int] | None:
        """Best split of ``sessions`` between the two slots of ``group``, by trying all.

        ``kept`` are the other free sessions of the two slots: they stay in
        their slots and count like pins for clashes and hosts, and they take
        their share of the rooms (the rooms of each slot are re-paired with
        every audience in it, largest with largest).
        """
        problem = self.problem
        a, b = group
        n = len(sessions)
        stay = {t: [s for s in kept if slot_of[s] == t] for t in group}
        in_a = _split_matrix(
            n, len(problem.free_rooms[a]) - len(stay[a]), len(problem.free_rooms[b]) - len(stay[b])
        )
        rows = in_a  # split x session: True if in slot a
        # hosts: no host twice in one slot (pins and kept sessions included)
        taken = {t: set(self.pinned_hosts[t]) for t in group}
        for t in group:
            for s in stay[t]:
                taken[t].update(problem.hosts[s])
        ok = np.ones(len(rows), dtype=bool)
        hosted: dict[int, list[int]] = {}
        for i, s in enumerate(sessions):
            for h in problem.hosts[s]:
                hosted.setdefault(h, []).append(i)
        for h, own in hosted.items():
            count_a = in_a[:, own].sum(axis=1)
            count_b = len(own) - count_a
            ok &= count_a + (h in taken[a]) <= 1
            ok &= count_b + (h in taken[b]) <= 1
        # clashes, with people merged by pattern
        wanted: dict[int, list[int]] = {}
        entries = 0
        for i, s in enumerate(sessions):
            people = problem.audience[s].tolist()
            entries += len(people)
            for p in people:
                wanted.setdefault(p, []).append(i)
        fixed = {t: self.pinned_people[t] for t in group}
        for t in group:
            if stay[t]:
                fixed[t] = fixed[t].copy()
                for s in stay[t]:
                    people = problem.audience[s].tolist()
                    entries += len(people)
                    fixed[t].update(people)
        pa, pb = fixed[a], fixed[b]
        patterns: Counter[tuple[tuple[int, ...], int, int]] = Counter()
        for p, own in wanted.items():
            if len(own) + pa[p] + pb[p] >= 2:
                patterns[tuple(own), pa[p], pb[p]] += 1
        cost = np.zeros(len(rows), dtype=np.int64)
        clashes = np.zeros(len(rows), dtype=np.int64)
        keys = list(patterns)
        # float32 products of 0/1 matrices are exact here (counts of at most n)
        # and go through BLAS, much faster than integer matrix products
        member = np.zeros((n, len(keys)), dtype=np.float32)
        for j, (own, _, _) in enumerate(keys):
            member[list(own), j] = 1
        weight = np.array([patterns[k] for k in keys], dtype=np.float64)
        fixed_a = np.array([k[1] for k in keys], dtype=np.float32) - 1
        fixed_b = np.array([k[2] for k in keys], dtype=np.float32) - 1
        size = member.sum(axis=0)
        demand = np.array([problem.demand[s] for s in sessions], dtype=np.int64)
        resident = {t: np.array([problem.demand[s] for s in stay[t]], dtype=np.int64) for t in group}
        width = n + len(keys) + len(kept)
        if self.budget is not None:
            self._pay(entries * ENTRY_COST)
        chunk_work = CHUNK * width * ENUMERATION_NUM // ENUMERATION_DEN
        for lo in range(0, len(rows), CHUNK):
            part = slice(lo, lo + CHUNK)
            if patterns:
                count_a = in_a[part].astype(np.float32) @ member
                count_b = size - count_a
                found = np.maximum(0, count_a + fixed_a) @ weight
                found += np.maximum(0, count_b + fixed_b) @ weight
                clashes[part] = np.rint(found).astype(np.int64)
                cost[part] += clashes[part]
            # overflow: largest audience to largest free room in each slot
            for t, mask in ((a, in_a[part]), (b, ~in_a[part])):
                caps = problem.free_capacities[t]
                here = np.where(mask, demand, 0)
                if len(resident[t]):
                    here = np.concatenate(
                        [here, np.broadcast_to(resident[t], (len(here), len(resident[t])))], axis=1
                    )
                ranked = -np.sort(-here, axis=1)[:, : len(caps)]
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
        """Best split of (some of) the free sessions of two slots, if it differs; and its work.

        When every split of all their free sessions can be tried (at most
        ENUMERATION_LIMIT), all are freed and the result is the best split of
        the two slots.  Otherwise a subset is freed (see :meth:`_choose`) and
        the others stay where they are, counted like pins.
        """
        problem = self.problem
        a, b = group
        sessions = [s for s in problem.free if slot_of[s] in group]
        if len(sessions) < 2:
            return None, STEP_COST
        rooms_a, rooms_b = len(problem.free_rooms[a]), len(problem.free_rooms[b])
        if _splits(len(sessions), rooms_a, rooms_b) <= ENUMERATION_LIMIT:
            return self._enumerate(slot_of, group, sessions, []), STEP_COST
        freed = self._choose(slot_of, group, sessions)
        kept = [s for s in sessions if s not in freed]
        return self._enumerate(slot_of, group, freed, kept), STEP_COST

    def _choose(self, slot_of: list[int], group: tuple[int, ...], sessions: list[int]) -> list[int]:
        """Up to SUBSET sessions of each slot to free, drawn from the seed.

        Half the time at random; otherwise weighted towards the sessions that
        share most of their audience with the rest of the two slots, since
        those are the ones whose slot decides clashes.  Fewer are freed when
        the slots have empty rooms, so that at most SUBSET_LIMIT splits remain.
        """
        problem, rng = self.problem, self.rng
        bits = problem.audience_bits
        by_slot = {t: [s for s in sessions if slot_of[s] == t] for t in group}
        weighted = rng.random() < 0.5
        if weighted:
            # who is counted at least once / twice in the two slots (pins included)
            once, twice = self.pinned_bits[group[0]] | self.pinned_bits[group[1]], 0
            for s in sessions:
                twice |= once & bits[s]
                once |= bits[s]
        quota = {t: min(SUBSET, len(by_slot[t])) for t in group}

        def fits() -> bool:
            room = {t: len(problem.free_rooms[t]) - (len(by_slot[t]) - quota[t]) for t in group}
            return _splits(sum(quota.values()), room[group[0]], room[group[1]]) <= SUBSET_LIMIT

        while not fits():
            t = max(group, key=lambda t: (quota[t], t))
            quota[t] -= 1
        freed: list[int] = []
        for t in group:
            pool = list(by_slot[t])
            if weighted:
                weights = [1 + (bits[s] & twice).bit_count() for s in pool]
                for _ in range(quota[t]):
                    i = rng.choices(range(len(pool)), weights=weights)[0]
                    freed.append(pool.pop(i))
                    weights.pop(i)
            else:
                freed += rng.sample(pool, quota[t])
        return sorted(freed)

    @property
    def applicable(self) -> bool:
        """Whether there are two slots with free rooms (only then is this phase used)."""
        return len(self.slots) >= 2


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
