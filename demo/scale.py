"""A city at scale, for benchmarks and query-count tests.

`seed_scale` writes a synthetic city here (org tree, places, cadres, the logins
the benches use), then runs the seeders the pillar apps register from their
own `scale.py` modules, so the core imports no pillar. Everything is written
with `bulk_create` in one transaction and drawn from one seeded random
generator: the same options give the same city.

The default (3,000 cadres, 5 years) is about 70 units, 400 leaders and half a
million activity records; `--cadres 120 --years 1` is a small city for tests.
"""

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from demo.city import GIVEN, SURNAMES
from org.models import Cadre, OrgUnit, Place, User
from org.roles import Role, group_name
from tracking.models import TrackedItem, warn_from

CITY_CODE = "990000"
BATCH = 5000

COUNTY_NAMES = ["东川县", "西岭县", "南湖区", "北山区", "河源县", "青石县", "金沙区"]
TOWN_WORDS = "柳泉 石门 杏林 红柳 沙河 花园 双井 白杨 黄羊 新堡 龙泉 清水".split()
VILLAGE_WORDS = "东庄 西湾 南坪 北沟 上坝 下营 中滩 新华 团结 和平".split()
DEPARTMENTS = [
    "市委办公室",
    "市政府办公室",
    "市委组织部",
    "市委宣传部",
    "市信访局",
    "市发展和改革委员会",
    "市工业和信息化局",
    "市住房和城乡建设局",
    "市农业农村局",
    "市水务局",
    "市教育局",
    "市卫生健康委员会",
    "市市场监督管理局",
    "市政务服务中心",
]

R = Cadre.Rank
# Leaders of each kind of unit: (position, rank, leadership team, party secretary).
ROSTERS = {
    OrgUnit.Kind.CITY: [("市委书记", R.CITY, True, True)]
    + [("市级领导", R.CITY, True, False)] * 9,
    OrgUnit.Kind.COUNTY: [("书记", R.COUNTY, True, True)]
    + [("县（区）领导", R.COUNTY, True, False)] * 7,
    "city_department": [("党组书记", R.COUNTY, True, True)]
    + [("副职", R.COUNTY, True, False)] * 2
    + [("科长", R.TOWNSHIP, False, False)] * 6,
    "county_department": [("主任", R.TOWNSHIP, True, True)]
    + [("副主任", R.TOWNSHIP, True, False)] * 2,
    OrgUnit.Kind.TOWNSHIP: [("党委书记", R.TOWNSHIP, True, True)]
    + [("乡镇领导", R.TOWNSHIP, True, False)] * 4,
}
# Where the general staff work, by weight.
STAFF_WEIGHT = {
    OrgUnit.Kind.CITY: 4,
    OrgUnit.Kind.COUNTY: 4,
    "city_department": 3,
    "county_department": 2,
    OrgUnit.Kind.TOWNSHIP: 5,
}

# The logins the benches and tests use: (username, role, scope).
LOGINS = [
    ("scale_city", Role.LEADERSHIP, "city"),
    ("scale_county", Role.LEADERSHIP, "county"),
    ("scale_clerk", Role.CLERK, "county"),
    ("scale_petition", Role.PETITION_OFFICE, "city"),
    ("scale_cadre", Role.CADRE, None),
]


@dataclass
class ScaleCity:
    """What the core seeded, handed to the pillar seeders."""

    rng: random.Random
    years: list[int]
    today: date
    per_cadre: int  # activity records per cadre per year
    root: OrgUnit | None = None
    units: list[OrgUnit] = field(default_factory=list)
    reach: dict[int, str] = field(default_factory=dict)  # unit id → reach path
    places: list[Place] = field(default_factory=list)
    places_by_reach: dict[str, list[Place]] = field(default_factory=dict)
    cadres: list[Cadre] = field(default_factory=list)
    user: User | None = None  # the clerk who "entered" every record
    logins: dict[str, User] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)

    @property
    def leaders(self) -> list[Cadre]:
        return [c for c in self.cadres if c.rank != R.STAFF]

    def places_near(self, cadre: Cadre) -> list[Place]:
        return self.places_by_reach[self.reach[cadre.unit_id]]

    def day_in(self, year: int, first: date | None = None, last: date | None = None):
        first = first or date(year, 1, 1)
        last = last or date(year, 12, 31)
        return first + timedelta(days=self.rng.randint(0, (last - first).days))


