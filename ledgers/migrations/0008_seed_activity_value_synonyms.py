"""The words offices write for a training's kind and a liaison contact's
mode (示范班, 轮训, 电话, 座谈, 走访…), for the activities ledger's
培训类型 and 联系方式 columns; the column names they use for them."""

from django.db import migrations

VALUES = [
    # (our header, as written, the choice's label)
    ("培训类型", "示范培训班", "示范培训班（3-5天）"),
    ("培训类型", "示范班", "示范培训班（3-5天）"),
    ("培训类型", "示范培训", "示范培训班（3-5天）"),
    ("培训类型", "轮训", "轮训（不少于1天）"),
    ("培训类型", "轮训班", "轮训（不少于1天）"),
    ("培训类型", "全员轮训", "轮训（不少于1天）"),
    ("联系方式", "电话", "电话联系"),
    ("联系方式", "电话沟通", "电话联系"),
    ("联系方式", "座谈", "座谈会商"),
    ("联系方式", "会商", "座谈会商"),
    ("联系方式", "座谈会", "座谈会商"),
    ("联系方式", "走访", "实地走访"),
    ("联系方式", "现场走访", "实地走访"),
    ("联系方式", "实地调研", "实地走访"),
    ("联系方式", "上门走访", "实地走访"),
]
HEADERS = [("培训类型", "培训形式、培训班类型"), ("联系方式", "联系形式、对接方式")]


def seed(apps, schema_editor):
    ValueSynonym = apps.get_model("ledgers", "ValueSynonym")
    for header, written, label in VALUES:
        ValueSynonym.objects.update_or_create(
            unit=None,
            kind="activities",
            header=header,
            written=written,
            defaults={"label": label},
        )
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    for header, names in HEADERS:
        HeaderSynonym.objects.get_or_create(
            kind="activities", header=header, defaults={"synonyms": names}
        )


def unseed(apps, schema_editor):
    apps.get_model("ledgers", "ValueSynonym").objects.filter(
        kind="activities", header__in=["培训类型", "联系方式"]
    ).delete()
    apps.get_model("ledgers", "HeaderSynonym").objects.filter(
        kind="activities", header__in=["培训类型", "联系方式"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0007_import_mapping_fill_and_unit_values")]
    operations = [migrations.RunPython(seed, unseed)]
