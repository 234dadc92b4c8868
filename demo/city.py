"""The demo city, modelled on Jinchang (002_jinchang_implementation_opinions.txt).

`seed_demo` writes the org tree, places, cadres and one login per role here,
then runs the seeders the pillar apps register from their own `demo.py`
modules, so each pillar grows the demo city without the core importing it.
Everything is keyed on natural keys, so running it twice changes nothing.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from org.models import Cadre, OrgUnit, Place, User
from org.roles import ADMIN_ROLES, Role, group_name

DEMO_PASSWORD = "Sxjc@2024demo"

CITY = ("620300", "金昌市")
COUNTIES = [("620321", "永昌县"), ("620302", "金川区"), ("620371", "金昌经开区")]
CITY_DEPARTMENTS = [
    ("620300101", "市委办公室"),
    ("620300102", "市政府办公室"),
    ("620300103", "市委组织部"),
    ("620300104", "市委宣传部"),
    ("620300105", "市信访局"),
    ("620300106", "市发展和改革委员会"),
    ("620300107", "市工业和信息化局"),
    ("620300108", "市住房和城乡建设局"),
    ("620300109", "市农业农村局"),
    ("620300110", "市水务局"),
    ("620300111", "市教育局"),
    ("620300112", "市卫生健康委员会"),
    ("620300113", "市市场监督管理局"),
    ("620300114", "市政务服务中心"),
]
COUNTY_DEPARTMENTS = {
    "620321": [("620321201", "永昌县委办公室"), ("620321202", "永昌县信访局")],
    "620302": [("620302201", "金川区委办公室"), ("620302202", "金川区信访局")],
    "620371": [("620371201", "金昌经开区党政办公室")],
}
# Townships (streets) with their villages and communities.
TOWNSHIPS = {
    "620321": [
        ("620321100", "城关镇", ["金川西村", "北海子村", "赵定庄村", "东街社区"]),
        ("620321101", "河西堡镇", ["河西堡村", "四坝村", "新堡子村", "化工社区"]),
        ("620321102", "朱王堡镇", ["朱王堡村", "陈仓村", "上二坝村"]),
        ("620321103", "东寨镇", ["东寨村", "下排村", "头坝村"]),
        ("620321104", "水源镇", ["水源村", "北地村", "新陈村"]),
        ("620321105", "红山窑镇", ["红山窑村", "毛卜喇村", "马营沟村"]),
        ("620321106", "焦家庄镇", ["焦家庄村", "杜家寨村", "北沟村"]),
        ("620321107", "六坝镇", ["六坝村", "金山村", "下二坝村"]),
        ("620321108", "新城子镇", ["新城子村", "西湾村", "通信村"]),
        ("620321109", "南坝乡", ["南坝村", "何家湾村", "祁庄村"]),
    ],
    "620302": [
        ("620302001", "滨河路街道", ["滨河社区", "南湖社区"]),
        ("620302002", "桂林路街道", ["桂林社区", "兰州路社区"]),
        ("620302003", "北京路街道", ["北京路社区", "昌平社区"]),
        ("620302004", "金川路街道", ["金川路社区", "龙首社区"]),
        ("620302005", "新华路街道", ["新华社区", "公园路社区"]),
        ("620302006", "广州路街道", ["广州路社区", "深圳路社区"]),
        ("620302100", "宁远堡镇", ["宁远堡村", "龙景村", "新华村"]),
        ("620302101", "双湾镇", ["双湾村", "天生坝村", "陈家沟村"]),
    ],
    "620371": [],
}
# Enterprises, project sites, schools and hospitals, by the unit they sit under.
OTHER_PLACES = {
    "620371": [
        ("金昌新能源材料有限公司", Place.Kind.ENTERPRISE),
        ("金昌铜箔科技有限公司", Place.Kind.ENTERPRISE),
        ("经开区化工循环产业园项目", Place.Kind.PROJECT),
        ("经开区光伏储能一体化项目", Place.Kind.PROJECT),
    ],
    "620321101": [
        ("河西堡化工园区项目", Place.Kind.PROJECT),
        ("永昌县铁路物流有限公司", Place.Kind.ENTERPRISE),
    ],
    "620321100": [("永昌县第一高级中学", Place.Kind.SCHOOL)],
    "620302100": [("宁远堡镇农产品冷链物流项目", Place.Kind.PROJECT)],
    "620302001": [("金川区人民医院", Place.Kind.HOSPITAL)],
}

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江薛段雷侯龙史陶贺顾毛郝龚邵万严武戴孔汤"
GIVEN = "建国志强海军红梅丽华伟明秀英玉兰文斌永刚晓东春燕国庆金山宏伟丽娟俊杰雪梅振华德胜学军敏慧新民桂芳培元瑞祥立新晓燕天佑嘉怡子涵"

# (position, rank, leadership-team member, party secretary)
CITY_LEADERS = [
    ("市委书记", Cadre.Rank.CITY, True, True),
    ("市长", Cadre.Rank.CITY, True, False),
    ("市委副书记", Cadre.Rank.CITY, True, False),
    ("常务副市长", Cadre.Rank.CITY, True, False),
    ("副市长", Cadre.Rank.CITY, True, False),
    ("副市长", Cadre.Rank.CITY, True, False),
    ("市委常委、组织部部长", Cadre.Rank.CITY, True, False),
    ("市委常委、宣传部部长", Cadre.Rank.CITY, True, False),
]
# {party}: 县委 / 区委 / 工委; {head}: 县 / 区, as in 县长 and 副县长.
COUNTY_LEADERS = [
    ("{party}书记", Cadre.Rank.COUNTY, True, True),
    ("{head}长", Cadre.Rank.COUNTY, True, False),
    ("{party}副书记", Cadre.Rank.COUNTY, True, False),
    ("副{head}长", Cadre.Rank.COUNTY, True, False),
    ("副{head}长", Cadre.Rank.COUNTY, True, False),
]
DEPARTMENT_STAFF = [
    ("党组书记、主任", Cadre.Rank.COUNTY, True, True),
    ("副主任", Cadre.Rank.COUNTY, True, False),
    ("科长", Cadre.Rank.TOWNSHIP, False, False),
    ("科员", Cadre.Rank.STAFF, False, False),
]
COUNTY_DEPARTMENT_STAFF = [
    ("主任", Cadre.Rank.TOWNSHIP, True, True),
    ("副主任", Cadre.Rank.TOWNSHIP, True, False),
    ("干事", Cadre.Rank.STAFF, False, False),
]
TOWNSHIP_STAFF = [
    ("党委书记", Cadre.Rank.TOWNSHIP, True, True),
    ("镇长", Cadre.Rank.TOWNSHIP, True, False),
    ("副镇长", Cadre.Rank.TOWNSHIP, True, False),
    ("党政办干事", Cadre.Rank.STAFF, False, False),
    ("驻村干部", Cadre.Rank.STAFF, False, False),
]

# One login per role: (username, role, cadre position key, scope unit code).
# The cadre key is (unit code, position) of a seeded cadre.
DEMO_LOGINS = [
    ("cadre", Role.CADRE, ("620321100", "副镇长"), None),
    ("clerk", Role.CLERK, ("620321201", "干事"), "620321"),
    ("leader", Role.LEADERSHIP, ("620302", "书记"), "620302"),
    ("cityleader", Role.LEADERSHIP, ("620300", "市长"), "620300"),
    ("petition", Role.PETITION_OFFICE, ("620300105", "科员"), "620300"),
    ("sysadmin", Role.SYSTEM_ADMIN, None, None),
    ("secadmin", Role.SECURITY_ADMIN, None, None),
    ("auditor", Role.AUDIT_ADMIN, None, None),
]


@dataclass
class DemoCity:
    """What the core seeded, handed to the pillar seeders."""

    rng: random.Random
    units: dict[str, OrgUnit] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    year: int = 2024


Seeder = Callable[[DemoCity], str]
_seeders: list[tuple[int, Seeder]] = []


def register(order: int) -> Callable[[Seeder], Seeder]:
    """Register a pillar's demo seeder; it returns a line for the summary."""

    def decorator(func: Seeder) -> Seeder:
        _seeders.append((order, func))
        return func

    return decorator


