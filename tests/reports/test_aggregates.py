"""Percentiles read off grouped counts agree with Python's over the expanded values."""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.aggregates import percentile_of_counts


def nearest_rank(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def interpolated(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def as_counts(values: list[int]) -> list[tuple[int, int]]:
    return sorted(Counter(values).items())


@given(
    st.lists(st.integers(min_value=0, max_value=90), min_size=1, max_size=300),
    st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1.0]),
)
def test_counts_give_the_percentiles_of_the_values(values, fraction):
    counts = as_counts(values)
    assert percentile_of_counts(counts, fraction) == nearest_rank(values, fraction)
    assert percentile_of_counts(counts, fraction, interpolate=True) == pytest.approx(
        interpolated(values, fraction)
    )


def test_median_is_the_statistics_median():
    rng = random.Random(5)
    for size in (1, 2, 3, 10, 11, 500):
        values = [rng.randrange(0, 40) for _ in range(size)]
        assert percentile_of_counts(as_counts(values), 0.5, interpolate=True) == pytest.approx(
            statistics.median(values)
        )
    # Worked example: 1..10 → median 5.5, nearest-rank p90 9.
    ten = as_counts(list(range(1, 11)))
    assert percentile_of_counts(ten, 0.5, interpolate=True) == 5.5
    assert percentile_of_counts(ten, 0.9) == 9


def test_nothing_counted_has_no_percentile_and_a_bad_fraction_is_refused():
    assert percentile_of_counts([], 0.5) is None
    assert percentile_of_counts([(3, 0)], 0.5, interpolate=True) is None
    with pytest.raises(ValueError):
        percentile_of_counts([(1, 1)], 1.5)
