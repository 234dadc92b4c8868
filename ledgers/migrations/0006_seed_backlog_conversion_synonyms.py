"""Column names and values offices write in the ledgers added by issue 18
point 8: 信访积案/包案台账, 成果转化, and a petition case's 阶段 and 办结日期.
Kept as data: an administrator extends them in the admin."""

from django.db import migrations

HEADERS = [
    # (kind, our header, other names)
    (
        "backlog_cases",
        "信访事项编号",
        "编号、信访编号、件号、案件编号、信访件编号、积案编号",
    ),
    (
        "backlog_cases",
        "包案领导",
        "包案县级领导、包案责任领导、包抓领导、包案领导干部、责任领导",
    ),
    ("backlog_cases", "工作专班", "专班成员、工作专班成员、责任专班、专班"),
    ("backlog_cases", "化解方案", "工作方案、化解措施、化解工作方案"),
    ("backlog_cases", "包案日期", "交办日期、包案时间、列入日期、交办时间"),
    ("backlog_cases", "化解时限", "化解期限、办结时限、完成时限"),
    (
        "backlog_cases",
        "化解日期",
        "化解时间、办结日期、息诉罢访日期、化解完成时间、办结时间",
    ),
    (
        "backlog_cases",
        "化解情况",
        "化解结果、办理结果、三到位一处理情况、办结情况",
    ),
    ("petition_cases", "阶段", "办理状态、状态、当前状态、办理阶段"),
    ("petition_cases", "办结日期", "办结时间、结案日期、结案时间"),
    ("research_conversions", "课题", "调研课题、课题名称"),
    ("research_conversions", "转化类型", "成果类型、转化形式、成果形式"),
    (
        "research_conversions",
        "成果名称",
        "转化成果、成果、成果转化名称、转化成果名称",
    ),
    ("research_conversions", "转化日期", "转化时间、出台时间、印发日期、出台日期"),
    (
        "research_conversions",
        "回应的问题",
        "对应问题、解决的问题、针对问题、发现问题、对应的问题",
    ),
]

VALUES = [
    # (kind, our header, as written, the choice's label)
    ("petition_cases", "阶段", "已办结", "办结"),
    ("petition_cases", "阶段", "结案", "办结"),
    ("petition_cases", "阶段", "已结案", "办结"),
    ("petition_cases", "阶段", "已登记", "登记"),
    ("research_conversions", "转化类型", "政策", "政策文件"),
    ("research_conversions", "转化类型", "制度", "制度机制"),
    ("research_conversions", "转化类型", "工作机制", "制度机制"),
    ("research_conversions", "转化类型", "举措", "工作举措"),
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
        ValueSynonym.objects.filter(kind=kind, header=header, written=written).delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0005_seed_value_synonyms")]
    operations = [migrations.RunPython(seed, unseed)]
