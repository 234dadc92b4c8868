"""The dashboard and report collection read a fixed number of queries, whatever
the size of the city (N+1 guards; timings live in bench/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.cache import bump
from reports.collect import collect
from tests.scale import LARGER, SMALL, client_for, measured_at, page_queries
from tracking.periods import period_of

pytestmark = pytest.mark.django_db

DASHBOARD_PAGES = [
    ("scale_city", reverse("reports:dashboard"), {}, "page"),
    ("scale_county", reverse("reports:dashboard"), {}, "page"),
    ("scale_city", reverse("reports:dashboard"), {"quarter": 1}, "page"),
    ("scale_cadre", reverse("reports:my_quotas"), {}, "cells"),
    ("scale_city", reverse("reports:compliance_json"), {}, None),
    ("scale_city", reverse("reports:trend_json"), {}, None),
]


def test_dashboard_pages_query_counts_are_flat_from_a_small_to_a_larger_city(
    count_queries,
):
    measure = page_queries(count_queries, DASHBOARD_PAGES)
    small, larger = measured_at(SMALL, measure), measured_at(LARGER, measure)
    assert small == larger


def _real_queries(client, url, params=None) -> int:
    """The SQL statements of one whole request (middleware, session, user,
    scope, view, template), without the savepoint markers of the test's own
    transaction (a request in production runs BEGIN … COMMIT instead)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return sum(
        1
        for q in context.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    )


@pytest.mark.parametrize("username", ["scale_city", "scale_county", "scale_cadre"])
def test_the_dashboard_request_makes_at_most_ten_queries(username):
    """Counted on the real request through the test client: the first request
    after a change of the data computes the compliance table (a fixed number
    of grouped queries, whatever the city), the next ones read it from the
    cache under the same data version."""
    url = reverse("reports:dashboard")

    def measure(city):
        client = client_for(username)
        client.get(url)  # warm: templates, URL resolver, the session
        bump()
        computed = _real_queries(client, url)
        again = _real_queries(client, url)
        rows = client.get(url).context["page"].paginator.count
        return computed, again, rows

    small, larger = measured_at(SMALL, measure), measured_at(LARGER, measure)
    assert larger[2] >= small[2] > 0  # (a cadre sees only their own row)
    assert small[:2] == larger[:2]  # flat: neither count grows with the city
    assert larger[1] <= 10


def test_report_collection_query_count_is_flat(count_queries):
    def measure(city):
        today = timezone.localdate()
        counts = []
        for unit in (city.root, city.logins["scale_county"].scope_unit):
            counts.append(
                count_queries(
                    lambda u=unit: collect(
                        u, period_of(today.year, 1), today=today, quarter=1
                    )
                )
            )
        return counts

    assert measured_at(SMALL, measure) == measured_at(LARGER, measure)
