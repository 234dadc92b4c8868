"""Query counts measured on scale cities of two sizes. Each city is seeded
once per test session (tests/plugins/seeded.py) and written into a savepoint
that is rolled back after the measure, so one test compares a small city with a
larger one in the same database."""

from urllib.parse import urlencode

from django.db import transaction
from django.test import Client

from demo.scale import seed_scale_city
from org.models import User
from tests.plugins.seeded import seeded

SMALL = {"cadres": 60, "years": 1, "per_cadre": 4, "seed": 1}
# More units and three times the leaders, twice the years, more records each.
LARGER = {"cadres": 1300, "years": 2, "per_cadre": 6, "seed": 2}


def measured_at(size: dict, measure, *, fresh: bool = False):
    """Put a scale city of `size` in place, return `measure(city)`, roll it all
    back. The city is the session's copy, or with `fresh` seeded here."""
    with transaction.atomic():
        if fresh:
            city = seed_scale_city(**size)
        else:
            name = "scale " + " ".join(f"{k}={v}" for k, v in sorted(size.items()))
            city = seeded(name, lambda: seed_scale_city(**size)).load()
        outcome = measure(city)
        transaction.set_rollback(True)
    return outcome


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def listed(response, rows: str | None) -> int:
    """How many records the page lists: the length of the context value at the
    dotted path `rows` ("page", "summary.topics"), or of a JSON page's body."""
    if rows is None:
        return len(response.json())
    value = response.context[rows.split(".")[0]]
    for name in rows.split(".")[1:]:
        value = getattr(value, name)
    return len(value)


def page_queries(count_queries, pages: list[tuple[str, str, dict, str | None]]):
    """A measure: the queries of each (user, url, params, rows) request after
    one warm-up request (template and URL caches, the session), keyed by user
    and URL with its query string. Each page must list records (`rows`, see
    `listed`), so that a query made per record, or a prefetch that runs only
    when there are records, changes the count between the two cities."""

    def measure(city):
        counts = {}
        for username, url, params, rows in pages:
            client = client_for(username)
            response = client.get(url, params)
            assert response.status_code == 200, (username, url, response.status_code)
            assert listed(response, rows) > 0, ("页面没有记录", username, url, params)
            full_url = f"{url}?{urlencode(params)}" if params else url
            assert (username, full_url) not in counts, ("重复的页面", full_url)
            counts[(username, full_url)] = count_queries(
                lambda c=client, u=url, p=params: c.get(u, p)
            )
        return counts

    return measure
