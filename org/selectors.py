"""Reads of the org tree for pages."""

from django.db.models import Count, Q

from org.models import Cadre, OrgUnit, Place


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


def leaders_by_rank(who: Q) -> dict[str, int]:
    """Leaders (not 一般干部) matching `who`, counted by rank value: what
    reports state as "31名县处级领导干部…". One query."""
    return dict(
        Cadre.objects.filter(who)
        .exclude(rank=Cadre.Rank.STAFF)
        .order_by()
        .values_list("rank")
        .annotate(n=Count("pk"))
    )
