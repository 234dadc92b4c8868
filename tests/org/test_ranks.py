"""The rank rules of the cadre register (docs/domain.md, 职级推断规则): each
rule places its positions at its level, and not at another level."""

import pytest

from org.ranks import (
    CITY,
    CITY_DEPT,
    COUNTY,
    COUNTY_DEPT,
    TOWNSHIP,
    infer_rank,
    level_of,
)


@pytest.mark.parametrize(
    ("position", "level", "rank"),
    [
        ("市委书记", CITY, "city"),
        ("副市长", CITY, "city"),
        ("市委常委、组织部部长", CITY_DEPT, "city"),
        ("书记", COUNTY, "county"),
        ("县委书记", COUNTY, "county"),
        ("县委副书记、县长", COUNTY, "county"),
        ("副县长", COUNTY, "county"),
        ("县委常委", COUNTY, "county"),
        ("副区长", COUNTY, "county"),
        ("局长", CITY_DEPT, "county"),  # 市直部门正职: 县处级
        ("党组书记、局长", COUNTY_DEPT, "township"),  # 县直部门: 正科
        ("副局长", COUNTY_DEPT, "township"),
        ("党委书记", TOWNSHIP, "township"),
        ("镇长", TOWNSHIP, "township"),
        ("副乡长", TOWNSHIP, "township"),
        ("人大主席", TOWNSHIP, "township"),
        ("一级科员", TOWNSHIP, "staff"),
        ("科员", COUNTY_DEPT, "staff"),
    ],
)
def test_a_position_is_placed_by_its_rule(position, level, rank):
    placed = infer_rank(position, level)
    assert placed is not None and placed.rank == rank
    assert "→" in placed.rule.label  # the preview shows the rule


@pytest.mark.parametrize(
    ("position", "level"),
    [
        ("镇长", COUNTY),  # 镇长 is a township rule
        ("局长", TOWNSHIP),
        ("办公室主任", COUNTY_DEPT),  # an internal office: asks for a rank
        ("综合股股长", COUNTY_DEPT),
        ("", TOWNSHIP),
    ],
)
def test_a_position_outside_its_rules_is_not_placed(position, level):
    assert infer_rank(position, level) is None


def test_a_unit_level_comes_from_its_kind_and_its_parent():
    assert level_of("city", None) == CITY
    assert level_of("county", "city") == COUNTY
    assert level_of("department", "city") == CITY_DEPT
    assert level_of("department", "county") == COUNTY_DEPT
    assert level_of("township", "county") == TOWNSHIP
