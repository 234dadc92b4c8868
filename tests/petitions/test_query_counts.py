"""Petition list pages read a fixed number of queries, whatever the size of
the city (N+1 guards; timings live in bench/)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.scale import LARGER, SMALL, measured_at, page_queries

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

PAGES = [
    (user, reverse(name), params, rows)
    for user in ("scale_petition", "scale_clerk", "scale_county")
    for name, params, rows in [
        ("petitions:case_list", {}, "page"),
        ("petitions:case_list", {"year": YEAR, "stage": "accepted"}, "page"),
        ("petitions:due_list", {}, "rows"),
        ("petitions:reception_list", {"year": YEAR}, "page"),
        ("petitions:reception_list", {"sort": "-leader"}, "page"),
        ("petitions:reception_list", {"q": "县", "sort": "visitors"}, "page"),
        ("petitions:backlog_list", {}, "page"),
        ("petitions:backlog_list", {"sort": "-deadline"}, "page"),
        ("petitions:backlog_list", {"q": "XF", "sort": "leader"}, "page"),
        ("petitions:hotline", {"year": YEAR}, "page"),
        ("petitions:hotline", {"year": YEAR, "month": 3}, "page"),
    ]
]


def test_petition_pages_query_counts_are_flat_from_a_small_to_a_larger_city(
    count_queries,
):
    measure = page_queries(count_queries, PAGES)
    assert measured_at(SMALL, measure) == measured_at(LARGER, measure)
