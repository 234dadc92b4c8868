"""Reads of grassroots activities for pages, the anti-crowding check and heat."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth
from django.urls import reverse
from django.utils import timezone

from org.models import OrgUnit, Place
from org.selectors import leaders_by_rank
from tracking.models import TrackedItem
from ui.links import url_for_each

from .models import Activity, HandedOverProblem, Liaison, LivelihoodItem, TypicalCase


@dataclass(frozen=True)
class Crowding:
    place: Place
    visits: list[Activity]  # other leaders' visits inside the window

    @property
    def names(self) -> str:
        return "、".join(
            f"{v.cadre.name}（{v.start_date:%m月%d日}{v.get_status_display()}）"
            for v in self.visits
        )


def crowding_at(
    places, day: date, *, cadre_id: int | None, exclude_pk: int | None = None
) -> list[Crowding]:
    """Places where this visit would make CROWDING_VISITS or more different
    leaders (this one included) within CROWDING_DAYS days (防止扎堆): another
    visit counts when it starts less than CROWDING_DAYS days before or after
    `day`. A leader's repeat visits count once; all of them are listed."""
    window = timedelta(days=settings.CROWDING_DAYS - 1)
    others = (
        Activity.objects.filter(
            places__in=places,
            start_date__range=(day - window, day + window),
        )
        .exclude(cadre_id=cadre_id)
        .exclude(pk=exclude_pk)
        .select_related("cadre")
        .prefetch_related("places")
        .order_by("start_date")
    )
    found = []
    wanted = {place.pk for place in places}
    by_place: dict[int, list[Activity]] = {}
    for visit in others:
        for place in visit.places.all():
            if place.pk in wanted:
                by_place.setdefault(place.pk, []).append(visit)
    for place in places:
        visits = by_place.get(place.pk, [])
        leaders = {visit.cadre_id for visit in visits}
        if len(leaders) + 1 >= settings.CROWDING_VISITS:
            found.append(Crowding(place=place, visits=visits))
    return found


def visit_heat(user, start: date, end: date) -> list[Place]:
    """Places the user sees with their visits (held or planned) in the period,
    busiest first: a unit can see where visits pile up and spread them out.

    Two queries: the places, then the period's visits grouped by place (read
    from the activities of the period, not from every visit ever made)."""
    places = list(Place.objects.whose_work_is_visible_to(user).select_related("unit"))
    visits = (
        Activity.places.through.objects.filter(
            activity__start_date__range=(start, end),
            place__in=Place.objects.whose_work_is_visible_to(user),
        )
        .order_by()
        .values("place_id")
        .annotate(
            visits=Count("activity", distinct=True),
            leaders=Count("activity__cadre", distinct=True),
            held=Count(
                "activity",
                filter=Q(activity__status=Activity.Status.HELD),
                distinct=True,
            ),
            last_visit=Max("activity__start_date"),
        )
    )
    by_place = {row.pop("place_id"): row for row in visits}
    empty = {"visits": 0, "leaders": 0, "held": 0, "last_visit": None}
    for place in places:
        for name, value in by_place.get(place.pk, empty).items():
            setattr(place, name, value)
    places.sort(key=lambda p: (-p.visits, p.unit.path, p.name))
    return places


def list_rows(activities) -> list[tuple[Activity, str, str, int | str]]:
    """The rows of the activity list (`for_list_page`): each activity with
    its page's address, its places' names and the figure the list shows (the
    audience of a lecture or training, the households visited otherwise, "—"
    when not given), worked out here once rather than per row in the
    template."""
    url = url_for_each("activities:detail")
    rows = []
    for activity in activities:
        figure = (
            activity.audience if activity.is_policy else activity.households_visited
        )
        places = "、".join(place.name for place in activity.places.all())
        rows.append(
            (activity, url(activity.pk), places, "—" if figure is None else figure)
        )
    return rows


