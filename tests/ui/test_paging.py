"""A long list counts at most CAP rows, so its cost does not grow with the
city; the page says when there are more."""

import pytest

from org.models import Cadre
from tests.factories import ActivityFactory, CadreFactory
from ui.paging import CappedPaginator

pytestmark = pytest.mark.django_db


def test_the_count_stops_at_the_cap_and_says_so(city):
    CadreFactory.create_batch(12, unit=city.yongchang)
    total = Cadre.objects.count()
    assert total > 12
    capped = CappedPaginator(Cadre.objects.all(), 5, cap=10)
    assert capped.count == 10 and capped.capped and capped.num_pages == 2
    exact = CappedPaginator(Cadre.objects.all(), 5, cap=total)
    assert exact.count == total and not exact.capped


def test_the_activity_list_shows_a_capped_count(client, city, monkeypatch):
    monkeypatch.setattr("ui.paging.CAP", 3)
    cadre = CadreFactory(unit=city.yongchang)
    ActivityFactory.create_batch(5, cadre=cadre, unit=city.yongchang)
    client.force_login(city.users.clerk)
    response = client.get("/activities/")
    page = response.context["page"]
    assert page.paginator.count == 3 and page.paginator.capped
    assert len(page) == 3
