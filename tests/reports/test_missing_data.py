"""No figure from missing data: a 12345 rate is taken only over the orders
that record what it measures, names that part when it is not all of them, and
is left out when none do (orders imported without a first-contact time give
no "响应率0%"; the report states 办结率, handling and sign-for times and 满意率,
the response rate is on the dashboard's KPI table)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from petitions.models import HotlineOrder, HotlineStandard
from petitions.selectors import hotline_kpis
from reports.collect import collect
from reports.compose import compose
from tracking.periods import period_of

pytestmark = pytest.mark.django_db


def orders(city, n: int) -> list[HotlineOrder]:
    received = datetime(2024, 8, 1, 9, tzinfo=timezone.get_current_timezone())
    return [
        HotlineOrder.objects.create(
            number=f"M{i}", received_at=received, unit=city.chengguan, summary="诉求"
        )
        for i in range(n)
    ]


def report_text(city) -> str:
    figures = collect(
        city.yongchang, period_of(2024, 3), today=date(2024, 10, 8), quarter=3
    )
    return compose(figures, signed_on=date(2024, 10, 8)).plain()


def test_orders_without_first_contact_give_no_response_rate(city):
    orders(city, 3)
    text = report_text(city)
    assert "按照接诉即办要求办理12345工单3单" in text
    assert "响应率" not in text and "满意率" not in text and "签收用时" not in text
    [kpi] = hotline_kpis(HotlineOrder.objects.all(), HotlineStandard.current())
    assert (kpi.sign_rate, kpi.response_rate) == (None, None)


def test_a_rate_over_part_of_the_orders_names_the_part(city):
    made = orders(city, 3)
    for order, minutes in zip(made[:2], (10, 30), strict=True):  # not the third
        order.signed_at = order.received_at + timedelta(minutes=minutes)
        order.satisfaction = "satisfied"
        order.save()
    text = report_text(city)
    assert "有签收记录的2单平均签收用时20分钟" in text
    assert "已评价工单满意率100%" in text
    made[2].signed_at = made[2].received_at + timedelta(minutes=50)
    made[2].satisfaction = "unsatisfied"
    made[2].save()
    text = report_text(city)
    assert "工单平均签收用时30分钟" in text and "有签收记录" not in text
    assert "满意率66.7%" in text and "已评价" not in text