Seeder = Callable[[ScaleCity], str]
_seeders: list[tuple[int, Seeder]] = []


def register(order: int) -> Callable[[Seeder], Seeder]:
    """Register a pillar's scale seeder; it returns a line for the summary."""

    def decorator(func: Seeder) -> Seeder:
        _seeders.append((order, func))
        return func

    return decorator


def bulk(model: type[models.Model], objects: Iterable, batch: int = BATCH) -> list:
    """bulk_create in batches; returns the saved objects (with their pks)."""
    saved = []
    iterator: Iterator = iter(objects)
    while chunk := list(islice(iterator, batch)):
        saved += model.objects.bulk_create(chunk)
    return saved


def tracked_items(specs: list[dict]) -> list[TrackedItem]:
    """Tracked items from dicts of their fields, with `warn_from` set (bulk
    inserts skip `save`)."""
    return bulk(
        TrackedItem,
        (
            TrackedItem(
                **spec, warn_from=warn_from(spec["start_date"], spec["deadline"])
            )
            for spec in specs
        ),
    )


def aware(day: date) -> datetime:
    """5 p.m. of the day, in the local time zone (close-out times)."""
    return datetime.combine(day, time(17), tzinfo=timezone.get_current_timezone())


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))


def _shape(cadres: int) -> tuple[int, int, int]:
    """(counties, townships per county, city departments) for a city of this size:
    3,000 cadres → 5, 8, 14, i.e. 70 units."""
    counties = max(1, min(len(COUNTY_NAMES), round(cadres / 600)))
    townships = max(2, min(len(TOWN_WORDS), round(cadres / (counties * 75))))
    departments = max(2, min(len(DEPARTMENTS), round(cadres / 215)))
    return counties, townships, departments


def _seed_units(city: ScaleCity, cadres: int) -> dict[int, str]:
    """The org tree; returns each unit's roster key."""
    counties, townships, departments = _shape(cadres)
    roster: dict[int, str] = {}
    root = OrgUnit.objects.create(code=CITY_CODE, name="规模市", kind="city")
    city.root = root
    roster[root.pk] = OrgUnit.Kind.CITY
    city.units.append(root)
    for d in range(departments):
        unit = OrgUnit.objects.create(
            code=f"{CITY_CODE}{d + 1:03d}",
            name=DEPARTMENTS[d].replace("市", "规模市", 1),
            kind=OrgUnit.Kind.DEPARTMENT,
            parent=root,
            sort_order=10 + d,
        )
        roster[unit.pk] = "city_department"
        city.units.append(unit)
    for c in range(counties):
        county_code = f"99{c + 1:02d}00"
        county = OrgUnit.objects.create(
            code=county_code,
            name=COUNTY_NAMES[c],
            kind=OrgUnit.Kind.COUNTY,
            parent=root,
            sort_order=c,
        )
        roster[county.pk] = OrgUnit.Kind.COUNTY
        city.units.append(county)
        for d, word in enumerate(["委办公室", "信访局"]):
            unit = OrgUnit.objects.create(
                code=f"{county_code}2{d:02d}",
                name=county.name + word,
                kind=OrgUnit.Kind.DEPARTMENT,
                parent=county,
                sort_order=100 + d,
            )
            roster[unit.pk] = "county_department"
            city.units.append(unit)
        for t in range(townships):
            unit = OrgUnit.objects.create(
                code=f"{county_code}1{t:02d}",
                name=f"{county.name[:2]}{TOWN_WORDS[t]}镇",
                kind=OrgUnit.Kind.TOWNSHIP,
                parent=county,
                sort_order=t,
            )
            roster[unit.pk] = OrgUnit.Kind.TOWNSHIP
            city.units.append(unit)
    by_code = {u.code: u for u in city.units}
    for unit in city.units:
        codes = [c for c in unit.path.split("/") if c]
        top = by_code[codes[1]] if len(codes) > 1 else unit
        city.reach[unit.pk] = top.path if top.kind == OrgUnit.Kind.COUNTY else root.path
    return roster


