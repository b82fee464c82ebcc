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
every ``D``.  The bound is a concave function of ``D``'s diagonal; a fixed
number of subgradient steps (from the Laplacian's diagonal, a good start)
improves it.  Every iterate is a valid bound, so the best one seen is
returned, rounded down with a margin for floating-point error.  Nothing here
is random and the number of steps is fixed, so the result is the same on
every run.
"""

from __future__ import annotations

import math

import numpy as np

STEPS = 80  # subgradient steps on the diagonal


def within_bound(weights: np.ndarray, parts: int, size: int, steps: int = STEPS) -> float:
    """Least weight inside the parts of any partition into ``parts`` parts of at most ``size``.

    Returns 0 when there is nothing to bound, and raises ``ValueError`` when
    the vertices cannot fit (``n > parts·size``).
    """
    n = weights.shape[0]
    if n > parts * size:
        raise ValueError("more vertices than places in the parts")
    total = float(weights.sum()) / 2
    if n < 2 or parts < 1 or size < 2 or total <= 0:
        return 0.0
    if parts == 1:
        return total  # every vertex in the one part
    N = parts * size
    A = np.zeros((N, N))
    A[:n, :n] = weights
    np.fill_diagonal(A, 0.0)
    basis, _ = np.linalg.qr(np.hstack([np.ones((N, 1)), np.eye(N)[:, : N - 1]]))
    V = basis[:, 1:]
    AV = V.T @ A @ V
    diag = -A.sum(axis=1)
    diag -= diag.mean()
    best = 0.0
    first_step = None
    for step in range(steps):
        B = AV + (V.T * diag) @ V
        values, vectors = np.linalg.eigh((B + B.T) / 2)
        value = size / 2 * ((A.sum() + diag.sum()) / N + values[: parts - 1].sum()) - diag.sum() / 2
        best = max(best, value)
        Y = V @ vectors[:, : parts - 1]
        gradient = size / 2 * (1.0 / N + (Y * Y).sum(axis=1)) - 0.5
        norm = float(gradient @ gradient)
        if norm < 1e-18:
            break
        if first_step is None:
            first_step = 0.3 * max(abs(value), 1.0) / norm
        diag = diag + first_step / (1 + step / 30) * gradient
    # Floating-point error in the eigenvalues is far below this margin.
    margin = 1e-9 * (float(np.abs(A).sum()) + 1.0) * N
    return max(0.0, math.floor((best - margin) * 1e6) / 1e6)
