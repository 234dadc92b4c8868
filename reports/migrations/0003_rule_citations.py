"""Quota rules cite their document by title and number, as a reader knows it,
not by the file name of the project's seed copy."""

from django.db import migrations

FILE = "002_jinchang_implementation_opinions.txt "
TITLE = "《关于深化落实“四下基层”制度的实施意见》（市委办发〔2024〕2号）"


def cite_by_title(apps, schema_editor):
    QuotaRule = apps.get_model("reports", "QuotaRule")
    for rule in QuotaRule.objects.filter(source__startswith=FILE):
        rule.source = TITLE + rule.source[len(FILE) :]
        rule.save(update_fields=["source"])


def cite_by_file(apps, schema_editor):
    QuotaRule = apps.get_model("reports", "QuotaRule")
    for rule in QuotaRule.objects.filter(source__startswith=TITLE):
        rule.source = FILE + rule.source[len(TITLE) :]
        rule.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_default_rules")]

    operations = [migrations.RunPython(cite_by_title, cite_by_file)]
