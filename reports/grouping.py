"""The same aggregates grouped several ways at once: one scan on PostgreSQL.

Supervision breaks every figure down by department, outcome, channel and applicant kind.
``grouped_by_each`` returns the aggregates of a queryset for each *grouping* — a tuple of
fields, ``()`` for the whole — as if it had run one ``values(*fields).annotate(...)`` query
per grouping. PostgreSQL answers all of them with one query (``GROUP BY GROUPING SETS``,
``GROUPING()`` telling the rows apart — a NULL department is a value of its own, not "all
departments"); other databases get one query per grouping, with the same results.
"""

from __future__ import annotations

import re

from django.db import connections
from django.db.models import Func, IntegerField, QuerySet

_ORDINALS = re.compile(r"\d+(, \d+)*")


class _GroupingBits(Func):
    """``GROUPING(a, b, …)``: a bit per argument, set where the row is not grouped by it."""

    function = "GROUPING"
    output_field = IntegerField()
    contains_aggregate = True  # computed per group, never a GROUP BY term itself


def grouped_by_each(
    queryset: QuerySet, groupings: dict[str, tuple[str, ...]], aggregates: dict
) -> dict[str, list[dict]]:
    """{grouping name: rows}; each row holds the grouping's fields and the aggregates.

    The field names may be annotations of ``queryset``. The rows come in no order.
    """
    fields = list(dict.fromkeys(f for group in groupings.values() for f in group))
    if connections[queryset.db].vendor != "postgresql" or not fields:
        return {
            name: list(queryset.values(*group).annotate(**aggregates).order_by())
            if group else [queryset.aggregate(**aggregates)]
            for name, group in groupings.items()
        }
    return _grouping_sets(queryset, groupings, fields, aggregates)


def _grouping_sets(queryset, groupings, fields, aggregates) -> dict[str, list[dict]]:
    grouped = (
        queryset.values(*fields)
        .annotate(**aggregates, _grouping=_GroupingBits(*fields))
        .order_by()
    )
    compiler = grouped.query.get_compiler(using=grouped.db)
    sql, params = compiler.as_sql()
    ordinal = {alias: n for n, (_expr, _sql, alias) in enumerate(compiler.select, start=1)}
    head, _sep, tail = sql.rpartition(" GROUP BY ")
    if not head or not _ORDINALS.fullmatch(tail):
        raise RuntimeError(f"unexpected GROUP BY clause: {tail!r}")
    sets = ", ".join(
        "(" + ", ".join(str(ordinal[f]) for f in group) + ")" for group in groupings.values()
    )
    sql = f"{head} GROUP BY GROUPING SETS ({sets})"
    # GROUPING(...) has a bit per field, the first field the highest; set where the row
    # is aggregated over that field.
    bits_of = {
        name: sum(1 << (len(fields) - 1 - i) for i, f in enumerate(fields) if f not in group)
        for name, group in groupings.items()
    }
    name_of = {bits: name for name, bits in bits_of.items()}
    columns = [alias for _expr, _sql, alias in compiler.select]
    result: dict[str, list[dict]] = {name: [] for name in groupings}
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            name = name_of[row.pop("_grouping")]
            result[name].append(
                {k: v for k, v in row.items() if k in groupings[name] or k in aggregates}
            )
    return result
