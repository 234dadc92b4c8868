"""Going live: a county set up from its own four lists, then its first
activities ledger; re-imports that update, keep history and add nothing
twice; bad lists refused whole, every bad row named."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from activities.models import Activity, Liaison
from ledgers.export import prepare_export
from ledgers.registry import LEDGERS, may_import
from org.models import Cadre, CadrePosition, OrgUnit, Place, User
from org.roles import Role, roles_of
from tests.factories import ActivityFactory
from tests.sheets import workbook

from .golive import (
    ACCOUNTS,
    PLACES,
    REGISTER,
    REGISTER_HEADER,
    UNITS,
    build_county,
    load,
    set_up_city,
)

pytestmark = pytest.mark.django_db


def errors_of(result) -> list[str]:
    return [str(e) for e in result.errors]


def register_row(name, unit, position, rank="", phone="", id_number="", since=""):
    values = {
        "姓名": name,
        "单位": unit,
        "职务": position,
        "职级": rank,
        "领导班子成员": "是",
        "党组织书记": "否",
        "联系电话": phone,
        "身份证号": id_number,
        "任现职时间": since,
    }
    return ["", *[values[h] for h in REGISTER_HEADER[1:]]]


def test_a_county_is_built_from_its_four_lists_then_its_activities_ledger():
    admins = build_county()
    county = OrgUnit.objects.get(code="620321")
    assert county.parent.code == "620300"
    assert OrgUnit.objects.get(code="620321102").parent == county  # parent by code
    # Departments without a 区划代码 get a code of their parent's.
    office = OrgUnit.objects.get(name="县委办公室")
    assert office.code.startswith("620321-") and office.parent == county
    # Villages take their township from the first 9 digits of their code.
    assert Place.objects.get(code="620321101201").unit.name == "河西堡镇"
    assert Place.objects.count() == 5
    ranks = dict(Cadre.objects.values_list("name", "rank"))
    assert ranks == {
        "马宏伟": "county",
        "刘志强": "county",
        "陈丽": "county",
        "王建国": "township",
        "赵红梅": "township",
        "孙涛": "township",
        "李娜": "staff",
        "周斌": "township",
        "吴敏": "township",  # 局长 of a county department: 正科
        "郑凯": "staff",
        "冯雪": "staff",  # the 职级 cell: 股长 is placed by no rule
    }
    assert not Cadre.objects.filter(is_active=False).exists()  # 在职: kept
    secretary = Cadre.objects.get(name="马宏伟")
    assert secretary.is_party_secretary and secretary.is_leadership_member
    assert not Cadre.objects.get(name="刘志强").is_party_secretary
    assert secretary.positions.get().since == date(2023, 1, 10)
    # Accounts: role, scope, the cadre; no password until activated.
    clerk = User.objects.get(username="zhengkai")
    assert roles_of(clerk) == {Role.CLERK} and clerk.scope_unit == county
    assert clerk.cadre.name == "郑凯" and not clerk.has_usable_password()
    assert roles_of(User.objects.get(username="mahw")) == {Role.LEADERSHIP, Role.CADRE}
    # The security administrator's export of the accounts carries each new
    # account's one-time activation link, and no password.
    prepared = prepare_export(LEDGERS["accounts"], admins["secadmin"], {})
    with prepared.write() as written:
        sheet = load_workbook(written).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "登录名")
    link = header.index("激活链接（一次有效）")
    zhengkai = next(r for r in rows if r and r[0] == "zhengkai")
    assert zhengkai[link].startswith("/account/activate/")

    # The county office's first activities ledger, by its own clerk.
    activities = [
        ["永昌县2026年宣讲活动台账"],
        [
            "日期",
            "类别",
            "主题",
            "主讲（带队）干部",
            "组织单位",
            "地点",
            "听众（群众）",
        ],
        ["2026-03-05", "宣讲", "学习贯彻全会精神", "马宏伟", "永昌县", "金川西村", 60],
        ["2026-03-12", "宣讲", "惠民政策进万家", "王建国", "城关镇", "北海子社区", 40],
    ]
    result = load("activities", activities, clerk)
    assert result.ok, errors_of(result)
    assert result.new == 2
    liaisons = [
        ["永昌县领导包联企业台账"],
        ["包联企业名称", "包联领导", "单位", "包联角色", "类别", "包联时间"],
        [
            "金川集团三冶炼厂",
            "刘志强",
            "永昌县",
            "包抓（包联）领导",
            "包联企业",
            "2026-01-01",
        ],
    ]
    result = load("liaisons", liaisons, clerk)
    assert result.ok and result.new == 1, errors_of(result)
    assert Liaison.objects.get().cadre.name == "刘志强"
    held = Activity.objects.get(topic="学习贯彻全会精神")
    assert held.cadre == secretary and [p.name for p in held.places.all()] == [
        "金川西村"
    ]


def test_reimporting_the_four_lists_changes_nothing():
    admins = build_county()
    counts = [m.objects.count() for m in (OrgUnit, Place, Cadre, CadrePosition, User)]
    for kind, rows, who in [
        ("org_units", UNITS, "sysadmin"),
        ("places", PLACES, "sysadmin"),
        ("cadres", REGISTER, "secadmin"),
        ("accounts", ACCOUNTS, "secadmin"),
    ]:
        again = load(kind, rows, admins[who])
        assert again.ok, errors_of(again)
        assert (again.new, again.updated) == (0, 0), kind
    assert [
        m.objects.count() for m in (OrgUnit, Place, Cadre, CadrePosition, User)
    ] == counts


def test_the_rank_rule_is_shown_in_the_preview_and_a_cell_overrides_it():
    admins = build_county()
    rows = [
        REGISTER_HEADER,
        register_row("新干部", "城关镇", "副镇长", phone="13909351111"),
        register_row("老干部", "城关镇", "副镇长", "一般干部", phone="13909352222"),
    ]
    result = load("cadres", rows, admins["secadmin"], dry_run=True)
    assert result.ok, errors_of(result)
    notes = [str(n) for n in result.notes]
    assert any("第2行" in n and "乡科级领导干部" in n and "规则" in n for n in notes)
    assert any("第3行" in n and "按填写的职级" in n for n in notes)
    assert not Cadre.objects.filter(name="新干部").exists()  # a preview only


def test_a_cadre_moved_and_promoted_is_updated_with_the_dates_kept():
    admins = build_county()
    sun = Cadre.objects.get(name="孙涛")
    rows = [
        REGISTER_HEADER,
        register_row(
            "孙涛", "永昌县", "副县长", phone="13909350006", since="2026-07-01"
        ),
    ]
    result = load("cadres", rows, admins["secadmin"])
    assert result.ok, errors_of(result)
    assert (result.new, result.updated) == (0, 1)
    sun.refresh_from_db()
    assert (sun.unit.name, sun.rank) == ("永昌县", "county")
    assert Cadre.objects.filter(name="孙涛").count() == 1
    before, after = sun.positions.order_by("since")
    assert (before.rank, before.until) == ("township", date(2026, 6, 30))
    assert (after.rank, after.since, after.until) == ("county", date(2026, 7, 1), None)


def test_a_cadre_moved_is_found_by_name_when_no_other_row_claims_it():
    admins = build_county()
    rows = [REGISTER_HEADER, register_row("李娜", "河西堡镇", "科员")]
    result = load("cadres", rows, admins["secadmin"])
    assert result.ok and result.updated == 1, errors_of(result)
    assert Cadre.objects.get(name="李娜").unit.name == "河西堡镇"


def test_a_unit_renamed_and_moved_keeps_its_records():
    admins = build_county()
    township = OrgUnit.objects.get(code="620321102")
    activity = ActivityFactory(
        cadre=Cadre.objects.get(name="周斌"), unit=township, topic="政策宣讲"
    )
    rows = [
        ["单位名称", "区划代码", "上级单位", "类别"],
        ["新城子镇（更名）", "620321102000", "河西堡镇", "乡镇（街道）"],
    ]
    result = load("org_units", rows, admins["sysadmin"])
    assert result.ok and result.updated == 1, errors_of(result)
    township.refresh_from_db()
    assert township.name == "新城子镇（更名）"
    assert township.parent.name == "河西堡镇"
    assert township.path == "/620300/620321/620321101/620321102/"
    activity.refresh_from_db()
    assert activity.unit == township
    assert Place.objects.get(code="620321102201").unit.path == township.path


def test_a_unit_whose_parent_is_missing_or_makes_a_loop_is_refused_with_its_row():
    admins = set_up_city()
    rows = [
        ["单位名称", "区划代码", "上级单位", "类别"],
        ["永昌县", "620321000000", "金昌市", "县（区）"],
        ["甲镇", "620321100000", "乙镇", "乡镇（街道）"],
        ["乙镇", "620321101000", "甲镇", "乡镇（街道）"],
        ["丙镇", "620321102000", "不存在县", "乡镇（街道）"],
        ["丁局", "", "", "部门"],
    ]
    result = load("org_units", rows, admins["sysadmin"])
    found = errors_of(result)
    assert any(
        "第3行" in e and "循环" in e and "甲镇 → 乙镇 → 甲镇" in e for e in found
    )
    assert any("第4行" in e and "循环" in e for e in found)
    assert any("第5行" in e and "不存在县" in e for e in found)
    assert any("第6行" in e and "缺少上级单位" in e for e in found)
    assert not any("第2行" in e for e in found)
    assert OrgUnit.objects.count() == 1  # nothing written: the city only


def test_moving_a_unit_under_its_own_subunit_is_refused():
    admins = build_county()
    rows = [
        ["单位名称", "区划代码", "上级单位", "类别"],
        ["永昌县", "620321000000", "城关镇", "县（区）"],
    ]
    result = load("org_units", rows, admins["sysadmin"])
    assert any("循环" in e for e in errors_of(result))
    assert OrgUnit.objects.get(code="620321").parent.code == "620300"


def test_duplicate_names_in_a_unit_must_be_told_apart():
    admins = build_county()
    same = [
        REGISTER_HEADER,
        register_row("张伟", "城关镇", "科员"),
        register_row("张伟", "城关镇", "科员"),
    ]
    result = load("cadres", same, admins["secadmin"])
    found = errors_of(result)
    assert any("第2行" in e and "2名“张伟”" in e for e in found)
    assert any("第3行" in e and "联系电话或身份证号" in e for e in found)
    apart = [
        REGISTER_HEADER,
        register_row("张伟", "城关镇", "科员", id_number="62032119800101001X"),
        register_row("张伟", "城关镇", "科员", phone="13909353333"),
    ]
    result = load("cadres", apart, admins["secadmin"])
    assert result.ok and result.new == 2, errors_of(result)
    # Re-imported, each is found again: by 身份证号 and by phone.
    again = load("cadres", apart, admins["secadmin"])
    assert again.ok and again.new == 0, errors_of(again)


def test_the_id_number_is_kept_hashed_and_never_exported():
    admins = build_county()
    rows = [
        REGISTER_HEADER,
        register_row("张伟", "城关镇", "科员", id_number="62032119800101001X"),
    ]
    assert load("cadres", rows, admins["secadmin"]).ok
    cadre = Cadre.objects.get(name="张伟")
    assert cadre.id_hash and "62032119800101001X" not in cadre.id_hash
    prepared = prepare_export(LEDGERS["cadres"], admins["secadmin"], {})
    with prepared.write() as written:
        cells = [
            str(c.value)
            for row in load_workbook(written).active.iter_rows()
            for c in row
        ]
    assert "张伟" in cells and not any("620321198001" in c for c in cells)
    bad = [REGISTER_HEADER, register_row("钱某", "城关镇", "科员", id_number="1234")]
    assert any(
        "身份证号应为18位" in e
        for e in errors_of(load("cadres", bad, admins["secadmin"]))
    )


def test_a_position_the_rules_cannot_place_asks_for_a_rank_and_nothing_is_written():
    admins = build_county()
    rows = [
        REGISTER_HEADER,
        register_row("钱某", "县委办公室", "综合股股长", phone="13909354444"),
        register_row("好干部", "城关镇", "副镇长", phone="13909355555"),
        register_row("无单位", "不存在的单位", "科员"),
    ]
    result = load("cadres", rows, admins["secadmin"])
    found = errors_of(result)
    assert any("第2行“职级”列" in e and "无法按规则确定职级" in e for e in found), found
    assert any("第4行“单位”列" in e for e in found)
    assert not Cadre.objects.filter(name__in=["钱某", "好干部", "无单位"]).exists()


def test_reference_data_is_imported_by_its_administrator_only(city):
    kinds = {
        "org_units": city.users.sysadmin,
        "places": city.users.sysadmin,
        "cadres": city.users.secadmin,
        "accounts": city.users.secadmin,
    }
    for kind, keeper in kinds.items():
        assert may_import(keeper, LEDGERS[kind]), kind
        others = [city.users.clerk, city.users.cadre, city.users.auditor]
        others.append(
            city.users.secadmin
            if keeper == city.users.sysadmin
            else city.users.sysadmin
        )
        assert not any(may_import(u, LEDGERS[kind]) for u in others), kind


def test_an_account_import_gives_no_administrator_role():
    admins = build_county()
    rows = [
        ["登录名", "姓名", "单位", "角色"],
        ["lina", "李娜", "城关镇", "安全管理员"],
    ]
    result = load("accounts", rows, admins["secadmin"])
    assert any("不是可分配的角色" in e for e in errors_of(result))
    assert not User.objects.filter(username="lina").exists()


def test_init_city_makes_the_root_and_three_administrators_only_once():
    set_up_city()
    assert OrgUnit.objects.get().code == "620300"
    admins = User.objects.filter(username__in=["xtgly", "aqgly", "sjgly"])
    assert {next(iter(roles_of(u))) for u in admins} == {
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }
    assert not any(u.has_usable_password() for u in admins)
    assert not Cadre.objects.exists() and not Place.objects.exists()
    set_up_city()  # again: nothing new
    assert OrgUnit.objects.count() == 1 and User.objects.count() == 3
    with pytest.raises(CommandError):
        call_command(
            "init_city",
            code="620500",
            name="天水市",
            sysadmin="a",
            secadmin="b",
            auditor="c",
        )


def test_the_activation_link_sets_a_first_password_once(client):
    set_up_city()
    user = User.objects.get(username="aqgly")
    from org.services import activation_path

    link = activation_path(user)
    weak = client.post(link, {"new_password1": "123456", "new_password2": "123456"})
    assert (
        weak.status_code == 200
        and not User.objects.get(pk=user.pk).has_usable_password()
    )
    strong = "Yc#2026golive"
    response = client.post(link, {"new_password1": strong, "new_password2": strong})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong) and user.password_changed_at is not None
    assert client.get(link).status_code == 404  # once only
    assert client.get("/account/activate/MQ/wrong-token/").status_code == 404


def test_a_register_file_roundtrips_through_its_export():
    admins = build_county()
    prepared = prepare_export(LEDGERS["cadres"], admins["secadmin"], {})
    with prepared.write() as written:
        content = written.read()
    from ledgers.importing import import_ledger

    result = import_ledger(
        LEDGERS["cadres"], content, "导出.xlsx", user=admins["secadmin"], dry_run=True
    )
    assert result.ok, errors_of(result)
    assert (result.new, result.updated) == (0, 0)
    assert workbook  # the helper module's writer is the one the lists use
