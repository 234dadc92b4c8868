"""The permission matrix: every URL × every role × a record in each of two
counties, GET and POST. A URL without a rule here fails the test, so each
new page states who may use it.

Codes: 200; 302 (sent elsewhere: an action done, or refused with a message);
404 (not in the user's scope: never 403 for records, no existence leak);
403; 405 (method not allowed); login (sent to log in).
Roles in order: cadre, clerk (永昌县 office), leader (金川区), city_leader,
petition_office (city), auditor, sysadmin, secadmin. Object URLs give
"yc/jc": the code for the record in 永昌县 and for the one in 金川区.
"""

import os
from collections.abc import Iterator
from dataclasses import replace

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from org.models import User
from org.roles import GROUP_PERMISSIONS, Role, group_name, roles_of, sees_personal_data
from security.admin import UserChangeForm as CheckedForm
from security.models import AuditEvent
from security.services import grants_of, role_change_check
from tests.factories import PASSWORD, PlaceFactory
from tests.petitions.test_views import registration
from tests.security.matrix import (
    COUNTIES,
    ROLES,
    outcome,
    url_names,
)
from tests.security.test_malformed import lecture

pytestmark = pytest.mark.django_db

# Which record an object URL's pk names, and fixed values of other parameters.
OBJECTS = {
    "cadre_detail": "cadre",
    "item_close": "item",
    "activities:detail": "activity",
    "activities:edit": "activity",
    "activities:attachment": "activity",
    "activities:case_add": "activity",
    "activities:livelihood_progress": "livelihood",
    "research:plan_detail": "plan",
    "research:topic_detail": "topic",
    "research:topic_edit": "topic",
    "research:chain_add": "topic",
    "research:finding_delete": "finding",
    "research:report_file": "research_report",
    "petitions:case_detail": "case",
    "petitions:case_action": "case",
    "petitions:case_extend": "case",
    "petitions:case_merge": "case",
    "petitions:backlog_create": "case",
    "petitions:reception_detail": "reception",
    "petitions:backlog_detail": "backlog",
    "reports:report_detail": "report",
    "reports:report_edit": "report",
    "reports:report_retry": "report",
    "reports:report_download": "report",
    "item_reopen": "item",
    "ledger_export_job": "export_job",
    "ledger_export_retry": "export_job",
    "ledger_export_file": "export_job",
    "ledger_import_job": "import_job",
    "ledger_import_confirm": "import_job",
    "supervision:item_detail": "item",
    "supervision:rectification_detail": "rectification",
    "supervision:order_detail": "order",
    "supervision:order_reply": "order",
    "supervision:order_send_back": "order",
    "supervision:notice_read": "notice",
}
ARGS = {
    "uidb64": "MQ",
    "token": "invalid-token",
    "kind": "activities",
    "step": "findings",
    "fmt": "pdf",
    "name": "cadre",  # a searchable-choices source (ui/choices.py)
}
ARGS_FOR = {  # where one URL needs another value
    "ledger_import": {"kind": "reception_days"},
    "ledger_template": {"kind": "reception_days"},
}
# Reached without logging in (an activation link: the new account's token
# decides, tests/org/test_go_live.py).
PUBLIC = {"login", "logout", "account_activate"}


def both(codes: str) -> dict[str, str]:
    """The same codes for GET and POST."""
    return {"GET": codes, "POST": codes}


