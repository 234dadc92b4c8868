"""Reads of the research chain: research days, a leader's year, unit plans."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Count,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from org.models import Cadre
from org.selectors import leaders_by_rank
from tracking.models import TrackedItem, colour_case

from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchPlan,
    ResearchReport,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)

RESEARCH_DAYS_REQUIRED = 60


def research_days(cadre_ids, start: date, end: date) -> dict[int, int]:
    """Distinct calendar days each cadre spent on research trips in [start, end].

    Overlapping trips count a day once; a trip across the period's edge counts
    only its days inside. One query, whatever the number of cadres.
    """
    rows = ResearchTrip.participants.through.objects.filter(
        cadre_id__in=list(cadre_ids),
        researchtrip__start_date__lte=end,
        researchtrip__end_date__gte=start,
    ).values_list("cadre_id", "researchtrip__start_date", "researchtrip__end_date")
    days: dict[int, set[date]] = defaultdict(set)
    for cadre_id, first, last in rows:
        day, last = max(first, start), min(last, end)
        while day <= last:
            days[cadre_id].add(day)
            day += timedelta(days=1)
    return {cadre_id: len(found) for cadre_id, found in days.items()}


@dataclass
class LeaderYear:
    cadre: Cadre
    year: int
    topics: list[ResearchTopic]
    member_topics: list[ResearchTopic]
    days: int
    required_days: int
    findings: int
    measures_open: int
    measures_overdue: int
    measures_closed: int

    @property
    def days_short(self) -> int:
        return max(0, self.required_days - self.days)


def leader_year(cadre: Cadre, year: int, today: date | None = None) -> LeaderYear:
    """A leader's research overview for the year, in a handful of queries."""
    today = today or timezone.localdate()
    topics = ResearchTopic.objects.filter(year=year)
    led = list(topics.filter(lead=cadre).with_chain())
    member = list(topics.filter(members=cadre).exclude(lead=cadre).with_chain())
    days = research_days([cadre.pk], date(year, 1, 1), date(year, 12, 31))
    measures = Measure.objects.filter(
        finding__topic__lead=cadre, finding__topic__year=year
    ).aggregate(
        open=Count("pk", filter=Q(item__closed_at__isnull=True)),
        overdue=Count(
            "pk", filter=Q(item__closed_at__isnull=True, item__deadline__lt=today)
        ),
        closed=Count("pk", filter=Q(item__closed_at__isnull=False)),
    )
    return LeaderYear(
        cadre=cadre,
        year=year,
        topics=led,
        member_topics=member,
        days=days.get(cadre.pk, 0),
        # The rule's own audience, as the quota engine applies it (我的指标).
        required_days=RESEARCH_DAYS_REQUIRED if cadre.on_county_team() else 0,
        findings=sum(topic.finding_count for topic in led),
        measures_open=measures["open"],
        measures_overdue=measures["overdue"],
        measures_closed=measures["closed"],
    )


def measures_with_colour(queryset, today: date):
    """Measures with their tracked item's colour (`warning`), computed in SQL."""
    return queryset.select_related(
        "item__unit", "item__owner", "finding__topic"
    ).annotate(warning=colour_case(today, "item__"))


def topic_facts(cadre_ids, year: int) -> dict[int, dict[str, int]]:
    """Per lead: topics led, topics reported by 31 December, findings and
    findings with measures, for the year. One grouped query."""
    rows = (
        ResearchTopic.objects.filter(lead_id__in=cadre_ids, year=year)
        .order_by()
        .values("lead_id")
        .annotate(
            led=Count("pk", distinct=True),
            reported=Count(
                "pk",
                filter=Q(report__submitted_on__lte=date(year, 12, 31)),
                distinct=True,
            ),
            finding_count=Count("findings", distinct=True),
            answered=Count(
                "findings", filter=Q(findings__measures__isnull=False), distinct=True
            ),
        )
    )
    return {
        row["lead_id"]: {
            "led": row["led"],
            "reported": row["reported"],
            "findings": row["finding_count"],
            "answered": row["answered"],
        }
        for row in rows
    }


