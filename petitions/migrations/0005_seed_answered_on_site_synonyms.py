"""Column names offices write in the reception-day ledger's 现场解释答复 count. Kept as data: an administrator
extends them in the admin."""

from django.db import migrations

HEADERS = [
    # (kind, our header, other names)
    ("reception_days", "现场解释答复（条）", "现场解释答复、现场答复、当场答复、当场解释答复"),
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
        ("petitions", "0004_receptionday_answered_on_site"),
        ("ledgers", "0006_seed_backlog_conversion_synonyms"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
