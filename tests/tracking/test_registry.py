"""What the pillars register in the core at start-up holds against the real
pages: the record an item links to opens for whoever sees the item, notice
kinds and role permissions arrive, and the trail masks what petitions marks
sensitive."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from org.models import User
from org.roles import Role, group_name
from tracking.models import Notification, TrackedItem
from tracking.registry import ITEM_KINDS, ITEM_RECORDS, NOTICE_KINDS, reminder_kinds

pytestmark = pytest.mark.django_db


def test_every_item_links_to_a_record_its_viewer_may_open(client, demo_city):
    covered = set()
    for username in ("cityleader", "clerk", "cadre"):
        client.force_login(User.objects.get(username=username))
        for kind in ITEM_RECORDS:
            item = (
                TrackedItem.objects.visible_to(User.objects.get(username=username))
                .filter(kind=kind)
                .first()
            )
            if item is None:
                continue
            page = client.get(reverse("supervision:item_detail", args=[item.pk]))
            assert page.status_code == 200, (username, kind)
            record_url = page.context["record_url"]
            if record_url:  # rectifications and orders show on the page itself
                assert client.get(record_url).status_code == 200, (username, kind)
            covered.add(kind)
    assert covered == set(ITEM_RECORDS) == set(ITEM_KINDS)


def test_notice_kinds_come_from_the_core_and_the_apps():
    codes = {kind.code for kind in reminder_kinds()}
    assert {"share_75", "due_3", "overdue_daily", "overdue_weekly"} <= codes
    assert {"quota_shortfall", "report_ready"} <= codes  # registered by reports
    assert "order_issued" in NOTICE_KINDS and "order_issued" not in codes
    field = Notification._meta.get_field("kind")
    assert ("order_issued", "收到督办单") in field.choices


def test_pillar_permissions_reach_the_system_administrator(db):
    call_command("migrate", verbosity=0)  # post_migrate syncs the groups
    group = Group.objects.get(name=group_name(Role.SYSTEM_ADMIN))
    perms = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("petitions", "change_timelimitrule") in perms  # petitions registers
    assert ("reports", "change_quotarule") in perms  # reports registers
    assert ("org", "change_orgunit") in perms  # the core's own
