"""The dashboard and report collection read a fixed number of queries, whatever
the size of the city (N+1 guards; timings live in bench/)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from org.models import User
from org.scope import access_for
from reports import selectors
from reports.collect import collect
from tests.scale import LARGER, SMALL, measured_at, page_queries
from tracking.periods import period_of

pytestmark = pytest.mark.django_db

DASHBOARD_PAGES = [
    ("scale_city", reverse("reports:dashboard"), {}, "rows"),
    ("scale_county", reverse("reports:dashboard"), {}, "rows"),
    ("scale_city", reverse("reports:dashboard"), {"quarter": 1}, "rows"),
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


def _dashboard_reads(user) -> int:
    """The reads the dashboard view makes for its data."""
    today = timezone.localdate()
    window = period_of(today.year)
    units = selectors.dashboard_units(user, today.year)
    unit = next(u for u in units if u.pk == user.scope_unit_id)
    table = selectors.compliance(user, unit, window, today, units)
    columns, rows = selectors.matrix(table)
    selectors.roll_up(table, unit, columns, units)
    selectors.item_colours(user, unit, today)
    selectors.pillar_figures(unit, window)
    return len(rows)


@pytest.mark.parametrize("username", ["scale_city", "scale_county"])
def test_the_dashboard_reads_its_data_in_ten_queries(count_queries, username):
    def measure(city):
        user = User.objects.get(username=username)
        access_for(user)  # the user's scope, read once per request for any page
        rows = []
        queries = count_queries(lambda: rows.append(_dashboard_reads(user)))
        return queries, rows[0]

    (small, small_rows), (larger, larger_rows) = (
        measured_at(SMALL, measure),
        measured_at(LARGER, measure),
    )
    assert larger_rows > 2 * small_rows  # the larger city has more leaders
    assert small == larger <= 10


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
