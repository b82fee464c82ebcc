"""A lower bound on clashes that prices whole slots (issue 12, seventh pass).

Clashes depend on which sessions share a slot: a person who wants n of the
sessions in one slot loses n − 1 attendances there.  For a set X of
sessions in one slot, ``clash(X) = Σ_p max(0, |S_p ∩ X| − 1)``; adding a
session i to X adds exactly ``|A_i ∩ ∪_{j∈X} A_j|`` (those of its audience
who already want something in the slot).

Every grid puts each free session in exactly one slot.  Relaxing that with
a multiplier λ_i per session (Lagrangian relaxation; its best value is the
Dantzig–Wolfe bound of the "one set of sessions per slot" model) gives,
for every λ,

    Σ_t clash(X_t ∪ P_t)  ≥  Σ_i λ_i + Σ_t min_X [clash(X ∪ P_t) − λ(X)]

over every split into sets X_t (P_t the slot's pinned sessions), because
the left side equals Σ_i λ_i + Σ_t [clash(X_t ∪ P_t) − λ(X_t)] for the
grid's own sets, and each bracket is at least the slot's minimum.  The
minimum over X (at most the slot's free rooms, no two sessions with a host
in common, nor one with a host of the slot's pins) is found exactly by
branch and bound: ``max λ(X) − clash added``, where by submodularity of the
number of people reached the value of adding sessions D to a set reaching
U is at most Σ_{i∈D} (λ_i − |A_i ∩ U|), so the best ``room`` of those terms
bound every branch.  If a slot's search runs out of nodes, the largest
such bound of the branches not searched is used instead of the maximum
found: the value stays a valid bound, only weaker.

The multipliers start at α·(audience) with α chosen by a golden-section
search (the bound is concave in λ, so in α), then take subgradient steps
(the subgradient of λ_i is 1 − the number of slots whose best set holds i)
with Polyak's step towards a target a little above the best value.  Every
λ gives a valid bound; the best is kept.  Nothing is random and the work is
counted in nodes searched and words compared (not seconds), so the result is the same on every
machine and every run, and a ``--work`` replay is unaffected.

This module needs only NumPy; bound.py decides which sessions and people it
sees.
"""

from __future__ import annotations

import math

import numpy as np

WORK = 25_000_000  # most work one bound may do, over all its steps (about 0.5 s here)
# Work of one branch-and-bound node: a fixed part and one unit per 8 words
# of the candidates' audiences compared, measured to be about as long as
# the search's units (21 ns each on the benchmark machine: a node took
# 11.8 µs plus 2.6 ns per word, on example and large alike).
NODE_WORK = 560
WORDS_PER_UNIT = 8
STEPS = 300  # most subgradient steps after the line search (the work runs out first)
LINE = 8  # golden-section evaluations of α
TARGET = 1.02  # Polyak's step aims this much above the best bound so far


def clash_bound(
    audiences: list[np.ndarray],
    people: int,
    pins: list[list[np.ndarray]],
    rooms: list[int],
    apart: np.ndarray,
    banned: np.ndarray,
    work: int = WORK,
    optional: np.ndarray | None = None,
    at_least: int = 0,
) -> float:
    """At least the clashes of every split of the sessions into the slots.

    ``audiences`` holds the people (indices below ``people``) of each free
    session; ``pins[t]`` the audiences of slot t's pinned sessions; slot t
    takes at most ``rooms[t]`` free sessions; ``apart[i, j]`` says sessions i
    and j may not share a slot, ``banned[t, i]`` that session i may not go
    in slot t.  Sessions marked ``optional`` may also be left out, as long
    as at least ``at_least`` of them are placed; the others are placed.
    Returns a float no split beats (round it up, with a margin).
    """
    n = len(audiences)
    slots = len(rooms)
    if slots == 0:
        return 0.0
    bits = _bit_rows(audiences, people)
    demand = np.array([len(a) for a in audiences], dtype=float)
    optional = np.zeros(n, dtype=bool) if optional is None else np.asarray(optional, dtype=bool)
    sign = np.where(optional, -1.0, 1.0)
    groups = _slot_groups(pins, rooms, banned, people)
    fixed = sum(count * clashes for count, (_, clashes, _, _) in groups)
    if n == 0:
        return float(fixed)
    pricing = _Pricing(bits, apart, work)
    hints: dict[int, list[int]] = {}  # each slot group's last best set, a first guess for the next

    def value(lam: np.ndarray, mu: float) -> tuple[float, np.ndarray, float]:
        # A placed session is worth λ_i (placed exactly once) or μ − ν_i
        # (at most once, ν_i ≥ 0, and at least ``at_least`` of them, μ ≥ 0).
        worth = np.where(optional, mu - lam, lam)
        total = float(sign @ lam) + mu * at_least + fixed
        used = np.zeros(n)
        for g, (count, (union, _, room, ban)) in enumerate(groups):
            best, chosen = pricing.best(worth, union, room, ban, hints.get(g, []))
            hints[g] = chosen
            total -= count * best
            used[chosen] += count
        return total, sign * (1.0 - used), at_least - float(used[optional].sum())

    def start(alpha: float) -> tuple[np.ndarray, float]:
        """Every session worth α·(its audience)."""
        mu = alpha * float(demand[optional].max()) if optional.any() else 0.0
        return np.where(optional, mu - alpha * demand, alpha * demand), mu

    # Golden-section search for α.
    lo, hi = 0.0, 1.2
    ratio = (math.sqrt(5) - 1) / 2
    x1, x2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    f1, f2 = value(*start(x1)), value(*start(x2))
    best, at = (f1, x1) if f1[0] >= f2[0] else (f2, x2)
    for _ in range(LINE - 2):
        if pricing.spent >= work:
            break
        if f1[0] >= f2[0]:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - ratio * (hi - lo)
            f1 = value(*start(x1))
            best, at = (f1, x1) if f1[0] > best[0] else (best, at)
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + ratio * (hi - lo)
            f2 = value(*start(x2))
            best, at = (f2, x2) if f2[0] > best[0] else (best, at)
    lam, mu = start(at)
    current, grad, grad_mu = best
    best = current
    for _ in range(STEPS):
        if pricing.spent >= work:
            break
        norm = float(grad @ grad) + grad_mu * grad_mu
        if norm == 0:
            break  # the relaxed split obeys every relaxed rule: the relaxation is solved
        step = (TARGET * abs(best) + 1.0 - current) / norm
        lam = lam + step * grad
        lam[optional] = np.maximum(lam[optional], 0.0)
        mu = max(0.0, mu + step * grad_mu)
        current, grad, grad_mu = value(lam, mu)
        best = max(best, current)
    return best


