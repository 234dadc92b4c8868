"""Values offices write in choice columns, as first seeded (a 信访台账 guide
lists 信访类型 群众来访、电话来访、12345市民热线…), and the column
names 信访内容、信访类型. Kept as data: an administrator extends them in the admin."""

from django.db import migrations

VALUES = [
    # (kind, our header, as written, the choice's label)
    ("petition_cases", "来源渠道", "群众来访", "来访"),
    ("petition_cases", "来源渠道", "走访", "来访"),
    ("petition_cases", "来源渠道", "上访", "来访"),
    ("petition_cases", "来源渠道", "集体访", "来访"),
    ("petition_cases", "来源渠道", "个人访", "来访"),
    ("petition_cases", "来源渠道", "电话来访", "电话"),
    ("petition_cases", "来源渠道", "来电", "电话"),
    ("petition_cases", "来源渠道", "电话反映", "电话"),
    ("petition_cases", "来源渠道", "12345市民热线", "12345热线"),
    ("petition_cases", "来源渠道", "12345", "12345热线"),
    ("petition_cases", "来源渠道", "市民热线", "12345热线"),
    ("petition_cases", "来源渠道", "12345政务服务便民热线", "12345热线"),
    ("petition_cases", "来源渠道", "网上", "网上信访"),
    ("petition_cases", "来源渠道", "网上投诉", "网上信访"),
    ("petition_cases", "来源渠道", "网信", "网上信访"),
    ("petition_cases", "来源渠道", "信件", "来信"),
    ("petition_cases", "来源渠道", "书信", "来信"),
    ("petition_cases", "来源渠道", "下访", "下访发现"),
    ("hotline_orders", "满意度", "非常满意", "满意"),
    ("hotline_orders", "满意度", "比较满意", "基本满意"),
]


def seed(apps, schema_editor):
    ValueSynonym = apps.get_model("ledgers", "ValueSynonym")
    for kind, header, written, label in VALUES:
        ValueSynonym.objects.update_or_create(
            kind=kind, header=header, written=written, defaults={"label": label}
        )
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    for header, name in (("信访诉求", "信访内容"), ("来源渠道", "信访类型")):
        row, _ = HeaderSynonym.objects.get_or_create(
            kind="petition_cases", header=header, defaults={"synonyms": name}
        )
        if name not in row.synonyms.split("、"):
            row.synonyms += "、" + name
            row.save()


def unseed(apps, schema_editor):
    apps.get_model("ledgers", "ValueSynonym").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0004_value_synonyms")]
    operations = [migrations.RunPython(seed, unseed)]
