"""The whole-slot clash bound (slots.py), against brute force, and as the solver uses it."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from oneteam.scheduler import Instance, schedule
from oneteam.scheduler.bound import lower_bound
from oneteam.scheduler.problem import compile_instance
from oneteam.scheduler.slots import clash_bound


def clashes(audiences: list[set[int]]) -> int:
    """Σ_p max(0, sessions p wants here − 1) for the sessions of one slot."""
    counts: dict[int, int] = {}
    for audience in audiences:
        for person in audience:
            counts[person] = counts.get(person, 0) + 1
    return sum(max(0, k - 1) for k in counts.values())


def least_clashes(audiences, pins, rooms, apart, banned, optional=None, at_least=0) -> float:
    """The fewest clashes over every allowed split of the sessions into the slots (inf if none).

    Sessions marked ``optional`` may be left out (label ``slots``) if at least ``at_least`` of them are placed.
    """
    best = math.inf
    n, slots = len(audiences), len(rooms)
    optional = [False] * n if optional is None else list(optional)
    for labels in itertools.product(range(slots + 1), repeat=n):
        if any(label == slots and not optional[i] for i, label in enumerate(labels)):
            continue
        if sum(1 for i, label in enumerate(labels) if optional[i] and label < slots) < at_least:
            continue
        if any(labels.count(t) > rooms[t] for t in range(slots)):
            continue
        if any(labels[i] < slots and banned[labels[i], i] for i in range(n)):
            continue
        if any(apart[i, j] and labels[i] == labels[j] < slots for i, j in itertools.combinations(range(n), 2)):
            continue
        total = sum(clashes([audiences[i] for i in range(n) if labels[i] == t] + [set(p) for p in pins[t]])
                    for t in range(slots))
        best = min(best, total)
    return best


@st.composite
def slot_problems(draw):
    """Up to seven sessions, some optional, one to three slots with up to three rooms and two pins, hosts in common."""
    people = draw(st.integers(1, 9))
    audience = st.sets(st.integers(0, people - 1), max_size=people)
    n = draw(st.integers(0, 6))
    slots = draw(st.integers(1, 3))
    audiences = [draw(audience) for _ in range(n)]
    pins = [[draw(audience) for _ in range(draw(st.integers(0, 2)))] for _ in range(slots)]
    rooms = [draw(st.integers(0, 3)) for _ in range(slots)]
    apart = np.zeros((n, n), dtype=bool)
    for i, j in itertools.combinations(range(n), 2):
        apart[i, j] = apart[j, i] = draw(st.integers(0, 5)) == 0
    banned = np.array([[draw(st.integers(0, 6)) == 0 for _ in range(n)] for _ in range(slots)],
                      dtype=bool).reshape(slots, n)
    optional = np.array([draw(st.booleans()) for _ in range(n)], dtype=bool)
    at_least = draw(st.integers(0, int(optional.sum())))
    return audiences, people, pins, rooms, apart, banned, optional, at_least


@settings(max_examples=250, deadline=None)
@given(slot_problems(), st.sampled_from([1, 40, 400, 10_000_000]))
def test_the_bound_never_exceeds_the_fewest_clashes(case, work) -> None:
    """Whatever the work (too little to finish a slot's search, or plenty), every split has at least as many.

    Some sessions may be left out, as long as enough of them are placed.
    """
    audiences, people, pins, rooms, apart, banned, optional, at_least = case
    best = least_clashes(audiences, pins, rooms, apart, banned, optional, at_least)
    arrays = [np.array(sorted(a), dtype=np.int64) for a in audiences]
    pin_arrays = [[np.array(sorted(p), dtype=np.int64) for p in here] for here in pins]
    bound = clash_bound(arrays, people, pin_arrays, rooms, apart, banned, work, optional, at_least)
    assert bound <= best + 1e-6


def _crowd(seed: int, sessions: int, people: int, wants: tuple[int, int]) -> list[set[int]]:
    rng = random.Random(seed)
    audiences: list[set[int]] = [set() for _ in range(sessions)]
    for person in range(people):
        for s in rng.sample(range(sessions), rng.randint(*wants)):
            audiences[s].add(person)
    return audiences


def test_the_bound_finds_the_fewest_clashes_of_a_small_crowd() -> None:
    """Eight sessions in four slots of two, twenty people wanting two to four: rounded up, the bound is the optimum."""
    audiences = _crowd(7, 8, 20, (2, 4))
    rooms = [2, 2, 2, 2]
    apart = np.zeros((8, 8), dtype=bool)
    banned = np.zeros((4, 8), dtype=bool)
    best = least_clashes(audiences, [[], [], [], []], rooms, apart, banned)
    bound = clash_bound([np.array(sorted(a)) for a in audiences], 20, [[], [], [], []], rooms, apart, banned)
    assert best == 8
    assert math.ceil(bound - 1e-6) == best


def _instance(seed: int) -> Instance:
    """Twelve sessions for three slots of four rooms, sixty people wanting two to five of them."""
    audiences = _crowd(seed, 13, 60, (2, 5))
    interests: dict[str, list[str]] = {}
    for s, audience in enumerate(audiences):
        for person in audience:
            interests.setdefault(f"p{person}", []).append(f"s{s}")
    return Instance.from_dict({
        "rooms": [{"id": f"r{i}", "name": f"Room {i}", "capacity": 30} for i in range(4)],
        "slots": [{"id": f"t{i}"} for i in range(3)],
        "sessions": [{"id": f"s{s}", "hosts": [f"h{s}"]} for s in range(13)],
        "interests": interests,
    })


def test_the_solver_reports_the_tighter_bound_and_replays_it() -> None:
    """A run keeps the larger of the two bounds, and the same seed and work give the same bounds again."""
    instance = _instance(3)
    first = schedule(instance, seed=1, work=20_000_000)
    second = schedule(instance, seed=1, work=20_000_000)
    problem = compile_instance(instance)
    scheduled = sum(1 for a in first.assignments)
    # The bound without pricing whole slots, for the same twelve most wanted sessions.
    demands = sorted(problem.demand, reverse=True)
    cut = demands[scheduled - 1]
    considered = [s for s in problem.free if problem.demand[s] >= cut]
    must = {s for s in considered if problem.demand[s] > cut}
    pairs_only = lower_bound(problem, scheduled, True, considered, must)
    assert (first.most_wanted_bound, first.lower_bound) == (second.most_wanted_bound, second.lower_bound)
    assert first.assignments == second.assignments
    assert pairs_only < first.most_wanted_bound <= first.metrics.lost
