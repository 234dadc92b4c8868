"""Rectification items and supervision orders for the demo city: some on
track, some due soon, some overdue, so the 红黄蓝 lists and the dashboard
have something to show. Keyed on the problem text and the order note, so a
second run finds its records."""

from datetime import date, timedelta

from django.utils import timezone

from demo.city import DemoCity, register
from org.models import Cadre, User
from tracking.models import TrackedItem

from .models import RectificationItem, SupervisionOrder
from .services import order_issue, order_reply, rectification_add

# (unit code, problem, measures, target, days since found, days allowed)
RECTIFICATIONS = [
    (
        "620321100",
        "为民服务中心窗口服务质量和工作标准有待提升",
        "完善首问负责、一次性告知和限时办结制度；每月开展窗口服务评议",
        "群众满意率达到95%以上",
        40,
        30,
    ),
    (
        "620321100",
        "领导干部下基层接访日安排不均衡",
        "制定领导干部接访轮值表，按月公示接访安排",
        "每名领导干部每周至少接访1天",
        20,
        25,
    ),
    (
        "620321101",
        "调研发现问题的解决措施推进缓慢",
        "建立措施推进台账，实行月调度、季通报",
        "年内措施完成率达到90%",
        10,
        60,
    ),
    (
        "620302100",
        "惠企政策宣传不到位，企业知晓率不高",
        "编印政策汇编，组织包联干部上门宣讲",
        "辖区重点企业政策知晓率100%",
        5,
        45,
    ),
]


# Rectification items found over the demo year, so each quarter's report
# names some: (unit code, problem, measures, target, (month, day) found, days
# allowed, days to close or None for still open).
YEAR_RECTIFICATIONS = [
    (
        "620321",
        "领导干部下基层调研计划制定滞后",
        "2月底前完成年度调研计划审定并公示",
        "县级领导班子按期制定年度调研计划",
        (2, 10),
        30,
        25,
    ),
    (
        "620302100",
        "村级惠民资金发放公示不及时",
        "建立惠民资金发放台账，按月公示",
        "惠民资金发放公示率100%",
        (3, 12),
        45,
        40,
    ),
    (
        "620321101",
        "现场办公交办问题回访不到位",
        "建立交办问题办结回访制度，办结后7日内回访",
        "交办问题回访率100%",
        (4, 16),
        40,
        35,
    ),
    (
        "620302",
        "信访事项答复不规范导致群众满意度不高",
        "统一书面答复格式，答复前与信访人当面沟通",
        "信访事项群众满意率达到90%以上",
        (5, 22),
        60,
        None,
    ),
    (
        "620321100",
        "12345工单签收超时且办结后回访缺失",
        "实行工单专人签收、办结回访双台账",
        "工单按时签收率达到98%",
        (7, 14),
        40,
        30,
    ),
    (
        "620321",
        "调研成果转化为政策文件推进缓慢",
        "对未转化课题逐一明确转化形式和时限",
        "年内课题成果转化率达到80%",
        (8, 26),
        90,
        None,
    ),
    (
        "620302101",
        "民生实事项目进度公示不及时",
        "每月在村务公开栏公示项目进度",
        "项目进度按月公示",
        (10, 15),
        30,
        20,
    ),
]

# Kinds whose titles say what the work is (a petition stage's title is its
# case number).
SUPERVISED_KINDS = ["onsite_problem", "livelihood", "research_measure", "backlog_case"]

# Supervision orders issued over the demo year on items then overdue:
# ((month, day) issued, note, days to the reply or None for no reply yet).
YEAR_ORDERS = [
    ((2, 26), "该事项已超出办理时限，请于7日内书面说明原因和整改措施。", 5),
    ((3, 20), "请加快办理进度，按期办结销号。", 6),
    ((5, 8), "该事项已逾期，请明确责任人和完成时限并回复。", 4),
    ((6, 12), "请对照时限要求倒排工期，限期办结。", None),
    ((8, 6), "该事项办理滞后，请说明原因并报送整改计划。", 5),
    ((9, 10), "请于本周内完成办理并录入办结情况。", 3),
]


def _first(unit_code: str, city: DemoCity, *, leader: bool) -> Cadre:
    cadres = [c for c in city.cadres if c.unit.code == unit_code]
    chosen = [c for c in cadres if c.is_leadership_member == leader]
    return (chosen or cadres)[0]


