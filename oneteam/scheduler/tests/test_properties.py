"""Property tests on random small instances.

The checks here recompute everything from the raw instance on their own,
without the scheduler's evaluate(), so a shared bug cannot hide.
"""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from oneteam.scheduler import Instance, ScheduleInputError, schedule

PEOPLE = [f"p{i}" for i in range(6)]


@st.composite
def instances(draw, max_sessions: int = 5, max_rooms: int = 3, max_slots: int = 3) -> Instance:
    rooms = [
        {"id": f"r{i}", "name": f"R{i}", "capacity": draw(st.integers(0, 4))}
        for i in range(draw(st.integers(1, max_rooms)))
    ]
    slots = [{"id": f"t{i}"} for i in range(draw(st.integers(1, max_slots)))]
    cells = [{"room": r["id"], "slot": t["id"]} for t in slots for r in rooms]
    unavailable = draw(st.lists(st.sampled_from(cells), unique_by=lambda c: (c["room"], c["slot"])))
    n = draw(st.integers(0, max_sessions))
    sessions = []
    for i in range(n):
        session = {"id": f"s{i}", "hosts": draw(st.lists(st.sampled_from(PEOPLE), max_size=2))}
        if draw(st.integers(0, 4)) == 0:
            session["pinned"] = draw(st.sampled_from(cells))
        sessions.append(session)
    ids = [s["id"] for s in sessions]
    interests = {
        p: draw(st.lists(st.sampled_from(ids), unique=True)) if ids else [] for p in PEOPLE
    }
    data = {"rooms": rooms, "slots": slots, "sessions": sessions, "interests": interests,
            "unavailable": unavailable}
    try:
        return Instance.from_dict(data)
    except ScheduleInputError:
        assume(False)
        raise


def audience(instance: Instance) -> dict[str, set[str]]:
    out = {s.id: set(s.hosts) for s in instance.sessions}
    for person, wanted in instance.interests.items():
        for sid in wanted:
            out[sid].add(person)
    return out


def lost(instance: Instance, placed: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    """(clashes, overflow, missed) of (session, room, slot) triples, from scratch."""
    aud = audience(instance)
    capacity = {r.id: r.capacity for r in instance.rooms}
    people = set().union(*aud.values()) if aud else set()  # everyone in this instance, whoever generated it
    clashes = 0
    for slot in instance.slots:
        here = [s for s, _, t in placed if t == slot.id]
        for person in people:
            k = sum(person in aud[s] for s in here)
            clashes += max(0, k - 1)
    overflow = sum(max(0, len(aud[s]) - capacity[r]) for s, r, _ in placed)
    scheduled = {s for s, _, _ in placed}
    missed = sum(len(people) for sid, people in aud.items() if sid not in scheduled)
    return clashes, overflow, missed


def breaks_rules(instance: Instance, placed: list[tuple[str, str, str]]) -> bool:
    """Every hard rule except the count of scheduled sessions."""
    closed = {(c.room, c.slot) for c in instance.unavailable}
    hosts = {s.id: s.hosts for s in instance.sessions}
    cells = [(r, t) for _, r, t in placed]
    sessions = [s for s, _, _ in placed]
    host_slots = [(h, t) for s, _, t in placed for h in hosts[s]]
    pins_ok = all(
        (s.id, s.pinned.room, s.pinned.slot) in placed for s in instance.sessions if s.pinned
    )
    return (
        len(set(cells)) < len(cells)
        or len(set(sessions)) < len(sessions)
        or any(c in closed for c in cells)
        or len(set(host_slots)) < len(host_slots)
        or not pins_ok
    )


def all_valid(instance: Instance) -> list[list[tuple[str, str, str]]]:
    """Every schedule obeying the hard rules, by brute force."""
    cells = [(r.id, t.id) for t in instance.slots for r in instance.rooms]
    options = [None, *cells]
    valid = []
    for choice in itertools.product(options, repeat=len(instance.sessions)):
        placed = [(s.id, *c) for s, c in zip(instance.sessions, choice) if c is not None]
        if not breaks_rules(instance, placed):
            valid.append(placed)
    most = max(len(p) for p in valid)
    return [p for p in valid if len(p) == most]


def triples(result) -> list[tuple[str, str, str]]:
    return [(a.session, a.room, a.slot) for a in result.assignments]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(), st.integers(0, 3))
