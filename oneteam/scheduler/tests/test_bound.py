"""The lower bound's clash part: the partition bound and the pair weights, against brute force."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from oneteam.scheduler import Instance, ScheduleInputError, schedule
from oneteam.scheduler.partition import within_bound

from .test_properties import all_valid, lost


def _groups(draw, n: int, most: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Up to ``most`` groups of one to three pairs of distinct vertices among ``n``, as (first, second, group)."""
    first, second, group = [], [], []
    for g in range(draw(st.integers(1, most)) if most else 0):
        for _ in range(draw(st.integers(1, 3))):
            i, j = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
            first.append(i)
            second.append(j)
            group.append(g)
    return np.array(first, dtype=np.intp), np.array(second, dtype=np.intp), np.array(group, dtype=np.intp)


@st.composite
def weighted_graphs(draw):
    n = draw(st.integers(0, 7))
    parts = draw(st.integers(1, 4))
    size = draw(st.integers(max(1, -(-n // parts)), max(1, n)))
    values = draw(st.lists(st.integers(0, 5), min_size=n * n, max_size=n * n))
    weights = np.array(values, dtype=float).reshape(n, n) if n else np.zeros((0, 0))
    weights = (weights + weights.T) / 3  # symmetric, not always whole numbers
    np.fill_diagonal(weights, 0.0)
    return weights, parts, size


def least_within(weights: np.ndarray, parts: int, size: int) -> float:
    """The least weight inside the parts, over every assignment of vertices to parts."""
    n = weights.shape[0]
    best = float("inf")
    for labels in itertools.product(range(parts), repeat=n):
        if max((labels.count(p) for p in range(parts)), default=0) > size:
            continue
        best = min(best, sum(weights[i, j] for i, j in itertools.combinations(range(n), 2)
                             if labels[i] == labels[j]))
    return best if n else 0.0


@settings(max_examples=200, deadline=None)
@given(weighted_graphs())
def test_partition_bound_never_exceeds_the_best_partition(graph) -> None:
    weights, parts, size = graph
    assert within_bound(weights, parts, size) <= least_within(weights, parts, size) + 1e-9


@st.composite
def chosen_pairs(draw):
    """Groups of pairs (i, j); a group counts 1 when any of its pairs shares a part."""
    n = draw(st.integers(2, 7))
    parts = draw(st.integers(1, 3))
    size = draw(st.integers(max(1, -(-n // parts)), n))
    return n, parts, size, _groups(draw, n, 6)


@settings(max_examples=200, deadline=None)
@given(chosen_pairs())
def test_partition_bound_with_choices_never_exceeds_the_best_partition(case) -> None:
    n, parts, size, (first, second, group) = case
    best = float("inf")
    for labels in itertools.product(range(parts), repeat=n):
        if max(labels.count(p) for p in range(parts)) > size:
            continue
        together = [labels[i] == labels[j] for i, j in zip(first, second)]
        best = min(best, sum(max(t for t, g in zip(together, group) if g == k) for k in set(group)))
    bound = within_bound(np.zeros((n, n)), parts, size, choices=(first, second, group))
    assert bound <= best + 1e-9


def test_partition_bound_is_exact_on_four_equal_pairs() -> None:
    # Four vertices, every pair weight 1, two parts of two: any split keeps 2 inside.
    weights = np.ones((4, 4)) - np.eye(4)
    assert within_bound(weights, 2, 2) >= 2 - 1e-6


def test_bound_sees_clashes_nobody_can_avoid() -> None:
    """Four sessions in two slots of two rooms; six people, each wanting a different pair.

    Nobody wants more sessions than there are slots, so the first pass's
    bound saw no clashes; but every split of four sessions into two slots
    puts two of the six pairs together, so every grid has 2 clashes.  The
    pair bound proves it, and the run stops as optimal.
    """
    sessions = ["a", "b", "c", "d"]
    data = {
        "rooms": [{"id": "r1", "name": "R1", "capacity": 10}, {"id": "r2", "name": "R2", "capacity": 10}],
        "slots": [{"id": "t1"}, {"id": "t2"}],
        "sessions": [{"id": s, "hosts": []} for s in sessions],
        "interests": {f"p{i}": list(pair) for i, pair in enumerate(itertools.combinations(sessions, 2))},
    }
    result = schedule(Instance.from_dict(data), seconds=1, seed=0)
    assert result.metrics.clashes == 2
    assert result.lower_bound == 2
    assert result.stopped == "optimal"


@st.composite
def crowded(draw) -> Instance:
    """Few slots, many people wanting two or three sessions: where the pair bound counts."""
    rooms = [{"id": f"r{i}", "name": f"R{i}", "capacity": draw(st.integers(1, 6))}
             for i in range(draw(st.integers(1, 2)))]
    slots = [{"id": f"t{i}"} for i in range(draw(st.integers(1, 3)))]
    cells = [{"room": r["id"], "slot": t["id"]} for t in slots for r in rooms]
    n = draw(st.integers(2, 5))
    sessions = []
    for i in range(n):
        session = {"id": f"s{i}", "hosts": draw(st.lists(st.sampled_from(["h0", "h1", "p0"]), max_size=1))}
        if draw(st.integers(0, 6)) == 0:
            session["pinned"] = draw(st.sampled_from(cells))
        sessions.append(session)
    ids = [s["id"] for s in sessions]
    interests = {f"p{i}": draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
                 for i in range(draw(st.integers(1, 8)))}
    unavailable = draw(st.lists(st.sampled_from(cells), max_size=1))
    try:
        return Instance.from_dict({"rooms": rooms, "slots": slots, "sessions": sessions,
                                   "interests": interests, "unavailable": unavailable})
    except ScheduleInputError:
        assume(False)
        raise


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(crowded(), st.booleans())
def test_bounds_never_exceed_the_optimum_on_crowded_instances(instance: Instance, keep_popular: bool) -> None:
    best = all_valid(instance)
    result = schedule(instance, seconds=0.05, seed=0, drop_popular=not keep_popular)
    assert result.lower_bound <= min(sum(lost(instance, p)) for p in best) <= result.metrics.lost
    if keep_popular:
        fewest_missed = min(lost(instance, p)[2] for p in best)
        kept = [p for p in best if lost(instance, p)[2] == fewest_missed]
        assert result.most_wanted_bound <= min(sum(lost(instance, p)) for p in kept)


@st.composite
def mixed_owners(draw):
    """Owners with a constant and options of groups of pairs.

    An owner counts max(constant, each option's count), an option counting
    1 for each of its groups with a pair together.
    """
    n, parts, size, (first, second, group) = draw(chosen_pairs())
    groups = int(group.max()) + 1
    options = draw(st.integers(1, groups))
    option = np.array([draw(st.integers(0, options - 1)) for _ in range(groups)])
    owners = draw(st.integers(1, options))
    person = np.array([draw(st.integers(0, owners - 1)) for _ in range(options)])
    constant = np.array([draw(st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.0, 3.0])) for _ in range(owners)])
    return n, parts, size, (first, second, group), (option, person, constant)


@settings(max_examples=300, deadline=None)
@given(mixed_owners(), st.booleans())
def test_partition_bound_with_a_mix_never_exceeds_the_best_partition(case, one_option_each) -> None:
    """Each owner's λ·constant + Σ μ·option is below max(constant, every option's count)."""
    n, parts, size, (first, second, group), (option, person, constant) = case
    if one_option_each:  # the two-array form: owner = option
        person = np.arange(len(person))
        constant = np.resize(constant, len(person))
    best = float("inf")
    for labels in itertools.product(range(parts), repeat=n):
        if max(labels.count(p) for p in range(parts)) > size:
            continue
        together = [labels[i] == labels[j] for i, j in zip(first, second)]
        counted = np.zeros(len(person))
        for k in set(group):
            counted[option[k]] += max(t for t, g in zip(together, group) if g == k)
        owners = constant.copy()
        for o, c in enumerate(counted):
            owners[person[o]] = max(owners[person[o]], c)
        best = min(best, float(owners.sum()))
    mix = (option, constant) if one_option_each else (option, person, constant)
    bound = within_bound(np.zeros((n, n)), parts, size, choices=(first, second, group), mix=mix)
    assert bound <= best + 1e-9


def test_mix_keeps_the_constant_when_pairs_are_worth_less() -> None:
    # One owner, one pair that two parts can always split: the bound is the constant.
    first, second, group = np.array([1]), np.array([0]), np.array([0])
    bound = within_bound(np.zeros((2, 2)), 2, 1, choices=(first, second, group),
                         mix=(np.array([0]), np.array([3.0])))
    assert 3 - 1e-6 <= bound <= 3


def _sessions_and_interests(draw, n: int, pinned: list[dict]) -> tuple[list[dict], dict[str, list[str]]]:
    """``n`` sessions, the first ones pinned to ``pinned``'s cells, and up to eight people wanting two to four."""
    sessions = [{"id": f"s{i}", "hosts": []} for i in range(n)]
    for session, cell in zip(sessions, pinned):
        session["pinned"] = cell
    ids = [s["id"] for s in sessions]
    interests = {f"p{i}": draw(st.lists(st.sampled_from(ids), min_size=2, max_size=4, unique=True))
                 for i in range(draw(st.integers(1, 8)))}
    return sessions, interests


@st.composite
def pinned_and_crowded(draw) -> Instance:
    """Pins in most slots and people wanting up to four sessions of two or three slots."""
    rooms = [{"id": f"r{i}", "name": f"R{i}", "capacity": draw(st.integers(2, 6))} for i in range(2)]
    slots = [{"id": f"t{i}"} for i in range(draw(st.integers(2, 3)))]
    cells = [{"room": r["id"], "slot": t["id"]} for t in slots for r in rooms]
    pinned = draw(st.lists(st.sampled_from(cells), min_size=1, max_size=2,
                           unique_by=lambda c: (c["room"], c["slot"])))
    n = draw(st.integers(len(pinned) + 1, 5))
    sessions, interests = _sessions_and_interests(draw, n, pinned)
    return Instance.from_dict({"rooms": rooms, "slots": slots, "sessions": sessions, "interests": interests})


def _assert_bounds_hold(instance: Instance) -> None:
    """Both bounds at most the optimum found by brute force (the most-wanted one among the grids
    that miss as few attendances as possible), and the general one at most what the run found."""
    best = all_valid(instance)
    result = schedule(instance, seconds=0.05, seed=0)
    assert result.lower_bound <= min(sum(lost(instance, p)) for p in best) <= result.metrics.lost
    fewest_missed = min(lost(instance, p)[2] for p in best)
    kept = [p for p in best if lost(instance, p)[2] == fewest_missed]
    assert result.most_wanted_bound <= min(sum(lost(instance, p)) for p in kept)


@settings(max_examples=60, deadline=None)
@given(pinned_and_crowded())
def test_bounds_with_pins_as_vertices_never_exceed_the_optimum(instance: Instance) -> None:
    """Pinned sessions are vertices of the partition and people may want more sessions than slots."""
    _assert_bounds_hold(instance)


@st.composite
def sized_graphs(draw):
    """Weighted graphs with each part's own size, some vertices fixed to a part, and maybe groups."""
    n = draw(st.integers(0, 7))
    parts = draw(st.integers(1, 4))
    sizes = [draw(st.integers(0, n)) for _ in range(parts)]
    assume(sum(sizes) >= n and max(sizes) >= 1)
    part_of = [draw(st.one_of(st.none(), st.integers(0, parts - 1))) for _ in range(n)]
    values = draw(st.lists(st.integers(0, 5), min_size=n * n, max_size=n * n))
    weights = np.array(values, dtype=float).reshape(n, n) if n else np.zeros((0, 0))
    weights = (weights + weights.T) / 3
    np.fill_diagonal(weights, 0.0)
    groups = _groups(draw, n, 4) if n >= 2 and draw(st.booleans()) else _groups(draw, n, 0)
    return weights, parts, sizes, part_of, groups


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(sized_graphs())
def test_partition_bound_with_own_sizes_and_fixed_parts_never_exceeds_the_best_partition(case) -> None:
    """Parts of unequal sizes and vertices fixed to parts (fourth pass: known pairs as multipliers)."""
    weights, parts, sizes, part_of, (first, second, group) = case
    n = weights.shape[0]
    best = float("inf")
    for labels in itertools.product(range(parts), repeat=n):
        if any(labels.count(p) > sizes[p] for p in range(parts)):
            continue
        if any(t is not None and labels[v] != t for v, t in enumerate(part_of)):
            continue
        inside = sum(weights[i, j] for i, j in itertools.combinations(range(n), 2) if labels[i] == labels[j])
        inside += sum(max(labels[i] == labels[j] for i, j, g in zip(first, second, group) if g == k)
                      for k in set(group.tolist()))
        best = min(best, inside)
    bound = within_bound(weights, parts, max(sizes), choices=(first, second, group) if len(group) else None,
                         sizes=sizes, part_of=part_of)
    assert bound <= best + 1e-9


def test_own_sizes_raise_the_bound() -> None:
    # Four vertices, every pair weight 1, parts of three and one place: at
    # least three pairs share a part.  Padded to two parts of three, the
    # split 2 + 2 (two pairs) would be allowed; the known dummies rule it out.
    weights = np.ones((4, 4)) - np.eye(4)
    assert within_bound(weights, 2, 3) < 2.5
    assert within_bound(weights, 2, 3, sizes=[3, 1]) >= 2.5


@st.composite
def closed_and_crowded(draw) -> Instance:
    """Six room-slots (three rooms and two slots, or the reverse), some closed, some pins: unequal slots."""
    wide = draw(st.booleans())
    rooms = [{"id": f"r{i}", "name": f"R{i}", "capacity": draw(st.integers(2, 6))} for i in range(3 if wide else 2)]
    slots = [{"id": f"t{i}"} for i in range(2 if wide else 3)]
    cells = [{"room": r["id"], "slot": t["id"]} for t in slots for r in rooms]
    closed = draw(st.lists(st.sampled_from(cells), max_size=2, unique_by=lambda c: (c["room"], c["slot"])))
    open_cells = [c for c in cells if c not in closed]
    assume(open_cells)
    pinned = draw(st.lists(st.sampled_from(open_cells), max_size=2, unique_by=lambda c: (c["room"], c["slot"])))
    n = draw(st.integers(max(2, len(pinned)), 5))
    sessions, interests = _sessions_and_interests(draw, n, pinned)
    return Instance.from_dict({"rooms": rooms, "slots": slots, "sessions": sessions, "interests": interests,
                               "unavailable": closed})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(closed_and_crowded())
def test_bounds_with_unequal_slots_never_exceed_the_optimum(instance: Instance) -> None:
    """Slots with their own numbers of places and pinned sessions fixed to their slots."""
    _assert_bounds_hold(instance)


@st.composite
def tied_and_crowded(draw) -> Instance:
    """More sessions than room-slots and few people, so that sessions often tie at the cut."""
    rooms = [{"id": f"r{i}", "name": f"R{i}", "capacity": draw(st.integers(1, 4))} for i in range(2)]
    slots = [{"id": f"t{i}"} for i in range(2)]
    cells = [{"room": r["id"], "slot": t["id"]} for t in slots for r in rooms]
    closed = draw(st.lists(st.sampled_from(cells), max_size=1))
    sessions = [{"id": f"s{i}", "hosts": []} for i in range(5)]
    ids = [s["id"] for s in sessions]
    interests = {f"p{i}": draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
                 for i in range(draw(st.integers(2, 7)))}
    return Instance.from_dict({"rooms": rooms, "slots": slots, "sessions": sessions, "interests": interests,
                               "unavailable": closed})


@settings(max_examples=80, deadline=None)
@given(tied_and_crowded())
def test_most_wanted_bound_with_tied_sessions_never_exceeds_the_optimum(instance: Instance) -> None:
    """Instances where only some of the sessions tied at the cut fit: the bound still holds."""
    best = all_valid(instance)
    result = schedule(instance, seconds=0.05, seed=0)
    fewest_missed = min(lost(instance, p)[2] for p in best)
    kept = [p for p in best if lost(instance, p)[2] == fewest_missed]
    assert result.lower_bound <= result.most_wanted_bound <= min(sum(lost(instance, p)) for p in kept)
