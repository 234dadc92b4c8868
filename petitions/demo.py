"""A petition year for the demo city: reception days and visits, cases at
every stage, backlog cases with their 包案 leaders and 12345 orders. Random
numbers are drawn whatever the database holds, so a rerun finds its records."""

from datetime import datetime, timedelta

from django.utils import timezone

from demo.city import SURNAMES, DemoCity, register
from org.models import Cadre, OrgUnit, User

from .models import (
    ID_CHECK,
    ID_WEIGHTS,
    BacklogCase,
    HotlineOrder,
    PetitionCase,
    ReceptionDay,
    Stage,
)
from .services import backlog_assign, backlog_resolve, case_move, case_register

CONTENTS = [
    ("land", "反映承包地被占用后补偿款未足额发放的问题"),
    ("labour", "反映在建项目拖欠农民工工资的问题"),
    ("housing", "反映小区房屋漏水、开发商拒不维修的问题"),
    ("environment", "反映养殖场异味扰民的问题"),
    ("social", "反映低保资格认定不公的问题"),
    ("housing", "反映老旧小区冬季供暖温度不达标的问题"),
    ("land", "反映宅基地界址纠纷长期未解决的问题"),
]
HOTLINE = [
    "路灯不亮",
    "下水道堵塞",
    "噪音扰民",
    "小区垃圾清运不及时",
    "公交站台破损",
    "自来水停水",
]
GIVEN = "建国志强桂芳秀英玉兰明华春梅海军永红"


def _id_number(rng, year: int) -> str:
    body = f"620321{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


