"""How long a run may go on: wall-clock seconds, or an exact amount of work.

Every step of the search pays *work units* into one counter (see the cost
model in search.py and lns.py), and asks :meth:`Budget.exhausted` at fixed
points (before every annealing proposal, every two-slot re-optimisation,
every kick).  Each question itself costs one unit, so the counter is
strictly larger at every question than at the one before.

- ``Budget(seconds=S)`` answers "exhausted" once S seconds of wall clock have
  passed since it was made.  The work counter at that moment is reported.
- ``Budget(work=N)`` answers "exhausted" once the counter reaches N.  It never
  looks at the clock.
- :meth:`Budget.reserve` keeps time for work done after the search in
  proportion to the search's (the whole-slot bound, solver.py): a timed
  run then stops once the seconds left would not cover it.  The work done
  after the search is a fixed share of the counter, so a replay by work
  repeats it too.

The search itself never depends on the budget: the same instance and seed
always walk through the same sequence of steps, and the budget only says
where to stop.  So a wall-clock run that reports W units of work is
replayed exactly by ``Budget(work=W)``: the counter reaches W at the very
question where the clock said stop, and not before.
"""

from __future__ import annotations

import time


class Budget:
    """A stopping rule shared by every phase of one run."""

    def __init__(self, seconds: float | None = None, work: int | None = None) -> None:
        if work is not None and work < 0:
            raise ValueError("work must not be negative")
        if seconds is not None and not seconds >= 0:
            raise ValueError("seconds must not be negative")
        self.limit = work
        self.started = time.monotonic()
        self.deadline = None if work is not None else self.started + (seconds or 0.0)
        self.done = 0
        self._stopped = False
        self.stopped_at = 0
        self._mark: tuple[float, int] | None = None
        self._tail = 0.0
        self._fixed = 0.0

    def reserve(self, seconds_per_unit: float, seconds: float = 0.0) -> None:
        """Keep time for work after the search: ``seconds`` plus so many seconds per unit the search did.

        Only a timed run looks: it stops once the time left would not cover it.
        """
        self._tail = seconds_per_unit
        self._fixed = seconds

    def start(self) -> None:
        """Note that the search begins: from here on, time per unit of work is measured."""
        self._mark = (time.monotonic(), self.done)

    def spend(self, units: int) -> None:
        self.done += units

    def exhausted(self, upcoming: int = 0) -> bool:
        """Whether to stop now (costs one unit; once true, stays true).

        ``upcoming`` is the work of the next step if it cannot be interrupted
        (a two-slot re-optimisation): by the clock, the run stops before it
        when the time it would take, at the speed measured so far, ends past
        the deadline.  Either way the stop is at a question, so the work
        reported still replays the run.
        """
        if self._stopped:
            return True
        self.done += 1
        if self.limit is not None:
            self._stopped = self.done >= self.limit
        else:
            now = time.monotonic()
            after = self._fixed + self._tail * self.done
            self._stopped = now + upcoming * self._seconds_per_unit(now) + after >= self.deadline
        if self._stopped:
            self.stopped_at = self.done
        return self._stopped

    @property
    def used(self) -> int:
        """The work to report: the counter at the question that stopped the run, else all of it.

        Work paid after that question (a step finishing) is left out, so that
        ``Budget(work=used)`` stops at the same question.
        """
        return self.stopped_at if self._stopped else self.done

    def _seconds_per_unit(self, now: float) -> float:
        if self._mark is None:
            return 0.0
        since, done = self._mark
        return (now - since) / (self.done - done) if self.done - done > 100_000 else 0.0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started
