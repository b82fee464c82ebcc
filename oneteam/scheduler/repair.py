"""Schedule as many sessions as host rules allow, when greedy falls short.

Greedy fills every free room-slot in ordinary instances.  When hosts with
several sessions block it, a small CP-SAT model finds the largest number of
free sessions that fit, preferring popular ones, starting from greedy's
answer.  It runs on one worker with a deterministic time limit, so the result
depends only on the seed.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from .problem import Problem

# Deterministic-time budget for the count model (CP-SAT's own machine-independent unit).
FILL_DETERMINISTIC_TIME = 5.0


def fill(problem: Problem, slot_of: list[int], seed: int) -> tuple[list[int], bool]:
    """Return a slot per session scheduling the most free sessions, and whether that is proven."""
    model = cp_model.CpModel()
    x = {
        (s, t): model.new_bool_var(f"x{s}_{t}")
        for s in problem.free
        for t in range(problem.slots)
        if problem.free_rooms[t]
    }
    for s in problem.free:
        model.add_at_most_one(v for (s2, _), v in x.items() if s2 == s)
    for t in range(problem.slots):
        model.add(sum(v for (_, t2), v in x.items() if t2 == t) <= len(problem.free_rooms[t]))
    _host_rules(model, problem, x)
    weight = sum(problem.demand) + 1
    model.maximize(sum((weight + problem.demand[s]) * v for (s, _), v in x.items()))
    for (s, t), v in x.items():
        model.add_hint(v, slot_of[s] == t)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = FILL_DETERMINISTIC_TIME
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return slot_of, False
    filled = [problem.unscheduled] * len(slot_of)
    for (s, t), v in x.items():
        if solver.boolean_value(v):
            filled[s] = t
    return filled, status == cp_model.OPTIMAL


def _host_rules(model: cp_model.CpModel, problem: Problem, x: dict) -> None:
    """At most one session per host per slot, counting pinned sessions."""
    hosted: dict[int, list[int]] = {}
    pinned: set[tuple[int, int]] = set()
    for s, hosts in enumerate(problem.hosts):
        for h in hosts:
            if problem.pinned_slot[s] is None:
                hosted.setdefault(h, []).append(s)
            else:
                pinned.add((h, problem.pinned_slot[s]))
    for h, sessions in hosted.items():
        for t in range(problem.slots):
            chosen = [x[s, t] for s in sessions if (s, t) in x]
            if chosen:
                model.add(sum(chosen) <= (0 if (h, t) in pinned else 1))