def planned_in_month(user, first_day: date) -> QuerySet[Activity]:
    next_month = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (
        Activity.objects.visible_to(user)
        .planned()
        .filter(start_date__gte=first_day, start_date__lt=next_month)
        .for_list()
        .order_by("start_date", "pk")
    )


def liaisons_with_contacts(user, year: int) -> QuerySet:
    """Liaison assignments with this year's contacts and site visits."""

    this_year = Q(
        contacts__start_date__year=year, contacts__status=Activity.Status.HELD
    )
    site = this_year & Q(contacts__contact_mode=Activity.ContactMode.SITE_VISIT)
    return (
        Liaison.objects.visible_to(user)
        .select_related("cadre__unit", "place")
        .annotate(
            contact_count=Count("contacts", filter=this_year, distinct=True),
            site_visit_count=Count("contacts", filter=site, distinct=True),
            last_contact=Max("contacts__start_date", filter=this_year),
        )
    )


def activity_month_counts(cadre_ids, start: date, end: date) -> list[tuple]:
    """Held activities per (cadre, kind, contact mode, month), for the quota
    engine: the lead cadre of every kind, and the other speakers of lectures
    and party lectures. One query (a union), whatever the number of cadres."""

    held = (
        Activity.objects.held()
        .filter(start_date__range=(start, end))
        # A date, not PostgreSQL's timestamp with time zone: cheaper to read.
        .annotate(month=Cast(TruncMonth("start_date"), DateField()))
        .order_by()
    )
    lead = (
        held.filter(cadre_id__in=cadre_ids)
        .values_list("cadre_id", "kind", "contact_mode", "month")
        .annotate(n=Count("pk"))
    )
    speakers = (
        held.filter(
            kind__in=[Activity.Kind.LECTURE, Activity.Kind.PARTY_LECTURE],
            companions__in=cadre_ids,
        )
        .values_list("companions", "kind", "contact_mode", "month")
        .annotate(n=Count("pk"))
    )
    return [tuple(row) for row in lead.union(speakers, all=True)]


