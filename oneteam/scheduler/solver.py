"""The public entry point: :func:`schedule`."""

from __future__ import annotations

import random
import time
from collections.abc import Iterable

from .bound import lower_bound, slot_bound
from .budget import Budget
from .evaluate import evaluate
from .lns import Neighbourhoods
from .model import Assignment, Instance, Result
from .problem import Problem, compile_instance
from .repair import fill
from .search import ROUND_PROPOSALS, Annealer, Progress, State, greedy

END_TEMPERATURE = 0.3
# After the search, each whole-slot bound (at most two: docs/scheduler.md)
# gets 1/BOUND_SHARE of the search's work units, so ``--work`` replays it
# too.  A timed run first times it with no work and with PROBE_WORK units
# (the results are thrown away; the least of three timings each), then
# stops searching early enough for them at that speed.
BOUND_SHARE = 10
PROBE_WORK = 1_000_000

# Why a run ended (Result.stopped).
STOP_BUDGET = "budget"  # the seconds or the work asked for were used
STOP_OPTIMAL = "optimal"  # the grid reached the lower bound: nothing better exists
STOP_FIXED = "nothing to move"  # no free session can change slot: the grid is the only one


def schedule(
    instance: Instance,
    seconds: float = 10.0,
    seed: int = 0,
    keep: Iterable[Assignment] = (),
    progress: Progress | None = None,
    drop_popular: bool = False,
    work: int | None = None,
) -> Result:
    """Optimise a schedule for ``seconds`` of wall clock, or exactly ``work`` units of work.

    With ``work`` (an integer) the run never looks at the clock: the same
    instance, seed and work give the same result on any machine.  With
    ``seconds`` only, the run stops when the time is up, or earlier when
    the grid is provably optimal or nothing can move; ``Result.work`` says how
    much work it did, and ``schedule(..., seed=seed, work=result.work)``
    replays it exactly (see budget.py).

    ``keep`` lists assignments to hold fixed on top of the instance's pins,
    e.g. the sessions an organiser has already announced.  ``progress``, if
    given, receives short human-readable status lines.

    By default the most wanted sessions are scheduled: when sessions outnumber
    the room-slots (or host rules block some), the least wanted wait, so
    missed attendances are as few as possible; then clashes plus overflow are
    minimised.  ``drop_popular=True`` minimises lost attendances alone, which
    may leave out a popular session whose audience would clash anyway.
    """
    budget = Budget(seconds=seconds, work=work)
    keep = list(keep)
    if keep:
        instance = instance.with_pins(keep)
    problem = compile_instance(instance)
    state, count_is_max, best_selection = _initial_state(problem, seed, drop_popular)
    scheduled = [s for s in problem.free if state.slot_of[s] != problem.unscheduled]
    bound = lower_bound(problem, len(scheduled), count_is_max)
    kept_bound = None
    most_wanted = None
    if not drop_popular:
        kept_bound = bound
        if best_selection and _is_top(problem, scheduled):
            most_wanted = _most_wanted(problem, scheduled)
            kept_bound = max(bound, lower_bound(problem, len(scheduled), True, *most_wanted))
    target = bound if drop_popular else kept_bound
    # The whole-slot bounds (general, and for keeping the most wanted
    # sessions) count clashes among scheduled sessions: the search leaves
    # them a share of the time each, and they get a share of its work.
    plans = []
    if scheduled and problem.slots:
        plans.append((len(scheduled), count_is_max, list(problem.free), frozenset()))
        # The second bound differs unless it holds the same sessions and all are sure in both.
        if most_wanted is not None and (most_wanted[0] != problem.free or (
                most_wanted[1] and len(scheduled) < len(problem.free))):
            plans.append((len(scheduled), True, *most_wanted))
    if plans and budget.deadline is not None:
        # The least of three timings, so that one hiccup of the machine does not count.
        setup = min(_timed(lambda: slot_bound(problem, *plans[0], work=0)) for _ in range(3))
        probe = min(_timed(lambda: slot_bound(problem, *plans[0], work=PROBE_WORK)) for _ in range(3))
        budget.reserve(len(plans) * max(0.0, probe - setup) / PROBE_WORK / BOUND_SHARE, len(plans) * setup)
    best, stopped = _search(problem, state, seed, budget, progress, drop_popular, target)
    if stopped != STOP_OPTIMAL and plans:
        if progress is not None:
            progress("tightening the lower bound (pricing whole slots)")
        slot_work = budget.used // BOUND_SHARE
        bounds = [slot_bound(problem, *plan, work=slot_work) for plan in plans]
        bound = max(bound, bounds[0])
        if kept_bound is not None:
            kept_bound = max(kept_bound, *bounds)
    assignments = problem.assignments(best)
    placed = {a.session for a in assignments}
    if progress is not None:
        progress(f"stopped ({stopped}) after {budget.elapsed:.1f} s; replay: --seed {seed} --work {budget.used}")
    return Result(
        assignments=tuple(assignments),
        unscheduled=tuple(s.id for s in instance.sessions if s.id not in placed),
        metrics=evaluate(instance, assignments),
        lower_bound=bound,
        most_wanted_bound=kept_bound,
        work=budget.used,
        seed=seed,
        seconds=round(budget.elapsed, 3),
        stopped=stopped,
    )


