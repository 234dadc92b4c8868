"""The quota-compliance ledger: one row per person (or unit) and quota rule."""

import django_filters
from django.utils import timezone

from ledgers.columns import Col
from ledgers.registry import Ledger, register
from org.filters import UnitSubtreeFilter, year_choices
from org.models import Cadre
from tracking.periods import period_from_query
from ui.forms import FilterForm

from .models import QuotaRule
from .quotas import evaluate
from .selectors import team_units


def _keep(queryset, name, value):
    return queryset  # a period filter: read by `_cells`, not by the query


class ComplianceFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, method=_keep)
    quarter = django_filters.ChoiceFilter(
        label="季度", choices=[(q, f"第{q}季度") for q in range(1, 5)], method=_keep
    )
    month = django_filters.ChoiceFilter(
        label="月份", choices=[(m, f"{m}月") for m in range(1, 13)], method=_keep
    )
    unit = UnitSubtreeFilter()

    class Meta:
        model = Cadre
        form = FilterForm
        fields = []


def _leaders(user):
    return (
        Cadre.objects.whose_work_is_visible_to(user)
        .filter(is_active=True)
        .exclude(rank=Cadre.Rank.STAFF)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def _cells(leaders, cleaned: dict, user):
    """The dashboard's compliance table for the filtered leaders and period."""
    today = timezone.localdate()
    window, _ = period_from_query(cleaned, today)
    unit = cleaned.get("unit") or user.scope_unit
    table = evaluate(
        QuotaRule.objects.filter(is_active=True),
        window,
        list(leaders),
        today=today,
        units=team_units(unit) if unit else (),
    )
    return sorted(
        table.cells,
        key=lambda c: (c.unit.path, c.cadre.name if c.cadre else "", c.rule.order),
    )


COMPLIANCE = register(
    Ledger(
        kind="quota_compliance",
        title="指标完成情况",
        queryset=_leaders,
        filterset=ComplianceFilter,
        expand=_cells,
        list_url="reports:dashboard",
        columns=[
            Col("单位", value="unit", width=18),
            Col(
                "姓名",
                value=lambda c, x: c.cadre.name if c.cadre else "（单位）",
                width=10,
            ),
            Col("职务", value="cadre__position", width=16),
            Col("指标编号", value="rule__code", width=8),
            Col("指标", value="rule__name", width=30),
            Col("期间", value="period", width=14),
            Col("要求", value="required", width=8),
            Col("完成", value="done", width=8),
            Col("差额", value="shortfall", width=8, total=True),
            Col("达标情况", value="progress", width=14),
            Col("状态", value=lambda c, x: c.status.label, width=8),
        ],
    )
)