@register(order=30)
def seed_petitions(city: DemoCity) -> str:
    rng = city.rng
    today = timezone.localdate()
    year = today.year
    office = User.objects.get(username="petition")
    leaders = [c for c in city.cadres if c.is_leadership_member]
    # Weeks for townships, months for counties, quarters for the city (rules 8-10).
    every = {Cadre.Rank.CITY: 91, Cadre.Rank.COUNTY: 30, Cadre.Rank.TOWNSHIP: 7}
    receptions = []
    for cadre in leaders:
        step = every[cadre.rank]
        day = timezone.datetime(year, 1, 2).date() + timedelta(
            days=rng.randint(0, step - 1)
        )
        while day <= today:
            skip = rng.random() < 0.1
            visitors = rng.randint(0, 12)
            if not skip:
                reception, _ = ReceptionDay.objects.get_or_create(
                    leader=cadre,
                    day=day,
                    kind=ReceptionDay.Kind.RECEPTION,
                    defaults={
                        "location": f"{cadre.unit.name}群众来访接待室",
                        "visitors": visitors,
                        # Most visitors' concerns are explained on the spot.
                        "answered_on_site": visitors * (2 + day.day % 3) // 4,
                    },
                )
                receptions.append(reception)
            day += timedelta(days=step)

    targets = [u for u in city.units.values() if u.kind == OrgUnit.Kind.TOWNSHIP]
    busy = [r for r in receptions if r.visitors >= 8]
    with_cases = busy[:: max(1, len(busy) // 120)][:120]  # spread over units and months
    for reception in with_cases:
        category, content = rng.choice(CONTENTS)
        steps = rng.randint(0, 5)
        reach = reception.leader.unit.reach().path
        unit = rng.choice([u for u in targets if u.path.startswith(reach)] or targets)
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
        person = {
            "name": name,
            "id_number": _id_number(rng, rng.randint(1950, 1995)),
            "phone": f"139{rng.randint(10000000, 99999999)}",
            "address": f"{unit.name}某村",
        }
        gaps = [rng.randint(2, 14) for _ in range(5)]
        evaluation = rng.choice(["satisfied", "satisfied", "basically", "unsatisfied"])
        if reception.cases.exists():
            continue
        case = case_register(
            by=office,
            channel=PetitionCase.Channel.VISIT,
            category=category,
            content=content,
            registered_on=reception.day,
            unit=reception.leader.unit,
            petitioners=[person],
            reception=reception,
        )
        on = reception.day
        path = [Stage.ROUTED, Stage.ACCEPTED, Stage.REPLIED, Stage.CLOSED][
            : min(steps, 4)
        ]
        for stage, gap in zip(path, gaps, strict=False):
            on = on + timedelta(days=gap if stage != Stage.REPLIED else gap * 3)
            if on > today:
                break
            case_move(
                case=case,
                to=stage,
                by=office,
                on=on,
                unit=unit,
                reply="经调查核实，已依法依规处理，现予书面答复。",
                evaluation=evaluation,
            )

    _seed_backlog(city, rng, year, today)
    _seed_hotline(city, rng, year, today)
    return (
        f"接访日 {ReceptionDay.objects.count()} 个，信访事项 {PetitionCase.objects.count()} 件，"
        f"信访积案 {BacklogCase.objects.count()} 件，12345工单 {HotlineOrder.objects.count()} 单"
    )


def _seed_backlog(city: DemoCity, rng, year: int, today) -> None:
    bosses = [
        c
        for c in city.cadres
        if c.rank in (Cadre.Rank.CITY, Cadre.Rank.COUNTY) and c.is_leadership_member
    ]
    candidates = list(
        PetitionCase.objects.filter(stage__in=[Stage.ACCEPTED, Stage.ROUTED]).order_by(
            "pk"
        )[:12]
    )
    for index, case in enumerate(candidates):
        boss = bosses[index % len(bosses)]
        resolved = rng.random() < 0.4
        if BacklogCase.objects.filter(case=case).exists():
            continue
        # Taken on within weeks of registration, resolved a few months on.
        assigned_on = min(case.registered_on + timedelta(days=20), today)
        backlog = backlog_assign(
            case=case,
            leader=boss,
            team=f"{case.unit.name}、{boss.unit.name}信访工作专班",
            plan="摸清底数、逐案会商、依法分类处理",
            assigned_on=assigned_on,
            deadline=assigned_on + timedelta(days=BacklogCase.RESOLVE_DAYS),
        )
        resolved_on = assigned_on + timedelta(days=45 + 15 * (index % 4))
        if resolved and resolved_on <= today:
            backlog_resolve(
                backlog=backlog,
                by=User.objects.get(username="petition"),
                on=resolved_on,
                resolution="问题解决到位、困难帮扶到位、思想疏导到位",
            )


def _seed_hotline(city: DemoCity, rng, year: int, today) -> None:
    units = [u for u in city.units.values() if u.kind == OrgUnit.Kind.TOWNSHIP]
    tz = timezone.get_current_timezone()
    for n in range(300):
        day = timezone.datetime(year, 1, 1).date() + timedelta(days=rng.randint(0, 330))
        received = datetime(
            day.year,
            day.month,
            day.day,
            rng.randint(8, 18),
            rng.randint(0, 59),
            tzinfo=tz,
        )
        sign = rng.choice([5, 15, 25, 45])
        respond = rng.choice([0.5, 1, 1.5, 3])
        resolved = rng.random() < 0.9
        satisfaction = rng.choice(
            ["satisfied"] * 6 + ["basically"] * 2 + ["unsatisfied", ""]
        )
        unit = rng.choice(units)
        summary = rng.choice(HOTLINE)
        village = rng.random() < 0.3
        if day > today:
            continue
        HotlineOrder.objects.get_or_create(
            number=f"12345-{year}-{n:05d}",
            defaults={
                "received_at": received,
                "unit": unit,
                "summary": summary,
                "signed_at": received + timedelta(minutes=sign),
                "responded_at": received + timedelta(hours=respond),
                # Simple matters the next day, harder ones within the week.
                "resolved_at": received + timedelta(hours=(20, 44, 68, 140)[n % 4])
                if resolved
                else None,
                "resolved": resolved,
                "resolved_in_village": village and resolved,
                "satisfaction": satisfaction if resolved else "",
            },
        )
