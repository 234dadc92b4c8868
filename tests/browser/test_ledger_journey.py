"""An office clerk imports the unit's own 民生实事 ledger: the mapping is shown,
one column is mapped by hand, the preview lists the rules used, and the
confirmed import lands on the list page."""

from io import BytesIO

import pytest
from openpyxl import Workbook

from activities.models import LivelihoodItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ledger(path) -> None:
    book = Workbook()
    sheet = book.active
    for row in [
        ["永昌县2024年民生实事目标任务分解表"],
        ["序号", "项目名称", "目标任务", "牵头单位", "分管同志", "完成时限"],
        [
            1,
            "城乡供水保障工程",
            "新建水厂一座",
            "城关镇/永昌县委办公室",
            "赵红梅 13800000000",
            "12月底前",
        ],
        [2, "老旧小区改造", "改造小区3个", "城关镇", "赵红梅", "2024.6.30"],
        ["制表人：李晓俊"],
    ]:
        sheet.append(row)
    sheet.merge_cells("A1:F1")
    buffer = BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_clerk_maps_previews_and_imports_the_units_own_ledger(browser, city, tmp_path):
    path = tmp_path / "民生实事.xlsx"
    _ledger(path)
    browser.login("clerk")
    page = browser.page
    browser.goto("/org/ledgers/livelihood_items/import/")
    page.get_by_label("台账文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()

    mapping = page.get_by_test_id("column-mapping")
    assert "表头在第2行" in mapping.inner_text()
    owner = page.get_by_label("“分管同志”导入为")
    assert owner.input_value() == ""  # no synonym knows 分管同志
    owner.select_option("责任人")
    page.get_by_role("button", name="按此对应重新预览").click()

    assert "新增 2 行" in page.get_by_test_id("import-preview").inner_text()
    notes = page.get_by_test_id("import-notes").inner_text()
    assert "“12月底前”→2024-12-31" in notes
    assert "配合单位“永昌县委办公室”" in notes
    assert not LivelihoodItem.objects.exists()  # nothing written before confirming
    page.screenshot(path="/tmp/sixiaji-ledger-import.png", full_page=True)
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")

    assert "已导入：新增2行" in page.content()
    assert LivelihoodItem.objects.count() == 2
    assert {
        i.item.owner.name for i in LivelihoodItem.objects.select_related("item__owner")
    } == {"赵红梅"}
    assert browser.foreign_hosts() == set()
