"""Ledgers of the reference data a city is set up from: 单位 (the org tree),
基层点位 (places), 干部名册 (the cadre register) and 账号 (accounts).

On the same engine as every other ledger: the mapping step, the preview and
all-or-nothing. The system administrator imports units and places, the
security administrator cadres and accounts (三员分立). A re-import updates
what it matches and adds nothing twice: a unit by its code (a unit renamed or
moved under another parent keeps its records), a place by its 12-digit
区划代码, a cadre by 身份证号, phone, or name and unit (a cadre moved or
promoted is updated, the change kept in the position history), an account by
its login name.
"""

import re
from collections import Counter, defaultdict
from datetime import date

from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export.widgets import DateWidget, ManyToManyWidget

from ledgers.columns import Col, From
from ledgers.registry import Ledger, Remark, register
from ledgers.widgets import ChoiceLabelWidget, ScopedResource, ScopedWidget, YesNoWidget
from org.filters import AccountFilter, CadreFilter, PlaceFilter, UnitFilter
from org.models import Cadre, OrgUnit, Place, User, id_number_hash
from org.ranks import infer_rank, level_of
from org.roles import ADMIN_ROLES, Role, group_name
from org.services import activation_path_of, normalize_code
from security.audit import audit
from security.models import AuditEvent
from security.services import Grants, grants_of, role_change_check
from ui.spreadsheet import DATE, TEXT

ID_NUMBER = re.compile(r"^\d{17}[\dX]$")


class UnitWidget(ScopedWidget):
    """A unit by its name or its code, among the units the user sees."""

    model = OrgUnit
    label = "单位"

    def scope(self):
        return OrgUnit.objects.visible_to(self.user)

    def queryset(self, value, row):
        return self.scope().filter(Q(name=value) | Q(code=normalize_code(value)))

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ParentWidget(UnitWidget):
    """The parent unit's cell: it may name a unit of the same file, so an
    unknown name is not refused here (the tree check names it) and the
    resource sets the parent once the rows before it are saved."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            return None


class FlagWidget(YesNoWidget):
    """是/否; a blank cell keeps the stored value (a new cadre: the default,
    so 在职 stays yes)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        return super().clean(value, row, **kwargs)


