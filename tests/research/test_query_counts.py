"""Research list pages read a fixed number of queries, whatever the size of
the city (N+1 guards; timings live in bench/)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TopicFactory
from tests.scale import LARGER, SMALL, measured_at, page_queries

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

PAGES = [
    (user, reverse(name), params, rows)
    for user in ("scale_city", "scale_clerk", "scale_county")
    for name, params, rows in [
        ("research:plan_list", {"year": YEAR}, "page"),
        ("research:plan_list", {}, "page"),
        ("research:plan_list", {"q": "县", "sort": "-submitted"}, "page"),
        ("research:trip_list", {"sort": "lead"}, "page"),
        ("research:trip_list", {"q": "县", "sort": "-date"}, "page"),
        ("research:finding_list", {"sort": "-measures"}, "page"),
        ("research:finding_list", {"q": "不", "sort": "lead"}, "page"),
        ("research:topic_list", {}, "page"),
        ("research:topic_list", {"year": YEAR, "status": "in_progress"}, "page"),
        ("research:measure_list", {}, "page"),
        ("research:measure_list", {"warning": "red"}, "page"),
        ("research:measure_list", {"q": "县", "sort": "-deadline"}, "page"),
    ]
] + [
    # A leader's own research year (the clerk has no cadre of their own).
    (user, reverse("research:overview"), {"year": YEAR}, "summary.topics")
    for user in ("scale_city", "scale_county")
]


def test_research_pages_query_counts_are_flat_from_a_small_to_a_larger_city(
    count_queries,
):
    pages = page_queries(count_queries, PAGES)

    def measure(city):
        # Each leader whose year is shown leads a topic in both cities, so the
        # overview lists topics in both (a scale city may give one none).
        for username in ("scale_city", "scale_county"):
            TopicFactory(lead=city.logins[username].cadre, year=YEAR)
        return pages(city)

    assert measured_at(SMALL, measure) == measured_at(LARGER, measure)
