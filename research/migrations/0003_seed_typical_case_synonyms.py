"""Column names offices write in the typical-case ledger (典型案例). Kept as data: an administrator
extends them in the admin."""

from django.db import migrations

HEADERS = [
    # (kind, our header, other names)
    ("typical_cases", "课题", "调研课题、课题名称"),
    ("typical_cases", "案例名称", "典型案例、案例、典型案例名称"),
    ("typical_cases", "类型", "案例类型、正反面、正面/反面"),
    ("typical_cases", "日期", "时间、发现日期、剖析日期"),
    ("typical_cases", "案例简介", "主要内容、基本情况、简介、案例内容"),
]


def seed(apps, schema_editor):
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    for kind, header, synonyms in HEADERS:
        HeaderSynonym.objects.update_or_create(
            kind=kind, header=header, defaults={"synonyms": synonyms}
        )


def unseed(apps, schema_editor):
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    for kind, header, _ in HEADERS:
        HeaderSynonym.objects.filter(kind=kind, header=header).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0002_typicalcase"),
        ("ledgers", "0006_seed_backlog_conversion_synonyms"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
