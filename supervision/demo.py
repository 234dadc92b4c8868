"""Rectification items and supervision orders for the demo city: some on
track, some due soon, some overdue, so the 红黄蓝 lists and the dashboard
have something to show. Keyed on the problem text and the order note, so a
second run finds its records."""

from datetime import timedelta

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
