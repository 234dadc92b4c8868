from datetime import date

import pytest

from tracking.models import TrackedItem

# 2024 National Day: 1–7 October off, Sunday 29 September and Saturday
# 12 October are 调休 working days.
START = date(2024, 8, 15)
DEADLINE = date(2024, 10, 14)  # Monday after the 调休 Saturday


@pytest.fixture
def make_item(city):
    def make(
        title="渠道修缮",
        *,
        unit=None,
        owner=None,
        start=START,
        deadline=DEADLINE,
        kind="test",
    ):
        return TrackedItem.objects.create(
            kind=kind,
            title=title,
            unit=unit or city.chengguan,
            owner=owner if owner is not None else city.users.cadre.cadre,
            start_date=start,
            deadline=deadline,
        )

    return make
