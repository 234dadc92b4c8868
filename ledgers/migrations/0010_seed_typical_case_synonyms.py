"""Column names offices use in their 典型案例 ledgers (案例标题, 案例类型,
正反面), for both typical-case kinds."""

from django.db import migrations

HEADERS = [
    ("typical_cases", "案例名称", "案例标题、典型案例、典型案例名称"),
    ("typical_cases", "类型", "案例类型、正反面、正反典型"),
    ("activity_typical_cases", "案例名称", "案例标题、典型案例、典型案例名称"),
    ("activity_typical_cases", "类型", "案例类型、正反面、正反典型"),
]


def seed(apps, schema_editor):
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    for kind, header, names in HEADERS:
        HeaderSynonym.objects.get_or_create(
            kind=kind, header=header, defaults={"synonyms": names}
        )


def unseed(apps, schema_editor):
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    for kind, header, _ in HEADERS:
        HeaderSynonym.objects.filter(kind=kind, header=header).delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0009_merge_20261202_0426")]
    operations = [migrations.RunPython(seed, unseed)]