def test_schedules_obey_rules_and_report_true_metrics(instance: Instance, seed: int) -> None:
    result = schedule(instance, seconds=0.02, seed=seed)
    placed = triples(result)
    assert not breaks_rules(instance, placed)
    clashes, overflow, missed = lost(instance, placed)
    assert result.metrics.clashes == clashes
    assert result.metrics.overflow == overflow
    assert result.metrics.missed == missed
    assert result.metrics.lost == clashes + overflow + missed
    assert sorted(result.unscheduled) == sorted(
        {s.id for s in instance.sessions} - {s for s, _, _ in placed}
    )
    open_cells = len(instance.slots) * len(instance.rooms) - len(instance.unavailable)
    assert len(placed) <= min(len(instance.sessions), open_cells)
    assert result.lower_bound is not None and result.lower_bound <= result.metrics.lost


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(max_sessions=4, max_rooms=2, max_slots=3), st.booleans())
def test_bound_below_optimum_below_ours(instance: Instance, keep_popular: bool) -> None:
    best = all_valid(instance)
    optimum = min(sum(lost(instance, p)) for p in best)
    result = schedule(instance, seconds=0.05, seed=0, drop_popular=not keep_popular)
    assert len(result.assignments) == len(best[0])  # as many as the rules allow
    assert result.lower_bound <= optimum <= result.metrics.lost


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(), st.integers(0, 100), st.integers(0, 300_000))
def test_same_seed_and_work_same_schedule(instance: Instance, seed: int, work: int) -> None:
    first = schedule(instance, work=work, seed=seed)
    assert schedule(instance, work=work, seed=seed) == first
    assert first.work >= work or first.stopped != "budget"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(), st.integers(0, 100))
def test_a_timed_run_is_replayed_by_its_work(instance: Instance, seed: int) -> None:
    timed = schedule(instance, seconds=0.03, seed=seed)
    assert schedule(instance, work=timed.work, seed=seed) == timed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances())
def test_keep_holds_assignments(instance: Instance) -> None:
    first = schedule(instance, seconds=0.01, seed=1)
    kept = first.assignments[:2]
    again = schedule(instance, seconds=0.02, seed=2, keep=kept)
    assert set(kept) <= set(again.assignments)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(max_sessions=4, max_rooms=2, max_slots=3))
def test_default_misses_least_then_bound_below_optimum(instance: Instance) -> None:
    """The default schedules the most wanted; its own bound holds among such schedules."""
    best = all_valid(instance)
    fewest_missed = min(lost(instance, p)[2] for p in best)
    kept = [p for p in best if lost(instance, p)[2] == fewest_missed]
    optimum = min(sum(lost(instance, p)) for p in kept)
    result = schedule(instance, seconds=0.05, seed=0)
    assert len(result.assignments) == len(best[0])
    assert result.metrics.missed == fewest_missed
    assert result.lower_bound <= result.most_wanted_bound <= optimum <= result.metrics.lost


def test_default_leaves_out_the_least_wanted() -> None:
    data = {
        "rooms": [{"id": "r", "name": "R", "capacity": 10}],
        "slots": [{"id": "t1"}, {"id": "t2"}],
        "sessions": [{"id": s, "hosts": []} for s in ("a", "b", "c")],
        "interests": {"x": ["a", "b"], "y": ["a", "b"], "z": ["c"]},
    }
    result = schedule(Instance.from_dict(data), seconds=0.05)
    assert result.unscheduled == ("c",)
    assert Counter(a.slot for a in result.assignments) == {"t1": 1, "t2": 1}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(max_sessions=6, max_rooms=3, max_slots=3), st.integers(0, 3))
def test_two_slot_search_finds_the_best_split(instance: Instance, seed: int) -> None:
    """Re-optimising two slots gives the best valid split of their sessions, by brute force."""
    from oneteam.scheduler.lns import Neighbourhoods
    from oneteam.scheduler.problem import compile_instance
    from oneteam.scheduler.search import greedy

    problem = compile_instance(instance)
    start = greedy(problem).slot_of
    search = Neighbourhoods(problem, seed)
    for a, b in itertools.combinations(search.slots, 2):
        moved = [s for s in problem.free if start[s] in (a, b)]
        best = None
        for choice in itertools.product((a, b), repeat=len(moved)):
            slot_of = list(start)
            for s, t in zip(moved, choice):
                slot_of[s] = t
            if any(choice.count(t) > len(problem.free_rooms[t]) for t in (a, b)):
                continue
            placed = [(x.session, x.room, x.slot) for x in problem.assignments(slot_of)]
            if breaks_rules(instance, placed):
                continue
            c, o, m = lost(instance, placed)
            best = min(best or (c + o + m,), (c + o + m,))
        found, _ = search._solve(start, (a, b))
        placed = [(x.session, x.room, x.slot) for x in problem.assignments(found or start)]
        assert not breaks_rules(instance, placed)
        assert best is not None and sum(lost(instance, placed)) == best[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(instances(max_sessions=6), st.integers(0, 3), st.booleans())
def test_a_move_changes_cost_and_clashes_as_predicted(instance: Instance, seed: int, fixed: bool) -> None:
    """The annealing's energy uses both changes; a state rebuilt after the move must agree."""
    import random

    from oneteam.scheduler.problem import compile_instance
    from oneteam.scheduler.search import Annealer, State, greedy

    problem = compile_instance(instance)
    state = greedy(problem)
    annealer = Annealer(state, random.Random(seed), fixed_selection=fixed)
    assume(annealer.can_move)
    for _ in range(30):
        move = annealer.propose()
        if move is None:
            continue
        change, clashes, overflows = state.changes(move)
        after = list(state.slot_of)
        for s, _, b in move:
            after[s] = b
        rebuilt = State(problem, after)
        assert (rebuilt.cost - state.cost, rebuilt.clashes - state.clashes) == (change, clashes)
        state.commit(move, overflows)
        assert (state.cost, state.clashes) == (rebuilt.cost, rebuilt.clashes)