@register(order=40)
def seed_supervision(city: DemoCity) -> str:
    today = timezone.localdate()
    clerk = User.objects.get(username="clerk")
    cadre_login = User.objects.get(username="cadre")
    for code, problem, measures, target, found, allowed in RECTIFICATIONS:
        if RectificationItem.objects.filter(problem=problem).exists():
            continue
        unit = city.units[code]
        owner = _first(code, city, leader=False)
        if code == cadre_login.cadre.unit.code:
            owner = cadre_login.cadre
        start = today - timedelta(days=found)
        rectification_add(
            by=clerk,
            unit=unit,
            problem=problem,
            measures=measures,
            target=target,
            deadline=start + timedelta(days=allowed),
            leader=_first(code, city, leader=True),
            owner=owner,
            start_date=start,
        )

    _seed_year(city, today, clerk)

    leader = User.objects.get(username="cityleader")
    overdue = (
        TrackedItem.objects.open()
        .filter(deadline__lt=today, owner__user__isnull=False)
        .exclude(kind=SupervisionOrder.ITEM_KIND)
        .select_related("unit", "owner")
        .order_by("deadline", "pk")
    )
    notes = [
        "该事项已逾期，请说明未按期完成原因和下一步措施。",
        "请加快推进，按期销号。",
    ]
    for note, item in zip(notes, overdue[:2], strict=False):
        if not SupervisionOrder.objects.filter(note=note).exists():
            order_issue(
                by=leader,
                unit=item.unit,
                cadre=item.owner,
                deadline=today + timedelta(days=5),
                note=note,
                target=item,
            )
    quota_note = "请于本月内安排接访日并录入系统。"
    if not SupervisionOrder.objects.filter(note=quota_note).exists():
        order = order_issue(
            by=clerk,
            unit=cadre_login.cadre.unit,
            cadre=cadre_login.cadre,
            deadline=today + timedelta(days=3),
            note=quota_note,
            shortfall=f"{today:%Y年%m月}尚未安排接访日",
        )
        order_reply(
            order=order, by=cadre_login, text="已安排本月第三周周三接访，届时录入。"
        )
    return (
        f"整改事项 {RectificationItem.objects.count()} 项，"
        f"督办单 {SupervisionOrder.objects.count()} 件"
    )


def _seed_year(city: DemoCity, today: date, clerk: User) -> None:
    """Rectification items and supervision orders dated across this year up
    to today, some closed out, so every quarter's report has some to name."""
    for code, problem, measures, target, (m, d), allowed, closed in YEAR_RECTIFICATIONS:
        start = date(today.year, m, d)
        if start > today or RectificationItem.objects.filter(problem=problem).exists():
            continue
        rectification = rectification_add(
            by=clerk,
            unit=city.units[code],
            problem=problem,
            measures=measures,
            target=target,
            deadline=start + timedelta(days=allowed),
            leader=_first(code, city, leader=True),
            owner=_first(code, city, leader=False),
            start_date=start,
        )
        if closed is not None and start + timedelta(days=closed) <= today:
            rectification.item.close_out(
                by=clerk, result="已整改到位", on=start + timedelta(days=closed)
            )
    leader = User.objects.get(username="cityleader")
    for (m, d), note, replied in YEAR_ORDERS:
        issued = date(today.year, m, d)
        if issued > today or SupervisionOrder.objects.filter(note=note).exists():
            continue
        # The item longest overdue on that day, not yet supervised.
        target = (
            TrackedItem.objects.open_on(issued)
            .filter(deadline__lt=issued)
            .filter(kind__in=SUPERVISED_KINDS)
            .exclude(supervision_orders__isnull=False)
            .select_related("unit", "owner")
            .order_by("deadline", "pk")
            .first()
        )
        if target is None:
            continue
        order = order_issue(
            by=leader,
            unit=target.unit,
            cadre=target.owner,
            deadline=issued + timedelta(days=7),
            note=note,
            target=target,
            issued_on=issued,
        )
        if replied is not None and issued + timedelta(days=replied) <= today:
            order_reply(
                order=order,
                by=clerk,
                text="已按要求推进，情况见附件。",
                on=issued + timedelta(days=replied),
            )
