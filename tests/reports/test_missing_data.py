"""No figure from missing data: a 12345 rate is taken only over the orders
that record what it measures, names that part when it is not all of them, and
is left out when none do (orders imported without a first-contact time give
no "响应率0%")."""

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
    assert "累计收到12345接诉即办工单3单" in text
    assert "响应率" not in text and "满意率" not in text
    [kpi] = hotline_kpis(HotlineOrder.objects.all(), HotlineStandard.current())
    assert (kpi.sign_rate, kpi.response_rate) == (None, None)


def test_a_rate_over_part_of_the_orders_names_the_part(city):
    made = orders(city, 3)
    for order, hours in zip(made[:2], (1, 5), strict=True):  # not the third
        order.responded_at = order.received_at + timedelta(hours=hours)
        order.satisfaction = "satisfied"
        order.save()
    text = report_text(city)
    assert "有首次联系记录的2单中响应率50%" in text
    assert "已评价的2单中满意率100%" in text
    made[2].responded_at = made[2].received_at + timedelta(hours=1)
    made[2].satisfaction = "unsatisfied"
    made[2].save()
    text = report_text(city)
    assert "响应率66.7%" in text and "有首次联系记录" not in text
    assert "满意率66.7%" in text and "已评价的" not in text
