import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from org.models import Cadre, OrgUnit
from reports.models import QuotaRule
from reports.quotas import evaluate
from reports.selectors import team_units
from tracking.periods import period_of


class Command(BaseCommand):
    help = "输出某单位（含下级）在某期间的指标完成情况。"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="单位编码")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=range(1, 5))
        parser.add_argument("--month", type=int, choices=range(1, 13))
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, unit, year, quarter, month, json: bool, **options):
        try:
            root = OrgUnit.objects.get(code=unit)
        except OrgUnit.DoesNotExist as error:
            raise CommandError(f"没有编码为 {unit} 的单位。") from error
        window = period_of(year, quarter, month)
        cadres = list(
            Cadre.objects.filter(unit__path__startswith=root.path, is_active=True)
            .exclude(rank=Cadre.Rank.STAFF)
            .select_related("unit")
        )
        table = evaluate(
            QuotaRule.objects.filter(is_active=True),
            window,
            cadres,
            today=timezone.localdate(),
            units=team_units(root),
        )
        rows = [
            {
                "cadre": cell.cadre.name if cell.cadre else None,
                "unit": cell.unit.name,
                "rule": cell.rule.code,
                "period": cell.period,
                "required": cell.required,
                "done": cell.done,
                "status": cell.status.value,
            }
            for cell in table.cells
        ]
        if json:
            self.stdout.write(_dumps(rows))
            return
        self.stdout.write(f"{root.name} {window.label} 指标完成情况（{len(rows)} 项）")
        for cell in table.cells:
            who = cell.cadre.name if cell.cadre else cell.unit.name
            self.stdout.write(
                f"{cell.rule.code:>5} {who:<8} {cell.unit.name:<12} "
                f"{cell.progress:<14} {cell.status.label}"
            )


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
