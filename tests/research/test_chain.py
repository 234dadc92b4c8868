"""The chain plan → topic → trips/findings → measures/conversions → report."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.db.utils import IntegrityError
from django.urls import reverse
from django.utils import timezone

from research.models import Conversion, Finding, Measure, ResearchReport, ResearchTopic
from research.services import measure_add
from tests.factories import TopicFactory, make_trip

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def topic(city):
    return TopicFactory(
        lead=city.users.leader.cadre, year=TODAY.year, title="金川区营商环境"
    )


@pytest.fixture
def finding(topic):
    return Finding.objects.create(topic=topic, description="审批环节多", found_on=TODAY)


def add_measure(finding, city, deadline):
    return measure_add(
        finding=finding,
        title="精简审批环节",
        unit=city.jinchuan,
        owner=city.users.leader.cadre,
        start_date=TODAY - timedelta(days=30),
        deadline=deadline,
    )


def test_a_measure_cannot_exist_without_its_finding(city):
    with pytest.raises(IntegrityError):
        Measure.objects.create(finding_id=None, item_id=None)


def test_a_finding_with_measures_cannot_be_deleted(city, finding):
    add_measure(finding, city, TODAY + timedelta(days=30))
    with pytest.raises(ProtectedError):
        finding.delete()


def test_a_finding_answered_by_a_conversion_cannot_be_deleted(city, topic, finding):
    conversion = Conversion.objects.create(
        topic=topic, kind="rule", title="首问负责制", converted_on=TODAY
    )
    conversion.findings.add(finding)
    with pytest.raises(ProtectedError):
        finding.delete()


def test_a_topic_with_trips_cannot_be_deleted(city, topic):
    make_trip(topic, TODAY, TODAY)
    with pytest.raises(ProtectedError):
        topic.delete()


def test_delete_view_explains_the_guard(client, city, finding):
    add_measure(finding, city, TODAY + timedelta(days=30))
    client.force_login(city.users.leader)
    response = client.post(
        reverse("research:finding_delete", args=[finding.pk]), follow=True
    )
    assert "不能删除" in response.text
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_status_follows_the_chain(city, topic, finding):
    def status():
        return ResearchTopic.objects.with_chain().get(pk=topic.pk).status

    assert status() == "planned"
    make_trip(topic, TODAY, TODAY)
    assert status() == "in_progress"

    ResearchReport.objects.create(topic=topic, submitted_on=TODAY, text="报告")
    assert status() == "reported"
    Conversion.objects.create(
        topic=topic, kind="rule", title="制度", converted_on=TODAY
    )
    assert status() == "converted"
    assert topic.status == "converted"  # the same rule without annotations
    for value in ResearchTopic.Status.values:
        matching = ResearchTopic.objects.with_chain().with_status(value)
        assert [t.pk for t in matching] == ([topic.pk] if value == "converted" else [])


@pytest.mark.parametrize(
    ("days_left", "colour"),
    # Started 30 days ago: with 8 days left 30/38 = 79% of the time is used
    # (yellow); with 90 days left only 25% is.
    [(-1, "red"), (0, "yellow"), (7, "yellow"), (8, "yellow"), (90, "blue")],
)
def test_measure_colours_at_the_boundaries(client, city, finding, days_left, colour):
    add_measure(finding, city, TODAY + timedelta(days=days_left))
    client.force_login(city.users.leader)
    page = client.get(reverse("research:measure_list")).context["page"]
    assert [m.warning for m in page] == [colour]


def test_clerk_adds_trip_finding_measure_conversion_and_report(client, city):
    topic = TopicFactory(lead=city.yc_colleague, year=TODAY.year, title="城关镇课题")
    client.force_login(city.users.clerk)
    url = lambda step: reverse("research:chain_add", args=[topic.pk, step])  # noqa: E731
    day = TODAY - timedelta(days=3)
    assert (
        client.post(
            url("trips"),
            {
                "start_date": day,
                "end_date": day + timedelta(days=1),
                "places": [city.yc_village.pk],
                "participants": [city.yc_colleague.pk],
            },
        ).status_code
        == 302
    )
    client.post(url("findings"), {"description": "渠道渗漏", "found_on": day})
    finding = topic.findings.get()
    client.post(
        url("measures"),
        {
            "finding": finding.pk,
            "title": "修缮渠道",
            "unit": city.chengguan.pk,
            "owner": city.yc_colleague.pk,
            "deadline": TODAY + timedelta(days=40),
        },
    )
    client.post(
        url("conversions"),
        {
            "kind": "work_measure",
            "title": "渠道巡查制度",
            "converted_on": TODAY,
            "findings": [finding.pk],
        },
    )
    client.post(url("report"), {"submitted_on": TODAY, "text": "调研报告正文"})
    topic = ResearchTopic.objects.with_chain().get(pk=topic.pk)
    assert (
        topic.trip_count,
        topic.finding_count,
        topic.measure_count,
        topic.conversion_count,
    ) == (1, 1, 1, 1)
    assert topic.status == "converted"
    measure = Measure.objects.get()
    assert (
        measure.item.kind == "research_measure"
        and measure.item.owner == city.yc_colleague
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"start_date": "{after}", "end_date": "{after}"},
            "start_date",
            "不能晚于今天",
        ),
        (
            {"start_date": "{d}", "end_date": "{before}"},
            "end_date",
            "结束日期不能早于开始日期",
        ),
        (
            {"start_date": "{d}", "end_date": "{d}", "participants": []},
            "participants",
            "请填写参加人员",
        ),
    ],
)
def test_trip_form_errors_name_the_field(client, city, topic, data, field, message):
    day = TODAY - timedelta(days=2)
    values = {"places": [city.jc_village.pk], "participants": [topic.lead.pk]}
    for key, value in data.items():
        values[key] = (
            value.format(
                d=day, before=day - timedelta(days=1), after=TODAY + timedelta(days=1)
            )
            if isinstance(value, str)
            else value
        )
    client.force_login(city.users.leader)
    response = client.post(
        reverse("research:chain_add", args=[topic.pk, "trips"]), values
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])


def test_report_needs_text_or_an_allowed_file(client, city, topic):

    client.force_login(city.users.leader)
    url = reverse("research:chain_add", args=[topic.pk, "report"])
    response = client.post(url, {"submitted_on": TODAY})
    assert "请填写报告正文或上传报告文件" in response.text
    bad = SimpleUploadedFile("report.exe", b"MZ")
    response = client.post(url, {"submitted_on": TODAY, "file": bad})
    assert "只接受" in response.text
    assert not hasattr(ResearchTopic.objects.get(pk=topic.pk), "report")


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("report.pdf", b"MZ\x90\x00\x03 an executable renamed", False),
        ("report.docx", b"%PDF-1.4 not a docx", False),
        ("report.doc", b"<html><script>alert(1)</script>", False),
        ("report.wps", b"\x7fELF\x02\x01", False),
        ("report.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", False),
        ("report.txt", "调研报告\x00".encode() * 10, False),
        ("report.pdf", b"%PDF-1.4\n%report", True),
        ("report.docx", b"PK\x03\x04docx", True),
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", True),
        ("report.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", True),
        ("report.txt", "关于城关镇的调研报告。".encode(), True),
        ("report.txt", "关于城关镇的调研报告。".encode("gb18030"), True),
    ],
)
def test_report_files_are_checked_by_content(
    client, city, topic, name, content, accepted
):
    """Not by the extension alone: a renamed executable or page is refused."""

    client.force_login(city.users.leader)
    url = reverse("research:chain_add", args=[topic.pk, "report"])
    upload = SimpleUploadedFile(name, content)
    client.post(url, {"submitted_on": TODAY, "file": upload})
    assert hasattr(ResearchTopic.objects.get(pk=topic.pk), "report") == accepted


def test_a_conversion_is_saved_from_the_page_with_the_findings_it_answers(
    client, city, topic, finding
):
    """The form offers each finding of the topic as a checkbox with its value;
    submitting what the page offers saves the conversion."""

    other = Finding.objects.create(
        topic=topic, description="群众办事难", found_on=TODAY
    )
    client.force_login(city.users.leader)
    url = reverse("research:chain_add", args=[topic.pk, "conversions"])
    page = client.get(url).text
    boxes = re.findall(r'<input type="checkbox" name="findings" value="(\d+)"', page)
    assert sorted(boxes) == sorted([str(finding.pk), str(other.pk)])
    assert "审批环节多" in page and "群众办事难" in page
    response = client.post(
        url,
        {
            "kind": "rule",
            "title": "并联审批制度",
            "converted_on": TODAY,
            "findings": [boxes[0], boxes[1]],
        },
    )
    assert response.status_code == 302
    conversion = Conversion.objects.get(topic=topic)
    assert set(conversion.findings.all()) == {finding, other}


def test_the_report_form_links_the_stored_file_through_its_scoped_view(
    client, city, topic, settings, tmp_path
):

    settings.MEDIA_ROOT = tmp_path
    report = ResearchReport(topic=topic, submitted_on=TODAY, text="报告")
    report.file.save("调研报告.pdf", ContentFile(b"%PDF-1.4"), save=True)
    client.force_login(city.users.leader)
    page = client.get(reverse("research:chain_add", args=[topic.pk, "report"])).text
    url = reverse("research:report_file", args=[report.pk])
    assert f'<a href="{url}">调研报告.pdf</a>' in page
    assert "/" + settings.MEDIA_URL not in page
