"""A research year for the demo city: plans, topics, trips, findings, measures,
conversions and reports. Every random number is drawn whatever the database
holds, so a second run makes the same choices and finds its records."""

import zlib
from datetime import date, timedelta

from django.utils import timezone

from demo.city import DemoCity, register
from org.models import Cadre, OrgUnit, User

from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchPlan,
    ResearchReport,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)
from .services import measure_add, typical_case_add

TOPICS = [
    ("农村人居环境整治提升", "村庄垃圾、污水收集处理设施运行不稳定"),
    ("新能源材料产业链延链补链", "配套企业少、本地转化率低"),
    ("基层治理“一张网”建设", "网格员力量不足、事项多头派发"),
    ("高标准农田建设与节水灌溉", "灌溉用水紧张、设施老化"),
    ("城市老旧小区改造后长效管理", "物业缺位、维修资金不足"),
    ("县域医疗卫生服务能力提升", "基层卫生院人才流失"),
    ("优化营商环境与涉企服务", "审批环节多、惠企政策落地慢"),
    ("稳岗就业与技能培训", "培训与岗位需求脱节"),
]
FINDINGS = [
    "部分村组生活污水收集管网未接通",
    "惠企政策知晓率不高，申报流程复杂",
    "基层网格事项交叉重复，考核过多",
    "节水设施维护经费无稳定来源",
    "小区公共设施维修责任不清",
    "乡镇卫生院全科医生缺口较大",
    "企业用工需求信息发布不及时",
]
MEASURES = [
    "制定管网接通三年行动方案",
    "建立惠企政策“免申即享”清单",
    "整合网格事项清单并精简考核",
    "设立设施管护专项资金",
    "出台小区公共设施维修责任清单",
    "实施全科医生定向培养计划",
    "建立企业用工信息周发布机制",
]
CONVERSIONS = [
    (Conversion.Kind.POLICY, "关于加快推进农村生活污水治理的实施意见"),
    (Conversion.Kind.RULE, "涉企服务“首问负责”制度"),
    (Conversion.Kind.WORK_MEASURE, "网格事项准入清单"),
    (Conversion.Kind.DECISION, "节水灌溉设施管护专项部署"),
]
METHODS = list(ResearchTopic.Method.values)
# 典型案例 a topic dissects, by the topic's subject: (title, polarity, summary).
CASES = {
    "农村人居环境整治提升": ("“积分超市”激励村民参与垃圾分类", "positive"),
    "新能源材料产业链延链补链": ("链主企业带动配套企业落地", "positive"),
    "基层治理“一张网”建设": ("网格事项多头派发、重复填报", "negative"),
    "高标准农田建设与节水灌溉": ("节水设施建成后闲置", "negative"),
    "城市老旧小区改造后长效管理": ("“红色物业”破解老旧小区管理难题", "positive"),
    "县域医疗卫生服务能力提升": ("医共体“县招乡用”留住基层医生", "positive"),
    "优化营商环境与涉企服务": ("项目审批“体外循环”", "negative"),
    "稳岗就业与技能培训": ("“订单式”培训对接企业用工", "positive"),
}
# When a topic's findings come in: the quarters of the year in turn.
FINDING_MONTHS = [3, 5, 7, 8, 10, 11]


@register(order=20)
def seed_research(city: DemoCity) -> str:
    rng = city.rng
    today = timezone.localdate()
    year = today.year
    clerk = User.objects.get(username="clerk")
    teams = [
        unit
        for unit in city.units.values()
        if unit.kind in (OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY)
        or (
            unit.kind == OrgUnit.Kind.DEPARTMENT
            and unit.parent.kind == OrgUnit.Kind.CITY
        )
    ]
    plans = {}
    for index, unit in enumerate(sorted(teams, key=lambda u: u.path)):
        late, missing = rng.random() < 0.1, index == 5
        submitted = date(year, 3 if late else 2, rng.randint(5, 25))
        if missing:
            continue
        plans[unit.pk], _ = ResearchPlan.objects.update_or_create(
            unit=unit,
            year=year,
            defaults={
                "submitted_on": submitted if submitted <= today else None,
                "content": f"{unit.name}{year}年度领导班子成员调研课题及安排。",
            },
        )

    leaders = [
        c
        for c in city.cadres
        if c.is_leadership_member
        and c.rank in (Cadre.Rank.CITY, Cadre.Rank.COUNTY)
        and c.unit_id in {u.pk for u in teams}
    ]
    colleagues_by_unit: dict[int, list[Cadre]] = {}
    for cadre in city.cadres:
        colleagues_by_unit.setdefault(cadre.unit_id, []).append(cadre)
    places_near = _places_by_reach(city)
    for cadre in leaders:
        title, problem = rng.choice(TOPICS)
        method = rng.choice(METHODS)
        member = rng.choice(colleagues_by_unit[cadre.unit_id])
        topic, _ = ResearchTopic.objects.update_or_create(
            lead=cadre,
            year=year,
            title=f"{cadre.unit.name}{title}",
            defaults={
                "unit": cadre.unit,
                "plan": plans.get(cadre.unit_id),
                "problem": problem,
                "method": method,
            },
        )
        if member != cadre:
            topic.members.add(member)
        _seed_trips(
            rng, topic, cadre, member, places_near[cadre.unit.reach().path], today
        )
        _seed_chain(rng, topic, cadre, clerk, today)
        _seed_case(topic, title, today)
    return (
        f"调研计划 {ResearchPlan.objects.count()} 份，调研课题 {ResearchTopic.objects.count()} 个，"
        f"调研 {ResearchTrip.objects.count()} 次，发现问题 {Finding.objects.count()} 个，"
        f"解决措施 {Measure.objects.count()} 项，成果转化 {Conversion.objects.count()} 项"
    )


