"""A year of lectures, on-site office work, liaison and livelihood items for the
demo city. Keyed on natural keys, so `seed_demo` can run again; activities
dated after today are plans."""

import zlib
from datetime import date, timedelta

from django.utils import timezone

from demo.city import DemoCity, register
from org.models import Cadre, Place, User

from .models import Activity, HandedOverProblem, Liaison, LivelihoodItem, TypicalCase
from .services import livelihood_create, problem_hand_over, typical_case_add

LECTURE_TOPICS = [
    "学习贯彻党的二十届三中全会精神",
    "乡村振兴政策",
    "生态环保政策",
    "基层治理现代化",
    "产业发展与稳岗就业政策",
    "铸牢中华民族共同体意识",
]
# 典型案例 met on on-site sessions: (title, polarity, summary).
ONSITE_CASES = [
    (
        "“村民说事”化解邻里矛盾纠纷",
        TypicalCase.Polarity.POSITIVE,
        "每月固定议事日，村民当面说、干部现场办",
    ),
    (
        "“小区管家”推动老旧小区长效管理",
        TypicalCase.Polarity.POSITIVE,
        "业委会、物业、社区三方联动",
    ),
    (
        "灌溉用水“错峰轮灌”调度做法",
        TypicalCase.Polarity.POSITIVE,
        "以渠系为单元排定轮灌表",
    ),
    (
        "村级项目“重建设轻管护”问题",
        TypicalCase.Polarity.NEGATIVE,
        "建成设施无人管护、使用率低",
    ),
    (
        "惠民资金发放不及时问题",
        TypicalCase.Polarity.NEGATIVE,
        "审核环节多，资金滞留乡镇",
    ),
]
PARTY_LECTURE_TOPICS = [
    "深入学习“四下基层”优良传统",
    "用党的创新理论武装头脑",
    "践行党的群众路线",
]
ONSITE_TOPICS = [
    "农村人居环境整治现场办公",
    "灌溉用水调度现场协调",
    "老旧小区改造现场办公",
    "冬季供暖保障现场办公",
    "高标准农田建设现场推进",
    "背街小巷道路维修现场办公",
]
PROBLEMS = [
    ("村道路灯损坏需维修", 20),
    ("灌溉渠道渗漏需修缮", 30),
    ("小区二次供水设施老化", 45),
    ("农产品销售渠道不畅", 60),
    ("村卫生室缺少常用药品", 15),
    ("老旧管网冬季易冻裂", 30),
]
LIVELIHOOD = [
    ("城区老旧小区改造", "完成改造小区12个，惠及居民3000户"),
    ("农村饮水安全巩固提升工程", "新建改造供水管网40公里"),
    ("城乡居民健康体检", "为65岁以上老年人免费体检"),
    ("普惠性幼儿园扩容", "新增学位300个"),
]


def _day(year: int, month: int, rng) -> date:
    return date(year, month, rng.randint(1, 28))


def _status(day: date, today: date) -> str:
    return Activity.Status.HELD if day <= today else Activity.Status.PLANNED


