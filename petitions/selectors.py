"""Reads of petition work: masking by role, due lists, 12345 KPIs."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from org.selectors import count_by_rank_held, leaders_by_rank
from petitions.masking import (
    mask_address,
    mask_content,
    mask_id_number,
    mask_name,
    mask_phone,
)
from tracking.models import colour_case
from tracking.workdays import working_days_between

from .models import (
    BacklogCase,
    HotlineOrder,
    HotlineStandard,
    PetitionCase,
    ReceptionDay,
    Stage,
)


def petitioner_rows(case: PetitionCase, *, unmasked: bool) -> list[dict]:
    rows = []
    for p in case.petitioners.all():
        if unmasked:
            rows.append(
                {
                    "name": p.name,
                    "id_number": p.id_number,
                    "phone": p.phone,
                    "address": p.address,
                }
            )
        else:
            rows.append(
                {
                    "name": mask_name(p.name),
                    "id_number": mask_id_number(p.id_number),
                    "phone": mask_phone(p.phone),
                    "address": mask_address(p.address),
                }
            )
    return rows


def shown_content(case: PetitionCase, *, unmasked: bool) -> str:
    if unmasked:
        return case.content
    return mask_content(case.content, [p.name for p in case.petitioners.all()])


def cases_for_list(user, today: date) -> QuerySet:
    return (
        PetitionCase.objects.visible_to(user)
        .select_related("unit", "stage_item")
        .prefetch_related("petitioners")
        .annotate(warning=colour_case(today, "stage_item__"))
    )


def due_by_unit(user, today: date) -> list[dict]:
    """Open cases per handling unit by 红黄蓝, overdue first."""
    rows = (
        PetitionCase.objects.visible_to(user)
        .filter(stage_item__closed_at__isnull=True, stage_item__isnull=False)
        .annotate(warning=colour_case(today, "stage_item__"))
        .values("unit__name", "unit_id")
        .annotate(
            red=Count("pk", filter=Q(warning="red")),
            yellow=Count("pk", filter=Q(warning="yellow")),
            blue=Count("pk", filter=Q(warning="blue")),
        )
        .order_by("-red", "-yellow", "unit__name")
    )
    return list(rows)


@dataclass
class HotlineKpi:
    unit: str
    orders: int
    counted: int
    signed_in_time: int
    responded_in_time: int
    resolved: int
    evaluated: int
    satisfied: int
    # counted orders carrying a sign-for / first-contact time: a rate is taken
    # only over the orders that record what it measures (unknown is not late)
    with_signed: int = 0
    with_response: int = 0

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def sign_rate(self):
        return self.rate(self.signed_in_time, self.with_signed)

    @property
    def response_rate(self):
        return self.rate(self.responded_in_time, self.with_response)

    @property
    def resolve_rate(self):
        return self.rate(self.resolved, self.counted)

    @property
    def satisfaction_rate(self):
        return self.rate(self.satisfied, self.evaluated)


def hotline_kpis(
    queryset: QuerySet,
    standard: HotlineStandard,
    *,
    resolved_by: datetime | None = None,
) -> list[HotlineKpi]:
    """响应率、解决率、满意率 per handling unit, in one grouped query.

    counted   = orders in the period (less those out of scope, if so set)
    签收及时率 = orders signed within the standard minutes / counted orders
                with a sign-for time
    响应率     = orders first contacted within the standard hours / counted
                orders with a first-contact time
    解决率     = orders resolved / counted
    满意率     = 满意 (+ 基本满意, if so set) / orders evaluated

    With `resolved_by`, an order counts as resolved only if resolved by then
    (a report for a past period reads the same whenever it is built).
    """
    counted = ~Q(out_of_scope=True) if standard.exclude_out_of_scope else Q()
    satisfied = (
        ["satisfied", "basically"]
        if standard.basically_counts_as_satisfied
        else ["satisfied"]
    )
    resolved = Q(resolved=True)
    if resolved_by is not None:
        resolved &= Q(resolved_at__lte=resolved_by)
    rows = (
        queryset.values("unit__name")
        .annotate(
            orders=Count("pk"),
            counted=Count("pk", filter=counted),
            signed_in_time=Count(
                "pk",
                filter=counted
                & Q(
                    signed_at__lte=F("received_at")
                    + timedelta(minutes=standard.sign_minutes)
                ),
            ),
            responded_in_time=Count(
                "pk",
                filter=counted
                & Q(
                    responded_at__lte=F("received_at")
                    + timedelta(hours=standard.respond_hours)
                ),
            ),
            with_signed=Count("pk", filter=counted & Q(signed_at__isnull=False)),
            with_response=Count("pk", filter=counted & Q(responded_at__isnull=False)),
            resolved=Count("pk", filter=counted & resolved),
            evaluated=Count("pk", filter=counted & ~Q(satisfaction="")),
            satisfied_count=Count("pk", filter=counted & Q(satisfaction__in=satisfied)),
        )
        .order_by("unit__name")
    )
    return [
        HotlineKpi(
            unit=row["unit__name"],
            orders=row["orders"],
            counted=row["counted"],
            signed_in_time=row["signed_in_time"],
            responded_in_time=row["responded_in_time"],
            resolved=row["resolved"],
            evaluated=row["evaluated"],
            satisfied=row["satisfied_count"],
            with_signed=row["with_signed"],
            with_response=row["with_response"],
        )
        for row in rows
    ]


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.max, tzinfo=tz),
    )


def leader_days(cadre_ids, start: date, end: date) -> list[tuple[int, date, str]]:
    """(leader, date, what) in [start, end] for the quota engine: reception
    days and visits ("reception"), backlog cases taken on ("backlog"). One
    query (a union); a leader's reception days may repeat a date."""

    receptions = (
        ReceptionDay.objects.filter(leader_id__in=cadre_ids, day__range=(start, end))
        .order_by()
        .annotate(what=Value("reception"))
        .values_list("leader_id", "day", "what")
    )
    backlog = (
        BacklogCase.objects.filter(
            leader_id__in=cadre_ids, assigned_on__range=(start, end)
        )
        .order_by()
        .annotate(what=Value("backlog"))
        .values_list("leader_id", "assigned_on", "what")
    )
    return list(receptions.union(backlog, all=True))