def _issuing_name(name: str, kind: str) -> str:
    """The issuing body that signs a demo unit's reports (落款)."""
    city = CITY[1]
    if kind == OrgUnit.Kind.CITY:
        return f"中共{name}委办公室"
    if name == "金昌经开区":
        return "中共金昌经济技术开发区工作委员会办公室"
    if kind == OrgUnit.Kind.COUNTY:
        return f"中共{name}委办公室"
    if kind == OrgUnit.Kind.TOWNSHIP:
        return f"中共{name}委员会"
    if name.endswith(("县委办公室", "区委办公室")):
        return f"中共{name}"
    if name.startswith("市委"):
        return f"中共{city}{name[1:]}"
    if name.startswith("市政府"):
        return f"{city}人民政府{name[3:]}"
    return f"{city}{name[1:]}" if name.startswith("市") else name


def _unit(code: str, name: str, kind: str, parent: OrgUnit | None, order: int):
    unit, _ = OrgUnit.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            "sort_order": order,
            "issuing_name": _issuing_name(name, kind),
        },
    )
    return unit


def _seed_units(city: DemoCity) -> None:
    root = _unit(*CITY, OrgUnit.Kind.CITY, None, 0)
    city.units[root.code] = root
    for order, (code, name) in enumerate(COUNTIES):
        county = _unit(code, name, OrgUnit.Kind.COUNTY, root, order)
        city.units[code] = county
        for d_order, (d_code, d_name) in enumerate(COUNTY_DEPARTMENTS[code]):
            city.units[d_code] = _unit(
                d_code, d_name, OrgUnit.Kind.DEPARTMENT, county, 100 + d_order
            )
        for t_order, (t_code, t_name, _) in enumerate(TOWNSHIPS[code]):
            city.units[t_code] = _unit(
                t_code, t_name, OrgUnit.Kind.TOWNSHIP, county, t_order
            )
    for order, (code, name) in enumerate(CITY_DEPARTMENTS):
        city.units[code] = _unit(code, name, OrgUnit.Kind.DEPARTMENT, root, 10 + order)


