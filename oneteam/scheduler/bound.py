"""A provable lower bound on lost attendances.

lost = clashes + overflow + missed.  For person p let k_p be the free
(unpinned) sessions p wants, u_p how many of them end up unscheduled, and Z_p
the slots that have a free room and none of p's pinned sessions.  Whatever the
schedule, p's clashes are at least

    sum over slots of max(0, pinned_p,t - 1)  +  max(0, k_p - u_p - Z_p),

because pinned clashes are fixed and each of the k_p - u_p scheduled free
sessions beyond one per empty slot adds a clash.  Writing e_p = k_p - Z_p,
max(0, e_p - u_p) >= max(0, e_p) - u_p * [e_p > 0], so leaving out session s
can save at most r_s clashes, r_s being the people in its audience with
e_p > 0.

Overflow and missed depend only on which cell (or none) each free session
gets, not on the slot structure, so relaxing everything else leaves an
assignment problem: sessions to free cells at cost max(0, demand - capacity),
or to "unscheduled" at cost demand - r_s.  Its optimum plus the clash terms
plus the fixed overflow of pinned sessions can never exceed the lost
attendances of any valid schedule.

People with e_p <= 0 add nothing above, yet popular sessions must share
slots.  Their clashes are bounded by ``pair_clashes``: a quadratic
under-estimator per person turns them into weights on pairs of sessions
sharing a slot, and ``partition.within_bound`` bounds the least such weight
over every split of the sessions sure to be scheduled into the slots.  It
counts only those people, so it adds to the rest.
"""

from __future__ import annotations

import math

import numpy as np
from ortools.graph.python import linear_sum_assignment

from . import partition
from .problem import Problem


def lower_bound(
    problem: Problem,
    scheduled: int,
    count_is_max: bool,
    considered: list[int] | None = None,
    must: set[int] | frozenset[int] = frozenset(),
) -> int:
    """Bound for schedules placing ``scheduled`` free sessions (exactly, if ``count_is_max``).

    ``considered`` (default: every free session) restricts the bound to
    schedules that leave out every other free session, and ``must`` to those
    that schedule each session in it; both serve the bound for "the most
    wanted sessions are scheduled".
    """
    considered = list(problem.free) if considered is None else considered
    chosen = set(considered)
    excluded = sum(problem.demand[s] for s in problem.free if s not in chosen)
    fixed_clashes, excess = _clash_terms(problem, considered)
    saving = [int(np.count_nonzero(excess[problem.audience[s]])) for s in considered]
    linear = problem.pinned_overflow + fixed_clashes + excluded + _assignment_cost(
        problem, considered, saving, scheduled, count_is_max, must
    )
    return linear + pair_clashes(problem, considered, must, len(considered) - scheduled, ~excess)


def pair_clashes(
    problem: Problem,
    considered: list[int],
    must: set[int] | frozenset[int],
    left_out: int,
    counted: np.ndarray,
) -> int:
    """Clashes of the ``counted`` people among their free sessions, beyond the linear terms.

    Order each person's sessions (most wanted first).  In one slot, every
    session of theirs but the earliest there shares the slot with an earlier
    one, so their clashes among these sessions are exactly
    sum over sessions i of max over earlier j of [i and j share a slot],
    which is at least sum over i of sum over earlier j of a_ij [same slot]
    for any shares a_ij >= 0 summing to 1 for each i.  With pinned
    sessions in the slot too the clashes are at least the pins' plus these
    (max(0, p + n - 1) >= max(0, p - 1) + max(0, n - 1)).  So these
    people's clashes are at least the weight kept inside the slots by the
    pair weights sum of a_ij, and partition.within_bound bounds that from
    below while choosing the shares.  ``counted`` must be the people whose
    linear term is zero (e_p <= 0), so nothing is counted twice.

    At most ``left_out`` of the considered sessions are left out, none of
    ``must``; only the sessions sure to be scheduled are vertices (counting
    fewer of a person's sessions can only lower their clashes), so when some
    may be left out only ``must`` counts, and when ``must`` is empty (the
    general bound with sessions to leave out) this part is zero.
    """
    slots = problem.slots
    size = max((len(rooms) for rooms in problem.free_rooms), default=0)
    if slots == 0 or size < 2 or not np.any(counted):
        return 0
    sure = list(considered) if left_out <= 0 else [s for s in considered if s in must]
    if len(sure) < 2 or len(sure) > slots * size:
        return 0
    choices = _choices(problem, sure, counted)
    if len(choices[0]) == 0:
        return 0
    best = partition.within_bound(np.zeros((len(sure), len(sure))), slots, size, choices=choices)
    # Clashes are whole numbers; the margin guards against rounding.
    return max(0, math.ceil(best - 1e-6))