# fmt: off
RULES: dict[str, dict[str, str]] = {
    "activities:attachment": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "activities:case_add": both("200/404 200/404 404/404 404/404 404/404 404/404 404/404 404/404"),
    "activities:calendar": both("200 200 200 200 200 200 200 200"),
    "activities:create": both("200 200 200 200 200 302 302 302"),
    "activities:detail": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "activities:edit": both("200/404 200/404 404/404 404/404 404/404 404/404 404/404 404/404"),
    "activities:heat": both("200 200 200 200 200 200 200 200"),
    "activities:liaison_list": both("200 200 200 200 200 200 200 200"),
    "activities:list": both("200 200 200 200 200 200 200 200"),
    "activities:livelihood_create": both("200 200 200 200 200 200 200 200"),
    "activities:livelihood_list": both("200 200 200 200 200 200 200 200"),
    "activities:livelihood_progress": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "302/404 302/404 404/404 404/404 404/404 404/404 404/404 404/404",
    },
    "audit_export": {
        "GET": "404 404 404 404 404 405 404 404",
        "POST": "404 404 404 404 404 200 404 404",
    },
    "audit_trail": both("404 404 404 404 404 200 404 404"),
    "cadre_detail": both("200/404 200/404 404/200 200/200 200/200 404/404 200/200 200/200"),
    "choices": both("200 200 200 200 200 200 200 200"),  # each sees its own scope
    "cadre_list": both("200 200 200 200 200 200 200 200"),
    "home": both("200 200 200 200 200 200 200 200"),
    "item_close": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "302/404 302/404 404/404 404/404 404/404 404/404 404/404 404/404",
    },
    "ledger_export": both("200 200 200 200 200 200 200 200"),
    "ledger_import": both("404 200 404 404 200 404 404 404"),
    "ledger_template": both("404 200 404 404 200 404 404 404"),
    "my_exports": both("200 200 200 200 200 200 200 200"),  # one's own only
    "otp_setup": both("200 200 200 200 200 200 200 200"),
    "otp_verify": both("302 302 302 302 302 302 302 302"),
    "password_change": both("200 200 200 200 200 200 200 200"),
    "petitions:backlog_create": both("404/404 200/404 404/404 404/404 200/200 404/404 404/404 404/404"),
    "petitions:backlog_detail": {
        "GET": "200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404",
        "POST": "302/404 302/404 404/200 200/200 302/302 404/404 404/404 404/404",
    },
    "petitions:backlog_list": both("200 200 200 200 200 200 200 200"),
    "petitions:case_action": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "404/404 302/404 404/404 404/404 302/302 404/404 404/404 404/404",
    },
    "petitions:case_create": both("302 200 302 302 200 302 302 302"),
    "petitions:case_detail": both("404/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "petitions:case_extend": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "404/404 302/404 404/404 404/404 302/302 404/404 404/404 404/404",
    },
    "petitions:case_list": both("200 200 200 200 200 200 200 200"),
    "petitions:case_merge": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "404/404 302/404 404/404 404/404 302/302 404/404 404/404 404/404",
    },
    "petitions:due_list": both("200 200 200 200 200 200 200 200"),
    "petitions:hotline": both("200 200 200 200 200 200 200 200"),
    "petitions:reception_create": both("200 200 200 200 200 200 200 200"),
    "petitions:reception_detail": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "petitions:reception_list": both("200 200 200 200 200 200 200 200"),
    "petitions:time_limits": both("200 200 200 200 200 200 200 200"),
    "reports:compliance_json": both("200 200 200 200 200 403 403 403"),
    "reports:dashboard": both("200 200 200 200 200 403 403 403"),
    "reports:index": both("200 200 200 200 200 200 200 200"),
    "reports:my_quotas": both("200 200 200 200 200 302 302 302"),
    "reports:report_detail": both("404/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "reports:report_download": both("404/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "reports:report_edit": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        # An empty POST is an invalid form: shown again to the unit's office.
        "POST": "404/404 200/404 404/404 404/404 404/404 404/404 404/404 404/404",
    },
    "reports:report_list": both("200 200 200 200 200 200 200 200"),
    "reports:report_retry": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "404/404 302/404 404/404 404/404 404/404 404/404 404/404 404/404",
    },
    "reports:trend_json": both("200 200 200 200 200 403 403 403"),
    "research:chain_add": both("200/404 200/404 404/404 404/404 404/404 404/404 404/404 404/404"),
    "research:finding_delete": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "302/404 302/404 404/404 404/404 404/404 404/404 404/404 404/404",
    },
    "research:measure_list": both("200 200 200 200 200 200 200 200"),
    "research:overview": both("200 200 200 200 200 302 302 302"),
    "research:plan_create": both("200 200 200 200 200 200 200 200"),
    "research:plan_detail": both("404/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "research:plan_list": both("200 200 200 200 200 200 200 200"),
    "research:report_file": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "research:topic_create": both("200 200 200 200 200 200 200 200"),
    "research:topic_detail": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "research:topic_edit": both("200/404 200/404 404/404 404/404 404/404 404/404 404/404 404/404"),
    "research:topic_list": both("200 200 200 200 200 200 200 200"),
    "unit_list": both("200 200 200 200 200 200 200 200"),
    "item_reopen": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "302/404 302/404 404/404 404/404 404/404 404/404 404/404 404/404",
    },
    "ledger_export_file": both("404/404 200/404 404/200 404/404 404/404 404/404 404/404 404/404"),
    "ledger_export_job": both("404/404 200/404 404/200 404/404 404/404 404/404 404/404 404/404"),
    "ledger_export_retry": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "404/404 302/404 404/302 404/404 404/404 404/404 404/404 404/404",
    },
    # An import job, like an export job, is its uploader's alone.
    "ledger_import_job": both("404/404 200/404 404/200 404/404 404/404 404/404 404/404 404/404"),
    "ledger_import_confirm": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "404/404 302/404 404/302 404/404 404/404 404/404 404/404 404/404",
    },
    "research:finding_list": both("200 200 200 200 200 200 200 200"),
    "research:trip_list": both("200 200 200 200 200 200 200 200"),
    "supervision:inbox": both("200 200 200 200 200 200 200 200"),
    "supervision:inbox_read_all": {
        "GET": "405 405 405 405 405 405 405 405",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "supervision:item_detail": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "supervision:items": both("200 200 200 200 200 200 200 200"),
    "supervision:notice_read": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "302/404 404/404 404/302 404/404 404/404 404/404 404/404 404/404",
    },
    "supervision:order_create": both("404 200 200 200 404 404 404 404"),
    "supervision:order_detail": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "supervision:order_reply": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "302/404 302/404 404/404 404/404 404/404 404/404 404/404 404/404",
    },
    "supervision:order_schedule": both("200 200 200 200 200 200 200 200"),
    "supervision:order_send_back": {
        "GET": "405/405 405/405 405/405 405/405 405/405 405/405 405/405 405/405",
        "POST": "404/404 404/404 404/404 302/302 404/404 404/404 404/404 404/404",
    },
    "supervision:orders": both("200 200 200 200 200 200 200 200"),
    "supervision:overdue": both("200 200 200 200 200 200 200 200"),
    "supervision:rectification_create": both("404 200 404 404 404 404 404 404"),
    "supervision:rectification_detail": both("200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404"),
    "supervision:rectifications": both("200 200 200 200 200 200 200 200"),
    "supervision:reminders": {
        "GET": "200 200 200 200 200 200 200 200",
        "POST": "302 302 302 302 302 302 302 302",
    },
    "supervision:unread_badge": both("200 200 200 200 200 200 200 200"),
}
# fmt: on


