"""Activity list pages read a fixed number of queries, whatever the size of
the city (N+1 guards; timings live in bench/)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.scale import LARGER, SMALL, measured_at, page_queries

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

PAGES = [
    (user, reverse(name), params)
    for user in ("scale_city", "scale_clerk", "scale_cadre")
    for name, params in [
        ("activities:list", {}),
        ("activities:list", {"pillar": "onsite", "year": YEAR}),
        ("activities:list", {"kind": "lecture", "year": YEAR, "quarter": 1}),
        ("activities:livelihood_list", {"year": YEAR}),
        ("activities:liaison_list", {}),
        ("activities:heat", {"year": YEAR}),
        ("activities:calendar", {"month": f"{YEAR}-12"}),
    ]
]


def test_activity_pages_query_counts_are_flat_from_a_small_to_a_larger_city(
    count_queries,
):
    measure = page_queries(count_queries, PAGES)
    assert measured_at(SMALL, measure) == measured_at(LARGER, measure)