@register(order=10)
def seed_activities(city: DemoCity) -> str:
    rng = city.rng
    today = timezone.localdate()
    year = today.year
    clerk = User.objects.get(username="clerk")
    places_by_reach: dict[str, list[Place]] = {}
    for place in city.places:
        for path in _prefixes(place.unit.path):
            places_by_reach.setdefault(path, []).append(place)
    leaders = [c for c in city.cadres if c.rank != Cadre.Rank.STAFF]

    def log(cadre, kind, day, topic, **fields) -> Activity:
        reach = places_by_reach[cadre.unit.reach().path]
        places = fields.pop("places", None) or [rng.choice(reach)]
        activity, _ = Activity.objects.update_or_create(
            cadre=cadre,
            kind=kind,
            start_date=day,
            topic=topic,
            defaults={
                "unit": cadre.unit,
                "status": _status(fields.get("end_date") or day, today),
                "created_by": clerk,
                **fields,
            },
        )
        activity.places.set(places)
        return activity

    for cadre in leaders:
        for _ in range(rng.choice([1, 1, 2])):
            members = rng.randint(20, 80)
            log(
                cadre,
                Activity.Kind.LECTURE,
                _day(year, rng.randint(1, 12), rng),
                rng.choice(LECTURE_TOPICS),
                audience_party_members=members,
                audience_public=rng.randint(30, 150),
            )
        if cadre.rank == Cadre.Rank.CITY or cadre.is_party_secretary:
            log(
                cadre,
                Activity.Kind.PARTY_LECTURE,
                _day(year, rng.randint(3, 11), rng),
                rng.choice(PARTY_LECTURE_TOPICS),
                audience_party_members=rng.randint(30, 120),
            )
        months = {
            Cadre.Rank.CITY: [2, 5, 8, 11],
            Cadre.Rank.COUNTY: list(range(1, 13)),
            Cadre.Rank.TOWNSHIP: [1, 3, 4, 6, 7, 9, 10, 12],
        }[cadre.rank]
        for month in months:
            if rng.random() < 0.12:  # a missed month: quotas show shortfalls
                continue
            day = _day(year, month, rng)
            raised = rng.randint(1, 8)
            solved = rng.randint(0, raised)
            session = log(
                cadre,
                Activity.Kind.ONSITE,
                day,
                rng.choice(ONSITE_TOPICS),
                households_visited=rng.randint(5, 40),
                problems_raised=raised,
                problems_solved_on_site=solved,
                suggestions=rng.randint(0, 12),
                # Drawn from the day, not the shared generator: the rest of
                # the demo city keeps its random choices.
                answered_on_site=(raised - solved) + day.day % 4,
            )
            _seed_case(session, clerk, today)
            # Draw every random number whatever the database holds, so a second
            # run makes the same choices and finds its records already there.
            hand_over, (title, days), closes = (
                rng.random() < 0.35,
                rng.choice(PROBLEMS),
                rng.random() < 0.7,
            )
            if day <= today and hand_over and not session.handed_over.exists():
                problem = problem_hand_over(
                    activity=session,
                    title=title,
                    unit=cadre.unit,
                    deadline=day + timedelta(days=days),
                )
                if problem.item.deadline < today and closes:
                    # Closed on a real day before its deadline, not on seeding.
                    problem.item.close_out(
                        by=clerk,
                        result="已整改到位，群众满意",
                        on=day + timedelta(days=days * 2 // 3),
                    )

    _seed_training(city, log, year)
    _seed_liaison(city, log, year)
    items = _seed_livelihood(city, year)
    return (
        f"基层活动 {Activity.objects.count()} 条（宣讲、党课、培训、现场办公、包抓包联），"
        f"交办问题 {HandedOverProblem.objects.count()} 个，民生实事 {items} 项"
    )


def _seed_case(session: Activity, clerk: User, today: date) -> None:
    """About one held session in forty yields a typical case."""
    key = zlib.crc32(f"{session.cadre_id}{session.start_date}".encode())
    if session.status != Activity.Status.HELD or key % 40:
        return
    title, polarity, summary = ONSITE_CASES[key // 40 % len(ONSITE_CASES)]
    place = session.places.first()
    if place and place.kind in (Place.Kind.VILLAGE, Place.Kind.COMMUNITY):
        title = f"{place.name}{title}"
    if TypicalCase.objects.filter(activity=session, title=title).exists():
        return
    typical_case_add(
        activity=session,
        title=title,
        polarity=polarity,
        found_on=session.start_date,
        summary=summary,
    )


def _prefixes(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def _seed_training(city: DemoCity, log, year: int) -> None:
    organiser = next(
        c for c in city.cadres if c.position.startswith("市委常委、组织部")
    )
    log(
        organiser,
        Activity.Kind.TRAINING,
        date(year, 4, 15),
        "县处级领导干部高质量发展大讲堂示范培训班",
        end_date=date(year, 4, 18),
        training_kind=Activity.TrainingKind.MODEL_CLASS,
        audience_party_members=86,
    )
    log(
        organiser,
        Activity.Kind.TRAINING,
        date(year, 9, 10),
        "村（社区）党组织书记轮训",
        training_kind=Activity.TrainingKind.ROTATION,
        audience_party_members=112,
    )


def _seed_liaison(city: DemoCity, log, year: int) -> None:
    city_leaders = [c for c in city.cadres if c.rank == Cadre.Rank.CITY]
    targets = [
        p for p in city.places if p.kind in (Place.Kind.PROJECT, Place.Kind.ENTERPRISE)
    ]
    for index, place in enumerate(targets):
        cadre = city_leaders[index % len(city_leaders)]
        kind = (
            Liaison.Kind.PROJECT
            if place.kind == Place.Kind.PROJECT
            else Liaison.Kind.ENTERPRISE
        )
        liaison, _ = Liaison.objects.update_or_create(
            cadre=cadre,
            place=place,
            since=date(year, 1, 1),
            defaults={"kind": kind, "role": Liaison.Role.LEADER},
        )
        activity_kind = (
            Activity.Kind.PROJECT_VISIT
            if kind == Liaison.Kind.PROJECT
            else Activity.Kind.ENTERPRISE_VISIT
        )
        for month, mode in [
            (1, Activity.ContactMode.PHONE),
            (4, Activity.ContactMode.SITE_VISIT),
            (7, Activity.ContactMode.MEETING),
            (10, Activity.ContactMode.SITE_VISIT),
        ]:
            log(
                cadre,
                activity_kind,
                date(year, month, 12 + index),
                f"{place.name}{Activity.ContactMode(mode).label}",
                places=[place],
                liaison=liaison,
                contact_mode=mode,
                problems_raised=1,
                problems_solved_on_site=1,
            )


def _seed_livelihood(city: DemoCity, year: int) -> int:
    today = timezone.localdate()
    clerk = User.objects.get(username="clerk")
    count = 0
    for code in ("620300", "620321", "620302"):
        unit = city.units[code]
        owner = next(c for c in city.cadres if c.unit_id == unit.pk)
        for index, (title, target) in enumerate(LIVELIHOOD):
            full_title = f"{unit.name}{title}"
            if LivelihoodItem.objects.filter(
                item__title=full_title, year=year
            ).exists():
                count += 1
                continue
            item = livelihood_create(
                year=year,
                title=full_title,
                unit=unit,
                owner=owner,
                start_date=date(year, 1, 15),
                deadline=date(year, 6 + index * 2, 30 if index != 2 else 31),
                target=target,
            )
            item.progress_percent = min(100, 40 + index * 20)
            item.save(update_fields=["progress_percent"])
            # Most items finish a little before their deadline; one in four
            # runs late and stays open.
            finished = item.item.deadline - timedelta(days=10 + index * 3)
            if (index + len(code)) % 4 and finished <= today:
                item.progress_percent = 100
                item.save(update_fields=["progress_percent"])
                item.item.close_out(by=clerk, result=f"已完成：{target}", on=finished)
            count += 1
    return count
