from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.city import seed_demo_city


class Command(BaseCommand):
    help = "写入演示城市（金昌市）：单位、基层点位、干部、各角色登录账号及各板块一年的记录。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="随机数种子")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="在 DEBUG 关闭的环境中也写入（演示账号使用公开的演示密码）",
        )

    def handle(self, *args, seed: int, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "生产环境（DEBUG 关闭）不写入演示账号；确需写入请加 --allow-production。"
            )
        # Demo rows are not anyone's changes: they stay out of the audit trail.
        with disable_auditlog():
            city = seed_demo_city(seed=seed)
        for line in city.summary:
            self.stdout.write(line)
        self.stdout.write("\n演示账号（用户名 / 密码 / 角色）：")
        for username, password, description in city.logins:
            self.stdout.write(f"  {username:<12} {password}  {description}")
        self.stdout.write(self.style.SUCCESS("演示城市已就绪：http://127.0.0.1:8000/"))
