"""The public entry point: :func:`schedule`."""

from __future__ import annotations

import random
from collections.abc import Iterable

from .bound import lower_bound
from .evaluate import evaluate
from .model import Assignment, Instance, Result
from .problem import Problem, compile_instance
from .repair import fill
from .search import Annealer, Progress, State, greedy

# Work units (audience members touched, see search.py) per second of --seconds.
# Measured on the 2-core benchmark machine so that the budget takes at most
# the requested time there; it is a constant so that results never depend on
# the machine's speed or load.
WORK_PER_SECOND = 32_000_000
END_TEMPERATURE = 0.3


def schedule(
    instance: Instance,
    seconds: float = 10.0,
    seed: int = 0,
    keep: Iterable[Assignment] = (),
    progress: Progress | None = None,
    least_wanted_wait: bool = False,
) -> Result:
    """Optimise a schedule; the same instance, seconds and seed give the same result.

    ``keep`` lists assignments to hold fixed on top of the instance's pins,
    e.g. the sessions an organiser has already announced.  ``progress``, if
    given, receives short human-readable status lines.

    When there are more sessions than room-slots, the optimiser may leave out
    whichever sessions cost the fewest lost attendances, popular ones
    included.  ``least_wanted_wait=True`` instead leaves out the least wanted
    (as far as host rules allow) and only rearranges the rest.
    """
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    keep = list(keep)
    if keep:
        instance = instance.with_pins(keep)
    problem = compile_instance(instance)
    state, count_is_max = _initial_state(problem, seed)
    annealer = Annealer(state, random.Random(seed), progress, least_wanted_wait)
    annealer.run(
        budget=int(seconds * WORK_PER_SECOND),
        start_temp=annealer.initial_temperature(),
        end_temp=END_TEMPERATURE,
    )
    assignments = problem.assignments(annealer.best_slots)
    placed = {a.session for a in assignments}
    scheduled_free = sum(1 for s in problem.free if annealer.best_slots[s] != problem.unscheduled)
    return Result(
        assignments=tuple(assignments),
        unscheduled=tuple(s.id for s in instance.sessions if s.id not in placed),
        metrics=evaluate(instance, assignments),
        lower_bound=lower_bound(problem, scheduled_free, count_is_max),
    )


def _initial_state(problem: Problem, seed: int) -> tuple[State, bool]:
    """Greedy start, topped up by CP-SAT if host rules left room-slots empty."""
    state = greedy(problem)
    if len(state.members[problem.unscheduled]) == len(problem.free) - problem.target_count:
        return state, True
    slot_of, proven = fill(problem, state.slot_of, seed)
    return State(problem, slot_of), proven