def liaison_roles(cadre_ids, day: date) -> set[tuple[int, str, str]]:
    """(cadre, liaison kind, role) of the liaison assignments in force on `day`."""

    return set(
        Liaison.objects.filter(cadre_id__in=cadre_ids, since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .values_list("cadre_id", "kind", "role")
    )


def month_series(unit_path: str, start: date, end: date) -> dict[date, int]:
    """Held activities per month under a unit, for the dashboard trend."""

    rows = (
        Activity.objects.held()
        .filter(unit__path__startswith=unit_path, start_date__range=(start, end))
        .annotate(month=TruncMonth("start_date"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {_day(month): n for month, n in rows}


def figure_parts(unit_path: str, start: date, end: date) -> list[QuerySet]:
    """(label, count) rows of held activities by kind under a unit in the
    period, as querysets the dashboard unites with other pillars' into one
    query."""
    label = Case(
        *(When(kind=kind, then=Value(text)) for kind, text in Activity.Kind.choices),
        output_field=CharField(),
    )
    return [
        Activity.objects.held()
        .filter(unit__path__startswith=unit_path, start_date__range=(start, end))
        .order_by()
        .annotate(label=label)
        .values_list("label")
        .annotate(n=Count("pk"))
    ]


# The labels of `figure_parts` and `unit_figure_parts`, in the kinds' order.
FIGURE_LABELS = [text for _, text in Activity.Kind.choices]


def unit_figure_parts(unit_ids, start: date, end: date) -> list[QuerySet]:
    """`figure_parts` per unit: (label, unit, count) rows of held activities
    by kind in the period, for the given units themselves (not their
    subtrees), to be summed over a subtree."""
    label = Case(
        *(When(kind=kind, then=Value(text)) for kind, text in Activity.Kind.choices),
        output_field=CharField(),
    )
    return [
        Activity.objects.held()
        .filter(unit_id__in=unit_ids, start_date__range=(start, end))
        .order_by()
        .annotate(label=label)
        .values_list("label", "unit_id")
        .annotate(n=Count("pk"))
    ]


def _day(value) -> date:
    return value.date() if hasattr(value, "date") else value


@dataclass(frozen=True)
class ActivityFigures:
    """Figures of pillars 1 and 4 (policy lectures, on-site work) for a unit's report."""

    lectures: int
    party_lectures: int
    trainings: int
    audience: int
    audience_party: int
    policy_places: int
    onsite: int
    onsite_townships: int
    onsite_villages: int
    households: int
    problems_raised: int
    problems_solved: int
    suggestions: int
    handed_over: int  # at the period's sessions
    handed_over_closed: int  # of those, closed at the period's end
    top_places: list[str]
    liaison_contacts: int
    liaison_site_visits: int
    livelihood_items: int  # the year's, handed over by the period's end
    livelihood_closed: int  # of those, closed at the period's end
    # What the figures are about, for the narrative (none names a cadre).
    lecture_themes: list[str] = field(default_factory=list)  # most held first
    party_themes: list[str] = field(default_factory=list)
    training_titles: list[str] = field(default_factory=list)
    trainees: int = 0  # the audience of the period's training classes
    liaison_places: list[str] = field(default_factory=list)  # most contacted
    liaison_solved: int = 0  # problems solved at liaison contacts
    onsite_themes: list[str] = field(default_factory=list)
    handed_over_titles: list[str] = field(default_factory=list)
    answered_on_site: int = 0  # 现场解释答复 at on-site work
    # Leaders (not 一般干部) by rank value ("city", "county", "township").
    policy_leaders: dict[str, int] = field(default_factory=dict)
    onsite_leaders: dict[str, int] = field(default_factory=dict)
    livelihood_done: list[str] = field(default_factory=list)  # closed by the end
    livelihood_overdue: int = 0  # open and past their deadline at the end
    livelihood_pending: list[str] = field(default_factory=list)  # open at the end
    # 典型案例 met in the period's work, by polarity, with their titles.
    cases_positive: int = 0
    cases_negative: int = 0
    case_positive_titles: list[str] = field(default_factory=list)
    case_negative_titles: list[str] = field(default_factory=list)


def report_figures(unit_path: str, start: date, end: date) -> ActivityFigures:
    """Figures of pillars 1 and 4 for a unit's report over [start, end], in
    five queries: the activities' counts and sums, their places, the busiest
    places, the problems handed over, the livelihood items."""

    Kind = Activity.Kind
    held = Activity.objects.held().filter(
        unit__path__startswith=unit_path, start_date__range=(start, end)
    )
    policy = Q(kind__in=Activity.POLICY_KINDS)
    onsite_work = Q(kind__in=[Kind.ONSITE, *Activity.LIAISON_KINDS])
    liaison = Q(kind__in=Activity.LIAISON_KINDS)
    sums = held.order_by().aggregate(
        lectures=Count("pk", filter=Q(kind=Kind.LECTURE)),
        party_lectures=Count("pk", filter=Q(kind=Kind.PARTY_LECTURE)),
        trainings=Count("pk", filter=Q(kind=Kind.TRAINING)),
        onsite=Count("pk", filter=Q(kind=Kind.ONSITE)),
        party=Sum("audience_party_members", filter=policy),
        public=Sum("audience_public", filter=policy),
        total=Sum("audience_total", filter=policy),
        raised=Sum("problems_raised", filter=onsite_work),
        solved=Sum("problems_solved_on_site", filter=onsite_work),
        suggestions=Sum("suggestions", filter=onsite_work),
        households=Sum("households_visited", filter=onsite_work),
        liaison_contacts=Count("pk", filter=liaison),
        liaison_solved=Sum("problems_solved_on_site", filter=liaison),
        trainees=Sum("audience_party_members", filter=Q(kind=Kind.TRAINING)),
        liaison_site_visits=Count(
            "pk", filter=liaison & Q(contact_mode=Activity.ContactMode.SITE_VISIT)
        ),
    )
    onsite = held.filter(kind=Kind.ONSITE)
    visited = Activity.places.through.objects.filter(activity__in=held)
    at_onsite = Q(activity__kind=Kind.ONSITE)
    places = visited.aggregate(
        policy_places=Count(
            "place", filter=Q(activity__kind__in=Activity.POLICY_KINDS), distinct=True
        ),
        # Townships (乡镇、街道) only: a department's or county's place is not one.
        onsite_townships=Count(
            "place__unit",
            filter=at_onsite & Q(place__unit__kind=OrgUnit.Kind.TOWNSHIP),
            distinct=True,
        ),
        onsite_villages=Count(
            "place",
            filter=at_onsite
            & Q(place__kind__in=[Place.Kind.VILLAGE, Place.Kind.COMMUNITY]),
            distinct=True,
        ),
    )
    # Named in full (township + name, as Place.__str__), villages and
    # communities before offices and enterprises, then the busiest.
    grassroots = Q(kind__in=[Place.Kind.VILLAGE, Place.Kind.COMMUNITY])
    top_places = [
        f"{unit}{name}"
        for unit, name in Place.objects.filter(activities__in=onsite)
        .annotate(
            n=Count("activities"),
            grassroots=Case(When(grassroots, then=0), default=1),
        )
        .order_by("grassroots", "-n", "unit__path", "name")
        .values_list("unit__name", "name")[:3]
    ]
    # States as of the period's last day, from the items' dated history.
    closed_then = TrackedItem.objects.closed_on(end).values("pk")
    handed = HandedOverProblem.objects.filter(activity__in=onsite).aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(item__in=closed_then))
    )
    livelihood = LivelihoodItem.objects.filter(
        item__unit__path__startswith=unit_path,
        year=start.year,
        item__start_date__lte=end,
    ).aggregate(total=Count("pk"), closed=Count("pk", filter=Q(item__in=closed_then)))
    members_and_public = (sums["party"] or 0) + (sums["public"] or 0)
    policy_held = held.filter(policy)
    speakers = Activity.companions.through.objects.filter(
        activity__in=policy_held.filter(kind__in=[Kind.LECTURE, Kind.PARTY_LECTURE])
    )
    # Overdue as of the period's last day, or today for a period not over.
    as_of = min(end, timezone.localdate())
    open_then = TrackedItem.objects.open_on(as_of).filter(deadline__lt=as_of)
    livelihood_year = LivelihoodItem.objects.filter(
        item__unit__path__startswith=unit_path,
        year=start.year,
        item__start_date__lte=end,
    )
    return ActivityFigures(
        lectures=sums["lectures"],
        party_lectures=sums["party_lectures"],
        trainings=sums["trainings"],
        audience=max(sums["total"], members_and_public)
        if sums["total"]
        else members_and_public,
        audience_party=sums["party"] or 0,
        policy_places=places["policy_places"],
        onsite=sums["onsite"],
        onsite_townships=places["onsite_townships"],
        onsite_villages=places["onsite_villages"],
        households=sums["households"] or 0,
        problems_raised=sums["raised"] or 0,
        problems_solved=sums["solved"] or 0,
        suggestions=sums["suggestions"] or 0,
        handed_over=handed["total"],
        handed_over_closed=handed["closed"],
        top_places=top_places,
        liaison_contacts=sums["liaison_contacts"],
        liaison_site_visits=sums["liaison_site_visits"],
        livelihood_items=livelihood["total"],
        livelihood_closed=livelihood["closed"],
        lecture_themes=_most_held(held.filter(kind=Kind.LECTURE), "topic"),
        party_themes=_most_held(held.filter(kind=Kind.PARTY_LECTURE), "topic", 2),
        training_titles=_most_held(held.filter(kind=Kind.TRAINING), "topic", 2),
        trainees=sums["trainees"] or 0,
        liaison_places=_most_held(
            Activity.places.through.objects.filter(activity__in=held.filter(liaison)),
            "place__name",
            2,
        ),
        liaison_solved=sums["liaison_solved"] or 0,
        onsite_themes=_most_held(onsite, "topic"),
        handed_over_titles=_most_held(
            HandedOverProblem.objects.filter(activity__in=onsite), "item__title"
        ),
        answered_on_site=held.filter(onsite_work).aggregate(n=Sum("answered_on_site"))[
            "n"
        ]
        or 0,
        policy_leaders=leaders_by_rank(
            Q(pk__in=policy_held.values("cadre_id"))
            | Q(pk__in=speakers.values("cadre_id")),
            end,
        ),
        onsite_leaders=leaders_by_rank(
            Q(pk__in=held.filter(onsite_work).values("cadre_id")), end
        ),
        livelihood_done=list(
            livelihood_year.filter(item__in=closed_then)
            .order_by("item__deadline", "pk")
            .values_list("item__title", flat=True)[:3]
        ),
        livelihood_pending=list(
            livelihood_year.exclude(item__in=closed_then)
            .order_by("item__deadline", "pk")
            .values_list("item__title", flat=True)[:3]
        ),
        livelihood_overdue=livelihood_year.filter(item__in=open_then.values("pk"))
        .order_by()
        .count(),
        **case_figures(
            TypicalCase.objects.filter(
                unit__path__startswith=unit_path, found_on__range=(start, end)
            )
        ),
    )


def _most_held(queryset, path: str, limit: int = 3) -> list[str]:
    """The values of `path` most often met in the queryset, most first."""
    return list(
        queryset.order_by()
        .values_list(path)
        .annotate(n=Count("pk"))
        .order_by("-n", path)
        .values_list(path, flat=True)[:limit]
    )


def case_figures(cases) -> dict:
    """Counts of typical cases by polarity and the first titles of each."""
    rows = list(cases.order_by("found_on", "pk").values_list("polarity", "title"))
    positive = [t for p, t in rows if p == TypicalCase.Polarity.POSITIVE]
    negative = [t for p, t in rows if p == TypicalCase.Polarity.NEGATIVE]
    return {
        "cases_positive": len(positive),
        "cases_negative": len(negative),
        "case_positive_titles": positive[:2],
        "case_negative_titles": negative[:2],
    }


# Quota measures counted from activities → the activity kind listed for them.
MEASURE_KINDS = {
    "lecture": "lecture",
    "party_lecture": "party_lecture",
    "onsite": "onsite",
    "project_contact": "project_visit",
    "project_site_visit": "project_visit",
    "enterprise_contact": "enterprise_visit",
    "enterprise_site_visit": "enterprise_visit",
}


def records_url(measure: str) -> str | None:
    """The list of a quota measure's records, ending in the cadre parameter
    (the caller appends the cadre's id and `&year=`); None if the measure is
    not counted from activities."""
    if measure not in MEASURE_KINDS:
        return None
    return f"{reverse('activities:list')}?kind={MEASURE_KINDS[measure]}&cadre="


def years_with_data(queryset, field: str) -> tuple:
    """The first and last year of `field` (a date or a year) in the rows: the
    bounds of a page's year navigation."""
    found = queryset.aggregate(first=Min(field), last=Max(field))
    return tuple(
        getattr(value, "year", value) for value in (found["first"], found["last"])
    )


def planned_month_bounds(user) -> tuple:
    """The first and last day with a planned activity the user sees."""
    found = (
        Activity.objects.visible_to(user)
        .planned()
        .aggregate(first=Min("start_date"), last=Max("start_date"))
    )
    return found["first"], found["last"]
