"""A lower bound on the weight kept inside the parts of a graph partition.

Given a symmetric matrix of non-negative pair weights ``A`` (zero diagonal)
over ``n`` vertices, and ``k`` parts that each hold at most ``size``
vertices, every partition keeps at least :func:`within_bound` of the weight
inside its parts (half the sum of ``A[i, j]`` over ordered pairs in one part).

Derivation (the projected eigenvalue bound of Hadley, Rendl and Wolkowicz,
for parts of equal size).  Pad the vertices with ``k·size − n`` isolated
dummies, so that every partition of the real vertices into parts of at most
``size`` becomes one into parts of exactly ``size``; the dummies carry no
weight, so the weight inside the parts does not change.  Let ``X`` be the
``N × k`` 0/1 matrix of such a partition (``N = k·size``), so ``XᵀX = size·I``
and ``X·1 = 1``.  With ``Z = X/√size`` (orthonormal columns) and ``P`` the
projection onto the vectors orthogonal to ``1``:

    Z = (√size/N)·1·1ᵀ + P·Z,   and the cross terms vanish because P·1 = 0,

so ``tr(XᵀAX) = size·(1ᵀA1/N + tr((PZ)ᵀA(PZ)))``.  ``PZ`` has k − 1
orthonormal columns inside 1⊥ (its Gram matrix is ``I − J/k``), so by Ky
Fan's theorem ``tr((PZ)ᵀA(PZ)) ≥`` the sum of the k − 1 smallest eigenvalues
of ``VᵀAV`` (``V`` an orthonormal basis of 1⊥).  The weight inside the parts
is ``tr(XᵀAX)/2``.

Any diagonal ``D`` may be added to ``A``: ``tr(XᵀDX) = trace(D)`` for every
partition, so ``tr(XᵀAX) = tr(Xᵀ(A+D)X) − trace(D)`` and the bound holds for
every ``D``.  Any non-negative ``N`` (zero diagonal) may be subtracted from
``A``: a pair is in one part 0 or 1 times, so ``A − N`` keeps no more weight
inside than ``A``.  ``choices`` adds weights chosen by the bound itself:
groups of pairs whose shares are non-negative and sum to 1 in each group
(the caller proves that any such shares are valid; in bound.py a group
counts 1 when any of its pairs is together).  ``mix`` gives every group
an owner and every owner a constant ``c ≥ 0``; the caller proves that an
owner's true count is at least ``max(c, their groups' count)``, which is at
least ``λ·c + (1 − λ)·(their groups' count)`` for any λ in [0, 1], so the
bound takes λ·c as a constant and scales the owner's shares by 1 − λ, one
λ per owner (bound.py: the first pass's ``max(0, k_p − Z_p)`` against a
person's pair weights).  ``sizes`` and ``part_of`` restrict the partitions
to parts of their own sizes (part t at most ``sizes[t]`` real vertices)
and vertices fixed to a part; the padding then puts known dummies in known
parts, so some pairs of padded vertices are known to share a part or not
(``_known_pairs``), and a multiplier β of either sign on each (its pair
weight moved by β, β times the known value taken off) leaves every allowed
partition's weight inside unchanged.  The bound is a concave
function of ``D``, ``N``, β and the shares; projected subgradient steps on
``D``, ``N`` and β and exponentiated-gradient steps on the shares (from the
Laplacian's diagonal, ``N = 0``, even shares and λ = 0.9 where c > 0;
λ moves by exponentiated gradient too), with the step halved
after ``PATIENCE`` steps without progress, improve it.  Every iterate is a
valid bound, so the best one seen is returned, rounded down with a margin
for floating-point error.  Nothing here is random and the steps are
bounded, so the result is the same on every run.
"""

from __future__ import annotations

import math

import numpy as np

STEPS = 400  # at most this many subgradient steps on the multipliers
FIRST_STEP = 0.3  # the first step moves the bound by about this share of its value
PATIENCE = 10  # steps without a better bound before the step is halved
STOP = 1e-3  # stop once the step is this share of the first
CHOICE_STEP = 6.0  # exponentiated-gradient step on the choice shares, scaled by the largest gain
MIX_START = 0.9  # each owner's starting weight on their constant (when they have one)