class RankWidget(ChoiceLabelWidget):
    """A rank by its label or as registers shorten it (县级, 科级…)."""

    SHORT = {
        "市级": Cadre.Rank.CITY,
        "厅级": Cadre.Rank.CITY,
        "县级": Cadre.Rank.COUNTY,
        "县处级": Cadre.Rank.COUNTY,
        "处级": Cadre.Rank.COUNTY,
        "乡科级": Cadre.Rank.TOWNSHIP,
        "科级": Cadre.Rank.TOWNSHIP,
        "一般": Cadre.Rank.STAFF,
    }

    def __init__(self, **kwargs):
        super().__init__(Cadre.Rank, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        return self.SHORT.get(text) or super().clean(value, row, **kwargs)


class RolesWidget(ManyToManyWidget):
    """Business roles by their names (干部、办公室、领导、信访部门), several
    joined by 、; administrator roles are given by a superuser only."""

    ROLES = {r.label: r for r in Role if r not in ADMIN_ROLES}

    def __init__(self, **kwargs):
        super().__init__(Group, separator="、", field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [n for n in re.split(r"[、,，;；\s]+", str(value or "").strip()) if n]
        unknown = [n for n in names if n not in self.ROLES]
        if unknown:
            raise ValueError(
                f"“{'、'.join(unknown)}”不是可分配的角色（可选：{'、'.join(self.ROLES)}）"
            )
        wanted = [group_name(self.ROLES[n]) for n in dict.fromkeys(names)]
        return list(Group.objects.filter(name__in=wanted))

    def render(self, value, obj=None, **kwargs):
        return "、".join(g.name for g in value.all()) if value else ""


def _text(value) -> str:
    return str(value or "").strip()


# --- 单位 -----------------------------------------------------------------

U_NAME, U_CODE, U_PARENT, U_KIND = "单位名称", "区划代码", "上级单位", "类别"
U_ISSUER = "落款"


def _unit_nodes(records, user):
    """The tree the file would make: node → parent node, every node a unit's
    code (a unit in the file without one: its row), with the rows' names;
    and the errors of parents that name no unit or several."""
    stored = list(
        OrgUnit.objects.visible_to(user).values_list("code", "name", "parent__code")
    )
    by_name = defaultdict(list)
    parent_of: dict[str, str | None] = {}
    names: dict[str, str] = {}
    for code, name, parent in stored:
        by_name[name].append(code)
        parent_of[code], names[code] = parent, name
    node_of_row, file_names = {}, defaultdict(list)
    for number, record in records:
        code = normalize_code(record.get(U_CODE))
        name = _text(record.get(U_NAME))
        if not code and len(by_name.get(name, [])) == 1:
            code = by_name[name][0]  # matched by name, as the import will
        node_of_row[number] = code or f"第{number}行"
        names[node_of_row[number]] = name
        file_names[name].append(node_of_row[number])
    errors = []
    for number, record in records:
        node = node_of_row[number]
        written = _text(record.get(U_PARENT))
        kind = record.get(U_KIND)
        if not written:
            if kind not in (OrgUnit.Kind.CITY, OrgUnit.Kind.CITY.label):
                errors.append(
                    Remark(number, U_PARENT, "缺少上级单位（只有市可以没有）")
                )
            parent_of[node] = None
            continue
        code = normalize_code(written)
        if code in parent_of or code in node_of_row.values():
            found = {code}
        else:
            found = {*file_names.get(written, []), *by_name.get(written, [])}
        if not found:
            errors.append(
                Remark(
                    number, U_PARENT, f"上级单位“{written}”不存在（本表和系统中都没有）"
                )
            )
        elif len(found) > 1:
            errors.append(
                Remark(number, U_PARENT, f"上级单位“{written}”有重名，请填写其编码")
            )
        else:
            parent_of[node] = found.pop()
    return node_of_row, parent_of, names, errors


def check_unit_tree(records, user) -> list[Remark]:
    """Every parent names one unit, in the file or already in the system, and
    no unit ends up under itself."""
    node_of_row, parent_of, names, errors = _unit_nodes(records, user)
    refused = {e.row for e in errors}
    for number, _ in records:
        if number in refused:
            continue
        start = node_of_row[number]
        chain, node = [start], parent_of.get(start)
        while node is not None and node not in chain and len(chain) < 64:
            chain.append(node)
            node = parent_of.get(node)
        if node == start:
            loop = " → ".join(names.get(n, n) for n in [*chain, start])
            errors.append(Remark(number, U_PARENT, f"上级单位形成循环：{loop}"))
    return errors


def units_parents_first(records):
    """Rows in an order where a parent in the file is saved before its
    children (the sheet's order otherwise)."""
    keys = {}
    for number, record in records:
        for key in (normalize_code(record.get(U_CODE)), _text(record.get(U_NAME))):
            if key:
                keys.setdefault(key, number)
    parent_row = {
        number: keys.get(normalize_code(record.get(U_PARENT)))
        or keys.get(_text(record.get(U_PARENT)))
        for number, record in records
    }

    def depth(number: int) -> int:
        seen = 0
        while parent_row.get(number) and seen < 64:
            number, seen = parent_row[number], seen + 1
        return seen

    return sorted(records, key=lambda row: depth(row[0]))


class UnitResource(ScopedResource):
    class Meta:
        model = OrgUnit

    def get_queryset(self):
        return OrgUnit.objects.administered_by(self.user)

    def before_import(self, dataset, **kwargs):
        units = list(self.get_queryset().select_related("parent"))
        self.by_code = {u.code: u for u in units}
        self.by_name = defaultdict(list)
        for unit in units:
            self.by_name[unit.name].append(unit)

    def get_instance(self, instance_loader, row):
        code = normalize_code(row.get(U_CODE))
        if code:
            return self.by_code.get(code)
        matches = self.by_name.get(_text(row.get(U_NAME)), [])
        return matches[0] if len(matches) == 1 else None

    def import_instance(self, instance, row, **kwargs):
        code = instance.code
        super().import_instance(instance, row, **kwargs)
        instance.code = normalize_code(instance.code) or code
        written = _text(row.get(U_PARENT))
        if written:
            parents = OrgUnit.objects.visible_to(self.user).filter(
                Q(code=normalize_code(written)) | Q(name=written)
            )
            found = list(parents[:2])
            if len(found) == 1:
                instance.parent = found[0]
        if not instance.code:
            instance.code = self._new_code(instance.parent)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        moved = original is not None and original.parent_id != instance.parent_id
        return not moved and super().skip_row(
            instance, original, row, import_validation_errors
        )

    def _new_code(self, parent) -> str:
        """A code for a unit without a 统计用区划代码 (a department): its
        parent's code and a number, shown in the export for later imports."""
        prefix = f"{parent.code if parent else 'u'}-"
        taken = set(
            OrgUnit.objects.filter(code__startswith=prefix).values_list(
                "code", flat=True
            )
        )
        number = 1
        while f"{prefix}{number:02d}" in taken:
            number += 1
        return f"{prefix}{number:02d}"

    def after_save_instance(self, instance, row, **kwargs):
        self.by_code[instance.code] = instance


def _unit_columns() -> list[Col]:
    columns = [
        Col(U_NAME, "name", width=20, required=True, example="示例镇"),
        Col(U_CODE, "code", width=16, example=""),
        Col(
            U_PARENT,
            "parent",
            ParentWidget(),
            value="parent__name",
            width=16,
            resource=False,
            example="永昌县",
        ),
        Col(
            U_KIND,
            "kind",
            ChoiceLabelWidget(OrgUnit.Kind),
            width=12,
            required=True,
            example="乡镇（街道）",
        ),
    ]
    if any(f.name == "issuing_name" for f in OrgUnit._meta.fields):
        columns.append(
            Col(U_ISSUER, "issuing_name", width=24, example="中共永昌县城关镇委员会")
        )
    return columns


UNITS = register(
    Ledger(
        kind="org_units",
        title="单位",
        queryset=lambda user: OrgUnit.objects.visible_to(user).select_related("parent"),
        filterset=UnitFilter,
        list_url="unit_list",
        resource=UnitResource,
        natural_key=[U_NAME, U_CODE, U_PARENT],
        columns=_unit_columns(),
        table_checks=[check_unit_tree],
        order=units_parents_first,
        importers=OrgUnit.objects.administers,
    )
)


# --- 基层点位 -------------------------------------------------------------

P_NAME, P_CODE, P_UNIT, P_KIND = "名称", "区划代码", "所属单位", "类别"


def check_place_units(records, user) -> list[Remark]:
    """A village or community with a 区划代码 and no unit written belongs to
    the township whose code its first 9 digits are."""
    remarks = []
    townships = dict(
        OrgUnit.objects.visible_to(user)
        .filter(code__regex=r"^\d{9}$")
        .values_list("code", "name")
    )
    for number, record in records:
        code = _text(record.get(P_CODE))
        if code.endswith(".0"):
            code = record[P_CODE] = code[:-2]
        if code and not re.fullmatch(r"\d{12}", code):
            remarks.append(Remark(number, P_CODE, "区划代码应为12位数字"))
            continue
        if _text(record.get(P_UNIT)):
            continue
        if not code:
            remarks.append(Remark(number, P_UNIT, "必填项为空（或填写12位区划代码）"))
        elif code[:9] in townships:
            record[P_UNIT] = townships[code[:9]]
            remarks.append(
                Remark(
                    number,
                    P_UNIT,
                    f"按区划代码前9位{code[:9]}取所属单位“{townships[code[:9]]}”",
                    note=True,
                )
            )
        else:
            remarks.append(
                Remark(
                    number, P_UNIT, f"区划代码前9位{code[:9]}不是系统中的乡镇（街道）"
                )
            )
    return remarks


class PlaceResource(ScopedResource):
    class Meta:
        model = Place

    def get_queryset(self):
        return Place.objects.administered_by(self.user)

    def before_import(self, dataset, **kwargs):
        places = list(self.get_queryset().select_related("unit"))
        self.by_code = {p.code: p for p in places if p.code}
        self.by_name = {(p.unit.name, p.name): p for p in places}

    def get_instance(self, instance_loader, row):
        code = _text(row.get(P_CODE))
        if code:
            return self.by_code.get(code)
        return self.by_name.get((_text(row.get(P_UNIT)), _text(row.get(P_NAME))))


PLACES = register(
    Ledger(
        kind="places",
        title="基层点位",
        queryset=lambda user: Place.objects.visible_to(user).select_related("unit"),
        filterset=PlaceFilter,
        list_url="unit_list",
        resource=PlaceResource,
        natural_key=[P_NAME, P_UNIT, P_CODE],
        columns=[
            Col(P_NAME, "name", width=20, required=True, example="示例村"),
            Col(P_CODE, "code", width=16, example=""),
            Col(P_UNIT, "unit", UnitWidget(), width=16, example="城关镇"),
            Col(
                P_KIND,
                "kind",
                ChoiceLabelWidget(Place.Kind),
                width=10,
                required=True,
                example="村",
            ),
            Col("地址", "address", width=24),
        ],
        table_checks=[check_place_units],
        importers=Place.objects.administers,
    )
)


# --- 干部名册 -------------------------------------------------------------

C_NAME, C_UNIT, C_POSITION, C_RANK = "姓名", "单位", "职务", "职级"
C_PHONE, C_ID, C_SINCE = "联系电话", "身份证号", "任现职时间"


def check_id_number(record: dict) -> list[tuple[str, str]]:
    number = _text(record.get(C_ID)).upper()
    if number and not ID_NUMBER.fullmatch(number):
        return [(C_ID, "身份证号应为18位（末位可为X）")]
    return []


def check_register(records, user) -> list[Remark]:
    """Rank from the position where the 职级 cell is blank (the rule shown),
    a position no rule places asks for a rank; cadres of one name in one
    unit must be told apart by phone or 身份证号."""
    remarks = []
    unit_names = {_text(r.get(C_UNIT)) for _, r in records}
    levels = defaultdict(set)
    units = OrgUnit.objects.visible_to(user).filter(
        Q(name__in=unit_names) | Q(code__in=[normalize_code(n) for n in unit_names])
    )
    for name, code, kind, parent_kind in units.values_list(
        "name", "code", "kind", "parent__kind"
    ):
        levels[name].add(level_of(kind, parent_kind))
        levels[code].add(level_of(kind, parent_kind))
    for number, record in records:
        position = _text(record.get(C_POSITION))
        unit = _text(record.get(C_UNIT))
        level = levels.get(unit) or levels.get(normalize_code(unit)) or set()
        placed = infer_rank(position, next(iter(level))) if len(level) == 1 else None
        written = _text(record.get(C_RANK))
        if written:
            try:
                meant = RankWidget().clean(written)
            except ValueError:
                continue  # reported by its column
            if placed and meant != placed.rank:
                remarks.append(
                    Remark(
                        number,
                        C_RANK,
                        f"按填写的职级“{written}”（规则推断为"
                        f"{Cadre.Rank(placed.rank).label}）",
                        note=True,
                    )
                )
            continue
        if placed is None:
            if len(level) == 1:  # an unknown unit is reported by its column
                remarks.append(
                    Remark(
                        number,
                        C_RANK,
                        f"职务“{position or '（空）'}”无法按规则确定职级，请在“职级”列填写",
                    )
                )
            continue
        label = Cadre.Rank(placed.rank).label
        record[C_RANK] = label
        remarks.append(
            Remark(
                number,
                C_RANK,
                f"职务“{position}”→{label}（规则：{placed.rule.label}）",
                note=True,
            )
        )
    together = defaultdict(list)
    for number, record in records:
        together[(_text(record.get(C_NAME)), _text(record.get(C_UNIT)))].append(
            (number, record)
        )
    for (name, unit), rows in together.items():
        if len(rows) < 2:
            continue
        told = [(_text(r.get(C_PHONE)), _text(r.get(C_ID))) for _, r in rows]
        if any(t == ("", "") for t in told) or len(set(told)) < len(told):
            lines = "、".join(f"第{n}行" for n, _ in rows)
            for number, _ in rows:
                remarks.append(
                    Remark(
                        number,
                        C_NAME,
                        f"{unit}有{len(rows)}名“{name}”（{lines}），"
                        "请填写不同的联系电话或身份证号加以区分",
                    )
                )
    return remarks


class CadreResource(ScopedResource):
    """A row is the cadre with its 身份证号, else its phone, else its name in
    its unit, else its name alone where only one cadre of the user's scope has
    it and no other row names that cadre in its unit (moved)."""

    class Meta:
        model = Cadre

    def get_queryset(self):
        return Cadre.objects.administered_by(self.user)

    def before_import(self, dataset, **kwargs):
        cadres = list(self.get_queryset().select_related("unit"))
        self.by_hash = {c.id_hash: c for c in cadres if c.id_hash}
        self.by_phone = defaultdict(list)
        self.by_place = defaultdict(list)
        self.by_name = defaultdict(list)
        for cadre in cadres:
            if cadre.phone:
                self.by_phone[cadre.phone].append(cadre)
            self.by_place[(cadre.name, cadre.unit.name)].append(cadre)
            self.by_name[cadre.name].append(cadre)
        self.named_here = Counter(
            (_text(row.get(C_NAME)), _text(row.get(C_UNIT))) for row in dataset.dict
        )

    def get_instance(self, instance_loader, row):
        name, unit = _text(row.get(C_NAME)), _text(row.get(C_UNIT))
        id_number = _text(row.get(C_ID)).upper()
        if id_number:
            found = self.by_hash.get(id_number_hash(id_number))
            if found:
                return found
        phone = _text(row.get(C_PHONE))
        same = [c for c in self.by_phone.get(phone, []) if c.name == name]
        if phone and len(same) == 1:
            return same[0]
        here = self.by_place.get((name, unit), [])
        if len(here) == 1:
            return here[0]
        if len(here) > 1:
            raise ValidationError(
                {
                    "name": f"{unit}已有{len(here)}名“{name}”，"
                    "请填写联系电话或身份证号以确定是哪一位"
                }
            )
        elsewhere = [
            c
            for c in self.by_name.get(name, [])
            if not self.named_here[(c.name, c.unit.name)]
            and not (c.id_hash and id_number)
        ]
        return elsewhere[0] if len(elsewhere) == 1 else None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        id_number = _text(row.get(C_ID)).upper()
        if id_number:
            instance.set_id_number(id_number)
        since = row.get(C_SINCE)
        instance.position_since = since if isinstance(since, date) else None

    def after_save_instance(self, instance, row, **kwargs):
        self.by_name[instance.name].append(instance)


def _yes_no(path: str) -> From:
    """是 / 否 from a true-or-false field."""
    return From(path, using=lambda value, x: "是" if value else "否", kind=TEXT)


CADRES = register(
    Ledger(
        kind="cadres",
        title="干部名册",
        queryset=lambda user: (
            Cadre.objects.visible_to(user)
            .select_related("unit")
            .prefetch_related("positions")
        ),
        filterset=CadreFilter,
        list_url="cadre_list",
        resource=CadreResource,
        natural_key=[C_NAME, C_UNIT, C_PHONE, C_ID],
        columns=[
            Col(C_NAME, "name", width=10, required=True, example="张建国"),
            Col(
                C_UNIT, "unit", UnitWidget(), width=18, required=True, example="城关镇"
            ),
            Col(C_POSITION, "position", width=18, example="科员"),
            Col(C_RANK, "rank", RankWidget(), width=14, example=""),
            Col(
                "领导班子成员",
                "is_leadership_member",
                FlagWidget(),
                value=_yes_no("is_leadership_member"),
                width=8,
                example="是",
            ),
            Col(
                "党组织书记",
                "is_party_secretary",
                FlagWidget(),
                value=_yes_no("is_party_secretary"),
                width=8,
                example="否",
            ),
            Col(C_PHONE, "phone", width=14, example="13909351234"),
            # Read for matching only: stored as a keyed hash, never exported.
            Col(
                C_ID,
                C_ID,
                value=From("id", using=lambda pk, x: "", kind=TEXT),
                width=20,
                resource=False,
            ),
            Col(
                C_SINCE,
                C_SINCE,
                DateWidget(),
                value=From(
                    "positions__since",
                    using=lambda since, x: max(since, default=None),
                    kind=DATE,
                ),
                width=12,
                resource=False,
                example="2024-03-01",
            ),
            Col(
                "在职",
                "is_active",
                FlagWidget(),
                value=_yes_no("is_active"),
                width=6,
            ),
        ],
        row_checks=[check_id_number],
        table_checks=[check_register],
        importers=Cadre.objects.administers,
    )
)


# --- 账号 -----------------------------------------------------------------

A_LOGIN, A_NAME, A_UNIT, A_ROLES, A_SCOPE = "登录名", "姓名", "单位", "角色", "管辖范围"


def accounts_of(user):
    """The business accounts the security administrator keeps: those of the
    cadres they keep, and accounts of no cadre; never an administrator's."""
    if not Cadre.objects.administers(user):
        return User.objects.none()
    cadres = Cadre.objects.administered_by(user)
    admins = [group_name(role) for role in ADMIN_ROLES]
    return (
        User.objects.filter(Q(cadre__in=cadres) | Q(cadre__isnull=True))
        .exclude(is_superuser=True)
        .exclude(groups__name__in=admins)
        .select_related("cadre__unit", "scope_unit")
        .prefetch_related("groups")
        .distinct()
    )


class AccountResource(ScopedResource):
    """An account of the register. A new account has no password: its
    activation link (in the export, once) lets its holder set one."""

    class Meta:
        model = User

    def get_queryset(self):
        return accounts_of(self.user)

    def before_import(self, dataset, **kwargs):
        self.cadres = defaultdict(list)
        cadres = Cadre.objects.administered_by(self.user).select_related("unit", "user")
        for cadre in cadres:
            self.cadres[cadre.name].append(cadre)

    def _cadre(self, row) -> Cadre | None:
        name, unit = _text(row.get(A_NAME)), _text(row.get(A_UNIT))
        if not name:
            return None
        found = self.cadres.get(name, [])
        if unit:
            found = [c for c in found if unit in (c.unit.name, c.unit.code)]
        if not found:
            raise ValidationError({A_NAME: f"干部“{name}”不在您管理的干部名册中"})
        if len(found) > 1:
            raise ValidationError({A_NAME: f"干部“{name}”有重名，请同时填写单位"})
        return found[0]

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        self.row_cadre = self._cadre(row)
        if instance.pk is None:
            instance.set_unusable_password()  # set by its holder on activation
            instance.password_changed_at = None

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        errors = {}
        try:
            super().validate_instance(instance, import_validation_errors, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        cadre = self.row_cadre
        if cadre is not None and cadre.user_id not in (None, instance.pk):
            errors.setdefault("__all__", []).append(
                ValidationError(f"干部“{cadre.name}”已有账号“{cadre.user}”")
            )
        roles = self.row_related.get("groups", [])
        before = grants_of(instance)
        after = Grants(
            is_superuser=before.is_superuser,
            is_staff=before.is_staff,
            roles=frozenset(g.name for g in roles),
            permissions=before.permissions,
            scope_unit_id=instance.scope_unit_id,
        )
        try:
            role_change_check(by=self.user, target=instance, before=before, after=after)
        except ValidationError as error:
            errors.setdefault("groups", []).extend(error.messages)
        self.row_change = (before, after)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        cadre = self.row_cadre
        if cadre is not None and cadre.user_id != instance.pk:
            Cadre.objects.filter(pk=cadre.pk).update(user=instance)
            cadre.user_id = instance.pk

    def after_import_row(self, row, row_result, **kwargs):
        if kwargs.get("dry_run") or row_result.import_type not in ("new", "update"):
            return
        before, after = self.row_change
        if before != after:
            instance = row_result.instance
            roles = "、".join(sorted(after.roles)) or "无"
            audit(
                None,
                AuditEvent.Action.ROLE_CHANGE,
                instance,
                f"{instance.get_username()} 账号导入：角色 {roles}",
                user=self.user,
            )


ACCOUNTS = register(
    Ledger(
        kind="accounts",
        title="账号",
        queryset=accounts_of,
        filterset=AccountFilter,
        list_url="cadre_list",
        resource=AccountResource,
        natural_key=[A_LOGIN],
        columns=[
            Col(A_LOGIN, "username", width=14, required=True, example="zhangjg"),
            # Read as values, not accounts (an account of no cadre: blank).
            Col(A_NAME, A_NAME, value="cadre__name", width=10, resource=False),
            Col(A_UNIT, A_UNIT, value="cadre__unit", width=18, resource=False),
            Col(A_ROLES, "groups", RolesWidget(), width=16, example="干部"),
            Col(A_SCOPE, "scope_unit", UnitWidget(), width=16),
            Col(
                "状态",
                value=From(
                    "password",
                    using=lambda password, x: (
                        "已激活" if is_password_usable(password) else "待激活"
                    ),
                    kind=TEXT,
                ),
                width=8,
            ),
            Col(
                "激活链接（一次有效）",
                value=From(
                    "id",
                    "password",
                    "last_login",
                    "email",
                    using=lambda *values: activation_path_of(*values[:-1]),
                    kind=TEXT,
                ),
                width=60,
            ),
        ],
        importers=Cadre.objects.administers,
        sensitive=True,  # its export (with the activation links) is audited
    )
)
