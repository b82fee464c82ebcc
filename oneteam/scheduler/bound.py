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
slots.  ``pair_clashes`` takes everybody's clash term over: each person's
clashes beyond their pinned ones are at least the larger of max(0, e_p)
and a sum of pair weights over their sessions (pinned ones included) that
share a slot, so at least any convex mix of the two, chosen per person;
``partition.within_bound`` bounds the least total over every split of the
sessions sure to be scheduled, and the pins, into the slots.

``slot_bound`` (seventh pass) bounds the same lost attendances another way:
overflow and missed by the assignment above without the clash savings, plus
the clashes among the sure sessions and the pins, which ``slots.clash_bound``
bounds by pricing each slot's whole set of sessions.  It is far tighter
where a slot holds a few sessions out of a few dozen, and is computed after
the search, with work in proportion to the search's (solver.py).
"""

from __future__ import annotations

import math

import numpy as np
from ortools.graph.python import linear_sum_assignment

from . import partition, slots
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
    pinned_clashes, excess = _clash_terms(problem, considered)
    saving = [int(np.count_nonzero(excess[problem.audience[s]] > 0)) for s in considered]
    linear = problem.pinned_overflow + pinned_clashes + excluded + _assignment_cost(
        problem, considered, saving, scheduled, count_is_max, must
    )
    return linear + pair_clashes(problem, considered, must, len(considered) - scheduled, excess)


def slot_bound(
    problem: Problem,
    scheduled: int,
    count_is_max: bool,
    considered: list[int] | None = None,
    must: set[int] | frozenset[int] = frozenset(),
    work: int = slots.WORK,
) -> int:
    """Like :func:`lower_bound`, with the clashes priced by whole slots.

    Every schedule the arguments describe has overflow and missed at least
    the assignment optimum (without the clash savings, since the clashes
    are counted in full here) and clashes at least those among the pins
    and the considered sessions, of which it holds every one sure to be
    scheduled and at least ``scheduled`` in all; ``slots.clash_bound``
    bounds them with at most ``work`` units of work.
    """
    considered = list(problem.free) if considered is None else considered
    chosen = set(considered)
    excluded = sum(problem.demand[s] for s in problem.free if s not in chosen)
    sure = _sure_sessions(scheduled, considered, must)
    rest = problem.pinned_overflow + excluded + _assignment_cost(
        problem, considered, [0] * len(considered), scheduled, count_is_max, must
    )
    if len(sure) > problem.free_cells:
        return rest
    return rest + _slot_clashes(problem, considered, set(sure), scheduled, work)


def _sure_sessions(scheduled: int, considered: list[int], must: set[int] | frozenset[int]) -> list[int]:
    """The considered sessions that every schedule placing ``scheduled`` of them holds."""
    return list(considered) if len(considered) <= scheduled else [s for s in considered if s in must]


def _slot_clashes(problem: Problem, considered: list[int], sure: set[int], scheduled: int, work: int) -> int:
    """At least the clashes among the pins and the ``considered`` sessions in every grid placing
    all of ``sure`` and at least ``scheduled`` of ``considered``."""
    pins = [s for s in range(len(problem.demand)) if problem.pinned_slot[s] is not None]
    hosts = [set(problem.hosts[s]) for s in considered]
    apart = np.array([[i != j and bool(a & b) for j, b in enumerate(hosts)] for i, a in enumerate(hosts)], dtype=bool)
    pins_in = [[s for s in pins if problem.pinned_slot[s] == t] for t in range(problem.slots)]
    pin_hosts = [set().union(*(problem.hosts[s] for s in here)) for here in pins_in]
    banned = np.array([[bool(h & pin_hosts[t]) for h in hosts] for t in range(problem.slots)], dtype=bool)
    best = slots.clash_bound(
        [problem.audience[s] for s in considered],
        problem.people,
        [[problem.audience[s] for s in here] for here in pins_in],
        [len(rooms) for rooms in problem.free_rooms],
        apart.reshape(len(considered), len(considered)),
        banned.reshape(problem.slots, len(considered)),
        work=work,
        optional=np.array([s not in sure for s in considered], dtype=bool),
        at_least=max(0, scheduled - len(sure)),
    )
    # Clashes are whole numbers; the margin guards against rounding.
    return max(0, math.ceil(best - 1e-6 * (1 + abs(best))))


def pair_clashes(
    problem: Problem,
    considered: list[int],
    must: set[int] | frozenset[int],
    left_out: int,
    excess: np.ndarray,
) -> int:
    """Every person's clashes beyond their pinned ones, less nothing: at least Σ_p max(0, e_p).

    ``excess`` holds e_p = k_p − Z_p.  Order each person's sessions: pinned
    ones first, then free ones, most wanted first.  In one slot every
    session of theirs but the earliest there shares the slot with an earlier
    one, so their clashes are exactly Σ_i max over earlier j of [i and j
    share a slot]; the pinned sessions' own terms are the pinned clashes
    counted apart, and the free sessions' terms, f_p, are at least
    Σ_i Σ_{j earlier} a_ij [same slot] for any shares a_ij ≥ 0 summing to 1
    for each i (the pair weights).  f_p is also at least max(0, e_p − u_p)
    (module docstring), so at least λ_p·max(0, e_p) + (1 − λ_p)·(pair
    weight kept inside) − u_p for any λ_p in [0, 1] (a convex mix of two
    lower bounds of max(c_p, f_p), and max(a − u, b) ≥ max(a, b) − u); the
    −u_p parts are the assignment's savings r_s.  partition.within_bound
    bounds the least total over every split from below while choosing the
    shares and each λ_p (people whose pair weights are worth less to the
    relaxation than their constant keep it).

    The vertices are the free sessions sure to be scheduled (counting fewer
    of a person's sessions can only lower f_p; at most ``left_out`` of the
    considered sessions are left out, none of ``must``, so when some may be
    left out only ``must`` counts) and the pinned sessions.  The partition
    has one part per slot, of at most that slot's free rooms and pins, each
    pin in its own slot's part (fourth pass; before, every part had the
    fullest slot's places and the pins could move).  (Weights holding
    each slot's pins and missing places together, −B inside a group and +B
    between groups, are also valid and were tried: every B > 0 lowered
    the bound the subgradient steps reach.)
    """
    constant = np.maximum(excess, 0)
    floor = int(constant.sum())
    slots = problem.slots
    pins = [s for s in range(len(problem.demand)) if problem.pinned_slot[s] is not None]
    pins_in = [sum(1 for s in pins if problem.pinned_slot[s] == t) for t in range(slots)]
    size = max((len(rooms) + pins_in[t] for t, rooms in enumerate(problem.free_rooms)), default=0)
    if slots == 0 or size < 2:
        return floor
    sure = _sure_sessions(len(considered) - left_out, considered, must)
    if len(sure) < 2 and not (sure and pins) or len(sure) > problem.free_cells:
        return floor
    first, second, group, option, person_of, people = _choices(problem, sure, pins)
    if len(first) == 0:
        return floor
    alone = floor - int(constant[people].sum())  # people without a pair of sure sessions
    n = len(sure) + len(pins)
    best = partition.within_bound(
        np.zeros((n, n)), slots, size, choices=(first, second, group),
        mix=(option, person_of, constant[people].astype(float)),
        # Each slot's own places (its free rooms and pins) and each pin's slot.
        sizes=[len(rooms) + pins_in[t] for t, rooms in enumerate(problem.free_rooms)],
        part_of=[None] * len(sure) + [problem.pinned_slot[s] for s in pins],
    )
    # Clashes are whole numbers; the margin guards against rounding.
    return max(floor, alone + math.ceil(best - 1e-6))


# Orders of each person's free sessions; each gives the person an option of
# pair weights and the bound mixes them (measured in docs/scheduler.md: one
# order, most wanted first, reached 699/3120/3499/858/5831 on medium,
# example, large, independent-a and independent-b; these three 743/3141/
# 3663/876/5896; more orders or steps gained at most a few more).
ORDERS = ("most wanted", "least wanted", "as listed")


def _order(problem: Problem, sessions: list[int], how: str) -> list[int]:
    """Positions of ``sessions`` in one of the ``ORDERS``."""
    if how == "most wanted":
        return sorted(range(len(sessions)), key=lambda i: (-problem.demand[sessions[i]], sessions[i]))
    if how == "least wanted":
        return sorted(range(len(sessions)), key=lambda i: (problem.demand[sessions[i]], sessions[i]))
    return list(range(len(sessions)))


def _choices(problem: Problem, sessions: list[int], pins: list[int]):
    """For each person, order and sure free session with an earlier one: the earlier ones.

    Vertices are ``sessions`` and then ``pins``; each person's pinned
    sessions come first, then their free ones in each of ``ORDERS``.
    Returns (session, earlier session, group) index arrays, one group per
    person, order and free session; the option (person and order) of each
    group; the person of each option (an index into the last array); and
    the people with such a group.  People with the same sessions form the
    same groups again, which is harmless (their shares move alike).
    """
    members = np.zeros((problem.people, len(sessions) + len(pins)), dtype=bool)
    for i, s in enumerate([*sessions, *pins]):
        members[problem.audience[s], i] = True
    pinned = len(pins)
    orders = [[len(sessions) + i for i in range(pinned)] + _order(problem, sessions, how) for how in ORDERS]
    first, second, group, option, person_of, people = [], [], [], [], [], []
    groups = 0
    for person in range(problem.people):
        row = members[person]
        pins_here = int(np.count_nonzero(row[len(sessions):]))
        if int(np.count_nonzero(row)) <= max(1, pins_here):
            continue
        for order in orders:
            wanted = [v for v in order if row[v]]
            for r in range(max(1, pins_here), len(wanted)):
                first += [wanted[r]] * r
                second += wanted[:r]
                group += [groups] * r
                option.append(len(person_of))
                groups += 1
            person_of.append(len(people))
        people.append(person)
    as_array = lambda values: np.array(values, dtype=np.intp)  # noqa: E731
    return (as_array(first), as_array(second), as_array(group), as_array(option), as_array(person_of),
            as_array(people))


def _clash_terms(problem: Problem, considered: list[int]) -> tuple[int, np.ndarray]:
    """Clashes among pinned sessions, and each person's e_p (free sessions wanted − empty slots)."""
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
    return int(np.maximum(pinned - 1, 0).sum()), excess


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
