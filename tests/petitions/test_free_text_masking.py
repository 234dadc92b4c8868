"""Personal data in free text: a case's content, reply, reasons and progress
notes show the names of its petitioners, mobile numbers and ID numbers
masked to every role but the petition office, in exports and in the audit
trail (docs/domain.md "Petition rules")."""

from datetime import date
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from petitions.masking import mask_content, mask_text
from petitions.models import BacklogCase, BacklogNote, CaseEvent, PetitionCase, Stage
from petitions.services import backlog_resolve, case_move

pytestmark = pytest.mark.django_db

ID = "620302199001011234"
MOBILE = "13812341234"
NAME = "张建国"
SECRETS = (ID, MOBILE, NAME)
# What they look like masked.
SHOWN = ("620302********1234", "138****1234", "张**")
TEXT = f"经核实，{NAME}（身份证{ID}，电话{MOBILE}）反映属实"


def test_mask_text_masks_ids_mobiles_and_the_given_names():
    masked = mask_text(TEXT, [NAME])
    assert masked == "经核实，张**（身份证620302********1234，电话138****1234）反映属实"
    # The names are the case's: other people and other numbers stay.
    other = "李志强书记接待，座机0935-8221234，工单12345-2024-00001，代码620321100001"
    assert mask_text(other, [NAME]) == other
    # Not part of a longer number: 19 digits is no ID, 12 digits no mobile.
    assert mask_text("1381234123456 6203021990010112345", []) == (
        "1381234123456 6203021990010112345"
    )
    assert mask_text(f"{ID[:-1]}X", []) == "620302********123X"


def test_mask_content_masks_before_cutting():
    """A number across the 12-character cut is masked, not cut to a prefix
    that is no longer recognised; a short content shows whole but masked."""
    assert mask_content(f"电话{MOBILE}反映问题", [NAME]) == (
        "电话138****123……（仅信访部门可见全文）"
    )
    assert mask_content(f"电{MOBILE}", [NAME]) == "电138****1234"


@pytest.fixture
def case(city, register):
    """A case whose free text names its petitioner, replied and closed into
    a backlog case with a plan, a progress note and a resolution."""
    case = register(on=date(2024, 3, 1), id_number=ID, content=f"电{MOBILE}")
    by = city.users.petition_office
    case_move(
        case=case, to=Stage.ROUTED, by=by, on=date(2024, 3, 5), unit=city.chengguan
    )
    case_move(case=case, to=Stage.ACCEPTED, by=by, on=date(2024, 3, 6), note=TEXT)
    case_move(case=case, to=Stage.REPLIED, by=by, on=date(2024, 3, 20), reply=TEXT)
    backlog = BacklogCase.objects.create(
        case=case,
        leader=city.users.cadre.cadre,
        team=f"专班（联系{NAME}）",
        plan=TEXT,
        assigned_on=date(2024, 3, 21),
    )
    BacklogNote.objects.create(backlog=backlog, on=date(2024, 3, 22), text=TEXT, by=by)
    backlog_resolve(backlog=backlog, by=by, on=date(2024, 3, 25), resolution=TEXT)
    return PetitionCase.objects.get(pk=case.pk)


def _pages(client, case) -> str:
    detail = client.get(reverse("petitions:case_detail", args=[case.pk]))
    backlog = client.get(reverse("petitions:backlog_detail", args=[case.backlog.pk]))
    assert detail.status_code == backlog.status_code == 200
    return detail.content.decode() + backlog.content.decode()


@pytest.mark.parametrize("role", ["clerk", "city_leader"])
def test_free_text_is_masked_on_pages_outside_the_petition_office(
    client, city, case, role
):
    client.force_login(getattr(city.users, role))
    html = _pages(client, case)
    assert [s for s in SECRETS if s in html] == []
    for shown in SHOWN:
        # content, reply, two events, team, plan, note, resolution
        assert html.count(shown) >= 6, shown


def test_the_petition_office_reads_free_text_whole(client, city, case):
    client.force_login(city.users.petition_office)
    html = _pages(client, case)
    for secret in SECRETS:
        assert html.count(secret) >= 7, secret


def test_the_case_export_masks_the_content(client, city, case):
    client.force_login(city.users.clerk)
    response = client.post(reverse("ledger_export", args=["petition_cases"]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    content = rows[3][rows[2].index("信访诉求")]
    assert content == "电138****1234"


def test_the_trail_stores_free_text_masked(client, city, case):
    """Stored masked (the admin's log entries hold no secret), and so shown
    on the auditor's page."""
    entries = LogEntry.objects.filter(
        content_type__app_label="petitions",
        content_type__model__in=[
            "petitioncase",
            "caseevent",
            "backlogcase",
            "backlognote",
        ],
    )
    stored = " ".join(str(e.changes) + e.object_repr for e in entries)
    assert [s for s in SECRETS if s in stored] == []
    for model, field in [
        (PetitionCase, "reply"),
        (CaseEvent, "note"),
        (BacklogCase, "plan"),
        (BacklogCase, "resolution"),
        (BacklogNote, "text"),
    ]:
        values = [
            e.changes_dict[field][1]
            for e in entries.filter(content_type__model=model._meta.model_name)
            if field in e.changes_dict
        ]
        assert mask_text(TEXT, [NAME]) in values, (model, field)
    client.force_login(city.users.auditor)
    page = client.get(reverse("audit_trail"), {"target": "petition"}).content.decode()
    assert "138****1234" in page and [s for s in SECRETS if s in page] == []


def test_a_deleted_records_text_is_masked_whole_in_the_trail(city, case):
    note = case.backlog.notes.get()
    note.delete()
    entry = LogEntry.objects.get(
        content_type__model="backlognote", action=LogEntry.Action.DELETE
    )
    assert entry.changes_dict["text"][0] == "经********"
