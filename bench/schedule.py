"""Benchmark the unconference scheduler against plain baselines.

    .venv/bin/python bench/schedule.py            # full run (about 12 minutes)
    .venv/bin/python bench/schedule.py --quick    # short budgets, for a smoke test
    .venv/bin/python bench/schedule.py --oneteam-only --only medium   # OneTeam rows only

Instances: "medium" and "large", generated here from a published seed; the
example in shared/examples when present; and two "independent" instances
from a second generator written separately (``independent``: people and
sessions placed on a map of topics, interest falling with distance, rooms
from a fixed list of sizes, more sessions than room-slots), which nothing in
the engine was tuned on.  Contenders:

- OneTeam: ``oneteam.scheduler.schedule(seconds=10)``, wall clock, by
  default and with ``drop_popular=True``;
- greedy: most wanted first, spread round-robin over slots, biggest free room;
- annealing: plain simulated annealing over moves and swaps of sessions
  between room-slots, keeping greedy's sessions, re-scoring the whole
  schedule after every proposal, for 90 s;
- conference-scheduler (PyPI, only with ``--conference-scheduler`` and when
  installed): its integer programme, capped in time.

Every schedule is checked against the hard rules and scored by
``oneteam.scheduler.evaluate``; the lower bound is OneTeam's.  Per instance
the table records the seconds asked and used, the work done (which replays
the run with ``--work``), clashes against the annealing and greedy, and the
proved gap.  The last line is ``key=value`` pairs:

    instances= seconds_asked= min_seconds_used= max_seconds_used= clashes_above_annealing= worst_gap_pct=
"""

from __future__ import annotations

import argparse
import math
import os
import multiprocessing
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from oneteam.scheduler import (
    Assignment,
    Cell,
    Instance,
    Metrics,
    Room,
    Session,
    Slot,
    evaluate,
    schedule,
    violations,
)
from oneteam.scheduler.cli import load
from oneteam.scheduler.evaluate import audiences

SEED = 20260716
EXAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "unconference-global.json"


# --- instance generator ------------------------------------------------------


@dataclass(frozen=True)
class Size:
    sessions: int
    rooms: int
    slots: int
    people: int
    themes: int


SIZES = {
    "medium": Size(sessions=50, rooms=8, slots=6, people=900, themes=8),
    "large": Size(sessions=200, rooms=20, slots=10, people=5000, themes=16),
}


def generate(size: Size, seed: int) -> Instance:
    """A themed unconference with Zipf-like popularity, co-hosts, pins and closed rooms."""
    rng = random.Random(seed)
    people = [f"person-{i}" for i in range(1, size.people + 1)]
    theme = [rng.randrange(size.themes) for _ in range(size.sessions)]
    ranks = list(range(1, size.sessions + 1))
    rng.shuffle(ranks)
    weight = [1 / r**0.9 for r in ranks]
    by_theme: list[list[int]] = [[] for _ in range(size.themes)]
    for s, th in enumerate(theme):
        by_theme[th].append(s)
    interests = {p: _interests(rng, size, by_theme, weight) for p in people}
    hosts = [_hosts(rng, people) for _ in range(size.sessions)]
    rooms = _rooms(rng, size)
    slots = _slots(size)
    closed = _closed(rng, rooms, slots)
    sessions = _sessions(rng, hosts, theme, rooms, slots, closed)
    return Instance(
        rooms=rooms,
        slots=slots,
        sessions=sessions,
        interests={p: tuple(f"session-{s + 1}" for s in wanted) for p, wanted in interests.items()},
        unavailable=tuple(closed),
    )


def _interests(rng: random.Random, size: Size, by_theme: list[list[int]], weight: list[float]) -> list[int]:
    favourite = rng.sample(range(size.themes), rng.choice((1, 1, 2)))
    pool = [s for th in favourite for s in by_theme[th]]
    everyone = range(len(weight))
    wanted: set[int] = set()
    for _ in range(rng.randint(3, 9)):
        source = pool if pool and rng.random() < 0.75 else everyone
        wanted.add(rng.choices(source, weights=[weight[s] for s in source])[0])
    return sorted(wanted)


