"""Shared fixtures: a small city of two counties and the named role users."""

import copy
import functools
import os
import uuid
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from org.models import Cadre, OrgUnit
from org.roles import Role
from petitions.services import case_register

from .factories import CadreFactory, OrgUnitFactory, PlaceFactory, make_login
from .plugins import FAST_PASSWORD_HASHERS
from .plugins.seeded import seeded

# Playwright's sync API runs an event loop in the test thread; Django's ORM is
# still used synchronously around it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = [
    "tests.plugins.celery_worker",
    "tests.plugins.browser",
    "tests.plugins.seeded",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Rate-limit counters start from zero in every test (the next test's
    users may get the same ids). The process-memory cache is emptied; a Redis
    cache, which may share its database with the Celery broker, gets a key
    prefix of this test's own instead of being flushed."""

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    else:
        settings.CACHES = {
            name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
            for name, config in settings.CACHES.items()
        }


@pytest.fixture
def city(db, _city_snapshot):
    """金昌市 with two counties (永昌县, 金川区), a township and village in each.

    Named users: `cadre` (a township cadre of 永昌县), `clerk` (永昌县 office),
    `leader` (a leader of 金川区), `city_leader`, `petition_office` (city-wide),
    `auditor`, `sysadmin`, `secadmin`.

    Built once per session (tests/plugins/seeded.py): each test gets the rows
    in its own transaction and its own copy of the objects. A transactional
    test (nothing to roll back) builds the city itself.
    """
    if connection.in_atomic_block:
        return copy.deepcopy(_city_snapshot.load())
    return _build_city()


@pytest.fixture(scope="session")
def _city_snapshot(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
    ):
        return seeded("city", _build_city)


def _build_city() -> SimpleNamespace:
    root = OrgUnitFactory(code="620300", name="金昌市", kind=OrgUnit.Kind.CITY)
    yongchang = OrgUnitFactory(
        code="620321", name="永昌县", kind=OrgUnit.Kind.COUNTY, parent=root
    )
    jinchuan = OrgUnitFactory(
        code="620302", name="金川区", kind=OrgUnit.Kind.COUNTY, parent=root
    )
    chengguan = OrgUnitFactory(code="620321100", name="城关镇", parent=yongchang)
    ningyuanpu = OrgUnitFactory(code="620302100", name="宁远堡镇", parent=jinchuan)
    yc_office = OrgUnitFactory(
        code="620321201",
        name="永昌县委办公室",
        kind=OrgUnit.Kind.DEPARTMENT,
        parent=yongchang,
    )
    petition_bureau = OrgUnitFactory(
        code="620300105", name="市信访局", kind=OrgUnit.Kind.DEPARTMENT, parent=root
    )
    users = SimpleNamespace(
        cadre=make_login("cadre", Role.CADRE, unit=chengguan, name="王建国"),
        clerk=make_login(
            "clerk", Role.CLERK, unit=yc_office, scope=yongchang, rank=Cadre.Rank.STAFF
        ),
        leader=make_login(
            "leader",
            Role.LEADERSHIP,
            unit=jinchuan,
            scope=jinchuan,
            rank=Cadre.Rank.COUNTY,
            name="李志强",
        ),
        city_leader=make_login(
            "cityleader", Role.LEADERSHIP, unit=root, scope=root, rank=Cadre.Rank.CITY
        ),
        petition_office=make_login(
            "petition", Role.PETITION_OFFICE, unit=petition_bureau, scope=root
        ),
        auditor=make_login("auditor", Role.AUDIT_ADMIN),
        sysadmin=make_login("sysadmin", Role.SYSTEM_ADMIN),
        secadmin=make_login("secadmin", Role.SECURITY_ADMIN),
    )
    return SimpleNamespace(
        root=root,
        yongchang=yongchang,
        jinchuan=jinchuan,
        chengguan=chengguan,
        ningyuanpu=ningyuanpu,
        yc_office=yc_office,
        yc_village=PlaceFactory(name="金川西村", unit=chengguan),
        jc_village=PlaceFactory(name="宁远堡村", unit=ningyuanpu),
        yc_colleague=CadreFactory(name="赵红梅", unit=chengguan),
        jc_cadre=CadreFactory(name="陈海军", unit=ningyuanpu),
        users=users,
    )


@pytest.fixture
def count_queries():
    """Return a function that runs a callable and counts its SQL queries."""

    def run(func) -> int:
        with CaptureQueriesContext(connection) as context:
            func()
        return len(context.captured_queries)

    return run


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


@functools.cache
def _data_migrations() -> list:
    """Every data step (RunPython) of the project's migrations, in the order
    `migrate` runs them."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    project = {  # this project's apps, not Django's or the libraries'
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR))
    }
    return [
        operation.code
        for key in plan
        if key[0] in project
        for operation in loader.graph.nodes[key].operations
        if isinstance(operation, RunPython)
    ]


@pytest.fixture
def default_data(db):
    """The rows data migrations seed (quota rules and their citations, time
    limits, column-name and value synonyms), restored for transactional tests:
    their database flush removes them. Every data migration runs again, in
    order (each is written to run on a database that may hold its rows)."""
    editor = SimpleNamespace(connection=connection)  # what data steps read of it
    for code in _data_migrations():
        code(apps, editor)
