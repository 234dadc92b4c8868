"""The trail of records written in bulk (`security.trail.log_in_bulk`) says
what auditlog would say of each record saved alone."""

from datetime import date

import pytest
from auditlog.diff import model_instance_diff

from activities.models import Activity
from petitions.models import PetitionCase, Petitioner, ReceptionDay
from security.trail import _created_diff
from tests.factories import ActivityFactory, CadreFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("use_json", [False, True])
def test_a_created_records_diff_is_auditlogs_own(city, register, use_json):
    """Masked fields (a petitioner's name, ID number, phone, address; a
    case's content), foreign keys, dates, choices, empty and default values
    alike, in both of auditlog's forms of a change."""
    case = register(id_number="620302199001011234")
    leader = CadreFactory(unit=city.jinchuan, rank="county")
    records = [
        *Petitioner.objects.filter(case=case),
        PetitionCase.objects.get(pk=case.pk),
        ActivityFactory(cadre=leader, start_date=date(2024, 3, 5)),
        ReceptionDay.objects.create(
            kind="reception", leader=leader, day=date(2024, 3, 5), location=""
        ),
    ]
    assert records[0].id_number  # a masked field with a value
    for record in records:
        diff = _created_diff(type(record), use_json)
        assert diff(record) == model_instance_diff(
            None, record, use_json_for_changes=use_json
        ), type(record)


def test_an_empty_record_has_no_diff_as_in_auditlog():
    record = Activity()
    assert _created_diff(Activity, False)(record) == model_instance_diff(None, record)