def request_url(name: str, params: list[str], obj) -> str:
    kwargs = {p: ARGS_FOR.get(name, ARGS)[p] for p in params if p != "pk"}
    if "pk" in params:
        kwargs["pk"] = obj.pk
    return reverse(name, kwargs=kwargs)


def observe(client, url: str, method: str) -> str:
    """One request whose writes are rolled back, so the next starts clean."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return outcome(response)


def matrix_row(client_for, name: str, params: list[str], world, method) -> str:
    codes = []
    for role in ROLES:
        client = client_for(role)
        if name in OBJECTS:
            objects = world[OBJECTS[name]]
            pair = [
                observe(client, request_url(name, params, objects[c]), method)
                for c in COUNTIES
            ]
            codes.append("/".join(pair))
        else:
            codes.append(observe(client, request_url(name, params, None), method))
    return " ".join(codes)


def test_every_url_has_a_rule():
    names = set(url_names())
    missing = sorted(names - set(RULES) - PUBLIC)
    stale = sorted(set(RULES) - names)
    assert missing == [], f"这些URL没有权限规则，请在 RULES 中补充：{missing}"
    assert stale == [], f"RULES 中的URL已不存在：{stale}"
    for name, params in url_names().items():
        if "pk" in params:
            assert name in OBJECTS, f"{name} 带 pk 参数，请在 OBJECTS 中指明记录类型"
        assert set(params) - {"pk"} <= set(ARGS), f"{name} 的参数没有取值"


def _cases() -> Iterator[tuple[str, str]]:
    for name in sorted(url_names()):
        if name not in PUBLIC:
            for method in ("GET", "POST"):
                yield name, method


@pytest.mark.parametrize(("name", "method"), list(_cases()))
def test_permission_matrix(client_for, world, name, method):
    params = url_names()[name]
    observed = matrix_row(client_for, name, params, world, method)
    if os.environ.get("MATRIX_PRINT"):  # print the observed table to review
        with open(os.environ["MATRIX_PRINT"], "a") as out:
            out.write(f"{name}\t{method}\t{observed}\n")
        return
    if name not in RULES:
        pytest.fail(f"{name} 没有权限规则")
    assert observed == RULES[name][method], (
        f"{method} {name}\n 期望：{RULES[name][method]}\n 实际：{observed}\n"
        f" 角色：{' '.join(ROLES)}"
    )


@pytest.mark.parametrize("name", sorted(set(url_names()) - PUBLIC))
def test_anonymous_is_sent_to_log_in(client, world, name):
    params = url_names()[name]
    obj = world[OBJECTS[name]]["yc"] if name in OBJECTS else None
    response = client.get(request_url(name, params, obj))
    assert outcome(response) == "login", name


def test_object_urls_give_404_for_a_record_that_does_not_exist(client_for, world):
    """Guessing ids: a missing record looks exactly like one out of scope."""
    for name, params in url_names().items():
        if "pk" not in params:
            continue
        kwargs = {p: ARGS_FOR.get(name, ARGS)[p] for p in params if p != "pk"}
        url = reverse(name, kwargs={**kwargs, "pk": 987654321})
        for role in ("petition_office", "clerk"):
            method = (
                "POST"
                if RULES.get(name, {}).get("GET", "").startswith("405")
                else "GET"
            )
            assert observe(client_for(role), url, method) == "404", (name, role)


ADMIN_ROLES = ("auditor", "sysadmin", "secadmin")
AUDIT_MODELS = {"security_auditevent", "auditlog_logentry"}


def _admin_pages() -> Iterator[tuple[str, str, str]]:

    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
        for action in ("changelist", "add"):
            yield app_label, model_name, f"admin:{app_label}_{model_name}_{action}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_follows_the_separation_of_duties(client, city, role):
    """The three administrators are staff; each sees only its own models. The
    auditor reads the audit trail and adds or changes nothing; the system and
    security administrators cannot open the audit trail; other roles are not
    staff at all."""

    user = getattr(city.users, role)
    user.is_staff = role in ADMIN_ROLES
    user.save()
    client.force_login(user)
    perms = {p for r in roles_of(user) for p in GROUP_PERMISSIONS[Role(r)]}
    wrong = []
    for app_label, model_name, name in _admin_pages():
        base = f"{app_label}_{model_name}"
        action = name.rsplit("_", 1)[1]
        if role not in ADMIN_ROLES:
            expected = "login"
        elif action == "add":
            expected = "200" if f"{app_label}.add_{model_name}" in perms else "403"
        else:
            readable = {
                f"{app_label}.view_{model_name}",
                f"{app_label}.change_{model_name}",
            }
            expected = "200" if readable & perms else "403"
        if base in AUDIT_MODELS and action == "changelist" and role in ADMIN_ROLES:
            assert expected == ("200" if role == "auditor" else "403")
        if role == "auditor" and action == "add":
            assert expected == "403"
        got = outcome(client.get(reverse(name)))
        if got != expected:
            wrong.append((name, expected, got))
    assert wrong == []


def _valid_posts(city) -> list[tuple[str, dict]]:
    """A complete, valid submission of every form that creates a record."""

    cadre = city.users.cadre.cadre
    project = PlaceFactory(name="光伏项目", kind="project", unit=city.chengguan)
    return [
        ("activities:create", lecture(city)),
        (
            "activities:livelihood_create",
            {
                "year": 2024,
                "title": "修路",
                "unit": city.chengguan.pk,
                "owner": cadre.pk,
                "start_date": "2024-03-01",
                "deadline": "2024-06-01",
            },
        ),
        (
            "activities:liaison_list",
            {
                "kind": "project",
                "cadre": cadre.pk,
                "role": "leader",
                "place": project.pk,
                "since": "2024-01-01",
            },
        ),
        (
            "research:plan_create",
            {
                "unit": city.yongchang.pk,
                "year": 2024,
                "submitted_on": "2024-02-01",
                "content": "计划",
            },
        ),
        (
            "research:topic_create",
            {
                "title": "课题",
                "lead": cadre.pk,
                "unit": city.chengguan.pk,
                "year": 2024,
                "problem": "问题",
                "method": "precise",
            },
        ),
        (
            "petitions:reception_create",
            {
                "kind": "reception",
                "leader": cadre.pk,
                "day": "2024-03-05",
                "visitors": 3,
            },
        ),
        ("petitions:case_create", registration(city)),
        (
            "petitions:hotline",
            {
                "number": "GD2024001",
                "received_at": "2024-03-01 09:00",
                "unit": city.chengguan.pk,
                "summary": "路灯不亮",
            },
        ),
        (
            "reports:report_list",
            {"unit": city.yongchang.pk, "year": 2024, "period": "q4"},
        ),
    ]


@pytest.mark.parametrize("role", ["auditor", "sysadmin", "secadmin"])
def test_administrators_create_no_business_record(client, city, role):
    """Separation of duties: the three administrators cannot enter data, even
    with a complete form naming records of the city."""

    client.force_login(getattr(city.users, role))
    posts = _valid_posts(city)
    before = LogEntry.objects.count()
    for name, data in posts:
        client.post(reverse(name), data)
    assert LogEntry.objects.count() == before


def test_the_valid_posts_do_create_records_for_the_clerk(client, city):
    """The same submissions work for the county office: the test above is
    not passing for a broken form."""

    client.force_login(city.users.clerk)
    created = []
    for name, data in _valid_posts(city):
        if name == "petitions:case_create":
            continue  # the petition office's
        before = LogEntry.objects.filter(action=0).count()
        client.post(reverse(name), data)
        created.append((name, LogEntry.objects.filter(action=0).count() > before))
    assert all(ok for _, ok in created), created


# The separation of the three administrators (三员分立) in the admin site's
# account pages: nobody changes their own roles; the security administrator
# gives others business roles and scopes only; superuser status comes from the
# command line only; every role change is an audit event.


def _staff(user):
    user.is_staff = True
    user.save()
    return user


def _grants(user) -> tuple:
    user.refresh_from_db()
    return (
        user.is_superuser,
        user.is_staff,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
        user.scope_unit_id,
    )


def _account_post(user, **changes) -> dict:
    """A complete submission of the admin's account page for `user`, with
    every field an attacker might add."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "scope_unit": user.scope_unit_id or "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "08:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _group(role):

    return Group.objects.get(name=group_name(role))


