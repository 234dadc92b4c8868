"""Activity ledgers: lectures and on-site work, with totals."""

from sixiaji.ledgers import Column, Ledger, register

from .filters import ActivityFilter, LivelihoodFilter
from .models import Activity, LivelihoodItem

ACTIVITIES = register(
    Ledger(
        kind="activities",
        title="基层活动",
        queryset=lambda user: Activity.objects.visible_to(user).for_list(),
        filterset=ActivityFilter,
        list_url="activities:list",
        columns=[
            Column("日期", lambda a, x: a.start_date, 12),
            Column("结束日期", lambda a, x: a.end_date, 12),
            Column("类别", lambda a, x: a.get_kind_display(), 10),
            Column("状态", lambda a, x: a.get_status_display(), 8),
            Column("主题", lambda a, x: a.topic, 30),
            Column("主讲（带队）干部", lambda a, x: a.cadre.name, 12),
            Column("组织单位", lambda a, x: a.unit.name, 16),
            Column("地点", lambda a, x: "、".join(str(p) for p in a.places.all()), 24),
            Column(
                "听众（党员）", lambda a, x: a.audience_party_members, 10, total=True
            ),
            Column("听众（群众）", lambda a, x: a.audience_public, 10, total=True),
            Column("听众合计", lambda a, x: a.audience, 10, total=True),
            Column("走访群众（户）", lambda a, x: a.households_visited, 10, total=True),
            Column("收集问题", lambda a, x: a.problems_raised, 10, total=True),
            Column("现场解决", lambda a, x: a.problems_solved_on_site, 10, total=True),
            Column("意见建议", lambda a, x: a.suggestions, 10, total=True),
        ],
    )
)

LIVELIHOOD = register(
    Ledger(
        kind="livelihood_items",
        title="民生实事",
        queryset=lambda user: LivelihoodItem.objects.visible_to(user).select_related(
            "item__unit", "item__owner"
        ),
        filterset=LivelihoodFilter,
        list_url="activities:livelihood_list",
        columns=[
            Column("年度", lambda li, x: li.year, 8),
            Column("民生实事", lambda li, x: li.item.title, 30),
            Column("目标任务", lambda li, x: li.target, 30),
            Column("责任单位", lambda li, x: li.item.unit.name, 16),
            Column(
                "责任人", lambda li, x: li.item.owner.name if li.item.owner else "", 10
            ),
            Column("完成时限", lambda li, x: li.item.deadline, 12),
            Column("完成进度（%）", lambda li, x: li.progress_percent, 10),
            Column("进展情况", lambda li, x: li.progress, 30),
            Column(
                "销号", lambda li, x: "已销号" if li.item.is_closed else "未销号", 8
            ),
        ],
    )
)
