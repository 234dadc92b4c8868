"""A real county's four lists, laid out as its offices keep them: the unit
tree with 统计用区划代码 (12 digits: county 6 + township 3 + village 3), the
villages and communities, the cadre register (干部名册) and the accounts.

永昌县 (620321) of 金昌市 (620300): three of its townships, two county
departments without a 区划代码, villages under their township's code.
"""

from django.core.management import call_command

from ledgers.importing import import_ledger
from ledgers.registry import LEDGERS
from org.models import User
from tests.sheets import workbook

UNITS = [
    ["永昌县单位名单"],
    ["单位名称", "统计用区划代码", "上级单位", "类别"],
    ["永昌县", "620321000000", "金昌市", "县"],
    ["城关镇", "620321100000", "永昌县", "镇"],
    ["河西堡镇", "620321101000", "永昌县", "乡镇（街道）"],
    ["新城子镇", "620321102000", "620321000000", "乡镇（街道）"],
    ["县委办公室", "", "永昌县", "部门"],
    ["县教育局", "", "永昌县", "县直部门"],
]

PLACES = [
    ["永昌县村（社区）及重点企业名单"],
    ["序号", "名称", "统计用区划代码", "所属单位", "城乡分类"],
    [1, "金川西村", "620321100201", "", "行政村"],
    [2, "北海子社区", "620321100002", "", "社区"],
    [3, "河西堡村", "620321101201", "", "村"],
    [4, "新城子村", "620321102201", "", "村"],
    [5, "金川集团三冶炼厂", "", "河西堡镇", "企业"],
]

REGISTER_HEADER = [
    "序号",
    "姓名",
    "单位",
    "职务",
    "职级",
    "领导班子成员",
    "党组织书记",
    "联系电话",
    "身份证号",
    "任现职时间",
]
REGISTER = [
    ["永昌县干部名册"],
    REGISTER_HEADER,
    [
        1,
        "马宏伟",
        "永昌县",
        "县委书记",
        "",
        "是",
        "是",
        "13909350001",
        "",
        "2023-01-10",
    ],
    [2, "刘志强", "永昌县", "县委副书记、县长", "", "是", "否", "13909350002", "", ""],
    [3, "陈丽", "永昌县", "副县长", "", "是", "否", "13909350003", "", ""],
    [4, "王建国", "城关镇", "党委书记", "", "是", "是", "13909350004", "", ""],
    [5, "赵红梅", "城关镇", "镇长", "", "是", "否", "13909350005", "", ""],
    [6, "孙涛", "城关镇", "副镇长", "", "是", "否", "13909350006", "", ""],
    [7, "李娜", "城关镇", "科员", "", "否", "否", "13909350007", "", ""],
    [8, "周斌", "河西堡镇", "镇长", "", "是", "否", "13909350008", "", ""],
    [9, "吴敏", "县教育局", "局长", "", "是", "否", "13909350009", "", ""],
    [10, "郑凯", "县委办公室", "科员", "", "否", "否", "13909350010", "", ""],
    [11, "冯雪", "县委办公室", "综合股股长", "一般干部", "否", "否", "", "", ""],
]

ACCOUNTS = [
    ["永昌县系统账号申请表"],
    ["登录名", "姓名", "单位", "角色", "管辖范围"],
    ["zhengkai", "郑凯", "县委办公室", "办公室", "永昌县"],
    ["wangjg", "王建国", "城关镇", "干部", ""],
    ["mahw", "马宏伟", "永昌县", "领导、干部", "永昌县"],
]


def set_up_city() -> dict[str, User]:
    """The production first run: 金昌市 and its three administrators."""
    call_command(
        "init_city",
        code="620300000000",
        name="金昌市",
        kind="city",
        sysadmin="xtgly",
        secadmin="aqgly",
        auditor="sjgly",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return {
        "sysadmin": User.objects.get(username="xtgly"),
        "secadmin": User.objects.get(username="aqgly"),
    }


def load(kind: str, rows, user, *, dry_run: bool = False):
    return import_ledger(
        LEDGERS[kind], workbook(rows), f"{kind}.xlsx", user=user, dry_run=dry_run
    )


def build_county():
    """The county from its four lists; each import must pass."""
    admins = set_up_city()
    for kind, rows, who in [
        ("org_units", UNITS, "sysadmin"),
        ("places", PLACES, "sysadmin"),
        ("cadres", REGISTER, "secadmin"),
        ("accounts", ACCOUNTS, "secadmin"),
    ]:
        result = load(kind, rows, admins[who])
        assert result.ok, [str(e) for e in result.errors]
    return admins