def _escalation(city) -> dict:
    """Everything that would make an account all-powerful."""

    return {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": list(Group.objects.values_list("pk", flat=True)),
        "user_permissions": list(
            Permission.objects.filter(
                codename__in=["view_auditevent", "change_user", "view_petitioncase"]
            ).values_list("pk", flat=True)
        ),
        "scope_unit": city.root.pk,
    }


def _superuser():
    """A superuser as `createsuperuser` makes one, its password current."""

    user = User.objects.create_superuser("root", password=PASSWORD)
    user.password_changed_at = timezone.now()
    user.save()
    return user


def test_the_security_admin_cannot_change_its_own_roles(client, city):

    secadmin = _staff(city.users.secadmin)
    before = _grants(secadmin)
    client.force_login(secadmin)
    url = reverse("admin:org_user_change", args=[secadmin.pk])
    page = client.get(url)
    assert page.status_code == 200  # may read its own account
    for field in ("is_superuser", "user_permissions", "groups", "scope_unit"):
        assert f'name="{field}"' not in page.text, field
    response = client.post(url, _account_post(secadmin, **_escalation(city)))
    assert response.status_code == 403
    assert _grants(secadmin) == before
    secadmin = type(secadmin).objects.get(pk=secadmin.pk)
    assert not secadmin.is_superuser and not sees_personal_data(secadmin)
    assert not AuditEvent.objects.filter(action="role_change").exists()