def plans_submitted(unit_ids, year: int) -> dict[int, date | None]:

    return dict(
        ResearchPlan.objects.filter(unit_id__in=unit_ids, year=year).values_list(
            "unit_id", "submitted_on"
        )
    )


def plan_submitted_on(year: int) -> Subquery:
    """An annotation for org units: the day the unit's plan for the year was
    submitted (None if not, or no plan), read in the units' own query."""

    return Subquery(
        ResearchPlan.objects.filter(unit=OuterRef("pk"), year=year)
        .order_by()
        .values("submitted_on")[:1]
    )


def month_series(unit_path: str, start: date, end: date) -> dict[date, int]:
    """Research trips per month (by start date) under a unit."""

    rows = (
        ResearchTrip.objects.filter(
            topic__unit__path__startswith=unit_path, start_date__range=(start, end)
        )
        .annotate(month=TruncMonth("start_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {m.date() if hasattr(m, "date") else m: n for m, n in rows}


def figure_parts(unit_path: str, start: date, end: date) -> list[QuerySet]:
    """(label, count) rows of topics and trips under a unit in the period, as
    querysets the dashboard unites with other pillars' into one query."""
    topics = ResearchTopic.objects.filter(
        unit__path__startswith=unit_path, year__range=(start.year, end.year)
    ).order_by()
    trips = ResearchTrip.objects.filter(
        topic__in=topics, start_date__range=(start, end)
    ).order_by()
    return [
        queryset.annotate(label=Value(label))
        .values_list("label")
        .annotate(n=Count("pk"))
        for label, queryset in (("调研课题", topics), ("调研", trips))
    ]


def unit_figure_parts(unit_ids, start: date, end: date) -> list[QuerySet]:
    """`figure_parts` per unit: (label, unit, count) rows of the topics and
    trips of the given units themselves (not their subtrees)."""
    topics = ResearchTopic.objects.filter(
        unit_id__in=unit_ids, year__range=(start.year, end.year)
    ).order_by()
    trips = ResearchTrip.objects.filter(
        topic__unit_id__in=unit_ids,
        topic__year__range=(start.year, end.year),
        start_date__range=(start, end),
    ).order_by()
    return [
        queryset.annotate(label=Value(label))
        .values_list("label", unit)
        .annotate(n=Count("pk"))
        for label, unit, queryset in (
            ("调研课题", "unit_id", topics),
            ("调研", "topic__unit_id", trips),
        )
    ]


@dataclass(frozen=True)
class ResearchFigures:
    """Figures of pillar 2 (research) for a unit's report. `topics` are the
    year's (cumulative, as topics carry a year and no date); every other
    figure counts what is dated inside the period."""

    topics: int
    trips: int
    research_days: int
    researchers: int
    findings: int
    measures: int
    measures_closed: int
    conversions: int
    conversion_titles: list[str]
    reports: int
    # What the figures are about, for the narrative (none names a cadre).
    topic_titles: list[str] = field(default_factory=list)  # researched in period
    finding_texts: list[str] = field(default_factory=list)  # found in period
    topics_converted: int = 0  # the year's topics converted by the period's end
    # The year's topics not converted by the period's end, by subject.
    unconverted_titles: list[str] = field(default_factory=list)
    # Measures closed out in the period, by title: what changed.
    measure_titles: list[str] = field(default_factory=list)
    planned_titles: list[str] = field(default_factory=list)  # set in the period
    methods: list[str] = field(default_factory=list)  # of the topics researched
    researchers_by_rank: dict[str, int] = field(default_factory=dict)
    cases_positive: int = 0
    cases_negative: int = 0
    case_positive_titles: list[str] = field(default_factory=list)
    case_negative_titles: list[str] = field(default_factory=list)


def report_figures(unit_path: str, start: date, end: date) -> ResearchFigures:
    """Figures of pillar 2 for a unit's report over [start, end]."""

    topics = ResearchTopic.objects.filter(
        unit__path__startswith=unit_path, year=start.year
    )
    trips = ResearchTrip.objects.filter(
        topic__in=topics, start_date__range=(start, end)
    )
    findings = Finding.objects.filter(topic__in=topics, found_on__range=(start, end))
    measures = Measure.objects.filter(finding__topic__in=topics)
    conversions = Conversion.objects.filter(
        topic__in=topics, converted_on__range=(start, end)
    )
    closed_within = TrackedItem.objects.closed_within(start, end).values("pk")
    leads = list(topics.values_list("lead_id", flat=True).distinct())
    days = research_days(leads, start, end)
    # Most researched first; a title written after its unit's name (a
    # ledger's habit: "市信访局高标准农田建设") is named by its subject.
    researched = (
        topics.filter(trips__in=trips)
        .order_by()
        .values_list("title", "unit__name")
        .annotate(n=Count("trips"))
        .order_by("-n", "title")
    )
    subjects = dict.fromkeys(
        title.removeprefix(unit) or title for title, unit, _ in researched[:12]
    )
    cases = list(
        TypicalCase.objects.filter(
            unit__path__startswith=unit_path, found_on__range=(start, end)
        )
        .order_by("found_on", "pk")
        .values_list("polarity", "title")
    )
    positive = [t for p, t in cases if p == TypicalCase.Polarity.POSITIVE]
    negative = [t for p, t in cases if p == TypicalCase.Polarity.NEGATIVE]
    participants = ResearchTrip.participants.through.objects.filter(
        researchtrip__in=trips
    )
    return ResearchFigures(
        topics=topics.count(),
        trips=trips.count(),
        research_days=sum(days.values()),
        researchers=len(days),
        findings=findings.count(),
        measures=measures.filter(item__start_date__range=(start, end)).count(),
        measures_closed=measures.filter(item__in=closed_within).count(),
        measure_titles=list(
            dict.fromkeys(
                measures.filter(item__in=closed_within)
                .order_by("item__closed_at", "pk")
                .values_list("item__title", flat=True)[:12]
            )
        )[:3],
        planned_titles=list(
            dict.fromkeys(
                measures.filter(item__start_date__range=(start, end))
                .order_by("item__start_date", "pk")
                .values_list("item__title", flat=True)[:12]
            )
        )[:3],
        conversions=conversions.count(),
        conversion_titles=list(
            dict.fromkeys(conversions.values_list("title", flat=True))
        )[:2],
        reports=ResearchReport.objects.filter(
            topic__in=topics, submitted_on__range=(start, end)
        ).count(),
        topic_titles=list(subjects)[:3],
        methods=[
            ResearchTopic.Method(method).label
            for method in topics.filter(trips__in=trips)
            .order_by()
            .values_list("method")
            .annotate(n=Count("trips"))
            .order_by("-n", "method")
            .values_list("method", flat=True)[:2]
        ],
        finding_texts=list(
            dict.fromkeys(
                findings.order_by("found_on", "pk").values_list(
                    "description", flat=True
                )
            )
        )[:3],
        topics_converted=topics.filter(conversions__converted_on__lte=end)
        .distinct()
        .count(),
        unconverted_titles=list(
            dict.fromkeys(
                title.removeprefix(unit) or title
                for title, unit in topics.exclude(conversions__converted_on__lte=end)
                .order_by("title", "pk")
                .values_list("title", "unit__name")[:12]
            )
        )[:12],
        researchers_by_rank=leaders_by_rank(
            Q(pk__in=participants.values("cadre_id")), end
        ),
        cases_positive=len(positive),
        cases_negative=len(negative),
        case_positive_titles=positive[:2],
        case_negative_titles=negative[:2],
    )


# Quota measures counted from research records.
MEASURES = (
    "research_days",
    "topics_led",
    "topics_reported",
    "findings_with_measures",
    "plan_submitted",
)


def records_url(measure: str) -> str | None:
    """The research overview filtered to a cadre (the caller appends the
    cadre's id and `&year=`); None if the measure is not research's."""
    if measure not in MEASURES:
        return None
    return f"{reverse('research:overview')}?cadre="


def leader_years(cadre: Cadre) -> tuple[int | None, int | None]:
    """The first and last year of the topics a leader leads or joins: the
    bounds of the overview's year navigation."""
    found = (
        ResearchTopic.objects.filter(Q(lead=cadre) | Q(members=cadre))
        .order_by()
        .aggregate(first=Min("year"), last=Max("year"))
    )
    return found["first"], found["last"]
