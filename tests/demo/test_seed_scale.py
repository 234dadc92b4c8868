"""seed_scale: a city at scale, the same for the same seed, written once."""

import pytest
from django.core.management import CommandError, call_command

from activities.models import Activity
from org.models import Cadre, OrgUnit
from petitions.models import HotlineOrder, PetitionCase, ReceptionDay
from research.models import Measure, ResearchTrip
from tests.scale import SMALL, measured_at
from tracking.models import TrackedItem

pytestmark = pytest.mark.django_db


def _snapshot(city):
    return {
        "units": OrgUnit.objects.count(),
        "cadres": list(Cadre.objects.order_by("pk").values_list("name", "rank")),
        "activities": Activity.objects.count(),
        "places per activity": Activity.places.through.objects.count(),
        "trips": ResearchTrip.objects.count(),
        "measures": Measure.objects.count(),
        "receptions": ReceptionDay.objects.count(),
        "cases": list(PetitionCase.objects.order_by("number").values_list("stage")),
        "orders": HotlineOrder.objects.count(),
        "open items": TrackedItem.objects.filter(closed_at__isnull=True).count(),
    }


def test_the_same_seed_gives_the_same_city():
    first = measured_at(SMALL, _snapshot, fresh=True)
    second = measured_at(SMALL, _snapshot, fresh=True)
    assert first == second
    other = measured_at({**SMALL, "seed": 99}, _snapshot, fresh=True)
    assert other["cadres"] != first["cadres"]


def test_every_pillar_gets_records_in_proportion(capsys):
    call_command("seed_scale", "--cadres", "100", "--years", "1", "--per-cadre", "5")
    out = capsys.readouterr().out
    assert "干部 100 名" in out and "规模测试城市已写入" in out
    assert Cadre.objects.count() == 100
    assert Activity.objects.count() >= 100 * 5 - 100  # about 5 a cadre, and more
    assert PetitionCase.objects.count() == 150  # 1.5 a cadre a year
    assert HotlineOrder.objects.count() == 700  # 7 a cadre a year
    assert Measure.objects.exists() and ReceptionDay.objects.exists()


def test_the_command_refuses_to_write_a_second_city():
    call_command("seed_scale", "--cadres", "60", "--years", "1", "--per-cadre", "2")
    with pytest.raises(CommandError, match="已存在"):
        call_command("seed_scale", "--cadres", "60", "--years", "1")
