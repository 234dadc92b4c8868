"""Core models: the org tree, places, accounts, cadres and their positions."""

from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from org.roles import EDIT_ROLES, Role
from org.scope import ScopedQuerySet


class OrgUnitQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES  # units and leaders are picked in petition forms
    scope_path = "path"
    cadre_sees = ScopedQuerySet.REACH
    reference = True
    administrators = frozenset({Role.SYSTEM_ADMIN})


class OrgUnit(models.Model):
    """A unit of the org tree: city → county/district and departments → township."""

    class Kind(models.TextChoices):
        CITY = "city", "市"
        COUNTY = "county", "县（区）"
        DEPARTMENT = "department", "部门"
        TOWNSHIP = "township", "乡镇（街道）"

    name = models.CharField("名称", max_length=100)
    code = models.SlugField("编码", max_length=32, unique=True)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path of codes ("/620300/620321/"): a subtree is one prefix match.
    path = models.CharField("路径", max_length=400, editable=False, db_index=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    issuing_name = models.CharField(
        "发文机关署名",
        max_length=100,
        blank=True,
        help_text="报告落款的发文机关，如“中共金昌市委办公室”；留空时按单位类别推定。",
    )

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = f"{self.parent.path if self.parent else '/'}{self.code}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            OrgUnit.objects.filter(path__startswith=old_path).exclude(
                pk=self.pk
            ).update(path=Concat(Value(self.path), Substr("path", len(old_path) + 1)))

    def clean(self) -> None:
        """A unit's parent is neither itself nor one of its own subunits: the
        tree has no loops (the admin, the units ledger and scripts meet it)."""
        if self.parent_id is None or self.pk is None:
            return
        parent = self.parent
        if parent.pk == self.pk or (self.path and parent.path.startswith(self.path)):
            raise ValidationError(
                {"parent": f"上级单位“{parent.name}”是本单位或其下级单位，不能形成循环"}
            )

    @property
    def signature(self) -> str:
        """The issuing body that signs this unit's reports (落款): the
        issuing name set, else the Party committee's office for a city or
        county (中共金川区委办公室), the Party committee of a township
        (中共城关镇委员会), a department's own name: never a bare place."""
        if self.issuing_name:
            return self.issuing_name
        if self.kind in (OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY):
            return f"中共{self.name}委办公室"
        if self.kind == OrgUnit.Kind.TOWNSHIP:
            return f"中共{self.name}委员会"
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def is_within(self, other: "OrgUnit") -> bool:
        return self.path.startswith(other.path)

    def ancestors(self) -> models.QuerySet:
        codes = [c for c in self.path.split("/") if c]
        return OrgUnit.objects.filter(code__in=codes).order_by("path")

    def subtree(self) -> models.QuerySet:
        return OrgUnit.objects.filter(path__startswith=self.path)

    def reach(self) -> "OrgUnit":
        """Where this unit's cadres normally do grassroots work: the county
        (district) containing it; for the city and its departments, the city.
        """
        codes = [c for c in self.path.split("/") if c]
        if len(codes) == 1:
            return self
        top = self if len(codes) == 2 else OrgUnit.objects.get(code=codes[1])
        if top.kind == OrgUnit.Kind.COUNTY:
            return top
        return top.parent


class PlaceQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES  # units and leaders are picked in petition forms
    scope_path = "unit__path"
    cadre_sees = ScopedQuerySet.REACH
    reference = True
    administrators = frozenset({Role.SYSTEM_ADMIN})


class Place(models.Model):
    """A grassroots place that visits go to: a village, community, enterprise…"""

    class Kind(models.TextChoices):
        VILLAGE = "village", "村"
        COMMUNITY = "community", "社区"
        ENTERPRISE = "enterprise", "企业"
        PROJECT = "project", "项目"
        SCHOOL = "school", "学校"
        HOSPITAL = "hospital", "医院"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属乡镇（单位）",
        on_delete=models.PROTECT,
        related_name="places",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    # The 12-digit 统计用区划代码 of a village or community: its key on import.
    code = models.CharField(
        "区划代码",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{12}$", "区划代码应为12位数字")],
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "基层点位"
        verbose_name_plural = "基层点位"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="place_unique_name"),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="place_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.name}"


class User(AbstractUser):
    """A login. Its roles are Django groups; `scope_unit` bounds what it sees."""

    scope_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="管辖范围",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="办公室、领导、信访部门角色可见的单位（含下级）；为空时取本人所在单位。",
    )
    # Set when the user changes their own password; empty (a new account or a
    # password set by an administrator) forces a change at the next login.
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self) -> str:
        cadre = getattr(self, "cadre", None)
        return cadre.name if cadre else self.get_full_name() or self.username


class CadreQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES  # units and leaders are picked in petition forms
    scope_path = "unit__path"
    owner = "pk"
    reference = True
    administrators = frozenset({Role.SECURITY_ADMIN})