def _choices(problem: Problem, sessions: list[int], counted: np.ndarray):
    """For each counted person and each of their sessions but the first: the earlier ones.

    Returns (session, earlier session, group) index arrays, one group per
    person and session; people with the same sessions form the same groups
    again, which is harmless (their shares move alike).
    """
    order = sorted(range(len(sessions)), key=lambda i: (-problem.demand[sessions[i]], sessions[i]))
    members = np.zeros((problem.people, len(sessions)), dtype=bool)
    for i, s in enumerate(sessions):
        members[problem.audience[s], i] = True
    members = members[counted][:, order]
    first, second, group = [], [], []
    groups = 0
    for row in members:
        wanted = [order[i] for i in np.flatnonzero(row)]
        for r in range(1, len(wanted)):
            first += [wanted[r]] * r
            second += wanted[:r]
            group += [groups] * r
            groups += 1
    return np.array(first, dtype=np.intp), np.array(second, dtype=np.intp), np.array(group, dtype=np.intp)


def _clash_terms(problem: Problem, considered: list[int]) -> tuple[int, np.ndarray]:
    """Clashes every schedule has, and which people want more free sessions than empty slots."""
    pinned = np.zeros((problem.slots, problem.people), dtype=np.int64)
    wanted_free = np.zeros(problem.people, dtype=np.int64)
    for s in considered:
        wanted_free[problem.audience[s]] += 1
    for s, aud in enumerate(problem.audience):
        t = problem.pinned_slot[s]
        if t is not None:
            pinned[t, aud] += 1
    open_slots = np.array([bool(rooms) for rooms in problem.free_rooms], dtype=bool)
    empty_slots = ((pinned == 0) & open_slots[:, None]).sum(axis=0)
    excess = wanted_free - empty_slots
    fixed = int(np.maximum(pinned - 1, 0).sum() + np.maximum(excess, 0).sum())
    return fixed, excess > 0


def _assignment_cost(
    problem: Problem,
    considered: list[int],
    saving: list[int],
    scheduled: int,
    count_is_max: bool,
    must: set[int] | frozenset[int],
) -> int:
    """Cheapest way to give the considered sessions cells or leave them out.

    Columns are the free cells and ``len(considered) - scheduled`` "left out"
    places; padding rows fill the cells no session takes (and, when the count
    is not known to be the maximum, may also take "left out" places, so that
    fewer sessions may be left out).  Sessions in ``must`` are never left out.
    """
    capacities = [c for caps in problem.free_capacities for c in caps]
    n, cells = len(considered), len(capacities)
    left_out = n - scheduled
    padding = cells + left_out - n
    if n == 0:
        return 0
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    for i, s in enumerate(considered):
        demand = problem.demand[s]
        for j, cap in enumerate(capacities):
            solver.add_arc_with_cost(i, j, max(0, demand - cap))
        if s not in must:
            for j in range(cells, cells + left_out):
                solver.add_arc_with_cost(i, j, demand - saving[i])
    for i in range(n, n + padding):
        for j in range(cells if count_is_max else cells + left_out):
            solver.add_arc_with_cost(i, j, 0)
    if solver.solve() != solver.OPTIMAL:
        raise RuntimeError("the bound's assignment problem has no solution")
    return int(solver.optimal_cost())
