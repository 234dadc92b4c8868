"""seed_demo: the demo city (金昌市), built once per session by the
`demo_city` fixture; running the command again changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from org.models import Cadre, OrgUnit, Place, User
from org.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        OrgUnit.objects.count(),
        Place.objects.count(),
        Cadre.objects.count(),
        User.objects.count(),
    )


def table_counts() -> dict[str, int]:
    """The number of rows in every table."""
    with connection.cursor() as cursor:
        counted = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counted[table] = cursor.fetchone()[0]
    return counted


def test_seed_demo_builds_jinchang_and_is_idempotent(demo_city, capsys):
    first = table_counts()
    assert min(counts()) > 0
    call_command("seed_demo", "--allow-production")
    assert table_counts() == first
    names = set(OrgUnit.objects.values_list("name", flat=True))
    assert {"金昌市", "永昌县", "金川区", "金昌经开区"} <= names
    assert (
        OrgUnit.objects.filter(
            kind=OrgUnit.Kind.DEPARTMENT, parent__code="620300"
        ).count()
        >= 12
    )
    assert set(Cadre.objects.values_list("rank", flat=True)) == set(Cadre.Rank.values)
    output = capsys.readouterr().out
    for username in ("cadre", "clerk", "leader", "petition", "auditor", "sysadmin"):
        assert username in output


def test_seed_demo_gives_one_login_per_role(demo_city):
    seen = set()
    for user in User.objects.all():
        seen |= roles_of(user)
        assert user.check_password("Sxjc@2024demo")
    assert seen == set(Role)


def test_seed_demo_refuses_production_without_flag(settings):

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