def month_series(unit_path: str, start: date, end: date) -> dict[date, int]:
    """Reception days per month under a unit, for the dashboard trend."""

    rows = (
        ReceptionDay.objects.filter(
            leader__unit__path__startswith=unit_path, day__range=(start, end)
        )
        .annotate(month=TruncMonth("day"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {m.date() if hasattr(m, "date") else m: n for m, n in rows}


def figure_parts(unit_path: str, start: date, end: date) -> list[QuerySet]:
    """(label, count) rows of reception days and cases under a unit in the
    period, as querysets the dashboard unites with other pillars' into one
    query."""

    parts = (
        (
            "接访日",
            ReceptionDay.objects.filter(
                leader__unit__path__startswith=unit_path, day__range=(start, end)
            ),
        ),
        (
            "信访事项",
            PetitionCase.objects.filter(
                unit__path__startswith=unit_path, registered_on__range=(start, end)
            ),
        ),
    )
    return [
        queryset.order_by()
        .annotate(label=Value(label))
        .values_list("label")
        .annotate(n=Count("pk"))
        for label, queryset in parts
    ]


def unit_figure_parts(unit_ids, start: date, end: date) -> list[QuerySet]:
    """`figure_parts` per unit: (label, unit, count) rows of the reception days
    (by the leader's unit) and cases of the given units themselves."""
    parts = (
        (
            "接访日",
            "leader__unit_id",
            ReceptionDay.objects.filter(
                leader__unit_id__in=unit_ids, day__range=(start, end)
            ),
        ),
        (
            "信访事项",
            "unit_id",
            PetitionCase.objects.filter(
                unit_id__in=unit_ids, registered_on__range=(start, end)
            ),
        ),
    )
    return [
        queryset.order_by()
        .annotate(label=Value(label))
        .values_list("label", unit)
        .annotate(n=Count("pk"))
        for label, unit, queryset in parts
    ]


@dataclass(frozen=True)
class PetitionFigures:
    """Figures of pillar 3 (petitions, 12345) for a unit's report: what is
    dated inside the period, the cases and orders as they stood at its end."""

    reception_days: int
    reception_leaders: int
    visitors: int
    cases: int
    cases_handled: int
    cases_closed: int
    backlog_resolved: int
    hotline_orders: int
    hotline_counted: int
    hotline_resolved: int
    hotline_responded: int  # counted orders with a first-contact time
    hotline_evaluated: int  # counted orders the petitioner evaluated
    response_rate: float | None  # over hotline_responded; None when none
    resolve_rate: float | None
    satisfaction_rate: float | None  # over hotline_evaluated; None when none
    # Leaders (not 一般干部) who received petitioners, by rank value.
    reception_leaders_by_rank: dict[str, int] = field(default_factory=dict)
    answered_on_site: int = 0  # 现场解释答复 on reception days
    # Backlog cases resolved in the period by the 包案 leader's rank value.
    backlog_resolved_by_rank: dict[str, int] = field(default_factory=dict)
    backlog_assigned: int = 0  # taken on by a leader in the period
    backlog_open: int = 0  # taken on by the end, not resolved by then
    hotline_closed: int = 0  # counted orders with a 办结 time by the end
    hotline_village: int = 0  # of those, resolved at village level (村级自主化解)
    case_categories: list[str] = field(default_factory=list)  # most cases first
    # Average handling time (received → 办结) in working days, over the
    # closed orders; average sign-for time in minutes, over `hotline_signed`
    # orders carrying a sign-for time. None when no order carries it.
    handling_days: float | None = None
    hotline_signed: int = 0
    sign_minutes: float | None = None
    # What the period's orders most asked for (诉求摘要, most frequent first).
    hotline_topics: list[str] = field(default_factory=list)


def report_figures(unit_path: str, start: date, end: date) -> PetitionFigures:
    """Figures of pillar 3 for a unit's report over [start, end]."""

    receptions = ReceptionDay.objects.filter(
        leader__unit__path__startswith=unit_path, day__range=(start, end)
    )
    cases = PetitionCase.objects.filter(
        unit__path__startswith=unit_path, registered_on__range=(start, end)
    )
    # The period's cases as they stood at its end, from their dated steps.
    handled = cases.exclude(stage=Stage.MERGED).filter(routed_on__lte=end)
    closed = cases.exclude(stage=Stage.MERGED).filter(
        Q(replied_on__lte=end) | Q(closed_on__lte=end)
    )
    backlog = BacklogCase.objects.filter(
        case__unit__path__startswith=unit_path, resolved_on__range=(start, end)
    )
    first, last = day_bounds(start, end)
    orders = HotlineOrder.objects.filter(
        unit__path__startswith=unit_path, received_at__range=(first, last)
    )
    kpis = hotline_kpis(orders, HotlineStandard.current(), resolved_by=last)
    counted = sum(k.counted for k in kpis)
    total = HotlineKpi(
        "合计",
        0,
        counted,
        *(
            sum(getattr(k, f) for k in kpis)
            for f in (
                "signed_in_time",
                "responded_in_time",
                "resolved",
                "evaluated",
                "satisfied",
                "with_signed",
                "with_response",
            )
        ),
    )
    standard = HotlineStandard.current()
    counted_orders = (
        orders.exclude(out_of_scope=True) if standard.exclude_out_of_scope else orders
    )
    closed_orders = list(
        counted_orders.filter(resolved_at__lte=last).values_list(
            "received_at", "resolved_at", "resolved_in_village"
        )
    )
    local = timezone.localtime
    handling = working_days_between(
        [(local(got).date(), local(done).date()) for got, done, _ in closed_orders]
    )
    signing = [
        (signed - got).total_seconds() / 60
        for got, signed in counted_orders.filter(signed_at__lte=last).values_list(
            "received_at", "signed_at"
        )
    ]
    taken_on = BacklogCase.objects.filter(
        case__unit__path__startswith=unit_path, assigned_on__lte=end
    )
    return PetitionFigures(
        reception_days=receptions.values("leader", "day").distinct().count(),
        reception_leaders=receptions.values("leader").distinct().count(),
        visitors=receptions.aggregate(n=Sum("visitors"))["n"] or 0,
        cases=cases.count(),
        cases_handled=handled.count(),
        cases_closed=closed.count(),
        backlog_resolved=backlog.count(),
        hotline_orders=orders.count(),
        hotline_counted=counted,
        hotline_resolved=total.resolved,
        hotline_responded=total.with_response,
        hotline_evaluated=total.evaluated,
        response_rate=total.response_rate,
        resolve_rate=total.resolve_rate,
        satisfaction_rate=total.satisfaction_rate,
        reception_leaders_by_rank=leaders_by_rank(
            Q(pk__in=receptions.values("leader_id")), end
        ),
        answered_on_site=receptions.aggregate(n=Sum("answered_on_site"))["n"] or 0,
        backlog_resolved_by_rank=count_by_rank_held(backlog, end, "leader"),
        backlog_assigned=taken_on.filter(assigned_on__gte=start).count(),
        backlog_open=taken_on.filter(
            Q(resolved_on__isnull=True) | Q(resolved_on__gt=end)
        ).count(),
        hotline_closed=len(closed_orders),
        hotline_village=sum(1 for *_, village in closed_orders if village),
        case_categories=[
            PetitionCase.Category(category).label
            for category in cases.order_by()
            .values_list("category")
            .annotate(n=Count("pk"))
            .order_by("-n", "category")
            .values_list("category", flat=True)[:3]
        ],
        hotline_topics=list(
            counted_orders.order_by()
            .values_list("summary")
            .annotate(n=Count("pk"))
            .order_by("-n", "summary")
            .values_list("summary", flat=True)[:3]
        ),
        handling_days=round(sum(handling) / len(handling), 1) if handling else None,
        hotline_signed=len(signing),
        sign_minutes=round(sum(signing) / len(signing), 1) if signing else None,
    )


def records_url(measure: str) -> str | None:
    """The list of a leader's reception days or backlog cases (the caller
    appends the leader's id and `&year=`); None for other measures."""
    if measure == "reception_days":
        return f"{reverse('petitions:reception_list')}?leader="
    if measure == "backlog_cases":
        return f"{reverse('petitions:backlog_list')}?leader="
    return None
