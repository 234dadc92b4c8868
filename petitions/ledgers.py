"""Petition ledgers: petition cases (sensitive), reception days, 12345 orders."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields as ie_fields
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import DateWidget, IntegerWidget

from ledgers.importing import parse_date, parse_datetime
from ledgers.reading import PHONE_IN_TEXT
from ledgers.registry import ImportColumn, Ledger, register
from ledgers.widgets import (
    LIST_SEPARATORS,
    CadreWidget,
    ChoiceLabelWidget,
    OrgUnitWidget,
    PlaceListWidget,
    ScopedResource,
    YesNoWidget,
)
from security.masking import mask_content, mask_id_number, mask_name, mask_phone
from tracking.models import colour_case
from ui.spreadsheet import Column

from .filters import CaseFilter, HotlineFilter, ReceptionFilter
from .models import (
    HotlineOrder,
    PetitionCase,
    Petitioner,
    ReceptionDay,
    check_petitioners,
)
from .services import case_register


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


def _non_negative(value) -> int:
    number = int(float(value))
    if number < 0:
        raise ValueError("不能为负数")
    return number


PEOPLE_COLUMNS = {"name": "信访人", "id_number": "身份证号", "phone": "联系电话"}


def _cells(record: dict, header: str) -> list[str]:
    return [
        v for v in LIST_SEPARATORS.split(str(record.get(header) or "").strip()) if v
    ]


def petitioners_of(record: dict) -> list[dict]:
    """One petitioner per name in 信访人; ID numbers and phones in the same
    order. A phone written with the name ("张三 138…") is the phone."""
    columns = {field: _cells(record, h) for field, h in PEOPLE_COLUMNS.items()}
    people = []
    names = [v for v in columns["name"] if not PHONE_IN_TEXT.fullmatch(v)]
    written = [v for v in columns["name"] if PHONE_IN_TEXT.fullmatch(v)]
    phones = columns["phone"] or written
    for i, name in enumerate(names):
        people.append(
            {
                "name": name,
                "id_number": columns["id_number"][i].upper()
                if i < len(columns["id_number"])
                else "",
                "phone": phones[i] if i < len(phones) else "",
            }
        )
    return people


def check_petitioner_cells(record: dict) -> list[tuple[str, str]]:
    """Masked or unmatched petitioner cells (a row check), then the rules of
    petitioners (`check_petitioners`, as on the registration page)."""
    errors = []
    people = petitioners_of(record)
    for field, header in PEOPLE_COLUMNS.items():
        values = _cells(record, header)
        if any("*" in v for v in values):
            errors.append(
                (header, "是脱敏后的数据，不能导入：请使用信访部门导出的原始台账")
            )
        elif field != "name" and len(values) > len(people):
            errors.append(
                (header, f"有{len(values)}个，多于信访人人数（{len(people)}人）")
            )
    if errors:
        return errors
    try:
        check_petitioners(people)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors += [(PEOPLE_COLUMNS[field], message) for message in messages]
    return errors


class CaseResource(ScopedResource):
    """A petition case is the same row when its 编号 is; a new row is
    registered through the stage machine (its first time limit starts on the
    registration date), keeping an earlier ledger's 编号 when one is given."""

    number = ie_fields.Field("number", "编号")
    registered_on = ie_fields.Field("registered_on", "登记日期", widget=DateWidget())
    channel = ie_fields.Field(
        "channel", "来源渠道", widget=ChoiceLabelWidget(PetitionCase.Channel)
    )
    category = ie_fields.Field(
        "category", "问题类别", widget=ChoiceLabelWidget(PetitionCase.Category)
    )
    content = ie_fields.Field("content", "信访诉求")
    unit = ie_fields.Field("unit", "责任单位", widget=OrgUnitWidget())

    class Meta:
        model = PetitionCase
        fields = ("number", "registered_on", "channel", "category", "content", "unit")
        import_id_fields = ("number",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("petitioners")

    def complete(self, instance) -> None:
        if not instance.number:
            instance.number = "待生成"  # case_register numbers a new case
        if instance.pk is None:
            instance.registered_by = self.user

    def skip_row(self, instance, original, row, import_validation_errors=None):
        current = [
            {field: getattr(p, field) for field in PEOPLE_COLUMNS}
            for p in (original.petitioners.all() if original.pk else [])
        ]
        return current == petitioners_of(row) and super().skip_row(
            instance, original, row, import_validation_errors
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        people = petitioners_of(row)
        if is_create:
            case = case_register(
                by=self.user,
                channel=instance.channel,
                category=instance.category,
                content=instance.content,
                registered_on=instance.registered_on,
                unit=instance.unit,
                petitioners=people,
            )
            if instance.number != "待生成":
                case.number = instance.number
                case.save(update_fields=["number"])
            instance.pk, instance.number = case.pk, case.number
            return
        instance.save()
        instance.petitioners.all().delete()
        for person in people:  # one by one, so each is in the audit trail
            Petitioner.objects.create(case=instance, **person)


class ReceptionResource(ScopedResource):
    day = ie_fields.Field("day", "日期", widget=DateWidget())
    kind = ie_fields.Field(
        "kind",
        "类别",
        widget=ChoiceLabelWidget(ReceptionDay.Kind, blank=ReceptionDay.Kind.RECEPTION),
    )
    leader = ie_fields.Field("leader", "接访领导", widget=CadreWidget())
    location = ie_fields.Field("location", "地点")
    visitors = ie_fields.Field("visitors", "接待群众（人次）", widget=IntegerWidget())

    class Meta:
        model = ReceptionDay
        fields = ("day", "kind", "leader", "location", "visitors")
        import_id_fields = ("leader", "day", "kind")

    def import_instance(self, instance, row, **kwargs):
        # The export writes a visit's place in 地点; reading it back must not
        # turn the place into free text.
        original = instance.location
        super().import_instance(instance, row, **kwargs)
        if instance.place_id and instance.location == str(instance.place):
            instance.location = original
        elif instance.kind == ReceptionDay.Kind.VISIT and not instance.place_id:
            # A visit goes to a place: 地点 names it ("城关镇金川西村").
            instance.place = self._place_named(instance.location)
            if instance.place is not None:
                instance.location = ""

    def _place_named(self, name: str):
        if not hasattr(self, "_places"):
            self._places = PlaceListWidget()
            self._places.user = self.user
        try:
            places = self._places.clean(name)
        except ValueError:
            return None
        return places[0] if len(places) == 1 else None


def _aware(value):
    return timezone.make_aware(parse_datetime(value)) if value else None


class HotlineResource(ScopedResource):
    number = ie_fields.Field("number", "工单号")
    received_at = ie_fields.Field("received_at", "受理时间")
    unit = ie_fields.Field("unit", "承办单位", widget=OrgUnitWidget())
    summary = ie_fields.Field("summary", "诉求摘要")
    signed_at = ie_fields.Field("signed_at", "签收时间")
    resolved_at = ie_fields.Field("resolved_at", "办结时间")
    resolved = ie_fields.Field("resolved", "已解决", widget=YesNoWidget())
    satisfaction = ie_fields.Field(
        "satisfaction", "满意度", widget=ChoiceLabelWidget(HotlineOrder.Satisfaction)
    )

    class Meta:
        model = HotlineOrder
        fields = (
            "number",
            "received_at",
            "unit",
            "summary",
            "signed_at",
            "resolved_at",
            "resolved",
            "satisfaction",
        )
        import_id_fields = ("number",)
        instance_loader_class = CachedInstanceLoader  # one query for all rows


CASES = register(
    Ledger(
        kind="petition_cases",
        title="信访事项",
        queryset=_cases,
        filterset=CaseFilter,
        sensitive=True,
        list_url="petitions:case_list",
        resource=CaseResource,
        import_columns=[
            ImportColumn("编号", "number"),
            ImportColumn("登记日期", "registered_on", parse_date, required=True),
            ImportColumn("信访人", "petitioners", required=True),
            ImportColumn("身份证号", "petitioners"),
            ImportColumn("联系电话", "petitioners"),
            ImportColumn("来源渠道", "channel", required=True),
            ImportColumn("问题类别", "category", required=True),
            ImportColumn("信访诉求", "content", required=True),
            ImportColumn("责任单位", "unit", required=True, reads="units"),
        ],
        natural_key=["编号", "登记日期", "信访人", "信访诉求"],
        row_checks=[check_petitioner_cells],
        example=[
            "",
            "2024-03-05",
            "张某某",
            "620321199001011233",  # a valid check digit
            "13800000000",
            "来访",
            "农村土地",
            "反映承包地被占用未获补偿的问题",
            "城关镇",
        ],
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
        resource=ReceptionResource,
        import_columns=[
            ImportColumn("日期", "day", parse_date, required=True),
            ImportColumn("类别", "kind"),  # blank: 领导接访日
            ImportColumn("接访领导", "leader", required=True, reads="person"),
            ImportColumn("单位", "leader"),
            ImportColumn("地点", "location"),
            ImportColumn("接待群众（人次）", "visitors", _non_negative),
        ],
        natural_key=["接访领导", "单位", "日期", "类别"],
        example=[
            "2024-03-05",
            "领导接访日",
            "张建国",
            "永昌县",
            "县群众来访接待中心",
            12,
        ],
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
        resource=HotlineResource,
        import_columns=[
            ImportColumn("工单号", "number", required=True),
            ImportColumn("受理时间", "received_at", _aware, required=True),
            ImportColumn("承办单位", "unit", required=True, reads="units"),
            ImportColumn("诉求摘要", "summary", required=True),
            ImportColumn("签收时间", "signed_at", _aware),
            ImportColumn("办结时间", "resolved_at", _aware),
            ImportColumn("已解决", "resolved"),
            ImportColumn("满意度", "satisfaction"),
        ],
        natural_key=["工单号"],
        example=[
            "12345-2024-00001",
            "2024-05-06 09:00",
            "城关镇",
            "路灯不亮",
            "2024-05-06 09:20",
            "2024-05-07 10:00",
            "是",
            "满意",
        ],
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