def _bit_rows(audiences: list[np.ndarray], people: int) -> np.ndarray:
    """Each audience as a row of 64-bit words."""
    words = max(1, (people + 63) // 64)
    rows = np.zeros((len(audiences), words), dtype=np.uint64)
    for i, aud in enumerate(audiences):
        aud = np.asarray(aud, dtype=np.int64)
        np.bitwise_or.at(rows[i], aud // 64, np.left_shift(np.uint64(1), (aud % 64).astype(np.uint64)))
    return rows


def _slot_groups(pins, rooms, banned, people):
    """Slots with the same pins, rooms and bans price alike: (how many, (union, clashes, rooms, bans))."""
    groups: dict[bytes, list] = {}
    for t, room in enumerate(rooms):
        union = np.zeros(max(1, (people + 63) // 64), dtype=np.uint64)
        clashes = 0
        for row in _bit_rows(pins[t], people):
            clashes += int(np.bitwise_count(row & union).sum())
            union |= row
        key = union.tobytes() + bytes([clashes % 256]) + room.to_bytes(4, "little") + banned[t].tobytes()
        if key in groups:
            groups[key][0] += 1
        else:
            groups[key] = [1, (union, clashes, room, banned[t])]
    return [(count, info) for count, info in groups.values()]


class _Pricing:
    """Exact (or, past its nodes, bounded) best set of sessions for one slot."""

    def __init__(self, bits: np.ndarray, apart: np.ndarray, work: int) -> None:
        self.bits = bits
        self.apart = apart
        self.work = work
        self.spent = 0

    def best(self, lam, union, room, ban, hint: list[int]) -> tuple[float, list[int]]:
        """The largest λ(X) − clash added by X, over allowed X of at most ``room`` sessions.

        Returns the value (an upper bound of it if the work ran out) and the best X found.
        ``hint`` is an allowed set to start from (its value prunes the search sooner).
        """
        self.found = 0.0
        self.chosen: list[int] = []
        self.unsearched = 0.0
        value, reached = 0.0, union
        for i in hint:
            value += lam[i] - float(np.bitwise_count(self.bits[i] & reached).sum())
            reached = reached | self.bits[i]
        if value > 0:
            self.found, self.chosen = value, list(hint)
        if room > 0:
            self._search(lam, np.flatnonzero(~ban), union, 0.0, [], room)
        return max(self.found, self.unsearched), self.chosen

    def _search(self, lam, cands, union, value, chosen, room) -> None:
        self.spent += NODE_WORK + len(cands) * self.bits.shape[1] // WORDS_PER_UNIT
        if value > self.found:
            self.found, self.chosen = value, list(chosen)
        if room == 0 or len(cands) == 0:
            return
        gains = lam[cands] - np.bitwise_count(self.bits[cands] & union).sum(axis=1)
        keep = gains > 1e-9
        cands, gains = cands[keep], gains[keep]
        if len(cands) == 0:
            return
        order = np.argsort(-gains, kind="stable")
        cands, gains = cands[order], gains[order]
        if self.spent >= self.work:
            self.unsearched = max(self.unsearched, value + float(gains[:room].sum()))
            return
        for k in range(len(cands)):
            if value + gains[k : k + room].sum() <= self.found + 1e-9:
                return
            i = cands[k]
            rest = cands[k + 1 :]
            self._search(lam, rest[~self.apart[i, rest]], union | self.bits[i], value + gains[k], chosen + [i], room - 1)
