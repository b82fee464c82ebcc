"""The public entry point: :func:`schedule`."""

from __future__ import annotations

import random
from collections.abc import Iterable

from .bound import lower_bound
from .evaluate import evaluate
from .lns import Neighbourhoods
from .model import Assignment, Instance, Result
from .problem import Problem, compile_instance
from .repair import fill
from .search import Annealer, Progress, State, greedy

# Work units (see the cost model in search.py) per second of --seconds.
# Measured on the 2-core benchmark machine so that a budget takes about two
# thirds of the requested wall time there when the machine is otherwise idle,
# which leaves room for a busy machine.  It is a constant, so results never
# depend on the machine's speed or load.
WORK_PER_SECOND = 15_000_000
END_TEMPERATURE = 0.3
# Share of the budget given to the large-neighbourhood search (lns.py) after
# the annealing, in the default mode and when pairs of slots are small enough
# to enumerate; otherwise the annealing has the whole budget.
LNS_SHARE = 0.5


def schedule(
    instance: Instance,
    seconds: float = 10.0,
    seed: int = 0,
    keep: Iterable[Assignment] = (),
    progress: Progress | None = None,
    drop_popular: bool = False,
) -> Result:
    """Optimise a schedule; the same instance, seconds and seed give the same result.

    ``keep`` lists assignments to hold fixed on top of the instance's pins,
    e.g. the sessions an organiser has already announced.  ``progress``, if
    given, receives short human-readable status lines.

    By default the most wanted sessions are scheduled: when sessions outnumber
    the room-slots (or host rules block some), the least wanted wait, so
    missed attendances are as few as possible; then clashes plus overflow are
    minimised.  ``drop_popular=True`` minimises lost attendances alone, which
    may leave out a popular session whose audience would clash anyway.
    """
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    keep = list(keep)
    if keep:
        instance = instance.with_pins(keep)
    problem = compile_instance(instance)
    state, count_is_max, best_selection = _initial_state(problem, seed, drop_popular)
    annealer = Annealer(state, random.Random(seed), progress, fixed_selection=not drop_popular)
    lns = Neighbourhoods(problem, seed)
    share = LNS_SHARE if not drop_popular and lns.applicable else 0.0
    annealer.run(
        budget=int(seconds * (1 - share) * WORK_PER_SECOND),
        start_temp=annealer.initial_temperature(),
        end_temp=END_TEMPERATURE,
    )
    best = lns.run(annealer.best_slots, seconds * share, progress) if share else annealer.best_slots
    assignments = problem.assignments(best)
    placed = {a.session for a in assignments}
    scheduled = [s for s in problem.free if best[s] != problem.unscheduled]
    bound = lower_bound(problem, len(scheduled), count_is_max)
    kept_bound = None
    if not drop_popular:
        kept_bound = bound
        if best_selection and _is_top(problem, scheduled):
            kept_bound = max(bound, _most_wanted_bound(problem, scheduled))
    return Result(
        assignments=tuple(assignments),
        unscheduled=tuple(s.id for s in instance.sessions if s.id not in placed),
        metrics=evaluate(instance, assignments),
        lower_bound=bound,
        most_wanted_bound=kept_bound,
    )


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


def _is_top(problem: Problem, scheduled: list[int]) -> bool:
    """Whether these are as many of the most wanted free sessions (no others are wanted more)."""
    demands = sorted((problem.demand[s] for s in problem.free), reverse=True)
    return sum(problem.demand[s] for s in scheduled) == sum(demands[: len(scheduled)])


def _most_wanted_bound(problem: Problem, scheduled: list[int]) -> int:
    """Bound over schedules that schedule the same number of the most wanted sessions.

    Such a schedule holds every free session wanted by more people than the
    least wanted one scheduled here, some of those tied with it, and none
    wanted less.
    """
    if not scheduled:
        return lower_bound(problem, 0, True, considered=[])
    cut = min(problem.demand[s] for s in scheduled)
    considered = [s for s in problem.free if problem.demand[s] >= cut]
    must = {s for s in considered if problem.demand[s] > cut}
    return lower_bound(problem, len(scheduled), True, considered=considered, must=must)