HELD_BEFORE_RECORDS = date(2000, 1, 1)
PHONE = RegexValidator(
    r"^(1\d{10}|0\d{2,3}-?\d{7,8})$", "联系电话应为11位手机号或带区号的固定电话"
)


class Cadre(models.Model):
    """A cadre (干部): belongs to a unit; rank and role flags decide the quotas.

    Every change of unit, position, rank or role flags is kept as a dated
    `CadrePosition` (see `save`), so quotas judge each period by the rank held
    then.
    """

    class Rank(models.TextChoices):
        CITY = "city", "市级领导干部"
        COUNTY = "county", "县处级领导干部"
        TOWNSHIP = "township", "乡科级领导干部"
        STAFF = "staff", "一般干部"

    user = models.OneToOneField(
        User,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
    )
    name = models.CharField("姓名", max_length=50)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所在单位",
        on_delete=models.PROTECT,
        related_name="cadres",
    )
    rank = models.CharField("职级", max_length=16, choices=Rank.choices)
    position = models.CharField("职务", max_length=100, blank=True)
    is_leadership_member = models.BooleanField("领导班子成员", default=False)
    is_party_secretary = models.BooleanField("党组织书记", default=False)
    is_active = models.BooleanField("在职", default=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[PHONE])
    # A keyed hash of the 身份证号, kept only to tell apart cadres of the same
    # name on re-import; the number itself is never stored nor shown.
    id_hash = models.CharField(
        "身份证号（仅用于匹配）",
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
    )

    objects = CadreQuerySet.as_manager()

    # The day a change saved next took effect (任现职时间); today if not set.
    position_since: date | None = None

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        # A cadre's first position without a date was held before the records
        # began; a later change without one takes effect today.
        default = HELD_BEFORE_RECORDS if adding else timezone.localdate()
        since = self.position_since or default
        if self.is_active:
            self.record_position(since, first=adding)
        else:
            self.record_leaving(since)

    def get_absolute_url(self) -> str:
        return reverse("cadre_detail", args=[self.pk])

    def on_county_team(self, rank: str | None = None) -> bool:
        """Whether the cadre, holding `rank` (by default the current one), is
        a member of a leadership team at county level or above: whom the
        research rules (a topic led, 60 research days) apply to."""
        rank = rank or self.rank
        return self.is_leadership_member and rank in (self.Rank.CITY, self.Rank.COUNTY)

    def record_position(self, since: date, *, first: bool = False) -> None:
        """Keep the position history: a change of unit, position, rank or role
        flags closes the held position the day before `since` and opens a new
        one from `since` (a change dated on or before the held one's start
        corrects it instead)."""
        now = {f: getattr(self, f) for f in CadrePosition.HELD}
        held = None if first else self.positions.order_by("-since").first()
        if held is not None and held.until is not None:  # back after leaving
            if since <= held.until:
                since = held.until + timedelta(days=1)
            held = None
        if held is not None and all(getattr(held, f) == v for f, v in now.items()):
            return
        if held is not None and since <= held.since:
            for field, value in now.items():
                setattr(held, field, value)
            held.save()
            return
        if held is not None:
            held.until = since - timedelta(days=1)
            held.save(update_fields=["until"])
        CadrePosition.objects.create(cadre=self, since=since, **now)

    def record_leaving(self, day: date) -> None:
        """A cadre no longer in post (在职 unset) held the position until
        `day`: past periods keep them, later ones do not."""
        self.positions.filter(until__isnull=True).update(until=day)

    @property
    def is_leader(self) -> bool:
        return self.rank != self.Rank.STAFF

    def set_id_number(self, number: str) -> None:
        """Keep only the keyed hash of a 身份证号 (for matching on re-import)."""
        self.id_hash = id_number_hash(number) if number else ""


def id_number_hash(number: str) -> str:
    normalized = str(number).strip().upper()
    return salted_hmac(
        "org.cadre.id_number", normalized, algorithm="sha256"
    ).hexdigest()


class CadrePosition(models.Model):
    """A position a cadre held from `since` to `until` (open: held now): the
    unit, position, rank and role flags in that time."""

    HELD = ("unit_id", "position", "rank", "is_leadership_member", "is_party_secretary")

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField("职务", max_length=100, blank=True)
    rank = models.CharField("职级", max_length=16, choices=Cadre.Rank.choices)
    is_leadership_member = models.BooleanField("领导班子成员", default=False)
    is_party_secretary = models.BooleanField("党组织书记", default=False)
    since = models.DateField("任职起始日期")
    until = models.DateField("任职结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "任职经历"
        verbose_name_plural = "任职经历"
        ordering = ["cadre", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "since"], name="cadre_position_unique_since"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name} {self.since:%Y-%m-%d}起 {self.position}"
