"""Research of the city at scale: a plan per leadership team and year, a topic
per team member with trips (about 60 days, some fall short), findings,
measures (tracked items), conversions and reports."""

from datetime import date, timedelta

from demo.scale import ScaleCity, aware, bulk, register, tracked_items
from org.models import Cadre, OrgUnit

from .demo import CONVERSIONS, FINDINGS, MEASURES, METHODS, TOPICS
from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchPlan,
    ResearchReport,
    ResearchTopic,
    ResearchTrip,
)


def _team_units(city: ScaleCity) -> list[OrgUnit]:
    return [
        u
        for u in city.units
        if u.kind in (OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY)
        or (u.kind == OrgUnit.Kind.DEPARTMENT and u.parent_id == city.root.pk)
    ]


@register(order=20)
def seed_research(city: ScaleCity) -> str:
    rng, today = city.rng, city.today
    teams = _team_units(city)
    team_ids = {u.pk for u in teams}
    plans = bulk(
        ResearchPlan,
        (
            ResearchPlan(
                unit=unit,
                year=year,
                submitted_on=day if day <= today else None,
                content=f"{unit.name}{year}年度领导班子成员调研课题及安排。",
            )
            for year in city.years
            for unit in teams
            if rng.random() < 0.95
            for day in [date(year, 3 if rng.random() < 0.1 else 2, rng.randint(5, 25))]
        ),
    )
    plan_of = {(p.unit_id, p.year): p for p in plans}
    leads = [
        c
        for c in city.cadres
        if c.is_leadership_member
        and c.rank in (Cadre.Rank.CITY, Cadre.Rank.COUNTY)
        and c.unit_id in team_ids
    ]
    topics = bulk(
        ResearchTopic,
        (
            ResearchTopic(
                title=f"{cadre.unit.name}{title}",
                plan=plan_of.get((cadre.unit_id, year)),
                lead=cadre,
                unit_id=cadre.unit_id,
                year=year,
                problem=problem,
                method=rng.choice(METHODS),
            )
            for year in city.years
            for cadre in leads
            if rng.random() < 0.92
            for title, problem in [rng.choice(TOPICS)]
        ),
    )
    trips, participants = [], []
    for topic in topics:
        day, spent, target = date(topic.year, 1, 8), 0, rng.randint(45, 78)
        while spent < target:
            length, gap = rng.randint(1, 5), rng.randint(2, 8)
            start, end = day, day + timedelta(days=length - 1)
            day = end + timedelta(days=gap)
            spent += length
            if end > today or end.year != topic.year:
                continue
            trips.append(
                ResearchTrip(
                    topic=topic,
                    start_date=start,
                    end_date=end,
                    notes="赴基层开展调研",
                )
            )
            participants.append(topic.lead)
    trips = bulk(ResearchTrip, trips)
    place_through = ResearchTrip.places.through
    bulk(
        place_through,
        (
            place_through(
                researchtrip_id=trip.pk, place_id=rng.choice(city.places_near(lead)).pk
            )
            for trip, lead in zip(trips, participants, strict=True)
        ),
    )
    people = ResearchTrip.participants.through
    bulk(
        people,
        (
            people(researchtrip_id=trip.pk, cadre_id=lead.pk)
            for trip, lead in zip(trips, participants, strict=True)
        ),
    )
    findings, measures, conversions, reports = _seed_chain(city, topics)
    return (
        f"调研计划 {len(plans)} 份，调研课题 {len(topics)} 个，调研 {len(trips)} 次，"
        f"发现问题 {findings} 个，解决措施 {measures} 项，成果转化 {conversions} 项，"
        f"调研报告 {reports} 份"
    )


def _seed_chain(city: ScaleCity, topics: list[ResearchTopic]):
    rng, today = city.rng, city.today
    started = [t for t in topics if date(t.year, 4, 20) <= today]
    found, planned = [], []
    for topic in started:
        for index in rng.sample(range(len(FINDINGS)), rng.randint(2, 4)):
            found.append(
                Finding(
                    topic=topic,
                    description=FINDINGS[index],
                    found_on=date(topic.year, 4, 20),
                )
            )
            planned.append((index, rng.randint(1, 2), rng.randint(20, 200)))
    findings = bulk(Finding, found)
    specs, links = [], []
    for finding, (index, count, days) in zip(findings, planned, strict=True):
        for n in range(count):
            deadline = finding.found_on + timedelta(days=days * (n + 1))
            closes = deadline < today and rng.random() < 0.75
            specs.append(
                {
                    "kind": Measure.ITEM_KIND,
                    "title": MEASURES[index] + ("" if n == 0 else "（第二阶段）"),
                    "unit_id": finding.topic.unit_id,
                    "owner_id": finding.topic.lead_id,
                    "start_date": finding.found_on,
                    "deadline": deadline,
                    "closed_at": aware(deadline) if closes else None,
                    "closed_by": city.user if closes else None,
                }
            )
            links.append(finding)
    items = tracked_items(specs)
    bulk(
        Measure,
        (
            Measure(finding=finding, item=item)
            for finding, item in zip(links, items, strict=True)
        ),
    )
    first_finding = {}
    for finding in findings:
        first_finding.setdefault(finding.topic_id, finding)
    converted = [
        t
        for t in started
        if date(t.year, 9, 15) <= today and rng.random() < 0.5 and t.pk in first_finding
    ]
    conversions = bulk(
        Conversion,
        (
            Conversion(
                topic=topic,
                kind=kind,
                title=title,
                converted_on=date(topic.year, 9, 15),
            )
            for topic in converted
            for kind, title in [rng.choice(CONVERSIONS)]
        ),
    )
    through = Conversion.findings.through
    bulk(
        through,
        (
            through(conversion_id=c.pk, finding_id=first_finding[c.topic_id].pk)
            for c in conversions
        ),
    )
    reports = bulk(
        ResearchReport,
        (
            ResearchReport(
                topic=topic,
                submitted_on=date(topic.year, 11, 10),
                text=f"关于{topic.title}的调研报告。",
            )
            for topic in started
            if date(topic.year, 11, 10) <= today and rng.random() < 0.6
        ),
    )
    return len(findings), len(items), len(conversions), len(reports)
