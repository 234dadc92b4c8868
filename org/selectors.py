"""Reads of the org tree for pages, and of cadres' ranks by date."""

from bisect import bisect_right

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from org.models import Cadre, CadrePosition, OrgUnit, Place


def scope_summary(user) -> dict[str, int]:
    """Counts of what the user can see, in three queries."""
    cadres = (
        Cadre.objects.visible_to(user)
        .filter(is_active=True)
        .aggregate(
            total=Count("pk"), leaders=Count("pk", filter=~Q(rank=Cadre.Rank.STAFF))
        )
    )
    return {
        "units": OrgUnit.objects.visible_to(user).count(),
        "places": Place.objects.visible_to(user).count(),
        "cadres": cadres["total"],
        "leaders": cadres["leaders"],
    }


def unit_tree(user) -> list[OrgUnit]:
    """Visible units in tree order, each with its cadre and place counts."""
    return list(
        OrgUnit.objects.visible_to(user)
        .annotate(
            cadre_count=Count(
                "cadres", filter=Q(cadres__is_active=True), distinct=True
            ),
            place_count=Count("places", distinct=True),
        )
        .order_by("path")
    )


def rank_held(day, cadre: str = ""):
    """The rank held on `day` by the cadre at `cadre` (a path to a cadre
    foreign key; "" for a cadre queryset itself), as an SQL expression with
    the same rule as `rank_on`: the position begun last by then; before the
    first recorded position, the first; without a history, the current rank.
    """
    ref = f"{cadre}_id" if cadre else "pk"
    current = f"{cadre}__rank" if cadre else "rank"
    positions = CadrePosition.objects.filter(cadre=OuterRef(ref)).values("rank")
    return Coalesce(
        Subquery(positions.filter(since__lte=day).order_by("-since")[:1]),
        Subquery(positions.order_by("since")[:1]),
        F(current),
    )


def count_by_rank_held(queryset, day, cadre: str = "") -> dict[str, int]:
    """`queryset`'s rows counted by the rank their cadre (at `cadre`, see
    `rank_held`) held on `day`, 一般干部 left out. One query."""
    return dict(
        queryset.annotate(held_rank=rank_held(day, cadre))
        .exclude(held_rank=Cadre.Rank.STAFF)
        .order_by()
        .values_list("held_rank")
        .annotate(n=Count("pk"))
    )


def leaders_by_rank(who: Q, day) -> dict[str, int]:
    """Leaders (not 一般干部) matching `who`, counted by the rank each held on
    `day`: what reports state as "31名县处级领导干部…". A report counts by the
    rank held on its period's last day, so a later promotion does not change
    a past report. One query."""
    return count_by_rank_held(Cadre.objects.filter(who), day)


def rank_history(cadre_ids: list[int]) -> dict[int, list[tuple]]:
    """Each cadre's ranks by date, [(since, rank), …] oldest first, in one
    query; cadres without a history are absent."""
    history: dict[int, list[tuple]] = {}
    rows = (
        CadrePosition.objects.filter(cadre_id__in=cadre_ids)
        .order_by("cadre_id", "since")
        .values_list("cadre_id", "since", "rank")
    )
    for cadre_id, since, rank in rows:
        history.setdefault(cadre_id, []).append((since, rank))
    return history


def rank_on(history: dict[int, list[tuple]], cadre: Cadre, day) -> str:
    """The rank `cadre` held on `day`: the position begun last by then; before
    the first recorded position, the first; without a history, the current."""
    held = history.get(cadre.pk)
    if not held:
        return cadre.rank
    index = bisect_right([since for since, _ in held], day)
    return held[max(index - 1, 0)][1]
