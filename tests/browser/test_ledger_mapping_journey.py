"""The petition office imports a 信访台账 that lacks two required columns and
writes a channel in its own words: in the mapping step it derives 登记日期
from 接件时间, gives 问题类别 one value for the file, maps "部门转入" to 来信,
and imports; the next ledger of the same layout needs none of it."""

import pytest

from ledgers.models import ImportMapping, ValueSynonym
from petitions.models import PetitionCase
from tests.ledgers.test_import_fills import FIRST, SECOND, THIRD, guide_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/org/ledgers/petition_cases/import/"


def upload(browser, path) -> None:
    page = browser.page
    browser.goto(URL)
    page.get_by_label("台账文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()


def test_office_fills_missing_columns_and_maps_its_own_words(browser, city, tmp_path):
    path = tmp_path / "信访台账.xlsx"
    path.write_bytes(guide_ledger(FIRST, SECOND))
    browser.login("petition")
    page = browser.page
    upload(browser, path)

    errors = page.get_by_test_id("import-errors").inner_text()
    assert "加一列“登记日期”" in errors and "加一列“问题类别”" in errors
    page.get_by_label("“登记日期”如何填写").select_option("由其他列推出")
    page.get_by_label("“登记日期”由哪一列推出").select_option("接件时间")
    page.get_by_label("“问题类别”如何填写").select_option("全表同一值")
    page.get_by_label("“问题类别”全表同一值").select_option("其他")
    page.get_by_role("button", name="按此对应重新预览").click()

    fills = page.get_by_test_id("column-fills").inner_text()
    assert "取“接件时间”列的日期（时刻不计入）" in fills
    values = page.get_by_test_id("value-mapping")
    assert "部门转入" in values.inner_text()
    page.get_by_label("来源渠道“部门转入”对应为").select_option("来信")
    page.get_by_role("button", name="按此对应重新预览").click()

    assert "新增 2 行" in page.get_by_test_id("import-preview").inner_text()
    page.screenshot(path="/tmp/sixiaji-ledger-mapping.png", full_page=True)
    assert not PetitionCase.objects.exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state("networkidle")
    assert "已导入：新增2行" in page.content()
    assert sorted(PetitionCase.objects.values_list("channel", "category")) == [
        ("letter", "other"),
        ("visit", "other"),
    ]
    assert ImportMapping.objects.get().derived == {"登记日期": "接件时间"}
    assert ValueSynonym.objects.filter(unit__isnull=False).count() == 1

    # The same layout again: previewed clean with nothing chosen.
    path.write_bytes(guide_ledger(THIRD))
    upload(browser, path)
    assert "新增 1 行" in page.get_by_test_id("import-preview").inner_text()
    assert browser.foreign_hosts() == set()