def test_the_security_admin_gives_others_business_roles_and_scopes(client, city):
    client.force_login(_staff(city.users.secadmin))
    clerk = city.users.clerk
    response = client.post(
        reverse("admin:org_user_change", args=[clerk.pk]),
        _account_post(
            clerk,
            groups=[_group(Role.CLERK).pk, _group(Role.PETITION_OFFICE).pk],
            scope_unit=city.root.pk,
        ),
    )
    assert response.status_code == 302
    assert _grants(clerk)[2:] == (["信访部门", "办公室"], [], city.root.pk)
    event = AuditEvent.objects.get(action="role_change")
    assert (event.user, event.object_id) == (city.users.secadmin, str(clerk.pk))
    assert "办公室 → 办公室、信访部门" in event.detail
    assert "永昌县 → 金昌市" in event.detail


@pytest.mark.parametrize(
    "attempt",
    ["is_superuser", "is_staff", "user_permissions", "admin_role", "all"],
)
def test_the_security_admin_cannot_grant_superuser_admin_roles_or_permissions(
    client, city, attempt
):
    client.force_login(_staff(city.users.secadmin))
    cadre = city.users.cadre
    before = _grants(cadre)
    escalation = _escalation(city)
    changes = {
        "is_superuser": {"is_superuser": "on"},
        "is_staff": {"is_staff": "on"},
        "user_permissions": {"user_permissions": escalation["user_permissions"]},
        "admin_role": {"groups": [_group(Role.CADRE).pk, _group(Role.AUDIT_ADMIN).pk]},
        "all": escalation,
    }[attempt]
    response = client.post(
        reverse("admin:org_user_change", args=[cadre.pk]),
        _account_post(cadre, **changes),
    )
    assert response.status_code in (200, 302)
    if attempt in ("admin_role", "all"):
        # Administrator roles are not even offered to the security admin.
        assert response.status_code == 200
        assert "groups" in response.context["adminform"].form.errors
    assert _grants(cadre) == before
    assert not AuditEvent.objects.filter(action="role_change").exists()


