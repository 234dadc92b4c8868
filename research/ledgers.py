"""Research ledgers: topics with their chain counts, and measures with 红黄蓝."""

from django.utils import timezone

from sixiaji.ledgers import Column, Ledger, register
from sixiaji.models import Colour

from .filters import MeasureFilter, TopicFilter
from .models import Measure, ResearchTopic
from .selectors import measures_with_colour

TOPICS = register(
    Ledger(
        kind="research_topics",
        title="调研课题",
        queryset=lambda user: ResearchTopic.objects.visible_to(user).with_chain(),
        filterset=TopicFilter,
        list_url="research:topic_list",
        columns=[
            Column("课题名称", lambda t, x: t.title, 30),
            Column("牵头领导", lambda t, x: t.lead.name, 10),
            Column("单位", lambda t, x: t.unit.name, 16),
            Column("年度", lambda t, x: t.year, 8),
            Column("调研方式", lambda t, x: t.get_method_display(), 14),
            Column("状态", lambda t, x: t.status.label, 10),
            Column("调研次数", lambda t, x: t.trip_count, 10, total=True),
            Column("发现问题", lambda t, x: t.finding_count, 10, total=True),
            Column("解决措施", lambda t, x: t.measure_count, 10, total=True),
            Column("成果转化", lambda t, x: t.conversion_count, 10, total=True),
        ],
    )
)

MEASURES = register(
    Ledger(
        kind="research_measures",
        title="调研问题整改",
        queryset=lambda user: measures_with_colour(
            Measure.objects.visible_to(user), timezone.localdate()
        ),
        filterset=MeasureFilter,
        list_url="research:measure_list",
        columns=[
            Column("课题", lambda m, x: m.finding.topic.title, 24),
            Column("发现问题", lambda m, x: m.finding.description, 30),
            Column("解决措施", lambda m, x: m.item.title, 30),
            Column("责任单位", lambda m, x: m.item.unit.name, 16),
            Column(
                "责任人", lambda m, x: m.item.owner.name if m.item.owner else "", 10
            ),
            Column("完成时限", lambda m, x: m.item.deadline, 12),
            Column("预警", lambda m, x: Colour(m.warning).label, 12),
            Column("办理结果", lambda m, x: m.item.result, 24),
        ],
    )
)
