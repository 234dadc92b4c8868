"""List pages with filters at city scale: server time and SQL queries.

Run by hand on a database holding the scale city (`seed_scale`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench .venv/bin/python bench/lists.py

Each page is requested through Django's test client as the city leader (the
whole city in scope) and as a county clerk. Then the page's data alone: the
row count and the first 50 rows read with the view's own queryset, against
the baseline reading the same rows the naive way (a query for each related
record). The difference between the whole page and its rows is rendering,
mostly the filter form's choice lists.
"""

import argparse

from common import growth, measure, need_scale_city, page_times, ratio, setup, vendor


def row_readers(user, year: int, *, naive: bool) -> dict:
    """For each list: count the rows and read the first 50 as the page shows
    them, either with the view's own queryset (select_related, prefetch,
    annotated counts) or the naive way (a query for each related record)."""
    from django.utils import timezone

    from activities import selectors as activity_selectors
    from activities.models import Activity
    from petitions import selectors as petition_selectors
    from petitions.models import HotlineOrder, PetitionCase, ReceptionDay
    from research.models import ResearchTopic

    def base(model, optimised):
        visible = model.objects.visible_to(user)
        return visible if naive else optimised(visible)

    def activities():
        rows = base(Activity, lambda q: q.for_list_page()).filter(
            kind__in=[Activity.Kind.ONSITE, *Activity.LIAISON_KINDS],
            start_date__year=year,
        )
        if not naive:  # as the page reads them: only the columns shown
            return rows.count(), activity_selectors.list_rows(rows[:50])
        return rows.count(), [
            (a.cadre.name, a.unit.name, [p.name for p in a.places.all()])
            for a in rows[:50]
        ]

    def topics():
        rows = base(ResearchTopic, lambda q: q.with_chain()).filter(year=year)
        return rows.count(), [(t.lead.name, t.unit.name, t.status) for t in rows[:50]]

    def cases():
        today = timezone.localdate()
        rows = (
            PetitionCase.objects.visible_to(user)
            if naive
            else petition_selectors.cases_for_list(user, today)
        ).filter(registered_on__year=year, stage="accepted")
        return rows.count(), [
            (
                c.unit.name,
                [p.name for p in c.petitioners.all()],
                c.stage_item and c.stage_item.colour() if naive else c.warning,
            )
            for c in rows[:50]
        ]

    def receptions():
        rows = base(ReceptionDay, lambda q: q.select_related("leader__unit", "place"))
        rows = rows.filter(day__year=year)
        return rows.count(), [
            (r.leader.name, r.leader.unit.name, r.place) for r in rows[:50]
        ]

    def hotline():
        rows = base(HotlineOrder, lambda q: q.select_related("unit"))
        rows = rows.filter(received_at__year=year)
        return rows.count(), [o.unit.name for o in rows[:50]]

    return {
        "/activities/": activities,
        "/research/topics/": topics,
        "/petitions/": cases,
        "/petitions/receptions/": receptions,
        "/petitions/hotline/": hotline,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
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
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from org.models import User

    settings.ALLOWED_HOSTS = ["*"]
    year = timezone.localdate().year - 1
    if args.page_times:
        page_times(
            [
                ("activity list (city leader)", "scale_city", "/activities/"),
                (
                    "activity list, onsite, last year (city leader)",
                    "scale_city",
                    f"/activities/?pillar=onsite&year={year}",
                ),
                ("activity list (county clerk)", "scale_clerk", "/activities/"),
                ("activity form (county clerk)", "scale_clerk", "/activities/new/"),
                (
                    "reception days (city leader)",
                    "scale_city",
                    "/petitions/receptions/",
                ),
                ("research topics (city leader)", "scale_city", "/research/topics/"),
            ],
            repeat,
        )
        return
    if args.small:
        growth(__file__, args.small, repeat)
    print(f"{vendor()}, list pages filtered to {year} (best of {repeat})")
    pages = [
        ("/activities/", {"pillar": "onsite", "year": year}),
        ("/research/topics/", {"year": year}),
        ("/petitions/", {"year": year, "stage": "accepted"}),
        ("/petitions/receptions/", {"year": year}),
        ("/petitions/hotline/", {"year": year}),
    ]
    for username in ("scale_city", "scale_clerk"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        ours = row_readers(user, year, naive=False)
        naive = row_readers(user, year, naive=True)
        for url, params in pages:
            client.get(url, params)
            response, _ = measure(
                f"{username} {url} (whole page)",
                lambda c=client, u=url, p=params: c.get(u, p),
                repeat=repeat,
            )
            assert response.status_code == 200, (url, response.status_code)
            _, rows = measure(
                "  its rows as the page reads them", ours[url], repeat=repeat
            )
            _, base = measure("  baseline: rows read one by one", naive[url])
            ratio("  ratio (baseline / page rows)", rows, base)


if __name__ == "__main__":
    main()
