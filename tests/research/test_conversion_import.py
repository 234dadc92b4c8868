"""成果转化 imported from an office's ledger, under the same rules as the
topic page's form (ConversionForm)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from research.forms import ConversionForm
from research.models import Conversion, Finding
from tests.factories import CadreFactory, TopicFactory
from tests.rules import (
    Accepted,
    Kind,
    Ref,
    Refused,
    check_accepted,
    check_refused,
    import_rows,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TITLE = "农村人居环境整治调研"


@pytest.fixture
def conversions(city):
    lead = CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    topic = TopicFactory(title=TITLE, lead=lead, unit=city.yongchang)
    other = TopicFactory(title="乡村产业调研", lead=lead, unit=city.yongchang)
    found = Finding.objects.create(
        topic=topic, description="部分村垃圾清运不及时", found_on=date(2024, 4, 9)
    )
    foreign = Finding.objects.create(
        topic=other, description="产业链条短", found_on=date(2024, 4, 9)
    )
    user = city.users.clerk
    return Kind(
        ledger="research_conversions",
        user=user,
        row={
            "课题": TITLE,
            "转化类型": "制度机制",
            "成果名称": "农村生活垃圾日产日清工作机制",
            "转化日期": date(2024, 6, 20),
            "回应的问题": "部分村垃圾清运不及时",
        },
        form_data={
            "kind": "rule",
            "title": "农村生活垃圾日产日清工作机制",
            "converted_on": "2024-06-20",
            "findings": [Ref("found")],
        },
        make_form=lambda data: ConversionForm(data, topic=topic),
        count=Conversion.objects.count,
        extra={"found": found, "foreign": foreign},
    )


REFUSED = [
    Refused(
        "converted_tomorrow",
        {"转化日期": TODAY + timedelta(days=1)},
        "转化日期",
        "不能晚于今天",
        form={"converted_on": (TODAY + timedelta(days=1)).isoformat()},
        field="converted_on",
    ),
    Refused(
        "finding_of_another_topic",
        {"回应的问题": "产业链条短"},
        "回应的问题",
        "不在课题",
    ),
    Refused("no_finding", {"回应的问题": None}, "回应的问题", "必填项为空"),
    Refused("unknown_kind", {"转化类型": "经验"}, "转化类型", "不是可选值"),
]


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.id)
def test_conversion_rule_refuses(conversions, case):
    check_refused(conversions, case)


@pytest.mark.parametrize(
    "case",
    [Accepted("converted_today", {"转化日期": TODAY}, form={"converted_on": TODAY})],
    ids=lambda c: c.id,
)
def test_conversion_rule_accepts(conversions, case):
    check_accepted(conversions, case)


def test_conversion_import_links_its_findings_and_reimports_unchanged(conversions):
    result = import_rows("research_conversions", [conversions.row], conversions.user)
    assert result.ok, [str(e) for e in result.errors]
    conversion = Conversion.objects.get()
    assert conversion.topic.title == TITLE
    assert list(conversion.findings.all()) == [conversions.extra["found"]]
    again = import_rows("research_conversions", [conversions.row], conversions.user)
    assert (again.new, again.unchanged) == (0, 1)
