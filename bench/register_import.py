"""A city's cadre register at size: 3,000 cadres imported with full validation.

Run by hand (not in the test suite), on an empty scratch database:

    createdb -h 127.0.0.1 -U postgres sixiaji_register
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_register \\
        .venv/bin/python bench/register_import.py
    DATABASE_URL=sqlite:////tmp/sixiaji-register.sqlite3 .venv/bin/python bench/register_import.py

It migrates the database, imports a city's unit tree (7 counties, each with
12 townships and 8 departments, with 统计用区划代码) through the 单位 ledger,
then measures the 干部名册 of `--cadres` cadres (positions as registers write
them, the rank left to the rules for most rows, phones, some 身份证号):
- the preview: a dry run with every check (rank rules, duplicates, lookups,
  model validation), time and peak memory;
- the import itself (rows written, each with its first dated position);
- the re-import of the same file (every row unchanged), time and peak memory;
- a re-import with 300 cadres promoted or moved from 1 July (updates, each
  position closed and a new one opened).
The baseline is the same register imported into the same city through the
engine with no checks across rows (no rank rules, no duplicate check): the
cost of the register's own rules.
"""

import argparse
import random
from dataclasses import replace

from common import measure, setup, vendor

COUNTIES = 7
TOWNSHIPS = 12
DEPARTMENTS = ["县委办公室", "县政府办公室", "县教育局", "县财政局", "县民政局",
               "县农业农村局", "县住建局", "县信访局"]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国志强丽娜涛敏斌凯雪红梅海军伟芳秀英华明静勇军杰磊洋艳娟霞平刚桂英"
COUNTY_POSTS = [
    "县委书记",
    "县委副书记、县长",
    "县委常委",
    "副县长",
    "县人大常委会主任",
]
TOWN_POSTS = ["党委书记", "镇长", "副镇长", "党委委员", "人大主席", "科员", "科员",
              "一级科员", "工作人员"]  # fmt: skip
DEPT_POSTS = [
    "局长",
    "副局长",
    "党组书记、局长",
    "科员",
    "科员",
    "一级科员",
    "办公室主任",
]


def unit_rows() -> list[list]:
    rows = [["单位名称", "统计用区划代码", "上级单位", "类别"]]
    for c in range(1, COUNTIES + 1):
        county = f"第{c}县"
        code = f"6299{c:02d}"
        rows.append([county, f"{code}000000", "基准市", "县（区）"])
        for t in range(1, TOWNSHIPS + 1):
            rows.append([f"{county}第{t}镇", f"{code}{100 + t:03d}000", county, "镇"])
        for name in DEPARTMENTS:
            rows.append([f"{county}{name[1:]}", "", county, "县直部门"])
    return rows


def register_rows(cadres: int, rng: random.Random) -> list[list]:
    header = ["姓名", "单位", "职务", "职级", "联系电话", "身份证号", "任现职时间"]
    units = []
    for c in range(1, COUNTIES + 1):
        county = f"第{c}县"
        units.append((county, COUNTY_POSTS))
        units += [(f"{county}第{t}镇", TOWN_POSTS) for t in range(1, TOWNSHIPS + 1)]
        units += [(f"{county}{d[1:]}", DEPT_POSTS) for d in DEPARTMENTS]
    rows = [header]
    for n in range(cadres):
        unit, posts = units[n % len(units)]
        position = rng.choice(posts)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        rank = (
            "一般干部" if position == "办公室主任" else ""
        )  # the rules cannot place it
        id_number = f"62{n:015d}X" if n % 5 == 0 else ""
        rows.append([name, unit, position, rank, f"139{n:08d}", id_number, ""])
    return rows


def promoted(rows: list[list], count: int) -> list[list]:
    """`count` cadres made 副县长 of their county from 1 July."""
    changed = [list(r) for r in rows]
    for row in changed[1 : count + 1]:
        row[1] = row[1][: row[1].index("县") + 1]  # the county itself
        row[2], row[3], row[6] = "副县长", "", "2026-07-01"
    return changed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from ledgers.importing import import_ledger
    from ledgers.registry import LEDGERS
    from org.models import Cadre, CadrePosition, OrgUnit, User
    from tests.sheets import workbook

    if Cadre.objects.exists():
        raise SystemExit("请使用空的数据库（库中已有干部）。")
    OrgUnit.objects.get_or_create(
        code="629900", defaults={"name": "基准市", "kind": "city"}
    )
    user, _ = User.objects.get_or_create(
        username="bench-register", defaults={"is_superuser": True}
    )
    units = import_ledger(
        LEDGERS["org_units"],
        workbook(unit_rows()),
        "单位.xlsx",
        user=user,
        dry_run=False,
    )
    assert units.ok, [str(e) for e in units.errors[:5]]
    rows = register_rows(options.cadres, random.Random(options.seed))
    content = workbook(rows)
    cadres = LEDGERS["cadres"]
    print(f"{vendor()}: {units.new} units, register of {options.cadres} cadres")

    def run(ledger, data, dry_run):
        def go():
            result = import_ledger(
                ledger, data, "干部名册.xlsx", user=user, dry_run=dry_run
            )
            assert result.ok, [str(e) for e in result.errors[:5]]
            return result

        return go

    plain = replace(cadres, kind="cadres_plain", table_checks=[])
    ranked = [list(r) for r in rows]
    for row in ranked[1:]:  # the baseline is told every rank
        row[3] = row[3] or "一般干部"

    def baseline():
        with transaction.atomic():
            run(plain, workbook(ranked), False)()
            transaction.set_rollback(True)

    measure("baseline: no checks across rows, written", baseline)
    result, _ = measure(
        "preview (dry run, every check)", run(cadres, content, True), memory=True
    )
    print(f"    {result.new} new, {len(result.notes)} notes (rank rules shown)")
    result, _ = measure("import (written)", run(cadres, content, False))
    print(
        f"    {Cadre.objects.count()} cadres, {CadrePosition.objects.count()} positions"
    )
    result, _ = measure(
        "re-import, all unchanged", run(cadres, content, False), memory=True
    )
    print(f"    {result.unchanged} unchanged, {result.new} new")
    moved = workbook(promoted(rows, 300))
    result, _ = measure(
        "re-import, 300 promoted from 1 July", run(cadres, moved, False)
    )
    print(
        f"    {result.updated} updated, {CadrePosition.objects.count()} positions, "
        f"{Cadre.objects.count()} cadres"
    )


if __name__ == "__main__":
    main()