def within_bound(
    weights: np.ndarray,
    parts: int,
    size: int,
    steps: int = STEPS,
    choices: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    mix: tuple[np.ndarray, np.ndarray] | None = None,
    sizes: list[int] | None = None,
    part_of: list[int | None] | None = None,
) -> float:
    """Least weight inside the parts of any partition into ``parts`` parts of at most ``size``.

    With ``sizes`` (one per part, each at most ``size``) and ``part_of`` (a
    part or None per vertex), only partitions with at most ``sizes[t]``
    vertices in part t and each fixed vertex in its part count.  Returns 0
    when there is nothing to bound, and raises ``ValueError`` when the
    vertices cannot fit (``n > parts·size``).  The matrices are small
    (a few hundred rows), so one BLAS thread is as fast on a quiet machine
    and much faster on a busy one; threadpoolctl (installed with the
    semantic extra) limits it when present.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        return _within_bound(weights, parts, size, steps, choices, mix, sizes, part_of)
    with threadpool_limits(limits=1, user_api="blas"):
        return _within_bound(weights, parts, size, steps, choices, mix, sizes, part_of)


def _known_pairs(n: int, parts: int, size: int, sizes, part_of) -> list[tuple[int, int, float]]:
    """Pairs of padded vertices that share a part (1) or not (0) in a padding of every allowed partition.

    Part t holds at most ``sizes[t]`` (≤ ``size``) real vertices, and vertex
    v, when ``part_of[v]`` is not None, is in that part.  Set ``size −
    sizes[t]`` of the dummies aside for each part t: pad every allowed
    partition by putting part t's set-aside dummies in part t and the other
    dummies in the places left (there are exactly as many: Σ_t (sizes[t] −
    real vertices in t)).  Then part t's dummies share a part with each
    other and with the vertices fixed to t, and with no other part's
    dummies or vertices fixed elsewhere.  Returns (i, j, 1 or 0) for i < j;
    empty when the sizes leave no allowed partition (nothing to bound then).
    """
    N = parts * size
    sizes = list(sizes) if sizes is not None else [size] * parts
    part_of = list(part_of) if part_of is not None else [None] * n
    where: dict[int, int] = {v: t for v, t in enumerate(part_of) if t is not None}
    dummy = n
    for t in range(parts):
        for _ in range(size - max(0, min(size, sizes[t]))):
            if dummy >= N:
                return []
            where[dummy] = t
            dummy += 1
    vertices = sorted(where)
    return [(i, j, float(where[i] == where[j])) for a, i in enumerate(vertices) for j in vertices[a + 1:]]


def _within_bound(weights, parts, size, steps, choices, mix=None, sizes=None, part_of=None) -> float:
    n = weights.shape[0]
    if n > parts * size:
        raise ValueError("more vertices than places in the parts")
    if choices is None or len(choices[0]) == 0:
        choices = (np.zeros(0, dtype=np.intp),) * 3
    first_of, second_of, group = (np.asarray(c, dtype=np.intp) for c in choices)
    groups = int(group.max()) + 1 if len(group) else 0
    share = np.ones(len(group))
    if len(group):
        share /= np.bincount(group, minlength=groups)[group]  # start evenly
    # The per-owner mix: owner o's groups count (1 − λ_o) times, and λ_o·c_o
    # is added; λ_o starts at MIX_START where c_o > 0, at 0 elsewhere.  With
    # a third array an owner's groups may belong to several options (e.g.
    # two orders of a person's sessions), weighted μ, with λ + Σμ = 1.
    if mix is None:
        option, person, constant = np.arange(groups, dtype=np.intp), np.arange(groups), np.zeros(groups)
    elif len(mix) == 2:
        option, constant = np.asarray(mix[0], dtype=np.intp), np.asarray(mix[1], dtype=float)
        person = np.arange(len(constant), dtype=np.intp)
    else:
        option, person, constant = (np.asarray(m) for m in mix)
        constant = constant.astype(float)
    lam = np.where(constant > 0, MIX_START, 0.0)
    options_of = np.bincount(person, minlength=len(constant))
    mu = ((1.0 - lam) / np.maximum(options_of, 1))[person]
    option_of = option[group] if len(group) else np.zeros(0, dtype=np.intp)
    N = parts * size
    fixed = np.zeros((N, N))
    fixed[:n, :n] = weights
    np.fill_diagonal(fixed, 0.0)

    cells = np.concatenate([first_of * N + second_of, second_of * N + first_of])

    def with_choices(share: np.ndarray) -> np.ndarray:
        if not len(share):
            return fixed.copy()
        scaled = share * mu[option_of]
        spread = np.bincount(cells, weights=np.concatenate([scaled, scaled]), minlength=N * N)
        return fixed + spread.reshape(N, N)

    A = with_choices(share)
    total = float(A.sum()) / 2
    ceiling = float(np.maximum(constant, 0).sum())
    if n < 2 or parts < 1 or size < 2 or total <= 0:
        return _rounded(ceiling, ceiling, N)  # every λ = 1
    if parts == 1:
        # Every vertex in the one part: each group counts 1, and each
        # owner at least their constant or any one option's count.
        counts = np.bincount(option_of, weights=share, minlength=len(person))
        owners = np.maximum(constant, _per_owner_max(counts, person, len(constant)))
        return _rounded(float(fixed.sum()) / 2 + float(owners.sum()), ceiling + len(group), N)
    real = np.zeros((N, N), dtype=bool)
    real[:n, :n] = True
    np.fill_diagonal(real, False)
    diag = -A.sum(axis=1)
    diag -= diag.mean()
    relief = np.zeros((N, N))  # the multipliers of "pairs are together at least 0 times"
    # Multipliers (either sign) of the pairs known to share a part or not:
    # with those pairs' weights moved by β and β·(known value) taken off, every
    # allowed partition keeps the same weight inside, so any β is valid.
    known = [] if sizes is None and part_of is None else _known_pairs(n, parts, size, sizes, part_of)
    known_i = np.array([k[0] for k in known], dtype=np.intp)
    known_j = np.array([k[1] for k in known], dtype=np.intp)
    known_t = np.array([k[2] for k in known], dtype=float)
    beta = np.zeros(len(known))
    beta_scale = 0.0
    best = -math.inf
    rate = None
    stale = 0
    for step in range(steps):
        M = A - relief
        if len(beta):
            M[known_i, known_j] += beta
            M[known_j, known_i] += beta
        M[np.diag_indices(N)] = diag
        values, vectors = np.linalg.eigh(_projected(M))
        value = size / 2 * (M.sum() / N + values[: parts - 1].sum()) - diag.sum() / 2 + float(constant @ lam)
        value -= float(beta @ known_t)
        if value > best + 1e-9:
            best, stale = value, 0
        else:
            stale += 1
            if stale >= PATIENCE:
                rate, stale = rate / 2, 0
                if rate < first * STOP:
                    break
        Y = vectors[:, : parts - 1]
        together = Y @ Y.T + 1.0 / N  # the relaxation's "i and j share a part", over size
        diag_gradient = size / 2 * together.diagonal() - 0.5
        relief_gradient = np.where(real, -size * together, 0.0)
        norm = float(diag_gradient @ diag_gradient + (relief_gradient**2).sum())
        if norm < 1e-18:
            break
        if rate is None:
            rate = first = FIRST_STEP * max(abs(value), 1.0) / norm
        if len(beta):
            # The relaxation's "i and j share a part" against what is known.
            beta = beta + rate * (size * together[known_i, known_j] - known_t)
            beta_scale = max(beta_scale, float(np.abs(beta).sum()))
        diag = diag + rate * diag_gradient
        relief = np.maximum(relief + rate * relief_gradient, 0.0)
        if len(group):
            # Exponentiated gradient: each group's shares move towards the
            # pairs the relaxation keeps together, and still sum to 1.
            gain = size * together[first_of, second_of]
            move = CHOICE_STEP * (rate / first) / (float(np.abs(gain).max()) + 1e-12)
            if mix is not None:
                # The same for each owner's λ and μ: the constant against what
                # each option's pairs are worth to the relaxation now.
                worth = np.bincount(option_of, weights=share * gain, minlength=len(person))
                top = np.maximum(constant, _per_owner_max(worth, person, len(constant)))
                keep = lam * np.exp(move * (constant - top))
                weigh = mu * np.exp(move * (worth - top[person]))
                total_p = keep + np.bincount(person, weights=weigh, minlength=len(constant))
                lam = keep / np.maximum(total_p, 1e-300)
                mu = weigh / np.maximum(total_p[person], 1e-300)
            share = share * np.exp(move * (gain - gain.max()))
            share /= np.bincount(group, weights=share, minlength=groups)[group]
            A = with_choices(share)
    return _rounded(best, float(np.abs(fixed).sum()) + len(group) + ceiling + beta_scale, N)


def _per_owner_max(values: np.ndarray, owner: np.ndarray, owners: int) -> np.ndarray:
    out = np.full(owners, -np.inf)
    np.maximum.at(out, owner, values)
    return out


def _rounded(best: float, scale: float, N: int) -> float:
    """Round a bound down, with a margin far above floating-point error in the eigenvalues."""
    margin = 1e-9 * (scale + 1.0) * max(N, 1)
    if not best > margin:
        return 0.0
    return math.floor((best - margin) * 1e6) / 1e6


def _projected(M: np.ndarray) -> np.ndarray:
    """P·M·P (P projects onto 1⊥) with the eigenvalue of the vector 1 moved above all others.

    P·M·P maps 1 to 0 and keeps 1⊥, where it acts as VᵀMV does; adding
    c·11ᵀ/N with c above every eigenvalue (the Frobenius norm bounds them)
    sends 1's eigenvalue to c, so the smallest eigenpairs are VᵀMV's, with
    eigenvectors in 1⊥, without forming a basis V.
    """
    N = M.shape[0]
    rows = M.sum(axis=1) / N
    total = rows.sum() / N
    out = M - rows[:, None] - rows[None, :] + total
    shift = float(np.sqrt((out * out).sum())) + 1.0
    out += shift / N
    return (out + out.T) / 2
