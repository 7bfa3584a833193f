"""Grouped several ways at once: the same rows as one query per grouping, on either backend
(PostgreSQL answers with grouping sets, the others with one query each)."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.test.utils import CaptureQueriesContext

from reports.grouping import grouped_by_each
from requests.models import DisclosureRequest

from .builders import bulk_requests, random_facts

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


@pytest.fixture
def requests_of(organ, people):
    bulk_requests(organ, random_facts(random.Random(9), 150, first=D("2025-01-01"),
                                      last=D("2025-12-31")))
    pks = list(DisclosureRequest.objects.filter(organ=organ).values_list("pk", flat=True))
    # Some routed, the rest (department NULL) not yet: NULL is a value of its own.
    DisclosureRequest.objects.filter(pk__in=pks[::3]).update(department=people.dept)
    DisclosureRequest.objects.filter(pk__in=pks[1::3]).update(department=people.other_dept)
    return DisclosureRequest.objects.filter(organ=organ)


def as_set(rows):
    return sorted((tuple(sorted(row.items())) for row in rows), key=repr)


def test_each_grouping_has_the_rows_of_its_own_query(requests_of):
    queryset = requests_of.filter(received_on__isnull=False)
    groupings = {
        "": (),
        "department": ("department_id",),
        "kind": ("applicant__kind",),
        "department_and_outcome": ("department_id", "outcome"),
    }
    aggregates = {
        "n": Count("received_on"),
        "concluded": Count("received_on", filter=Q(concluded_on__isnull=False)),
        "pk_sum": Sum("pk"),
    }
    with CaptureQueriesContext(connection) as captured:
        grouped = grouped_by_each(queryset, groupings, aggregates)
    assert len(captured) == (1 if connection.vendor == "postgresql" else len(groupings))
    for name, fields in groupings.items():
        expected = (
            list(queryset.values(*fields).annotate(**aggregates).order_by())
            if fields else [queryset.aggregate(**aggregates)]
        )
        assert as_set(grouped[name]) == as_set(expected), name
    departments = {row["department_id"] for row in grouped["department"]}
    assert None in departments and len(departments) == 3
    assert sum(row["n"] for row in grouped["department"]) == grouped[""][0]["n"] > 100


def test_annotations_can_be_grouped_on_and_nothing_found_is_one_empty_total(requests_of):
    queryset = requests_of.annotate(week=F("pk") / 7)
    grouped = grouped_by_each(
        queryset, {"week": ("week",), "channel": ("channel",)}, {"n": Count("*")}
    )
    assert sum(row["n"] for row in grouped["week"]) == requests_of.count()
    nothing = grouped_by_each(
        requests_of.filter(pk__lt=0), {"": (), "channel": ("channel",)}, {"n": Count("*")}
    )
    assert nothing == {"": [{"n": 0}], "channel": []}
