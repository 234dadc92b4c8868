"""Activity list pages read a fixed number of queries, whatever the size of
the city (N+1 guards; timings live in bench/)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.scale import LARGER, SMALL, measured_at, page_queries

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

PAGES = [
    (user, reverse(name), params, rows)
    for user in ("scale_city", "scale_clerk", "scale_cadre")
    for name, params, rows in [
        ("activities:list", {}, "page"),
        ("activities:list", {"pillar": "onsite", "year": YEAR}, "page"),
        ("activities:heat", {"year": YEAR}, "places"),
        ("activities:calendar", {"month": f"{YEAR}-12"}, "planned"),
    ]
] + [
    (user, reverse(name), params, rows)
    for user in ("scale_city", "scale_clerk", "scale_county")
    for name, params, rows in [
        ("activities:list", {"kind": "lecture", "year": YEAR, "quarter": 1}, "page"),
        ("activities:livelihood_list", {"year": YEAR}, "rows"),
        ("activities:liaison_list", {}, "liaisons"),
    ]
]


def test_activity_pages_query_counts_are_flat_from_a_small_to_a_larger_city(
    count_queries,
):
    measure = page_queries(count_queries, PAGES)
    assert measured_at(SMALL, measure) == measured_at(LARGER, measure)
