from datetime import date

import pytest

from petitions.services import case_register


@pytest.fixture
def register(city):
    """Register a case in 永昌县 as the petition office."""

    def make(
        on=date(2024, 3, 1), id_number="620302199001011234", content=None, **extra
    ):
        return case_register(
            by=city.users.petition_office,
            channel=extra.pop("channel", "visit"),
            category=extra.pop("category", "land"),
            content=content or "反映承包地被占用未获补偿的问题",
            registered_on=on,
            unit=extra.pop("unit", city.yongchang),
            petitioners=extra.pop(
                "petitioners",
                [
                    {
                        "name": "张建国",
                        "id_number": id_number,
                        "phone": "13812341234",
                        "address": "永昌县城关镇金川西村三社",
                    }
                ],
            ),
            **extra,
        )

    return make
