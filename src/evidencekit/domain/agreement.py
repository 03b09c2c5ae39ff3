"""How far two evaluators agree: exact agreement and Cohen's kappa.

Each pair holds the levels the two scorers of one bundle gave one criterion.
Kappa corrects the observed agreement for the agreement chance alone would give,
from each scorer's own use of the levels. The linear-weighted kappa also gives
part credit to near misses on an ordered scale: one level apart out of k levels
counts 1 - 1/(k-1). Kappa is undefined (None) when chance alone already
predicts perfect agreement, e.g. both scorers gave every bundle the same level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

Pair = tuple[str, str]


@dataclass(frozen=True)
class CriterionAgreement:
    criterion: str
    pairs: int
    exact: float | None  # share of pairs with the same level, 0..1
    kappa: float | None
    weighted_kappa: float | None = None


def exact_agreement(pairs: Sequence[Pair]) -> float | None:
    if not pairs:
        return None
    return sum(a == b for a, b in pairs) / len(pairs)


def cohen_kappa(pairs: Sequence[Pair]) -> float | None:
    """Unweighted kappa over the levels that occur in ``pairs``."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[level] * second[level] for level in first) / (n * n)
    return _kappa(observed, expected)


def linear_weighted_kappa(pairs: Sequence[Pair], order: Sequence[str]) -> float | None:
    """Kappa with linear agreement weights on the scale ``order`` (lowest first)."""
    if not pairs or len(order) < 2:
        return None
    rank = {level: i for i, level in enumerate(order)}
    unknown = {level for pair in pairs for level in pair} - rank.keys()
    if unknown:
        raise ValueError(f"levels not on the scale: {sorted(unknown)}")
    span = len(order) - 1
    n = len(pairs)

    def weight(a: int, b: int) -> float:
        return 1 - abs(a - b) / span

    observed = sum(weight(rank[a], rank[b]) for a, b in pairs) / n
    first = Counter(rank[a] for a, _ in pairs)
    second = Counter(rank[b] for _, b in pairs)
    expected = sum(weight(i, j) * first[i] * second[j] for i in first for j in second) / (n * n)
    return _kappa(observed, expected)


def _kappa(observed: float, expected: float) -> float | None:
    # Rounding guards the comparison: 1 - 1e-16 is still "chance predicts everything".
    if round(expected, 12) >= 1:
        return None
    return (observed - expected) / (1 - expected)


def agreement(
    criterion: str, pairs: Sequence[Pair], order: Sequence[str] | None = None
) -> CriterionAgreement:
    """The report line for one criterion; weighted only when the scale is known."""
    weighted = linear_weighted_kappa(pairs, order) if order else None
    return CriterionAgreement(
        criterion, len(pairs), exact_agreement(pairs), cohen_kappa(pairs), weighted
    )
