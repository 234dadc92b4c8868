"""The free-text 典型案例 note on a research topic becomes TypicalCase records,
before the field is dropped (0005): each non-empty line of the note is one
case, titled by its first clause, 反面 when the line says so (反面, and
neither 正面 nor 正反面) and 正面 otherwise, the whole line kept as its summary. Its date is the
topic's first research trip, else the last day of the topic's year (today
if that is still ahead)."""

import re
from datetime import date

from django.db import migrations
from django.utils import timezone


def cases_from_text(text: str) -> list[tuple[str, str, str]]:
    """(title, polarity, summary) for each non-empty line of the note."""
    found = []
    for line in re.split(r"\r\n|\r|\n", text or ""):
        line = line.strip()
        if not line:
            continue
        clause = re.split(r"[，,；;。：:]", line, maxsplit=1)[0].strip()
        title = (clause or line)[:200]
        negative = "反面" in line.replace("正反面", "") and "正面" not in line
        found.append((title, "negative" if negative else "positive", line))
    return found


def text_to_records(apps, schema_editor):
    Topic = apps.get_model("research", "ResearchTopic")
    if not any(f.name == "typical_cases" for f in Topic._meta.get_fields()):
        return  # run again on a database already past 0005 (tests' default data)
    TypicalCase = apps.get_model("research", "TypicalCase")
    today = timezone.localdate()
    for topic in Topic.objects.exclude(typical_cases="").iterator():
        first_trip = (
            topic.trips.order_by("start_date").values_list("start_date", flat=True)
        ).first()
        found_on = first_trip or min(date(topic.year, 12, 31), today)
        for title, polarity, summary in cases_from_text(topic.typical_cases):
            TypicalCase.objects.get_or_create(
                topic=topic,
                title=title,
                defaults={
                    "polarity": polarity,
                    "summary": summary,
                    "unit_id": topic.unit_id,
                    "found_on": found_on,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("research", "0003_seed_typical_case_synonyms")]
    operations = [migrations.RunPython(text_to_records, migrations.RunPython.noop)]