@pytest.mark.parametrize("target", ["auditor", "sysadmin", "superuser"])
def test_the_security_admin_cannot_take_over_an_administrators_account(
    client, city, target
):

    if target == "superuser":
        account = _superuser()
    else:
        account = getattr(city.users, target)
    client.force_login(_staff(city.users.secadmin))
    response = client.post(
        reverse("admin:org_user_change", args=[account.pk]),
        _account_post(account, groups=[_group(Role.PETITION_OFFICE).pk]),
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:auth_user_password_change", args=[account.pk]),
        {"password1": "Temp#2025pass", "password2": "Temp#2025pass"},
    )
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_a_superuser_assigns_administrator_roles_to_others_but_not_to_itself(
    client, city
):

    root = _superuser()
    client.force_login(root)
    newcomer = User.objects.create_user("newadmin", password=PASSWORD)
    response = client.post(
        reverse("admin:org_user_change", args=[newcomer.pk]),
        _account_post(
            newcomer,
            groups=[_group(Role.SECURITY_ADMIN).pk],
            is_staff="on",
            is_superuser="on",
        ),
    )
    assert response.status_code == 302
    assert _grants(newcomer)[:3] == (False, True, ["安全管理员"])
    event = AuditEvent.objects.get(action="role_change")
    assert event.user == root and "安全管理员" in event.detail
    # Its own account: nothing about roles changes.
    before = _grants(root)
    client.post(
        reverse("admin:org_user_change", args=[root.pk]),
        _account_post(root, groups=[_group(Role.PETITION_OFFICE).pk]),
    )
    assert _grants(root) == before


def test_an_administrator_account_holds_no_business_role(client, city):

    client.force_login(_superuser())
    auditor = city.users.auditor
    response = client.post(
        reverse("admin:org_user_change", args=[auditor.pk]),
        _account_post(
            auditor,
            groups=[_group(Role.AUDIT_ADMIN).pk, _group(Role.PETITION_OFFICE).pk],
        ),
    )
    assert response.status_code == 200 and "管理员账号不能兼任" in response.text
    assert _grants(auditor)[2] == ["审计管理员"]


def test_the_role_rules_hold_outside_the_admin_forms(city):
    """The rule every way in calls (the admin checks it again when saving,
    whatever the form let through)."""

    secadmin, cadre = city.users.secadmin, city.users.cadre
    before = grants_of(cadre)
    refused = [
        replace(before, is_superuser=True),
        replace(before, is_staff=True),
        replace(before, permissions=frozenset({"security.view_auditevent"})),
        replace(before, roles=before.roles | {"审计管理员"}),
    ]
    for after in refused:
        with pytest.raises(ValidationError):
            role_change_check(by=secadmin, target=cadre, before=before, after=after)
    mine = grants_of(secadmin)
    with pytest.raises(ValidationError):
        role_change_check(
            by=secadmin,
            target=secadmin,
            before=mine,
            after=replace(mine, scope_unit_id=city.root.pk),
        )
    allowed = replace(before, roles=before.roles | {"信访部门"})
    role_change_check(by=secadmin, target=cadre, before=before, after=allowed)


def test_the_admin_checks_again_when_saving(client, city, monkeypatch):
    """With the form's check gone, the save itself is refused and undone."""

    monkeypatch.setattr(CheckedForm, "clean", UserChangeForm.clean)
    client.force_login(_superuser())
    auditor = city.users.auditor
    response = client.post(
        reverse("admin:org_user_change", args=[auditor.pk]),
        _account_post(
            auditor,
            groups=[_group(Role.AUDIT_ADMIN).pk, _group(Role.PETITION_OFFICE).pk],
        ),
    )
    assert response.status_code == 403
    assert _grants(auditor)[2] == ["审计管理员"]
    assert not AuditEvent.objects.filter(action="role_change").exists()
