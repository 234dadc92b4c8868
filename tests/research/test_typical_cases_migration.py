"""The old free-text 典型案例 note on a research topic becomes TypicalCase
records (research 0004) before the field is dropped (0005)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from research.models import TypicalCase
from tests.factories import CadreFactory

BEFORE = [("research", "0003_seed_typical_case_synonyms")]
AFTER = [("research", "0005_remove_researchtopic_typical_cases")]


def test_a_note_is_split_into_cases_by_line_titled_by_its_first_clause():
    module = __import__(
        "research.migrations.0004_typical_cases_text_to_records",
        fromlist=["cases_from_text"],
    )
    assert module.cases_from_text(
        "“积分超市”激励垃圾分类，群众参与率明显提高\n\n反面典型：项目重建轻管。"
    ) == [
        (
            "“积分超市”激励垃圾分类",
            "positive",
            "“积分超市”激励垃圾分类，群众参与率明显提高",
        ),
        ("反面典型", "negative", "反面典型：项目重建轻管。"),
    ]
    assert module.cases_from_text("正反面典型各一个") == [
        ("正反面典型各一个", "positive", "正反面典型各一个")
    ]
    assert module.cases_from_text("  \n") == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_notes_into_records_and_drops_the_field():
    lead = CadreFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Topic = old.get_model("research", "ResearchTopic")
    noted = Topic.objects.create(
        title="垃圾分类",
        lead_id=lead.pk,
        unit_id=lead.unit_id,
        year=2024,
        problem="分类难",
        method="座谈走访",
        typical_cases="“积分超市”做法，值得推广\n反面：设施闲置",
    )
    Topic.objects.create(
        title="无案例",
        lead_id=lead.pk,
        unit_id=lead.unit_id,
        year=2024,
        problem="无",
        method="座谈走访",
    )
    executor = MigrationExecutor(connection)  # reload the graph's state
    executor.migrate(AFTER)

    cases = list(TypicalCase.objects.order_by("pk"))
    assert [(c.title, c.polarity) for c in cases] == [
        ("“积分超市”做法", "positive"),
        ("反面", "negative"),
    ]
    assert {c.topic_id for c in cases} == {noted.pk}
    assert {c.found_on for c in cases} == {date(2024, 12, 31)}
    assert {c.unit_id for c in cases} == {lead.unit_id}
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "research_researchtopic"
        )
    ]
    assert "typical_cases" not in columns
