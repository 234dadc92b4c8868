"""Petition work of the city at scale: reception days at each leader's
frequency (a tenth missed), petition cases at every stage with their current
stage's tracked item, backlog cases with their 包案 leader, 12345 orders."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from demo.scale import ScaleCity, bulk, person_name, register, tracked_items
from org.models import Cadre, OrgUnit

from .demo import CONTENTS, HOTLINE, _id_number
from .models import (
    BacklogCase,
    CaseEvent,
    HotlineOrder,
    PetitionCase,
    Petitioner,
    ReceptionDay,
    Stage,
)
from .services import ITEM_KIND

EVERY = {Cadre.Rank.CITY: 91, Cadre.Rank.COUNTY: 30, Cadre.Rank.TOWNSHIP: 7}
CASES_PER_CADRE = 1.5  # a year
ORDERS_PER_CADRE = 7  # a year
# The time limit of the stage a case waits in (DUTY_STAGES of services).
STAGE_DAYS = {Stage.REGISTERED: 15, Stage.ROUTED: 15, Stage.ACCEPTED: 60}


@register(order=30)
def seed_petitions(city: ScaleCity) -> str:
    receptions = _seed_receptions(city)
    cases, backlog = _seed_cases(city, receptions)
    orders = _seed_hotline(city)
    return (
        f"接访日 {len(receptions)} 个，信访事项 {cases} 件，信访积案 {backlog} 件，"
        f"12345工单 {orders} 单"
    )


def _seed_receptions(city: ScaleCity) -> list[ReceptionDay]:
    rng, today = city.rng, city.today
    wanted = []
    for cadre in city.leaders:
        if not cadre.is_leadership_member:
            continue
        step = EVERY[cadre.rank]
        day = date(city.years[0], 1, 2) + timedelta(days=rng.randint(0, step - 1))
        while day <= today:
            if rng.random() >= 0.1:
                wanted.append(
                    ReceptionDay(
                        kind=ReceptionDay.Kind.RECEPTION,
                        leader=cadre,
                        day=day,
                        location=f"{cadre.unit.name}群众来访接待室",
                        visitors=rng.randint(0, 12),
                    )
                )
            day += timedelta(days=step)
    return bulk(ReceptionDay, wanted)


def _stage_path(rng, registered: date, today: date) -> list[tuple[str, date]]:
    """The stages a case has passed, with their dates, up to today."""
    path, on = [], registered
    for stage, gap in (
        (Stage.ROUTED, rng.randint(1, 14)),
        (Stage.ACCEPTED, rng.randint(1, 14)),
        (Stage.REPLIED, rng.randint(10, 70)),
        (Stage.CLOSED, rng.randint(1, 20)),
    ):
        on = on + timedelta(days=gap)
        if on > today or rng.random() < 0.03:
            break
        path.append((stage, on))
    return path


def _seed_cases(city: ScaleCity, receptions: list[ReceptionDay]) -> tuple[int, int]:
    rng, today = city.rng, city.today
    townships = [u for u in city.units if u.kind == OrgUnit.Kind.TOWNSHIP]
    per_year = round(len(city.cadres) * CASES_PER_CADRE)
    by_year: dict[int, list[ReceptionDay]] = {}
    for reception in receptions:
        by_year.setdefault(reception.day.year, []).append(reception)
    cases, people, item_specs, open_cases = [], [], [], []
    for year in city.years:
        last = min(today, date(year, 12, 31))
        for n in range(per_year):
            registered = city.day_in(year, last=last)
            reception = None
            if by_year.get(year) and rng.random() < 0.3:
                reception = rng.choice(by_year[year])
                registered = reception.day
            unit = rng.choice(townships)
            category, content = rng.choice(CONTENTS)
            path = _stage_path(rng, registered, today)
            stage = path[-1][0] if path else Stage.REGISTERED
            case = PetitionCase(
                number=f"XF{year}S{n:07d}",
                channel=rng.choice(PetitionCase.Channel.values),
                category=category,
                content=content,
                registered_on=registered,
                registered_by=city.user,
                unit=unit,
                reception=reception,
                stage=stage,
                evaluation=rng.choice(["satisfied", "satisfied", "basically", ""])
                if stage in (Stage.REPLIED, Stage.CLOSED)
                else "",
                reply="经调查核实，已依法依规处理，现予书面答复。"
                if stage in (Stage.REPLIED, Stage.CLOSED)
                else "",
                **{
                    f"{s}_on": on
                    for s, on in path
                    if s in (Stage.ROUTED, Stage.ACCEPTED, Stage.REPLIED, Stage.CLOSED)
                },
            )
            cases.append(case)
            people.append(
                {
                    "name": person_name(rng),
                    "id_number": _id_number(rng, rng.randint(1950, 1995)),
                    "phone": f"139{rng.randint(10000000, 99999999)}",
                    "address": f"{unit.name}某村",
                }
            )
            if stage in STAGE_DAYS:
                since = path[-1][1] if path else registered
                item_specs.append(
                    {
                        "kind": ITEM_KIND,
                        "title": f"{case.number} {Stage(stage).label}",
                        "unit_id": unit.pk,
                        "start_date": since,
                        "deadline": since + timedelta(days=STAGE_DAYS[stage]),
                    }
                )
                open_cases.append(case)
    for case, item in zip(open_cases, tracked_items(item_specs), strict=True):
        case.stage_item = item
    cases = bulk(PetitionCase, cases)
    bulk(
        Petitioner,
        (Petitioner(case=case, **p) for case, p in zip(cases, people, strict=True)),
    )
    bulk(
        CaseEvent,
        (
            CaseEvent(
                case=case, on=case.registered_on, by=city.user, stage=Stage.REGISTERED
            )
            for case in cases
        ),
    )
    bosses = [
        c
        for c in city.leaders
        if c.rank in (Cadre.Rank.CITY, Cadre.Rank.COUNTY) and c.is_leadership_member
    ]
    stuck = [
        c
        for c in open_cases
        if (today - c.registered_on).days > 60 and rng.random() < 0.3
    ]
    backlog = bulk(
        BacklogCase,
        (
            BacklogCase(
                case=case,
                leader=rng.choice(bosses),
                team=f"{case.unit.name}信访工作专班",
                plan="摸清底数、逐案会商、依法分类处理",
                assigned_on=assigned,
                resolved_on=resolved,
                resolution="问题解决到位、困难帮扶到位、思想疏导到位"
                if resolved
                else "",
            )
            for case in stuck
            for assigned in [case.registered_on + timedelta(days=rng.randint(30, 60))]
            for resolved in [
                assigned + timedelta(days=90)
                if assigned + timedelta(days=90) <= today and rng.random() < 0.4
                else None
            ]
        ),
    )
    return len(cases), len(backlog)


def _seed_hotline(city: ScaleCity) -> int:
    rng, today = city.rng, city.today
    townships = [u for u in city.units if u.kind == OrgUnit.Kind.TOWNSHIP]
    tz = timezone.get_current_timezone()
    per_year = len(city.cadres) * ORDERS_PER_CADRE

    def orders():
        for year in city.years:
            last = min(today, date(year, 12, 31))
            for n in range(per_year):
                day = city.day_in(year, last=last)
                received = datetime.combine(
                    day, time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=tz
                )
                resolved = rng.random() < 0.9
                yield HotlineOrder(
                    number=f"12345-{year}-S{n:06d}",
                    received_at=received,
                    unit=rng.choice(townships),
                    summary=rng.choice(HOTLINE),
                    signed_at=received + timedelta(minutes=rng.choice([5, 15, 25, 45])),
                    responded_at=received + timedelta(hours=rng.choice([0.5, 1, 3])),
                    resolved_at=received + timedelta(hours=20) if resolved else None,
                    resolved=resolved,
                    resolved_in_village=resolved and rng.random() < 0.3,
                    satisfaction=rng.choice(
                        ["satisfied"] * 6 + ["basically"] * 2 + ["unsatisfied", ""]
                    )
                    if resolved
                    else "",
                )

    return len(bulk(HotlineOrder, orders()))
