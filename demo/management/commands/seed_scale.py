import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.scale import CITY_CODE, seed_scale_city
from org.models import OrgUnit


class Command(BaseCommand):
    help = (
        "写入规模测试城市（默认3000名干部、约70个单位、5年、约50万条活动记录），"
        "供性能基准和查询数测试使用。同样的参数写出同样的数据；请在空的（或专用的）数据库中运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--cadres", type=int, default=3000, help="干部人数")
        parser.add_argument("--years", type=int, default=5, help="年数（截至今年）")
        parser.add_argument("--seed", type=int, default=1, help="随机数种子")
        parser.add_argument(
            "--per-cadre",
            type=int,
            default=33,
            help="每名干部每年的基层活动记录数（约数）",
        )

    def handle(self, *args, cadres, years, seed, per_cadre, **options):
        if cadres < 50 or years < 1:
            raise CommandError("干部人数至少50名，年数至少1年。")
        if OrgUnit.objects.filter(code=CITY_CODE).exists():
            raise CommandError(
                f"规模测试城市（单位编码 {CITY_CODE}）已存在；请换一个空数据库再运行。"
            )
        started = time.perf_counter()
        city = seed_scale_city(
            cadres=cadres, years=years, seed=seed, per_cadre=per_cadre
        )
        # Fresh planner statistics (and, on PostgreSQL, the visibility map
        # that lets counts read indexes alone) for the rows just written.
        # VACUUM cannot run inside a transaction (a caller's, or a test's).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        for line in city.summary:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"规模测试城市已写入，用时 {time.perf_counter() - started:.1f} 秒。"
            )
        )
