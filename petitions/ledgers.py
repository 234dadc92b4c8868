"""Petition ledgers: petition cases (sensitive), reception days, 12345 orders."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import DateWidget, IntegerWidget

from ledgers import common
from ledgers.columns import Col, From
from ledgers.importing import parse_datetime
from ledgers.reading import split_people
from ledgers.registry import Ledger, register
from ledgers.widgets import (
    LIST_SEPARATORS,
    CadreWidget,
    ChoiceLabelWidget,
    OrgUnitWidget,
    PlaceListWidget,
    ScopedResource,
    ScopedWidget,
    TrackedRecordResource,
    YesNoWidget,
)
from petitions.masking import mask_content, mask_id_number, mask_name, mask_phone
from tracking.models import colour_case
from ui.spreadsheet import TEXT

from .filters import BacklogFilter, CaseFilter, HotlineFilter, ReceptionFilter
from .models import (
    BacklogCase,
    HotlineOrder,
    PetitionCase,
    Petitioner,
    ReceptionDay,
    Stage,
    check_petitioners,
)
from .services import case_record_closed, case_register


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


PERSON_FIELDS = ("name", "id_number", "phone", "sex", "address")


def petitioners_of(record: dict) -> list[dict]:
    """The petitioners written in 信访人 (`split_people`: "张三、李四" are
    two, "马进财，男，城关镇北海子村村民" is one with sex and address); ID
    numbers and phones from their columns in the same order, else as written
    with the name."""
    columns = {field: _cells(record, h) for field, h in PEOPLE_COLUMNS.items()}
    people = []
    for i, person in enumerate(split_people(record.get("信访人") or "")):
        if not person["name"]:
            continue
        for field in ("id_number", "phone"):
            if i < len(columns[field]):
                person[field] = columns[field][i]
        person["id_number"] = person["id_number"].upper()
        people.append({field: person[field] for field in PERSON_FIELDS})
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


IMPORTED_STAGES = (Stage.REGISTERED, Stage.CLOSED)


class CaseResource(ScopedResource):
    """A petition case is the same row when its 编号 is; a new row is
    registered through the stage machine (its first time limit starts on the
    registration date), keeping an earlier ledger's 编号 when one is given."""

    class Meta:
        model = PetitionCase

    def get_queryset(self):
        return super().get_queryset().prefetch_related("petitioners")

    def complete(self, instance) -> None:
        if not instance.number:
            instance.number = "待生成"  # case_register numbers a new case
        if instance.pk is None:
            instance.registered_by = self.user

    def import_instance(self, instance, row, **kwargs):
        # A stored case moves through its stages on its page only; a ledger
        # row sets the stage of a new case (登记, or 办结 with its date).
        stored = (instance.stage, instance.closed_on) if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if stored is not None:
            instance.stage, instance.closed_on = stored

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        errors = {}
        try:
            super().validate_instance(instance, import_validation_errors, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.pk is None and instance.stage not in IMPORTED_STAGES:
            errors.setdefault("stage", []).append(
                f"新导入的信访事项阶段只能为“登记”或“办结”"
                f"（“{Stage(instance.stage).label}”请在系统中逐步办理）。"
            )
        elif instance.pk is None and instance.closed_on:
            if instance.stage != Stage.CLOSED:
                errors.setdefault("closed_on", []).append(
                    "填写了办结日期的信访事项，阶段请填写“办结”。"
                )
        if errors:
            raise ValidationError(errors)

    def _people(self, original, row) -> list[dict]:
        """The row's petitioners; sex and address a ledger does not write are
        kept from the stored petitioner of the same name."""
        stored = {p.name: p for p in original.petitioners.all()} if original.pk else {}
        people = petitioners_of(row)
        for person in people:
            for field in ("sex", "address"):
                if not person[field] and person["name"] in stored:
                    person[field] = getattr(stored[person["name"]], field)
        return people

    def skip_row(self, instance, original, row, import_validation_errors=None):
        current = [
            {field: getattr(p, field) for field in PERSON_FIELDS}
            for p in (original.petitioners.all() if original.pk else [])
        ]
        return current == self._people(original, row) and super().skip_row(
            instance, original, row, import_validation_errors
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        people = self._people(instance, row)
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
            if instance.stage == Stage.CLOSED:
                case_record_closed(case=case, by=self.user, on=instance.closed_on)
            instance.pk, instance.number = case.pk, case.number
            return
        instance.save()
        instance.petitioners.all().delete()
        for person in people:  # one by one, so each is in the audit trail
            Petitioner.objects.create(case=instance, **person)


class ReceptionResource(ScopedResource):
    class Meta:
        model = ReceptionDay
        use_bulk = True  # written 1,000 rows at a time, with the trail

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


class CaseNumberWidget(ScopedWidget):
    """A petition case by its 编号, among the cases the user may change."""

    model = PetitionCase
    label = "信访事项"

    def queryset(self, value, row):
        return self.model.objects.editable_by(self.user).filter(number=value)

    def render(self, value, obj=None, **kwargs):
        return value.number if value else ""


class BacklogResource(TrackedRecordResource):
    """A backlog case is the same row when its case is. Its 化解时限 is a
    tracked item owned by the 包案 leader; a case the ledger records as
    resolved keeps its real 化解 date, and its item is closed on that date."""

    item_kind = BacklogCase.ITEM_KIND

    class Meta:
        model = BacklogCase

    def complete(self, instance) -> None:
        item = instance.item
        if instance.case_id:
            item.title = f"积案化解：{instance.case.number}"
            item.unit = instance.case.unit
        if instance.leader_id:
            item.owner = instance.leader
        if instance.assigned_on:
            item.start_date = instance.assigned_on

    def item_start_date(self, instance):
        return instance.assigned_on or timezone.localdate()

    def do_instance_save(self, instance, is_create):
        super().do_instance_save(instance, is_create)
        item = instance.item
        if instance.resolved_on and not item.is_closed:
            item.close_out(
                by=self.user, result=instance.resolution, on=instance.resolved_on
            )


def _aware(value):
    return timezone.make_aware(parse_datetime(value)) if value else None


class HotlineResource(ScopedResource):
    class Meta:
        model = HotlineOrder
        use_bulk = True  # written 1,000 rows at a time, with the trail
        instance_loader_class = CachedInstanceLoader  # one query for all rows


def _petitioners(header: str, field: str, mask, **options) -> Col:
    """A petitioners' cell: one value per person, masked unless unmasked."""
    return Col(
        header,
        "petitioners",
        value=From(
            f"petitioners__{field}",
            using=lambda values, x: "、".join(value for value in values if value),
            masked=lambda values, x: "、".join(
                mask(value) for value in values if value
            ),
            kind=TEXT,
        ),
        resource=False,
        **options,
    )


CASES = register(
    Ledger(
        kind="petition_cases",
        title="信访事项",
        queryset=_cases,
        filterset=CaseFilter,
        sensitive=True,
        list_url="petitions:case_list",
        resource=CaseResource,
        natural_key=["编号", "登记日期", "信访人", "信访诉求"],
        identity=["编号"],
        row_checks=[check_petitioner_cells],
        columns=[
            Col("编号", "number", width=14),
            Col(
                "登记日期",
                "registered_on",
                DateWidget(),
                required=True,
                example="2024-03-05",
            ),
            _petitioners(
                "信访人", "name", mask_name, width=14, required=True, example="张某某"
            ),
            _petitioners(
                "身份证号",
                "id_number",
                mask_id_number,
                width=22,
                example="620321199001011233",  # with its check digit
            ),
            _petitioners(
                "联系电话", "phone", mask_phone, width=14, example="13800000000"
            ),
            Col(
                "来源渠道",
                "channel",
                ChoiceLabelWidget(PetitionCase.Channel),
                width=10,
                required=True,
                example="来访",
            ),
            Col(
                "问题类别",
                "category",
                ChoiceLabelWidget(PetitionCase.Category),
                width=14,
                required=True,
                example="农村土地",
            ),
            Col(
                "信访诉求",
                "content",
                value=From(
                    "content",
                    "petitioners__name",
                    using=lambda content, names, x: content,
                    masked=lambda content, names, x: mask_content(content, names),
                    kind=TEXT,
                ),
                width=40,
                required=True,
                example="反映承包地被占用未获补偿的问题",
            ),
            common.handling_unit("责任单位", "unit"),
            Col(
                "阶段",
                "stage",
                ChoiceLabelWidget(Stage),
                width=10,
                example="登记",
            ),
            Col("办结日期", "closed_on", DateWidget(), width=12),
            Col("本阶段时限", value="stage_item__deadline", width=12),
            Col("群众评价", value="evaluation", width=10),
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
        natural_key=["接访领导", "单位", "日期", "类别"],
        columns=[
            Col("日期", "day", DateWidget(), required=True, example="2024-03-05"),
            Col(
                "类别",
                "kind",
                ChoiceLabelWidget(ReceptionDay.Kind, blank=ReceptionDay.Kind.RECEPTION),
                width=10,
                example="领导接访日",
            ),
            Col(
                "接访领导",
                "leader",
                CadreWidget(),
                width=10,
                required=True,
                reads="person",
                example="张建国",
            ),
            # Read to tell apart leaders of the same name (CadreWidget); a
            # unit the user does not reach is refused.
            Col(
                "单位",
                "leader",
                OrgUnitWidget(reach=True),
                value="leader__unit",
                width=16,
                example="永昌县",
                resource=False,
            ),
            Col(
                "地点",
                "location",
                value=From(
                    "place",
                    "location",
                    using=lambda place, location, x: place or location or "",
                    kind=TEXT,
                ),
                width=24,
                example="县群众来访接待中心",
            ),
            Col(
                "接待群众（人次）",
                "visitors",
                IntegerWidget(),
                width=10,
                total=True,
                parse=_non_negative,
                example=12,
            ),
            Col(
                "现场解释答复（条）",
                "answered_on_site",
                IntegerWidget(),
                width=10,
                total=True,
                parse=_non_negative,
                example=5,
            ),
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
        natural_key=["工单号"],
        columns=[
            Col(
                "工单号", "number", width=18, required=True, example="12345-2024-00001"
            ),
            Col(
                "受理时间",
                "received_at",
                width=18,
                required=True,
                parse=_aware,
                example="2024-05-06 09:00",
            ),
            common.handling_unit("承办单位", "unit"),
            Col("诉求摘要", "summary", width=30, required=True, example="路灯不亮"),
            Col(
                "签收时间",
                "signed_at",
                width=18,
                parse=_aware,
                example="2024-05-06 09:20",
            ),
            Col(
                "办结时间",
                "resolved_at",
                width=18,
                parse=_aware,
                example="2024-05-07 10:00",
            ),
            Col(
                "已解决",
                "resolved",
                YesNoWidget(),
                value=From(
                    "resolved",
                    using=lambda resolved, x: "是" if resolved else "否",
                    kind=TEXT,
                ),
                width=8,
                example="是",
            ),
            Col(
                "满意度",
                "satisfaction",
                ChoiceLabelWidget(HotlineOrder.Satisfaction),
                value=From(
                    "satisfaction", using=lambda label, x: label or "未评价", kind=TEXT
                ),
                width=10,
                example="满意",
            ),
        ],
    )
)

BACKLOG = register(
    Ledger(
        kind="backlog_cases",
        title="信访积案包案",
        queryset=lambda user: (
            BacklogCase.objects.visible_to(user)
            .select_related("case__unit", "leader", "item")
            .annotate(warning=colour_case(timezone.localdate(), "item__"))
        ),
        filterset=BacklogFilter,
        list_url="petitions:backlog_list",
        resource=BacklogResource,
        natural_key=["信访事项编号"],
        columns=[
            Col(
                "信访事项编号",
                "case",
                CaseNumberWidget(),
                # The case's name is its number: read it, not the case.
                value="case__number",
                width=16,
                required=True,
                example="XF2024000001",
            ),
            Col("责任单位", value="case__unit", width=16),
            Col(
                "包案领导",
                "leader",
                CadreWidget(reach=True),
                width=10,
                required=True,
                reads="person",
                example="张建国",
            ),
            Col(
                "工作专班", "team", width=24, required=True, example="县信访局、城关镇"
            ),
            Col(
                "化解方案",
                "plan",
                width=30,
                required=True,
                example="一案一策，三个月内化解到位",
            ),
            Col(
                "包案日期",
                "assigned_on",
                DateWidget(),
                required=True,
                role="start",
                example="2024-03-05",
            ),
            common.deadline("化解时限", example="2024-06-05"),
            Col("化解日期", "resolved_on", DateWidget(), example=""),
            Col("化解情况", "resolution", width=30, example=""),
            common.warning(),
        ],
    )
)
