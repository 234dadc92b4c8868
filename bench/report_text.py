"""The demo city's quarterly reports as text: length, figures, repetition.

Run by hand on a database holding the demo city (`seed_demo`):

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/report_text.py

For each quarter of the demo year: characters and figures of the report's
body (figures as `reports.textstats.figures` counts them: quantities, not
dates, clause numbers or quoted names), its sentences, the share of them
identical to the quarter before and the highest share identical to any other
quarter (clause numbers aside); then the time to build the city's report
(collect and compose, best of N). Real county and city reports run
2,500-3,000 characters with 25-30 figures; 下一步 and 存在的问题 should not
repeat from quarter to quarter.
"""

import argparse

from common import measure, setup, vendor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument("--unit", default="620300", help="单位编码（默认金昌市）")
    parser.add_argument("--year", type=int, help="默认：演示城市的年度（今年）")
    parser.add_argument("--show", type=int, help="打印该季度报告全文")
    args = parser.parse_args()
    setup()
    from django.utils import timezone

    from org.models import OrgUnit
    from reports.collect import collect
    from reports.compose import compose
    from reports.textstats import characters, identical_share, numbers, sentences
    from tracking.periods import period_of

    today = timezone.localdate()
    year = args.year or today.year
    unit = OrgUnit.objects.get(code=args.unit)
    print(f"{vendor()}, {unit.name} {year}年, built on {today}")

    def build(quarter: int):
        period = period_of(year, quarter)
        figures = collect(unit, period, today=today, quarter=quarter)
        return compose(figures, signed_on=min(today, period.end))

    quarters = [q for q in range(1, 5) if period_of(year, q).start <= today]
    reports = {q: build(q) for q in quarters}
    print(
        f"{'quarter':<10}{'chars':>8}{'numbers':>9}{'sentences':>11}"
        f"{'same as before':>16}{'most with any':>15}"
    )
    for q in quarters:
        report = reports[q]
        share = (
            f"{identical_share(reports[q - 1], report):.0%}"
            if q - 1 in reports
            else "—"
        )
        most = max(
            (identical_share(reports[o], report) for o in quarters if o != q),
            default=0.0,
        )
        print(
            f"Q{q:<9}{characters(report):>8}{numbers(report):>9}"
            f"{len(sentences(report)):>11}{share:>16}{most:>15.0%}"
        )
    last = quarters[-1]
    measure(
        f"build {unit.name} Q{last} (collect + compose)",
        lambda: build(last),
        repeat=args.repeat,
    )
    if args.show:
        print(reports[args.show].plain())


if __name__ == "__main__":
    main()