def _hosts(rng: random.Random, people: list[str]) -> tuple[str, ...]:
    regular = people[: len(people) // 20]  # a few people host more than once
    first = rng.choice(regular) if rng.random() < 0.3 else rng.choice(people)
    if rng.random() < 0.25:
        return (first, rng.choice(people))
    return (first,)


def _rooms(rng: random.Random, size: Size) -> tuple[Room, ...]:
    seats = size.people * 0.6 / size.rooms
    return tuple(
        Room(f"room-{r + 1}", f"Room {r + 1}", max(15, int(seats * rng.lognormvariate(0, 0.7))))
        for r in range(size.rooms)
    )


def _slots(size: Size) -> tuple[Slot, ...]:
    start = datetime(2026, 7, 16, 9, 0)
    return tuple(
        Slot(
            f"slot-{t + 1}",
            (start + timedelta(hours=t)).isoformat(),
            (start + timedelta(hours=t, minutes=45)).isoformat(),
        )
        for t in range(size.slots)
    )


def _closed(rng: random.Random, rooms: tuple[Room, ...], slots: tuple[Slot, ...]) -> list[Cell]:
    cells = [Cell(r.id, s.id) for s in slots for r in rooms]
    return rng.sample(cells, max(1, len(cells) // 25))


def _sessions(rng, hosts, theme, rooms, slots, closed) -> tuple[Session, ...]:
    open_cells = [Cell(r.id, s.id) for s in slots for r in rooms if Cell(r.id, s.id) not in closed]
    rng.shuffle(open_cells)
    busy: set[tuple[str, str]] = set()
    sessions = []
    for s, people in enumerate(hosts):
        pin = None
        if rng.random() < 0.05 and open_cells:
            cell = open_cells[-1]
            if not any((h, cell.slot) in busy for h in people):
                pin = open_cells.pop()
                busy.update((h, cell.slot) for h in people)
        sessions.append(Session(f"session-{s + 1}", f"Pitch {s + 1} (theme {theme[s] + 1})", people, pin))
    return tuple(sessions)


# --- a second, independent generator ------------------------------------------


@dataclass(frozen=True)
class MapSize:
    sessions: int
    rooms: int
    slots: int
    people: int


INDEPENDENT = {
    "independent-a": MapSize(sessions=40, rooms=6, slots=6, people=500),
    "independent-b": MapSize(sessions=130, rooms=12, slots=10, people=2500),
}
ROOM_SIZES = (10, 15, 20, 25, 35, 50, 80, 120)


def generate_independent(size: MapSize, seed: int) -> Instance:
    """Sessions and people as points on a unit square of topics; interest falls with distance.

    A different shape from ``generate``: no themes and no Zipf ranks, a few
    "keynote-like" sessions everyone leans towards, people wanting 2–8
    sessions, rooms drawn from a fixed list, several people hosting two or
    three sessions, pins on 3% of sessions, a whole room closed for one slot.
    """
    rng = random.Random(seed)
    spots = [(rng.random(), rng.random()) for _ in range(size.sessions)]
    pull = [3.0 if rng.random() < 0.06 else rng.uniform(0.5, 1.5) for _ in range(size.sessions)]
    interests: dict[str, tuple[str, ...]] = {}
    for i in range(size.people):
        x, y = rng.random(), rng.random()
        weights = [pull[s] * math.exp(-((x - sx) ** 2 + (y - sy) ** 2) / 0.05) + 0.01
                   for s, (sx, sy) in enumerate(spots)]
        wanted: set[int] = set()
        for _ in range(rng.randint(2, 8)):
            wanted.add(rng.choices(range(size.sessions), weights=weights)[0])
        interests[f"p{i}"] = tuple(f"s{s}" for s in sorted(wanted))
    frequent = [f"p{i}" for i in range(size.people // 40)]
    hosts = []
    for _ in range(size.sessions):
        first = rng.choice(frequent) if rng.random() < 0.35 else f"p{rng.randrange(size.people)}"
        hosts.append((first,) if rng.random() < 0.7 else (first, f"p{rng.randrange(size.people)}"))
    rooms = tuple(Room(f"hall-{r}", f"Hall {r}", rng.choice(ROOM_SIZES)) for r in range(size.rooms))
    slots = tuple(Slot(f"slot-{t}", f"2026-09-{10 + t // 5}T{9 + t % 5}:00", f"2026-09-{10 + t // 5}T{9 + t % 5}:50")
                  for t in range(size.slots))
    closed_slot = rng.choice(slots)
    closed_room = rng.choice(rooms)
    closed = [Cell(closed_room.id, t.id) for t in slots if t is closed_slot] + [
        Cell(r.id, closed_slot.id) for r in rooms[: size.rooms // 3] if r is not closed_room
    ]
    free = [Cell(r.id, t.id) for t in slots for r in rooms if Cell(r.id, t.id) not in closed]
    rng.shuffle(free)
    sessions = []
    busy: set[tuple[str, str]] = set()
    for s in range(size.sessions):
        pin = None
        if rng.random() < 0.03 and free and not any((h, free[-1].slot) in busy for h in hosts[s]):
            pin = free.pop()
            busy.update((h, pin.slot) for h in hosts[s])
        sessions.append(Session(f"s{s}", f"Session {s}", hosts[s], pin))
    return Instance(rooms=rooms, slots=slots, sessions=tuple(sessions), interests=interests,
                    unavailable=tuple(closed))


# --- baselines ----------------------------------------------------------------


def greedy_baseline(instance: Instance) -> list[Assignment]:
    """Most wanted first, round-robin over slots, each into the biggest free room."""
    demand = {sid: len(people) for sid, people in audiences(instance).items()}
    closed = set(instance.unavailable)
    taken = {s.pinned for s in instance.sessions if s.pinned}
    hosts_busy = {(h, s.pinned.slot) for s in instance.sessions if s.pinned for h in s.hosts}
    placed = [Assignment(s.id, s.pinned.room, s.pinned.slot) for s in instance.sessions if s.pinned]
    rooms = sorted(instance.rooms, key=lambda r: -r.capacity)
    slots = [s.id for s in instance.slots]
    turn = 0
    for session in sorted((s for s in instance.sessions if not s.pinned), key=lambda s: -demand[s.id]):
        for k in range(len(slots)):
            slot = slots[(turn + k) % len(slots)]
            if any((h, slot) in hosts_busy for h in session.hosts):
                continue
            room = next((r for r in rooms if Cell(r.id, slot) not in closed | taken), None)
            if room is not None:
                taken.add(Cell(room.id, slot))
                hosts_busy.update((h, slot) for h in session.hosts)
                placed.append(Assignment(session.id, room.id, slot))
                turn = (turn + k + 1) % len(slots)
                break
    return placed


def annealing_baseline(instance: Instance, seconds: float, seed: int) -> list[Assignment]:
    """Plain simulated annealing over session-to-room-slot moves and swaps.

    It starts from the greedy baseline and keeps greedy's set of sessions: a
    move takes a scheduled, unpinned session to a random free room-slot, or
    swaps it with the session there.  Each proposal is scored by recounting
    clashes and overflow of the whole schedule; temperature falls
    geometrically with elapsed time; the best schedule seen is returned.
    """
    rng = random.Random(seed)
    audience = {sid: tuple(people) for sid, people in audiences(instance).items()}
    capacity = {r.id: r.capacity for r in instance.rooms}
    hosts = {s.id: s.hosts for s in instance.sessions}
    pinned = {s.id for s in instance.sessions if s.pinned}
    pin_cells = {s.pinned for s in instance.sessions if s.pinned}
    cells = [c for c in instance.open_cells() if c not in pin_cells]
    where = {a.session: Cell(a.room, a.slot) for a in greedy_baseline(instance)}
    movable = [s for s in where if s not in pinned]
    at = {c: s for s, c in where.items()}

    def cost(plan: dict[str, Cell]) -> int:
        """Clashes + overflow of the whole schedule, counted from scratch."""
        per_slot: dict[str, Counter] = defaultdict(Counter)
        overflow = 0
        for s, c in plan.items():
            per_slot[c.slot].update(audience[s])
            overflow += max(0, len(audience[s]) - capacity[c.room])
        return overflow + sum(n - 1 for count in per_slot.values() for n in count.values() if n > 1)

    def hosts_ok(plan: dict[str, Cell], moved: list[str]) -> bool:
        for s in moved:
            for other, c in plan.items():
                if other != s and c.slot == plan[s].slot and set(hosts[s]) & set(hosts[other]):
                    return False
        return True

    def propose() -> tuple[dict[str, Cell], list[str]] | None:
        if not movable or not cells:
            return None
        session, cell = rng.choice(movable), rng.choice(cells)
        occupant = at.get(cell)
        if occupant == session:
            return None
        plan = dict(where)
        if occupant is not None:
            plan[occupant] = plan[session]
        plan[session] = cell
        moved = [session] if occupant is None else [session, occupant]
        return (plan, moved) if hosts_ok(plan, moved) else None

    current = cost(where)
    best, best_plan = current, dict(where)
    rises = []
    for _ in range(100):  # starting temperature: a typical worsening is accepted half the time
        proposal = propose()
        if proposal is not None and (delta := cost(proposal[0]) - current) > 0:
            rises.append(delta)
    start_temp = max(1.0, sum(rises) / len(rises) / math.log(2)) if rises else 1.0
    end_temp = 0.5
    start = time.monotonic()
    while (elapsed := time.monotonic() - start) < seconds:
        temp = start_temp * (end_temp / start_temp) ** (elapsed / seconds)
        proposal = propose()
        if proposal is None:
            continue
        plan, moved = proposal
        new = cost(plan)
        if new <= current or rng.random() < math.exp((current - new) / temp):
            where, current = plan, new
            at = {c: s for s, c in where.items()}
            if current < best:
                best, best_plan = current, dict(where)
    return [Assignment(s, c.room, c.slot) for s, c in best_plan.items()]


def conference_scheduler_baseline(instance: Instance, seconds: float) -> list[Assignment]:
    """PyPI conference-scheduler: every event must be scheduled, so give it the most wanted that fit."""
    from conference_scheduler import scheduler
    from conference_scheduler.lp_problem import objective_functions
    from conference_scheduler.resources import Event, Slot as CsSlot
    import pulp

    demand = {sid: len(people) for sid, people in audiences(instance).items()}
    capacity = {r.id: r.capacity for r in instance.rooms}
    slot_info = {s.id: s for s in instance.slots}
    cells = instance.open_cells()
    chosen = sorted(instance.sessions, key=lambda s: (s.pinned is None, -demand[s.id]))[: len(cells)]
    cs_slots = [_cs_slot(CsSlot, cell, slot_info[cell.slot], capacity[cell.room]) for cell in cells]
    events = [Event(s.id, 45, demand[s.id]) for s in chosen]
    for i, a in enumerate(chosen):
        for j, b in enumerate(chosen):
            if i != j and set(a.hosts) & set(b.hosts):
                events[i].add_unavailability(events[j])
        if a.pinned is not None:
            events[i].add_unavailability(*(x for c, x in zip(cells, cs_slots) if c != a.pinned))
    solution = scheduler.solution(
        events,
        cs_slots,
        objective_function=objective_functions.equity_capacity_demand_difference,
        solver=pulp.PULP_CBC_CMD(msg=False, timeLimit=seconds),
    )
    return [Assignment(chosen[e].id, cells[c].room, cells[c].slot) for e, c in solution]


def _cs_slot(cls, cell: Cell, slot: Slot, capacity: int):
    start = datetime.fromisoformat(slot.start)
    minutes = int((datetime.fromisoformat(slot.end) - start).total_seconds() // 60)
    return cls(venue=cell.room, starts_at=start, duration=minutes, capacity=capacity, session=slot.id)


def _in_child(queue, fn, args) -> None:
    try:
        queue.put(("ok", fn(*args)))
    except Exception as exc:  # reported in the table, whatever it is
        queue.put(("failed", f"{type(exc).__name__}: {exc}"[:120]))


def capped(fn: Callable, args: tuple, cap: float) -> tuple[str, object]:
    """Run ``fn`` in a child process; give up after ``cap`` seconds."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_in_child, args=(queue, fn, args))
    child.start()
    child.join(cap)
    if child.is_alive():
        child.kill()
        child.join()
        return "failed", f"did not finish within {cap:.0f} s"
    return queue.get() if not queue.empty() else ("failed", f"exit status {child.exitcode}")


# --- report -------------------------------------------------------------------


def run(name: str, instance: Instance, budget: float, sa_seconds: float, cs_cap: float,
        baselines: bool = True, conference: bool = False) -> dict[str, float]:
    start, cpu = time.monotonic(), time.process_time()
    ours = schedule(instance, seconds=budget, seed=1)
    ours_time, ours_cpu = time.monotonic() - start, time.process_time() - cpu
    general, kept = ours.lower_bound, ours.most_wanted_bound
    fewest_missed = ours.metrics.missed

    def bound_for(m: Metrics) -> int | None:
        """The most-wanted bound holds for schedules missing as few as ours, else the general one."""
        return kept if kept is not None and m.missed == fewest_missed else general

    print(f"\n### {name}: {len(instance.sessions)} sessions, {len(instance.rooms)} rooms, "
          f"{len(instance.slots)} slots, {len(instance.interests)} people, "
          f"{len(instance.open_cells())} open room-slots; lower bound {general} "
          f"(schedules keeping the most wanted sessions: {kept})\n")
    print("| contender | lost | clashes | overflow | missed | lower bound | gap (attendances) | gap | "
          "seconds asked | seconds used | work (replays it) | CPU seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    _row(f"OneTeam (--seconds {budget:g}, stopped: {ours.stopped})", instance, list(ours.assignments),
         bound_for, ours_time, ours_cpu, asked=budget, work=ours.work)
    start, cpu = time.monotonic(), time.process_time()
    dropping = schedule(instance, seconds=budget, seed=1, drop_popular=True)
    _row(f"OneTeam, may drop popular (stopped: {dropping.stopped})", instance, list(dropping.assignments),
         bound_for, time.monotonic() - start, time.process_time() - cpu, asked=budget, work=dropping.work)
    summary = {"used": ours_time, "gap": 100 * (ours.metrics.lost - kept) / max(1, ours.metrics.lost)}
    contenders = [] if not baselines else [
        ("greedy", greedy_baseline, (instance,), 60.0),
        (f"annealing ({sa_seconds:g} s)", annealing_baseline, (instance, sa_seconds, 1), sa_seconds + 60),
    ]
    if baselines and conference:
        contenders.append((f"conference-scheduler ({cs_cap:g} s cap)", conference_scheduler_baseline,
                           (instance, cs_cap), cs_cap + 30))
    for label, fn, args, cap in contenders:
        start, cpu = time.monotonic(), _children_cpu()
        status, value = capped(fn, args, cap)
        elapsed, used = time.monotonic() - start, _children_cpu() - cpu
        if status == "ok":
            m = _row(label, instance, value, bound_for, elapsed, used,
                     asked=sa_seconds if label.startswith("annealing") else None)
            if label.startswith("annealing"):
                summary["annealing_clashes"] = m.clashes
        else:
            print(f"| {label} | did not finish/failed: {value} | | | | | | | | {elapsed:.1f} | | {used:.1f} |")
    summary["clashes"] = ours.metrics.clashes
    sys.stdout.flush()
    return summary


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (and their CBC solvers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _row(label: str, instance: Instance, assignments: list[Assignment],
         bound_for: Callable[[Metrics], int | None], seconds: float, cpu: float,
         asked: float | None = None, work: int | None = None) -> Metrics:
    broken = violations(instance, assignments)
    m: Metrics = evaluate(instance, assignments)
    bound = bound_for(m)
    gap = "" if bound is None or m.lost == 0 else f"{(m.lost - bound) / m.lost:.1%}"
    note = f" (breaks {len(broken)} rules: {broken[0]})" if broken else ""
    print(f"| {label}{note} | {m.lost} | {m.clashes} | {m.overflow} | {m.missed} | {bound} | "
          f"{'' if bound is None else m.lost - bound} | {gap} | {'' if asked is None else f'{asked:g}'} "
          f"| {seconds:.1f} | {'' if work is None else work} | {cpu:.1f} |")
    return m


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short budgets (1 s, annealing 10 s)")
    parser.add_argument("--oneteam-only", action="store_true", help="skip the baselines")
    parser.add_argument("--conference-scheduler", action="store_true",
                        help="also run the PyPI conference-scheduler (install it first)")
    parser.add_argument("--only", choices=["medium", "example", "large", *INDEPENDENT], help="run one instance")
    args = parser.parse_args()
    quick = args.quick
    budget = 1 if quick else 10
    plans = [
        ("medium", lambda: generate(SIZES["medium"], SEED)),
        ("example", lambda: load(str(EXAMPLE))),
        ("large", lambda: generate(SIZES["large"], SEED)),
        *((name, lambda size=size: generate_independent(size, SEED)) for name, size in INDEPENDENT.items()),
    ]
    print(f"seed {SEED}; load average at start {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs")
    summaries = []
    for name, make in plans:
        if args.only and name != args.only:
            continue
        if name == "example" and not EXAMPLE.exists():
            print(f"\n### example: skipped, {EXAMPLE} not found")
            continue
        summaries.append(run(name, make(), budget, sa_seconds=10 if quick else 90, cs_cap=10 if quick else 120,
                             baselines=not args.oneteam_only, conference=args.conference_scheduler))
    above = sum(1 for x in summaries if "annealing_clashes" in x and x["clashes"] > x["annealing_clashes"])
    print(f"\nload average at end {os.getloadavg()[0]:.1f}")
    print(f"instances={len(summaries)} seconds_asked={budget} "
          f"min_seconds_used={min(x['used'] for x in summaries):.2f} "
          f"max_seconds_used={max(x['used'] for x in summaries):.2f} "
          f"clashes_above_annealing={above if not args.oneteam_only else 'n/a'} "
          f"worst_gap_pct={max(x['gap'] for x in summaries):.1f}")


if __name__ == "__main__":
    main()
