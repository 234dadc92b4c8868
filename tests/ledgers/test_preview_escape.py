"""A cell holding HTML or script shows escaped in the import preview. The file
has no bad row, so the preview table is rendered (an error hides it)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from petitions.models import ReceptionDay
from tests.factories import CadreFactory
from tests.sheets import workbook

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = (
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    "&lt;img src=x onerror=alert(1)&gt;"
)
HEADER = ["日期", "类别", "接访领导", "单位", "地点", "接待群众（人次）"]


def xlsx(*rows) -> bytes:
    return workbook([HEADER, *rows])


def test_html_in_a_cell_is_escaped_in_the_rendered_preview(client, city):
    CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    client.force_login(city.users.clerk)
    content = xlsx(
        ["2024-03-05", "领导接访日", "张县长", "永昌县", SCRIPT, 8],
        ["2024-03-12", "领导接访日", "张县长", "永昌县", "县接待中心", 5],
    )
    preview = client.post(
        reverse("ledger_import", args=["reception_days"]),
        {"file": SimpleUploadedFile("接访.xlsx", content)},
    )
    assert preview.status_code == 200
    assert not preview.context["result"].errors
    assert "预览：新增 2 行" in preview.text
    assert "县接待中心" in preview.text  # the preview table is there
    assert ESCAPED in preview.text
    assert "<script>alert" not in preview.text
    assert "<img src=x" not in preview.text
    assert not ReceptionDay.objects.exists()
