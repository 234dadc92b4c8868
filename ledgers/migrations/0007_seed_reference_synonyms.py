"""Column names and values offices write in the lists a city is set up from
(issue 20): the unit tree, the villages and communities, the cadre register,
the accounts, and 包抓/包联 assignments. Kept as data: an administrator
extends them in the admin."""

from django.db import migrations

HEADERS = [
    # (kind, our header, other names)
    ("org_units", "单位名称", "名称、单位、机构名称、单位全称"),
    (
        "org_units",
        "区划代码",
        "统计用区划代码、行政区划代码、单位编码、编码、代码",
    ),
    ("org_units", "上级单位", "上级、所属单位、上级机构、隶属单位、上级单位名称"),
    ("org_units", "类别", "单位类别、单位类型、类型、层级"),
    ("org_units", "落款", "发文机关、发文机关署名、落款单位、署名"),
    ("places", "名称", "村（社区）名称、村名、社区名称、点位名称、企业名称"),
    ("places", "区划代码", "统计用区划代码、行政区划代码、村级代码、代码"),
    ("places", "所属单位", "所属乡镇、乡镇（街道）、乡镇、街道、所在乡镇"),
    ("places", "类别", "类型、城乡分类、点位类型"),
    ("cadres", "单位", "工作单位、所在单位、单位名称、现工作单位"),
    ("cadres", "职务", "现任职务、现职务、职务名称"),
    ("cadres", "职级", "级别、职务层次、现职级"),
    ("cadres", "联系电话", "手机号码、手机、电话、联系方式"),
    ("cadres", "身份证号", "身份证号码、公民身份号码、身份证"),
    ("cadres", "任现职时间", "任职时间、任现职务时间、任职日期"),
    ("cadres", "领导班子成员", "是否班子成员、班子成员"),
    ("cadres", "党组织书记", "是否党组织书记、党组（党委）书记"),
    ("accounts", "登录名", "用户名、账号、登录账号"),
    ("accounts", "角色", "系统角色、权限、用户角色"),
    ("accounts", "管辖范围", "管理范围、数据范围、可见范围"),
    ("liaisons", "干部", "包抓领导、包联领导、责任领导、服务专员、包联干部"),
    ("liaisons", "项目（企业）", "项目名称、企业名称、包抓项目、包联企业名称"),
    ("liaisons", "包联角色", "角色、包联身份、职责"),
    ("liaisons", "开始日期", "包联时间、包抓时间、起始日期、开始时间"),
    ("liaisons", "结束日期", "截止日期、结束时间"),
]

VALUES = [
    # (kind, our header, as written, the choice's label)
    ("org_units", "类别", "县", "县（区）"),
    ("org_units", "类别", "区", "县（区）"),
    ("org_units", "类别", "乡镇", "乡镇（街道）"),
    ("org_units", "类别", "镇", "乡镇（街道）"),
    ("org_units", "类别", "乡", "乡镇（街道）"),
    ("org_units", "类别", "街道", "乡镇（街道）"),
    ("org_units", "类别", "市直部门", "部门"),
    ("org_units", "类别", "县直部门", "部门"),
    ("places", "类别", "行政村", "村"),
    ("places", "类别", "居委会", "社区"),
    ("places", "类别", "社区居委会", "社区"),
]


def seed(apps, schema_editor):
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    ValueSynonym = apps.get_model("ledgers", "ValueSynonym")
    for kind, header, synonyms in HEADERS:
        HeaderSynonym.objects.update_or_create(
            kind=kind, header=header, defaults={"synonyms": synonyms}
        )
    for kind, header, written, label in VALUES:
        ValueSynonym.objects.update_or_create(
            kind=kind, header=header, written=written, defaults={"label": label}
        )


def unseed(apps, schema_editor):
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    ValueSynonym = apps.get_model("ledgers", "ValueSynonym")
    for kind, header, _ in HEADERS:
        HeaderSynonym.objects.filter(kind=kind, header=header).delete()
    for kind, header, written, _ in VALUES:
        ValueSynonym.objects.filter(
            kind=kind, header=header, written=written
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0006_seed_backlog_conversion_synonyms")]
    operations = [migrations.RunPython(seed, unseed)]
