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
