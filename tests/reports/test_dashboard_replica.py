"""Dashboard reads go to the read replica when one is configured: a second
database alias on the same PostgreSQL server (its own connection), as
DATABASE_REPLICA_URL would set it up."""

from datetime import date

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from org.models import Cadre
from petitions.models import ReceptionDay
from reports.routing import REPLICA, ReplicaRouter, read_alias, replica_reads
from tests.factories import CadreFactory

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),  # the replica sees committed rows
]


@pytest.fixture
def replica(settings):
    """A second alias on the same server and database, with a connection of
    its own, set up as DATABASE_REPLICA_URL does (an alias added inside the
    test, which Django's test case lets connect)."""
    default = connections["default"]
    if default.vendor != "postgresql":
        pytest.skip("a read replica is a PostgreSQL set-up")
    config = {**default.settings_dict, "TEST": {}}
    settings.DATABASES = {**settings.DATABASES, REPLICA: config}
    settings.DATABASE_ROUTERS = ["reports.routing.ReplicaRouter"]
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, REPLICA)
    setattr(connections._connections, REPLICA, wrapper)
    yield wrapper
    wrapper.close()
    delattr(connections._connections, REPLICA)


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def test_dashboard_reads_go_to_the_replica_and_writes_stay_on_default(
    client, city, replica, default_data
):
    leader = CadreFactory(name="接访领导", unit=city.jinchuan, rank=Cadre.Rank.COUNTY)
    ReceptionDay.objects.create(kind="reception", leader=leader, day=date(2024, 1, 9))
    client.force_login(city.users.city_leader)
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        response = client.get(reverse("reports:dashboard"), {"year": 2024})
    assert response.status_code == 200
    assert "接访领导" in response.text
    assert replica.connection is not connections["default"].connection
    # the compliance table's reads: people, reception days, activities
    for table in ("org_cadre", "petitions_receptionday", "activities_activity"):
        assert table in _tables(on_replica), table
        assert table not in _tables(on_default), table
    # the session and the user are read on default, outside the dashboard
    assert "django_session" in _tables(on_default)
    assert "django_session" not in _tables(on_replica)


def test_without_a_replica_everything_stays_on_default(settings):
    settings.DATABASE_ROUTERS = ["reports.routing.ReplicaRouter"]
    with replica_reads():
        assert read_alias() == "default"
        assert ReplicaRouter().db_for_read(Cadre) is None


def test_reads_outside_the_dashboard_and_all_writes_use_default(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Cadre) is None
    with replica_reads():
        assert router.db_for_read(Cadre) == REPLICA
        assert router.db_for_write(Cadre) == "default"
    assert router.allow_migrate(REPLICA, "org") is False