def _search(
    problem: Problem,
    state: State,
    seed: int,
    budget: Budget,
    progress: Progress | None,
    drop_popular: bool,
    target: int,
) -> tuple[list[int], str]:
    """Rounds of annealing, then the two-slot search, each round twice as long as the last.

    Each round starts from the best schedule so far.  The rounds never depend
    on the budget, which only says where to stop (the best schedule so far is
    then returned), so a short run is the beginning of a long one.  The
    first round's length grows with the instance (free sessions × slots).
    """
    rng = random.Random(seed)
    annealer = Annealer(state, rng, progress, fixed_selection=not drop_popular)
    if state.cost <= target:
        return state.slot_of, STOP_OPTIMAL
    if not annealer.can_move:
        return state.slot_of, STOP_FIXED
    lns = Neighbourhoods(problem, seed)
    use_lns = not drop_popular and lns.applicable
    length = ROUND_PROPOSALS * len(problem.free) * len(annealer.targets) * annealer.proposal_cost()
    best, best_score = list(state.slot_of), (state.cost, state.clashes)
    round_number = 0
    budget.start()
    while True:
        if best_score[0] <= target:
            return best, STOP_OPTIMAL
        if budget.exhausted():
            return best, STOP_BUDGET
        round_number += 1
        label = f"round {round_number}: " if progress is not None else ""
        if round_number > 1:
            annealer = Annealer(State(problem, best), rng, progress, fixed_selection=not drop_popular)
        annealer.run(length, annealer.initial_temperature(), END_TEMPERATURE, budget, label)
        found = annealer.best_slots
        if use_lns:
            found = lns.run(found, length, budget, progress)
        found_state = State(problem, found)
        score = (found_state.cost, found_state.clashes)
        if score < best_score:
            best, best_score = list(found), score
        length *= 2


def _initial_state(problem: Problem, seed: int, drop_popular: bool) -> tuple[State, bool, bool]:
    """Greedy start, corrected by CP-SAT when host rules made greedy fall short.

    Returns the state, whether its number of scheduled sessions is proven the
    most the rules allow, and whether its choice of sessions is proven to
    miss the fewest attendances among those.
    """
    state = greedy(problem)
    scheduled = [s for s in problem.free if state.slot_of[s] != problem.unscheduled]
    full = len(scheduled) == problem.target_count
    if full and (drop_popular or _is_top(problem, scheduled)):
        return state, True, True
    slot_of, proven = fill(problem, state.slot_of, seed)
    return State(problem, slot_of), proven, proven


def _timed(task) -> float:
    started = time.monotonic()
    task()
    return time.monotonic() - started


def _is_top(problem: Problem, scheduled: list[int]) -> bool:
    """Whether these are as many of the most wanted free sessions (no others are wanted more)."""
    demands = sorted((problem.demand[s] for s in problem.free), reverse=True)
    return sum(problem.demand[s] for s in scheduled) == sum(demands[: len(scheduled)])


def _most_wanted(problem: Problem, scheduled: list[int]) -> tuple[list[int], set[int]]:
    """The sessions such a schedule may hold, and those it must."""
    if not scheduled:
        return [], set()
    cut = min(problem.demand[s] for s in scheduled)
    considered = [s for s in problem.free if problem.demand[s] >= cut]
    return considered, {s for s in considered if problem.demand[s] > cut}
