"""Quotas judge each period by the rank held then: a township leader made a
county-level leader on 1 July meets the county rules from July only, and the
township rules until then."""

from datetime import date

import pytest
from django.db.models import Q

from org.models import Cadre
from org.selectors import rank_history, rank_on
from reports.models import QuotaRule
from reports.quotas import Status, evaluate
from tests.factories import ActivityFactory, CadreFactory
from tracking.periods import period_of

pytestmark = pytest.mark.django_db
YEAR = 2024
AFTER = date(YEAR + 1, 1, 15)  # every period of the year is complete


@pytest.fixture
def promoted(city):
    """副镇长 of 城关镇 until 30 June, 副县长 of 永昌县 from 1 July."""
    cadre = CadreFactory(name="孙涛", unit=city.chengguan, rank=Cadre.Rank.TOWNSHIP)
    cadre.unit, cadre.rank, cadre.position = city.yongchang, Cadre.Rank.COUNTY, "副县长"
    cadre.position_since = date(YEAR, 7, 1)
    cadre.save()
    return cadre


def cell(code, cadre):
    rule = QuotaRule.objects.get(code=code)
    cells = evaluate([rule], period_of(YEAR), [cadre], today=AFTER).cells
    return cells[0] if cells else None


def test_the_rank_held_on_a_day_comes_from_the_dated_positions(promoted):
    history = rank_history([promoted.pk])
    assert rank_on(history, promoted, date(YEAR, 6, 30)) == Cadre.Rank.TOWNSHIP
    assert rank_on(history, promoted, date(YEAR, 7, 1)) == Cadre.Rank.COUNTY


def test_county_rules_apply_from_july_only(promoted):
    for month in range(7, 13):
        ActivityFactory(cadre=promoted, kind="onsite", start_date=date(YEAR, month, 5))
    onsite = cell("13", promoted)  # ≥1 on-site session a month, county level
    assert (onsite.periods_total, onsite.periods_met) == (6, 6)
    assert onsite.status == Status.MET


def test_a_month_after_the_promotion_without_a_session_fails(promoted):
    for month in range(8, 13):
        ActivityFactory(cadre=promoted, kind="onsite", start_date=date(YEAR, month, 5))
    onsite = cell("13", promoted)
    assert (onsite.periods_total, onsite.periods_met) == (6, 5)
    assert onsite.status == Status.FAILED


def test_township_rules_apply_until_june_only(promoted):
    reception = cell("10", promoted)  # ≥1 reception day a week, township level
    # The weeks beginning 1 January … 24 June 2024; the week of 1 July is
    # judged by the county rules.
    assert reception.periods_total == 26


def test_a_cadre_without_a_history_is_judged_by_the_current_rank(city):
    (cadre,) = Cadre.objects.bulk_create(
        [Cadre(name="无履历", unit=city.yongchang, rank=Cadre.Rank.COUNTY)]
    )
    onsite = cell("13", cadre)
    assert onsite.periods_total == 12
    assert cell("10", cadre) is None


def test_report_leader_counts_take_the_rank_held_at_the_periods_end(promoted):
    """A report counts leaders by the rank held on its period's last day, so
    the promotion of 1 July does not change the second quarter's report."""
    from activities.selectors import report_figures

    root = promoted.unit.parent
    ActivityFactory(cadre=promoted, kind="onsite", start_date=date(YEAR, 5, 5))
    ActivityFactory(cadre=promoted, kind="onsite", start_date=date(YEAR, 8, 5))
    q2 = report_figures(root.path, date(YEAR, 4, 1), date(YEAR, 6, 30))
    q3 = report_figures(root.path, date(YEAR, 7, 1), date(YEAR, 9, 30))
    assert q2.onsite_leaders == {Cadre.Rank.TOWNSHIP: 1}
    assert q3.onsite_leaders == {Cadre.Rank.COUNTY: 1}


def test_rank_counts_before_the_first_position_and_without_a_history(city):
    """Before the first recorded position a cadre counts by that first rank;
    a cadre written without a history (bulk inserts) by the current rank;
    一般干部 are never counted as leaders."""
    from org.models import CadrePosition
    from org.selectors import leaders_by_rank

    later = CadreFactory(name="周敏", unit=city.chengguan, rank=Cadre.Rank.TOWNSHIP)
    later.positions.update(since=date(YEAR, 3, 1))
    bare = CadreFactory(name="吴刚", unit=city.chengguan, rank=Cadre.Rank.COUNTY)
    CadrePosition.objects.filter(cadre=bare).delete()
    staff = CadreFactory(name="郑丽", unit=city.chengguan, rank=Cadre.Rank.STAFF)
    who = Q(pk__in=[later.pk, bare.pk, staff.pk])
    assert leaders_by_rank(who, date(YEAR, 1, 31)) == {
        Cadre.Rank.TOWNSHIP: 1,
        Cadre.Rank.COUNTY: 1,
    }
