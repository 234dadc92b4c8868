"""Column names offices write in the activities' typical-case ledger and the 现场解释答复 count. Kept as data: an administrator
extends them in the admin."""

from django.db import migrations

HEADERS = [
    # (kind, our header, other names)
    ("activity_typical_cases", "活动主题", "主题、活动名称、现场办公主题"),
    ("activity_typical_cases", "活动日期", "开展日期、开展时间、活动时间"),
    ("activity_typical_cases", "案例名称", "典型案例、案例、典型案例名称"),
    ("activity_typical_cases", "类型", "案例类型、正反面、正面/反面"),
    ("activity_typical_cases", "日期", "时间、发现日期"),
    ("activity_typical_cases", "案例简介", "主要内容、基本情况、简介、案例内容"),
    ("activities", "现场解释答复", "现场答复、当场解释答复、现场解释答复（条）、现场解答"),
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
        ("activities", "0002_activity_answered_on_site_typicalcase"),
        ("ledgers", "0006_seed_backlog_conversion_synonyms"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
