"""Quarterly reports at city scale: collect, compose, render PDF and DOCX.

Run by hand on a database holding the scale city (`seed_scale`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench .venv/bin/python bench/reports.py

For the whole city and for one county, the last completed quarter: each step
of the pipeline (collect → compose → render), then the whole PDF report as the
Celery task builds it. The baseline collects the same figures with the
compliance section computed person by person (the quota engine run once per
leader) instead of by the engine's grouped queries.
"""

import argparse
from unittest import mock

from common import measure, need_scale_city, ratio, setup, vendor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    repeat = parser.parse_args().repeat
    setup()
    need_scale_city()
    from django.utils import timezone

    from org.models import OrgUnit, User
    from reports import selectors
    from reports.collect import collect
    from reports.compose import compose
    from reports.models import QuotaRule
    from reports.quotas import Table, evaluate
    from reports.render import render_docx, render_pdf
    from reports.services import report_build, report_text
    from tracking.periods import period_of

    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3
    if quarter == 0:
        year, quarter = year - 1, 4
    period = period_of(year, quarter)
    city = User.objects.get(username="scale_city").scope_unit
    county = User.objects.get(username="scale_county").scope_unit
    print(f"{vendor()}, {period.label} (best of {repeat})")

    def person_by_person(unit: OrgUnit, window, today):
        rules = list(QuotaRule.objects.filter(is_active=True))
        table = Table(window=window, rules=rules)
        for cadre in (
            selectors.Cadre.objects.filter(
                unit__path__startswith=unit.path, is_active=True
            )
            .exclude(rank=selectors.Cadre.Rank.STAFF)
            .select_related("unit")
        ):
            table.cells += evaluate(rules, window, [cadre], today=today).cells
        table.cells += evaluate(
            rules, window, [], today=today, units=selectors.team_units(unit)
        ).cells
        return table

    for unit in (city, county):
        print(f"-- {unit.name}")
        figures, ours = measure(
            "collect (selectors and quota engine)",
            lambda u=unit: collect(u, period, today=today, quarter=quarter),
            repeat=repeat,
        )
        with mock.patch.object(selectors, "compliance_for_unit", person_by_person):
            naive, base = measure(
                "baseline: collect, compliance person by person",
                lambda u=unit: collect(u, period, today=today, quarter=quarter),
            )

        def short(f):
            return sorted((s.rule, s.short, s.applicable) for s in f.shortfalls)

        assert short(naive) == short(figures), "the baseline must agree"
        ratio("ratio (baseline / ours)", ours, base)
        text, _ = measure(
            "compose", lambda f=figures: compose(f, signed_on=today), repeat=repeat
        )
        measure("render PDF", lambda t=text: render_pdf(t), repeat=repeat)
        measure("render DOCX", lambda t=text: render_docx(t), repeat=repeat)
        measure(
            "whole PDF report (collect + compose + render)",
            lambda u=unit: report_build(
                report_text(u, year, quarter, today=today), "pdf"
            ),
            repeat=repeat,
            memory=True,
        )
        measure(
            "whole DOCX report",
            lambda u=unit: report_build(
                report_text(u, year, quarter, today=today), "docx"
            ),
            repeat=repeat,
        )


if __name__ == "__main__":
    main()
