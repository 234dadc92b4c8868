"""The report editor: the office edits the title, every heading and
paragraph, the signature (落款) and the date (成文日期), adds and removes
paragraphs; the PDF and the .docx render exactly what was saved, a line
break starting a new paragraph; two edits from one version do not overwrite
each other; only the unit's office and leaders edit."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from reports.models import Report
from reports.services import report_generate
from tests.reports.gbt9704 import body_lines, pdf_pages


def editor_data(report, paragraphs, **fields) -> dict:
    """The POST of the report page's form: its fields and the formset."""
    data = {
        "version": report.version,
        "title": report.title,
        "signature": report.signature or "中共永昌县委办公室",
        "signed_on": (report.signed_on or date(2024, 10, 8)).isoformat(),
        "p-TOTAL_FORMS": len(paragraphs),
        "p-INITIAL_FORMS": 0,
        "p-MIN_NUM_FORMS": 1,
        "p-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for i, p in enumerate(paragraphs):
        data[f"p-{i}-style"] = p["style"]
        data[f"p-{i}-text"] = p["text"]
        if p.get("DELETE"):
            data[f"p-{i}-DELETE"] = "on"
    return data


@pytest.fixture
def report(city):
    return Report.objects.create(
        unit=city.yongchang,
        year=2023,
        quarter=4,
        status=Report.Status.DONE,
        title="关于永昌县2023年第四季度落实“四下基层”开展情况的报告",
        paragraphs=[
            {"style": "body", "text": "开头一段。"},
            {"style": "heading", "text": "一、宣传党的路线方针政策下基层"},
            {"style": "body", "text": "宣讲一段。"},
        ],
        signature="中共永昌县委办公室",
        signed_on=date(2024, 1, 8),
    )


@pytest.mark.django_db
def test_the_office_edits_every_part_and_the_files_render_it(
    client, city, report, django_capture_on_commit_callbacks
):
    client.force_login(city.users.clerk)
    paragraphs = [
        {"style": "body", "text": "改写的开头。"},
        {"style": "heading", "text": "一、改写的标题", "DELETE": False},
        {"style": "body", "text": "要删去的一段。", "DELETE": True},
        {"style": "sub_heading", "text": "（一）新加的二级标题"},
        {"style": "body", "text": "第一段。\n第二段。"},
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("reports:report_edit", args=[report.pk]),
            editor_data(
                report,
                paragraphs,
                title="关于永昌县2023年第四季度工作的报告",
                signature="中共永昌县委员会办公室",
                signed_on="2024-01-10",
            ),
        )
    assert response.status_code == 302 and len(callbacks) == 1
    report_generate(report.pk)
    report.refresh_from_db()
    assert report.edited and report.status == Report.Status.DONE
    assert report.title == "关于永昌县2023年第四季度工作的报告"
    assert [p["text"] for p in report.paragraphs] == [
        "改写的开头。",
        "一、改写的标题",
        "（一）新加的二级标题",
        "第一段。\n第二段。",
    ]
    assert report.signed_on == date(2024, 1, 10)
    expected = [
        "关于永昌县2023年第四季度工作的报告",
        "改写的开头。",
        "一、改写的标题",
        "（一）新加的二级标题",
        "第一段。",
        "第二段。",
        "中共永昌县委员会办公室",
        "2024年1月10日",
    ]
    docx = Document(BytesIO(report.docx.read()))
    assert [p.text for p in docx.paragraphs if p.text] == expected
    lines = [line.text for line in body_lines(pdf_pages(report.pdf.read())[0])]
    assert lines == expected


@pytest.mark.django_db
def test_a_bad_edit_names_the_field_and_saves_nothing(client, city, report):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("reports:report_edit", args=[report.pk]),
        editor_data(report, [{"style": "body", "text": "x"}], signed_on="2024-13-01"),
    )
    assert response.status_code == 200
    assert "signed_on" in response.context["form"].errors
    assert "成文日期" in response.text
    report.refresh_from_db()
    assert not report.edited and report.paragraphs[0]["text"] == "开头一段。"


