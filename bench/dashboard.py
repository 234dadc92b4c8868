"""The leadership dashboard at city scale: server time and SQL queries.

Run by hand on a database holding the scale city (`seed_scale`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench .venv/bin/python bench/dashboard.py

Measures the whole request through Django's test client (middleware, session,
view, template; no network) for the city view (a city leader, ~400 leaders on
the page), a county view and a cadre's own page, the city view right after a
cadre's write in one county (that county's blocks computed again, the others
read from the cache), then the compliance table alone: the quota engine (a
fixed handful of grouped queries) against the baseline of the same table
computed person by person (the engine run once per leader, i.e. queries per
person).

It writes: one reception day, saved and deleted in turn; a leader's 职务 and
a quota rule's 依据, changed and changed back (use a clone of the scale city's
database, e.g. `createdb -T sixiaji_bench sixiaji_bench_dash`). A city-wide
change queues a warm-up of the dashboards viewed lately (`reports.board.
warm_viewed`); the bench runs it as the worker would, before the view, and
times the same work alone as `COMPUTED`.
"""

import argparse

from common import growth, measure, need_scale_city, page_times, ratio, setup, vendor

GROWTH_PAGES = [
    ("city dashboard, table from the cache", "scale_city", "/reports/dashboard/"),
    ("county dashboard, table from the cache", "scale_county", "/reports/dashboard/"),
]
AFTER_WRITE = "city dashboard, first view after a write in one county"
AFTER_PEOPLE = "city dashboard, first view after a county's cadre is changed"
AFTER_RULE = "city dashboard, first view after a quota rule is changed (warmed)"
COMPUTED = "whole table computed (the warm-up's work, or a view before it ends)"


class CountyWrite:
    """A cadre's write in one county before each view: a reception day of one
    of the county user's leaders, saved and deleted in turn through the ORM
    (signals and all), so the database ends as it began."""

    def __init__(self):
        from django.utils import timezone

        from org.models import Cadre, User
        from petitions.models import ReceptionDay

        county = User.objects.get(username="scale_county").scope_unit
        self.leader = (
            Cadre.objects.filter(unit__path__startswith=county.path, is_active=True)
            .exclude(rank=Cadre.Rank.STAFF)
            .order_by("pk")
            .first()
        )
        self.model, self.day, self.row = ReceptionDay, timezone.localdate(), None

    def __call__(self) -> None:
        if self.row is None:
            self.row = self.model.objects.create(
                kind="reception", leader=self.leader, day=self.day
            )
        else:
            self.row.delete()
            self.row = None

    def close(self) -> None:
        if self.row is not None:
            self()


class CadreChange:
    """A change to the people: the 职务 of one of the county user's leaders,
    changed and changed back in turn (their position history corrected in
    place after the first change)."""

    def __init__(self):
        self.leader = CountyWrite().leader
        self.position = self.leader.position

    def __call__(self) -> None:
        changed = self.leader.position != self.position
        self.leader.position = self.position if changed else f"{self.position}（代）"
        self.leader.save()

    def close(self) -> None:
        if self.leader.position != self.position:
            self()


class RuleChange:
    """A city-wide change: a quota rule's 依据 edited and edited back in turn,
    then the warm-up that change queues, run here as the worker runs it (its
    time is not the view's: see `COMPUTED`)."""

    def __init__(self):
        from reports.models import QuotaRule

        self.rule = QuotaRule.objects.filter(is_active=True).order_by("pk").first()
        self.source = self.rule.source

    def __call__(self) -> None:
        from django.utils import timezone

        from reports.board import warm_viewed

        changed = self.rule.source != self.source
        self.rule.source = self.source if changed else f"{self.source} "
        self.rule.save()
        assert warm_viewed(timezone.localdate()) >= 1

    def close(self) -> None:
        if self.rule.source != self.source:
            self.rule.source = self.source
            self.rule.save()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs")
    parser.add_argument(
        "--small",
        metavar="DATABASE_URL",
        help="a database holding a small scale city (seed_scale --cadres 300): "
        "print the growth of each page from it to this one",
    )
    parser.add_argument("--page-times", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    repeat = args.repeat
    setup()
    need_scale_city()
    if args.page_times:
        from reports.cache import bump

        changes = [CountyWrite(), CadreChange(), RuleChange()]
        try:
            page_times(
                [
                    *GROWTH_PAGES,
                    (AFTER_WRITE, "scale_city", "/reports/dashboard/", changes[0]),
                    (AFTER_PEOPLE, "scale_city", "/reports/dashboard/", changes[1]),
                    (AFTER_RULE, "scale_city", "/reports/dashboard/", changes[2]),
                    (COMPUTED, "scale_city", "/reports/dashboard/", bump),
                ],
                repeat,
            )
        finally:
            for change in changes:
                change.close()
        return
    if args.small:
        growth(__file__, args.small, repeat)
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from org.models import User
    from reports import selectors
    from reports.models import QuotaRule
    from reports.quotas import evaluate
    from tracking.periods import period_of

    settings.ALLOWED_HOSTS = ["*"]
    today = timezone.localdate()
    print(f"{vendor()}, dashboard for {today.year} (best of {repeat})")
    pages = [
        ("city view (city leader)", "scale_city", "/reports/dashboard/"),
        ("county view (county leader)", "scale_county", "/reports/dashboard/"),
        ("person view (a cadre's quotas)", "scale_cadre", "/reports/me/"),
    ]
    for label, username, url in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url)  # warm: templates, URL resolver
        response, _ = measure(label, lambda c=client, u=url: c.get(u), repeat=repeat)
        assert response.status_code == 200, response.status_code
    client = Client()
    client.force_login(User.objects.get(username="scale_city"))
    client.get("/reports/dashboard/")
    write = CountyWrite()

    def after_write():
        write()
        return client.get("/reports/dashboard/")

    try:  # the write itself is timed too (one row and its signals)
        measure(f"{AFTER_WRITE} (+ the write)", after_write, repeat=repeat)
    finally:
        write.close()

    user = User.objects.get(username="scale_city")
    window = period_of(today.year)
    units = selectors.dashboard_units(user, today.year)
    unit = units[0]
    leaders = selectors.leaders_in_period(unit, window, today, user)
    rules = list(QuotaRule.objects.filter(is_active=True))
    print(f"compliance of {len(leaders)} leaders × {len(rules)} rules")
    table, ours = measure(
        "compliance: quota engine",
        lambda: selectors.compliance(user, unit, window, today, units),
        repeat=repeat,
    )

    def person_by_person():
        cells = []
        for cadre in leaders:
            cells += evaluate(rules, window, [cadre], today=today).cells
        return cells

    cells, base = measure("baseline: compliance person by person", person_by_person)
    personal = [c for c in table.cells if c.cadre is not None]
    assert len(cells) == len(personal), (len(cells), len(personal))
    ratio("ratio (baseline / engine)", ours, base)


if __name__ == "__main__":
    main()