def _seed_places(city: ScaleCity) -> None:
    rng = city.rng
    wanted = []
    for unit in city.units:
        if unit.kind == OrgUnit.Kind.TOWNSHIP:
            for word in rng.sample(VILLAGE_WORDS, 8):
                kind = Place.Kind.COMMUNITY if word == "新华" else Place.Kind.VILLAGE
                suffix = "社区" if kind == Place.Kind.COMMUNITY else "村"
                wanted.append(Place(unit=unit, name=word + suffix, kind=kind))
            wanted.append(
                Place(unit=unit, name=f"{unit.name}工业园项目", kind=Place.Kind.PROJECT)
            )
            wanted.append(
                Place(
                    unit=unit,
                    name=f"{unit.name[2:-1]}实业有限公司",
                    kind=Place.Kind.ENTERPRISE,
                )
            )
    city.places = bulk(Place, wanted)
    units = {u.pk: u for u in city.units}
    for place in city.places:
        place.unit = units[place.unit_id]
        for path in (city.reach[place.unit_id], city.root.path):
            city.places_by_reach.setdefault(path, []).append(place)
    city.places_by_reach[city.root.path] = list(dict.fromkeys(city.places))


def _seed_cadres(city: ScaleCity, roster: dict[int, str], count: int) -> None:
    rng = city.rng
    wanted: list[Cadre] = []
    for unit in city.units:
        for position, rank, team, secretary in ROSTERS[roster[unit.pk]]:
            wanted.append(
                Cadre(
                    unit=unit,
                    name=person_name(rng),
                    position=position,
                    rank=rank,
                    is_leadership_member=team,
                    is_party_secretary=secretary,
                )
            )
    weights = [STAFF_WEIGHT[roster[u.pk]] for u in city.units]
    for unit in rng.choices(city.units, weights, k=max(0, count - len(wanted))):
        wanted.append(
            Cadre(unit=unit, name=person_name(rng), position="干部", rank=R.STAFF)
        )
    city.cadres = bulk(Cadre, wanted)
    units = {u.pk: u for u in city.units}
    for cadre in city.cadres:
        cadre.unit = units[cadre.unit_id]


def _seed_logins(city: ScaleCity) -> None:
    county = next(u for u in city.units if u.kind == OrgUnit.Kind.COUNTY)
    scopes = {"city": city.root, "county": county, None: None}
    cadre_for = {
        "scale_city": next(c for c in city.cadres if c.rank == R.CITY),
        "scale_county": next(
            c for c in city.cadres if c.unit_id == county.pk and c.rank == R.COUNTY
        ),
        "scale_cadre": next(
            c
            for c in city.cadres
            if c.rank == R.TOWNSHIP and c.unit.path.startswith(county.path)
        ),
    }
    for username, role, scope in LOGINS:
        user = User.objects.create(
            username=username,
            scope_unit=scopes[scope],
            is_active=True,
            password_changed_at=timezone.now(),  # bench logins sign in at once
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=group_name(role))])
        if username in cadre_for:
            cadre = cadre_for[username]
            cadre.user = user
            cadre.save(update_fields=["user"])
        city.logins[username] = user
    city.user = city.logins["scale_clerk"]


@transaction.atomic
def seed_scale_city(
    *, cadres: int = 3000, years: int = 5, seed: int = 1, per_cadre: int = 33
) -> ScaleCity:
    """Write the city; the last `years` years end with the current one, so
    records after today are plans or still open."""
    today = timezone.localdate()
    city = ScaleCity(
        rng=random.Random(seed),
        years=list(range(today.year - years + 1, today.year + 1)),
        today=today,
        per_cadre=per_cadre,
    )
    roster = _seed_units(city, cadres)
    _seed_places(city)
    _seed_cadres(city, roster, cadres)
    _seed_logins(city)
    city.summary.append(
        f"单位 {len(city.units)} 个，基层点位 {len(city.places)} 个，"
        f"干部 {len(city.cadres)} 名（领导干部 {len(city.leaders)} 名），"
        f"年度 {city.years[0]}—{city.years[-1]}"
    )
    autodiscover_modules("scale")
    for _, seeder in sorted(_seeders, key=lambda item: item[0]):
        city.summary.append(seeder(city))
    return city