def _seed_places(city: DemoCity) -> None:
    wanted = []
    for townships in TOWNSHIPS.values():
        for code, _, villages in townships:
            for name in villages:
                kind = (
                    Place.Kind.COMMUNITY
                    if name.endswith("社区")
                    else Place.Kind.VILLAGE
                )
                wanted.append((code, name, kind))
    for code, places in OTHER_PLACES.items():
        wanted += [(code, name, kind) for name, kind in places]
    for code, name, kind in wanted:
        place, _ = Place.objects.update_or_create(
            unit=city.units[code], name=name, defaults={"kind": kind}
        )
        city.places.append(place)


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        if name not in taken:
            taken.add(name)
            return name


def county_roster(code: str, name: str) -> list[tuple]:
    """A county's (district's) leaders: 县委书记、县长、副县长 (区委书记、区长、
    副区长; the development zone's party body is its 工委)."""
    head = "区" if name.endswith("区") else "县"
    party = "工委" if code == "620371" else f"{head}委"
    return [
        (position.format(party=party, head=head), *rest)
        for position, *rest in COUNTY_LEADERS
    ]


def _seed_cadres(city: DemoCity) -> dict[tuple[str, str], Cadre]:
    staffing: list[tuple[OrgUnit, list]] = [(city.units[CITY[0]], CITY_LEADERS)]
    for code, name in COUNTIES:
        staffing.append((city.units[code], county_roster(code, name)))
        for d_code, _ in COUNTY_DEPARTMENTS[code]:
            staffing.append((city.units[d_code], COUNTY_DEPARTMENT_STAFF))
        for t_code, t_name, _ in TOWNSHIPS[code]:
            roster = TOWNSHIP_STAFF
            if t_name.endswith("街道"):
                roster = [
                    (p.replace("镇长", "街道办主任").replace("副镇长", "副主任"), *r)
                    for p, *r in TOWNSHIP_STAFF
                ]
            staffing.append((city.units[t_code], roster))
    for code, _ in CITY_DEPARTMENTS:
        staffing.append((city.units[code], DEPARTMENT_STAFF))

    taken: set[str] = set()
    by_position: dict[tuple[str, str], Cadre] = {}
    for unit, roster in staffing:
        for position, rank, leadership, secretary in roster:
            name = _name(city.rng, taken)
            cadre, _ = Cadre.objects.update_or_create(
                unit=unit,
                position=position,
                name=name,
                defaults={
                    "rank": rank,
                    "is_leadership_member": leadership,
                    "is_party_secretary": secretary,
                },
            )
            city.cadres.append(cadre)
            short = position.removeprefix("区委").removeprefix("县委")
            short = short.removeprefix("工委").removeprefix("区").removeprefix("县")
            by_position.setdefault((unit.code, short), cadre)
            by_position.setdefault((unit.code, position), cadre)
    return by_position


def _seed_logins(city: DemoCity, by_position: dict) -> None:

    for username, role, cadre_key, scope_code in DEMO_LOGINS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            # Demo logins count as having a current password (no forced change).
            user.password_changed_at = timezone.now()
        user.scope_unit = city.units[scope_code] if scope_code else None
        user.is_staff = role in ADMIN_ROLES
        user.save()
        user.groups.set([Group.objects.get(name=group_name(role))])
        description = role.label
        if cadre_key:
            cadre = by_position[cadre_key]
            Cadre.objects.filter(user=user).exclude(pk=cadre.pk).update(user=None)
            cadre.user = user
            cadre.save(update_fields=["user"])
            description = f"{role.label}：{cadre.unit.name}{cadre.position}{cadre.name}"
            if scope_code:
                description += f"，管辖范围 {city.units[scope_code].name}"
        city.logins.append((username, DEMO_PASSWORD, description))


@transaction.atomic
def seed_demo_city(seed: int = 2024) -> DemoCity:
    city = DemoCity(rng=random.Random(seed))
    _seed_units(city)
    _seed_places(city)
    by_position = _seed_cadres(city)
    _seed_logins(city, by_position)
    autodiscover_modules("demo")
    city.summary = [
        f"单位 {len(city.units)} 个，基层点位 {len(city.places)} 个，干部 {len(city.cadres)} 名"
    ]
    for _, seeder in sorted(_seeders, key=lambda item: item[0]):
        city.summary.append(seeder(city))
    return city
