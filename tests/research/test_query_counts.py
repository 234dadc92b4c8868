"""Research list pages read a fixed number of queries, whatever the size of
the city (N+1 guards; timings live in bench/)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.scale import LARGER, SMALL, measured_at, page_queries

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

PAGES = [
    (user, reverse(name), params)
    for user in ("scale_city", "scale_clerk", "scale_county")
    for name, params in [
        ("research:plan_list", {"year": YEAR}),
        ("research:topic_list", {}),
        ("research:topic_list", {"year": YEAR, "status": "in_progress"}),
        ("research:measure_list", {}),
        ("research:measure_list", {"warning": "red"}),
    ]
] + [
    # A leader's own research year (the clerk has no cadre of their own).
    (user, reverse("research:overview"), {"year": YEAR})
    for user in ("scale_city", "scale_county")
]


def test_research_pages_query_counts_are_flat_from_a_small_to_a_larger_city(
    count_queries,
):
    measure = page_queries(count_queries, PAGES)
    assert measured_at(SMALL, measure) == measured_at(LARGER, measure)
