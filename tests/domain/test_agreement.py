"""Agreement statistics against values worked out by hand."""

from __future__ import annotations

import pytest

from evidencekit.domain.agreement import (
    agreement,
    cohen_kappa,
    exact_agreement,
    linear_weighted_kappa,
)

SCALE = ("not_yet", "developing", "demonstrated")
N, D, M = SCALE

# Ten double-scored bundles, one criterion: (first scorer, second scorer).
FIXED = [(N, N), (N, N), (N, D), (D, D), (D, D), (D, M), (D, N), (M, M), (M, M), (M, D)]

# By hand:
#   observed agreement po = 6 matching pairs / 10 = 0.6
#   first scorer's levels:  N 3, D 4, M 3;  second scorer's: N 3, D 4, M 3
#   chance agreement  pe = (3*3 + 4*4 + 3*3) / 10**2 = 34/100 = 0.34
#   kappa = (po - pe) / (1 - pe) = 0.26 / 0.66 = 13/33 = 0.3939...
# Linear weights on three levels: same level 1, one apart 0.5, two apart 0.
#   weighted po = (6 * 1 + 4 near misses * 0.5) / 10 = 0.8
#   weighted pe = 0.34 (same level) + 0.5 * (.3*.4 + .4*.3 + .4*.3 + .3*.4) = 0.34 + 0.24 = 0.58
#   weighted kappa = (0.8 - 0.58) / (1 - 0.58) = 0.22 / 0.42 = 11/21 = 0.5238...
HAND_KAPPA = 13 / 33
HAND_WEIGHTED = 11 / 21


def test_fixed_data_set_matches_the_hand_computation() -> None:
    assert exact_agreement(FIXED) == pytest.approx(0.6)
    assert cohen_kappa(FIXED) == pytest.approx(HAND_KAPPA)
    assert linear_weighted_kappa(FIXED, SCALE) == pytest.approx(HAND_WEIGHTED)


def test_swapping_the_scorers_changes_nothing() -> None:
    swapped = [(b, a) for a, b in FIXED]
    assert cohen_kappa(swapped) == pytest.approx(HAND_KAPPA)
    assert linear_weighted_kappa(swapped, SCALE) == pytest.approx(HAND_WEIGHTED)


def test_perfect_agreement_and_systematic_disagreement() -> None:
    assert cohen_kappa([(N, N), (D, D), (M, M)]) == pytest.approx(1.0)
    # Two levels, always opposite: po = 0, pe = (1*1 + 1*1)/4 = 0.5, kappa = -1.
    assert cohen_kappa([(N, M), (M, N)]) == pytest.approx(-1.0)
    # Extremes of a three-level scale, always opposite: weight 0 everywhere observed;
    # weighted pe = 0.5*0.5*(1 + 1) (same level) + 0 = 0.5, so kappa = -1 again.
    assert linear_weighted_kappa([(N, M), (M, N)], SCALE) == pytest.approx(-1.0)


def test_kappa_is_undefined_when_chance_predicts_everything() -> None:
    assert exact_agreement([(D, D), (D, D)]) == 1.0
    assert cohen_kappa([(D, D), (D, D)]) is None
    assert linear_weighted_kappa([(D, D), (D, D)], SCALE) is None


def test_no_pairs_gives_no_figures() -> None:
    line = agreement("q-design", [], SCALE)
    assert (line.pairs, line.exact, line.kappa, line.weighted_kappa) == (0, None, None, None)


def test_weighted_kappa_needs_a_scale_that_holds_every_level() -> None:
    with pytest.raises(ValueError, match="not on the scale"):
        linear_weighted_kappa([(N, "excellent")], SCALE)
    assert linear_weighted_kappa(FIXED, (N,)) is None
    assert agreement("q", FIXED).weighted_kappa is None  # no scale, no weighted figure


def test_report_line_for_the_fixed_data_set() -> None:
    line = agreement("q-design", FIXED, SCALE)
    assert line.criterion == "q-design" and line.pairs == 10
    assert (line.exact, line.kappa, line.weighted_kappa) == pytest.approx(
        (0.6, HAND_KAPPA, HAND_WEIGHTED)
    )