def _places_by_reach(city: DemoCity) -> dict[str, list]:
    found: dict[str, list] = {}
    for place in city.places:
        codes = [c for c in place.unit.path.split("/") if c]
        for i in range(len(codes)):
            found.setdefault("/" + "/".join(codes[: i + 1]) + "/", []).append(place)
    return found


def _seed_trips(rng, topic, cadre, member, places, today) -> None:
    year = topic.year
    target_days = rng.randint(45, 78)  # some leaders fall short of 60
    day, spent = date(year, 1, 8), 0
    while spent < target_days:
        length = rng.randint(1, 5)
        gap = rng.randint(3, 14)
        place = rng.choice(places)
        with_member = rng.random() < 0.4
        start, end = day, day + timedelta(days=length - 1)
        day = end + timedelta(days=gap)
        spent += length
        if end > today or end.year != year:
            continue
        trip, created = ResearchTrip.objects.get_or_create(
            topic=topic,
            start_date=start,
            defaults={"end_date": end, "notes": f"赴{place.name}开展调研"},
        )
        if created:
            trip.places.set([place])
            trip.participants.set([cadre, member] if with_member else [cadre])


def _seed_chain(rng, topic, cadre, clerk, today) -> None:
    count = rng.randint(2, 4)
    picks = rng.sample(range(len(FINDINGS)), count)
    measure_plan = [
        (rng.randint(1, 2), rng.randint(20, 200), rng.random()) for _ in picks
    ]
    conversion_pick, converts = rng.randrange(len(CONVERSIONS)), rng.random() < 0.5
    reports = rng.random() < 0.5
    # Findings come in over the year (a key from the title, not the shared
    # generator, so the rest of the demo city keeps its random choices).
    key = zlib.crc32(topic.title.encode())
    found_on = date(topic.year, FINDING_MONTHS[key % len(FINDING_MONTHS)], 20)
    if found_on > today:
        return
    findings = []
    for index, (measures, days, closes) in zip(picks, measure_plan, strict=True):
        finding, _ = Finding.objects.get_or_create(
            topic=topic, description=FINDINGS[index], defaults={"found_on": found_on}
        )
        findings.append(finding)
        for n in range(measures):
            title = MEASURES[index] + ("" if n == 0 else "（第二阶段）")
            if finding.measures.filter(item__title=title).exists():
                continue
            measure = measure_add(
                finding=finding,
                title=title,
                unit=cadre.unit,
                owner=cadre,
                start_date=found_on,
                deadline=found_on + timedelta(days=days * (n + 1)),
            )
            if measure.item.deadline < today and closes < 0.75:
                measure.item.close_out(
                    by=clerk,
                    result="措施已落实，问题已解决",
                    on=measure.item.deadline - timedelta(days=days // 4),
                )
    if converts and found_on + timedelta(days=75) <= today:
        kind, title = CONVERSIONS[conversion_pick]
        conversion, _ = Conversion.objects.get_or_create(
            topic=topic,
            title=title,
            defaults={
                "kind": kind,
                "converted_on": found_on + timedelta(days=75),
            },
        )
        conversion.findings.set(findings[:1])
    if reports and date(topic.year, 11, 10) <= today:
        ResearchReport.objects.get_or_create(
            topic=topic,
            defaults={
                "submitted_on": date(topic.year, 11, 10),
                "text": f"关于{topic.title}的调研报告。",
            },
        )


def _seed_case(topic: ResearchTopic, subject: str, today: date) -> None:
    """The typical case some topics dissect, dated with their findings."""
    first = topic.findings.order_by("found_on").first()
    if first is None or subject not in CASES:
        return
    if zlib.crc32(f"case{topic.title}".encode()) % 4:
        return  # one topic in four dissects a case
    title, polarity = CASES[subject]
    title = f"{topic.unit.name}{title}"
    if TypicalCase.objects.filter(topic=topic, title=title).exists():
        return
    typical_case_add(
        topic=topic,
        title=title,
        polarity=polarity,
        found_on=min(first.found_on + timedelta(days=5), today),
        summary=f"{topic.title}中解剖的{'正面' if polarity == 'positive' else '反面'}典型。",
    )
