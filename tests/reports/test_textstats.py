"""What the report's measures count as a figure: quantities, with their
decimals and percent signs, in Arabic or Chinese numerals; not dates, clause
numbers, ordinals, quoted names or the hotline's number."""

import pytest

from reports.textstats import figures


@pytest.mark.parametrize(
    "text, found",
    [
        ("截至9月30日已有9个课题实现成果转化", ["9"]),
        ("12345工单办结率86.2%，平均签收用时19.5分钟", ["86.2%", "19.5"]),
        ("受教育党员群众1.2万人次", ["1.2万"]),
        ("深入三个乡镇、两个社区，走访十余户", ["三", "两", "十余"]),
        ("2026年第三季度，一是……二是……", []),
        ("“每月至少接访1天”要求尚未全面达标", []),
        ("按“五个一”要求推进化解，形成《三年行动方案》", []),
        ("9月底前完成，逐一提醒，推动解决了一批问题", []),
        ("四下基层", []),
    ],
)
def test_figures_are_quantities_not_dates_or_names(text, found):
    assert figures(text) == found
