"""The command line is one more way in: it checks the web's permissions."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from ledgers.registry import LEDGERS, may_import
from petitions.models import PetitionCase

pytestmark = pytest.mark.django_db
CASE_HEADER = ["登记日期", "信访人", "身份证号", "联系电话", "来源渠道", "问题类别"]
CASE_HEADER += ["信访诉求", "责任单位"]
CASE_ROW = ["2024-03-05", "张建国", "620321199001011233", "13812341234", "来访"]
CASE_ROW += ["农村土地", "反映承包地被占用未获补偿的问题", "城关镇"]


def cases_file(tmp_path):
    workbook = Workbook()
    workbook.active.append(CASE_HEADER)
    workbook.active.append(CASE_ROW)
    buffer = BytesIO()
    workbook.save(buffer)
    path = tmp_path / "信访台账.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def command(path, user):
    call_command("import_ledger", str(path), kind="petition_cases", user=user)


def test_a_clerk_imports_no_petitioners_on_the_web_nor_on_the_command_line(
    client, city, tmp_path
):
    path = cases_file(tmp_path)
    client.force_login(city.users.clerk)
    page = reverse("ledger_import", args=["petition_cases"])
    with path.open("rb") as upload:
        assert client.post(page, {"file": upload}).status_code == 404
    with pytest.raises(CommandError, match="仅信访部门可导入"):
        command(path, "clerk")
    assert not PetitionCase.objects.exists()


def test_the_petition_office_imports_petitioners_on_both(client, city, tmp_path):
    path = cases_file(tmp_path)
    client.force_login(city.users.petition_office)
    page = reverse("ledger_import", args=["petition_cases"])
    with path.open("rb") as upload:
        preview = client.post(page, {"file": upload})
    assert preview.status_code == 200 and "新增" in preview.content.decode()
    command(path, "petition")
    case = PetitionCase.objects.get()
    assert case.petitioners.get().id_number == "620321199001011233"


@pytest.mark.parametrize("kind", ["reception_days", "activities"])
def test_the_command_refuses_whoever_the_web_refuses(city, tmp_path, kind):
    """A leader (no office role) and an auditor may import nothing anywhere;
    the command refuses them before reading the file."""
    path = tmp_path / "missing.xlsx"  # never opened: refused first
    for name in ("leader", "auditor", "cadre"):
        assert not may_import(getattr(city.users, name), LEDGERS[kind])
        with pytest.raises(CommandError, match="无权导入"):
            call_command("import_ledger", str(path), kind=kind, user=name)


def test_an_inactive_account_imports_nothing(city, tmp_path):
    city.users.petition_office.is_active = False
    city.users.petition_office.save()
    with pytest.raises(CommandError, match="无权导入"):
        command(cases_file(tmp_path), "petition")
