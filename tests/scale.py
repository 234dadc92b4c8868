"""Query counts measured on scale cities of two sizes, each seeded inside a
savepoint and rolled back, so one test compares a small city with a larger
one in the same database."""

from django.db import transaction
from django.test import Client

from demo.scale import seed_scale_city
from org.models import User

SMALL = {"cadres": 60, "years": 1, "per_cadre": 4, "seed": 1}
# More units and three times the leaders, twice the years, more records each.
LARGER = {"cadres": 1300, "years": 2, "per_cadre": 6, "seed": 2}


class _Rollback(Exception):
    pass


def measured_at(size: dict, measure):
    """Seed a scale city of `size`, return `measure(city)`, roll it all back."""
    outcome = None
    try:
        with transaction.atomic():
            city = seed_scale_city(**size)
            outcome = measure(city)
            raise _Rollback
    except _Rollback:
        pass
    return outcome


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def page_queries(count_queries, pages: list[tuple[str, str, dict]]):
    """A measure: the queries of each (user, url, params) request, after one
    warm-up request (template and URL caches, the session)."""

    def measure(city):
        counts = {}
        for username, url, params in pages:
            client = client_for(username)
            status = client.get(url, params).status_code
            assert status == 200, (username, url, status)
            counts[(username, url)] = count_queries(
                lambda c=client, u=url, p=params: c.get(u, p)
            )
        return counts

    return measure
