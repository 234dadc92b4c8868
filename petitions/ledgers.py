"""Petition ledgers: petition cases (sensitive), reception days, 12345 orders."""

from django.utils import timezone

from sixiaji.ledgers import Column, Ledger, register
from sixiaji.masking import mask_content, mask_id_number, mask_name, mask_phone
from sixiaji.models import colour_case

from .filters import CaseFilter, HotlineFilter, ReceptionFilter
from .models import HotlineOrder, PetitionCase, ReceptionDay


def _people(case, ctx, field, mask):
    values = [getattr(p, field) for p in case.petitioners.all()]
    return "、".join(v if ctx.unmasked else mask(v) for v in values if v)


def _cases(user):
    return (
        PetitionCase.objects.visible_to(user)
        .select_related("unit", "stage_item")
        .prefetch_related("petitioners")
        .annotate(warning=colour_case(timezone.localdate(), "stage_item__"))
    )


CASES = register(
    Ledger(
        kind="petition_cases",
        title="信访事项",
        queryset=_cases,
        filterset=CaseFilter,
        sensitive=True,
        list_url="petitions:case_list",
        columns=[
            Column("编号", lambda c, x: c.number, 14),
            Column("登记日期", lambda c, x: c.registered_on, 12),
            Column("信访人", lambda c, x: _people(c, x, "name", mask_name), 14),
            Column(
                "身份证号", lambda c, x: _people(c, x, "id_number", mask_id_number), 22
            ),
            Column("联系电话", lambda c, x: _people(c, x, "phone", mask_phone), 14),
            Column("来源渠道", lambda c, x: c.get_channel_display(), 10),
            Column("问题类别", lambda c, x: c.get_category_display(), 14),
            Column(
                "信访诉求",
                lambda c, x: c.content if x.unmasked else mask_content(c.content),
                40,
            ),
            Column("责任单位", lambda c, x: c.unit.name, 16),
            Column("阶段", lambda c, x: c.get_stage_display(), 10),
            Column(
                "本阶段时限",
                lambda c, x: c.stage_item.deadline if c.stage_item else None,
                12,
            ),
            Column("群众评价", lambda c, x: c.get_evaluation_display(), 10),
        ],
    )
)

RECEPTIONS = register(
    Ledger(
        kind="reception_days",
        title="领导接访",
        queryset=lambda user: ReceptionDay.objects.visible_to(user).select_related(
            "leader__unit", "place"
        ),
        filterset=ReceptionFilter,
        list_url="petitions:reception_list",
        columns=[
            Column("日期", lambda r, x: r.day, 12),
            Column("类别", lambda r, x: r.get_kind_display(), 10),
            Column("接访领导", lambda r, x: r.leader.name, 10),
            Column("单位", lambda r, x: r.leader.unit.name, 16),
            Column("地点", lambda r, x: str(r.place or r.location or ""), 24),
            Column("接待群众（人次）", lambda r, x: r.visitors, 10, total=True),
        ],
    )
)

HOTLINE = register(
    Ledger(
        kind="hotline_orders",
        title="12345工单",
        queryset=lambda user: HotlineOrder.objects.visible_to(user).select_related(
            "unit"
        ),
        filterset=HotlineFilter,
        list_url="petitions:hotline",
        columns=[
            Column("工单号", lambda o, x: o.number, 18),
            Column("受理时间", lambda o, x: timezone.localtime(o.received_at), 18),
            Column("承办单位", lambda o, x: o.unit.name, 16),
            Column("诉求摘要", lambda o, x: o.summary, 30),
            Column(
                "签收时间",
                lambda o, x: timezone.localtime(o.signed_at) if o.signed_at else None,
                18,
            ),
            Column(
                "办结时间",
                lambda o, x: (
                    timezone.localtime(o.resolved_at) if o.resolved_at else None
                ),
                18,
            ),
            Column("已解决", lambda o, x: "是" if o.resolved else "否", 8),
            Column("满意度", lambda o, x: o.get_satisfaction_display() or "未评价", 10),
        ],
    )
)
