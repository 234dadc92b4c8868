"""The quota-compliance ledger: one row per person (or unit) and quota rule."""

import django_filters
from django.utils import timezone

from ledgers.registry import Ledger, register
from org.filters import UnitSubtreeFilter, year_choices
from org.models import Cadre
from tracking.periods import period_from_query
from ui.forms import FilterForm
from ui.spreadsheet import Column

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
        Cadre.objects.visible_to(user)
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
            Column("单位", lambda c, x: c.unit.name, 18),
            Column("姓名", lambda c, x: c.cadre.name if c.cadre else "（单位）", 10),
            Column("职务", lambda c, x: c.cadre.position if c.cadre else "", 16),
            Column("指标编号", lambda c, x: c.rule.code, 8),
            Column("指标", lambda c, x: c.rule.name, 30),
            Column("期间", lambda c, x: c.period, 14),
            Column("要求", lambda c, x: c.required, 8),
            Column("完成", lambda c, x: c.done, 8),
            Column("差额", lambda c, x: c.shortfall, 8, total=True),
            Column("达标情况", lambda c, x: c.progress, 14),
            Column("状态", lambda c, x: c.status.label, 8),
        ],
    )
)
