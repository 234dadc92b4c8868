"""The first run of a production system: the root unit of the city (or
county) and its three administrators (三员分立), nothing else.

    manage.py init_city --code 620321 --name 永昌县 --kind county \\
        --sysadmin xtgly --secadmin aqgly --auditor sjgly \\
        --base-url https://sixiaji.example.gov.cn

Each administrator gets a one-time activation link (printed here, for the
person who runs the command to hand over) on which they set their own
password; at their first login they bind a TOTP authenticator. Run again, it
changes nothing and prints the links of administrators not yet activated.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from org.models import OrgUnit, User
from org.roles import Role, group_name, sync_groups
from org.services import activation_path, normalize_code

ADMINISTRATORS = [
    ("sysadmin", Role.SYSTEM_ADMIN),
    ("secadmin", Role.SECURITY_ADMIN),
    ("auditor", Role.AUDIT_ADMIN),
]


class Command(BaseCommand):
    help = (
        "上线第一步：创建市（县）根单位和三名管理员（系统、安全、审计），不含演示数据"
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="统计用区划代码，如 620321")
        parser.add_argument("--name", required=True, help="名称，如 永昌县")
        parser.add_argument(
            "--kind",
            choices=[OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY],
            default=OrgUnit.Kind.CITY,
        )
        for option, role in ADMINISTRATORS:
            parser.add_argument(
                f"--{option}", required=True, help=f"{role.label}的登录名"
            )
        parser.add_argument("--base-url", default="", help="系统网址，激活链接以此开头")

    @transaction.atomic
    def handle(self, *args, **options):
        code = normalize_code(options["code"])
        roots = OrgUnit.objects.filter(parent=None)
        if roots.exclude(code=code).exists():
            raise CommandError(
                f"系统中已有根单位“{roots.exclude(code=code).first()}”，不能再创建"
            )
        root, created = OrgUnit.objects.get_or_create(
            code=code, defaults={"name": options["name"], "kind": options["kind"]}
        )
        self.stdout.write(
            f"{'已创建' if created else '已有'}根单位：{root.name}（{root.code}）"
        )
        sync_groups()
        for option, role in ADMINISTRATORS:
            username = options[option]
            user, made = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "scope_unit": root},
            )
            group = Group.objects.get(name=group_name(role))
            if made:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.set([group])
            elif not user.groups.filter(pk=group.pk).exists():
                raise CommandError(f"登录名“{username}”已被其他账号使用")
            link = activation_path(user)
            state = (
                f"激活链接（一次有效）：{options['base_url'].rstrip('/')}{link}"
                if link
                else "已激活"
            )
            self.stdout.write(f"{role.label} {username}：{state}")
        self.stdout.write(
            "管理员用激活链接设置密码，首次登录时绑定动态口令认证器（TOTP）。"
        )