@pytest.mark.django_db
def test_two_edits_from_one_version_do_not_overwrite_each_other(
    client, city, report, django_capture_on_commit_callbacks
):
    client.force_login(city.users.clerk)
    url = reverse("reports:report_edit", args=[report.pk])
    first = editor_data(report, [{"style": "body", "text": "先保存的修改。"}])
    second = editor_data(report, [{"style": "body", "text": "后保存的修改。"}])
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(url, first).status_code == 302
        response = client.post(url, second)
    assert response.status_code == 200
    assert "已被他人修改" in response.text
    report.refresh_from_db()
    assert report.paragraphs == [{"style": "body", "text": "先保存的修改。"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("clerk", 302), ("leader", 404), ("petition_office", 404), ("cadre", 404)],
)
def test_only_the_units_office_and_leaders_edit_its_report(
    client, city, report, django_capture_on_commit_callbacks, role, status
):
    client.force_login(getattr(city.users, role))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("reports:report_edit", args=[report.pk]),
            editor_data(report, [{"style": "body", "text": "改了。"}]),
        )
    assert response.status_code == status
    report.refresh_from_db()
    assert report.edited == (status == 302)


@pytest.mark.django_db
def test_the_report_page_shows_the_editor_to_the_office_only(client, city, report):
    client.force_login(city.users.clerk)
    page = client.get(reverse("reports:report_detail", args=[report.pk]))
    assert page.context["paragraphs"].total_form_count() == 4  # 3 and a blank one
    assert 'name="signed_on"' in page.text and 'value="2024-01-08"' in page.text
    client.force_login(city.users.city_leader)
    page = client.get(reverse("reports:report_detail", args=[report.pk]))
    assert page.status_code == 200 and 'name="signed_on"' not in page.text
    assert "中共永昌县委办公室" in page.text


@pytest.mark.django_db
def test_a_past_quarter_built_today_is_signed_by_the_issuing_body_on_the_build_day(
    city, monkeypatch
):
    today = date(2026, 12, 1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: today)
    city.jinchuan.issuing_name = "中共金昌市金川区委办公室"
    city.jinchuan.save()
    report = Report.objects.create(unit=city.jinchuan, year=2023, quarter=4)
    unsigned = Report.objects.create(unit=city.yongchang, year=2023, quarter=4)
    for r in (report, unsigned):
        report_generate(r.pk)
        r.refresh_from_db()
    assert (report.signature, report.signed_on) == ("中共金昌市金川区委办公室", today)
    # No issuing name: the Party committee's office, never the bare place.
    assert unsigned.signature == "中共永昌县委办公室"
    assert report.period_label == "2023年第四季度"
    lines = [line.text for page in pdf_pages(report.pdf.read()) for line in page]
    assert "中共金昌市金川区委办公室" in lines and "2026年12月1日" in lines
    assert "金川区" not in lines


@pytest.mark.parametrize(
    ("quarter", "half", "label"),
    [(3, None, "2024年第三季度"), (None, 1, "2024年上半年"), (None, None, "2024年度")],
)
def test_period_labels_use_chinese_numerals(quarter, half, label):
    assert Report(year=2024, quarter=quarter, half=half).period_label == label


@pytest.mark.django_db
def test_the_page_saved_as_shown_keeps_its_text_and_ignores_the_blank_paragraph(
    client, city, report, django_capture_on_commit_callbacks
):
    client.force_login(city.users.clerk)
    page = client.get(reverse("reports:report_detail", args=[report.pk]))
    formset, form = page.context["paragraphs"], page.context["form"]
    data = {f"p-{k}": v for k, v in formset.management_form.initial.items()}
    data.update({name: form[name].value() for name in form.fields})
    data["version"] = report.version
    for sub in formset:
        # A browser sends a select's first option when none is selected.
        first = sub.fields["style"].choices[0][0]
        data[sub["style"].html_name] = sub["style"].value() or first
        data[sub["text"].html_name] = sub["text"].value() or ""
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reports:report_edit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert [p["text"] for p in report.paragraphs] == [
        "开头一段。",
        "一、宣传党的路线方针政策下基层",
        "宣讲一段。",
    ]
