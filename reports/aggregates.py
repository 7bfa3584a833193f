"""Percentiles read off grouped counts.

Supervision asks the database to count rows per value — requests per number of net
working days, tasks per minute waited — which stays a handful of rows whatever the number
of requests, on PostgreSQL and SQLite alike. Medians and percentiles follow from those
``(value, how many)`` pairs exactly, without expanding them:

* ``interpolate=True`` at 0.5 is the median as ``statistics.median`` computes it (the mean
  of the two middle values of an even count); in general, PostgreSQL's
  ``percentile_cont``;
* ``interpolate=False`` is the nearest-rank percentile (PostgreSQL's ``percentile_disc``):
  the smallest value with at least that share of the values at or below it.
"""

from __future__ import annotations

import math


def percentile_of_counts(
    counts: list[tuple[float, int]], fraction: float, *, interpolate: bool = False
) -> float | None:
    """The percentile of the values given as ``(value, how many)`` pairs in ascending
    order of value; ``None`` when there are none."""
    if not 0 <= fraction <= 1:
        raise ValueError("a percentile's fraction lies between 0 and 1")
    total = sum(n for _value, n in counts)
    if not total:
        return None
    if interpolate:
        position = fraction * (total - 1)
        below = _value_at(counts, math.floor(position))
        above = _value_at(counts, math.ceil(position))
        return below + (above - below) * (position - math.floor(position))
    return _value_at(counts, max(0, math.ceil(fraction * total) - 1))


def _value_at(counts: list[tuple[float, int]], index: int) -> float:
    """The value at 0-based ``index`` of the sorted values the pairs stand for."""
    seen = 0
    for value, n in counts:
        seen += n
        if index < seen:
            return value
    raise IndexError(index)
