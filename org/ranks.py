"""Rank (职级) from a position (职务) and the unit that holds it.

The cadre register lists positions, not ranks; the rules below place a
position, and the import preview shows which rule placed each row. A cell of
the 职级 column overrides the rule for its row; a position no rule places
asks for a rank. The rules are listed in docs/domain.md ("职级推断规则").

A position with several parts ("县委常委、副县长") takes the highest rank any
part gives. A part matches a rule when it is one of the rule's positions,
whole, after the level words that name the unit ("县委", "镇党委") are read
as part of it.
"""

import re
from dataclasses import dataclass

from org.models import Cadre, OrgUnit

R = Cadre.Rank
ORDER = [R.CITY, R.COUNTY, R.TOWNSHIP, R.STAFF]

# Where a unit sits, for the rules: the city's and a county's own leadership,
# a department of the city or of a county, a township (street).
CITY, COUNTY, CITY_DEPT, COUNTY_DEPT, TOWNSHIP = (
    "city",
    "county",
    "city_department",
    "county_department",
    "township",
)

DEPT_HEAD = (
    r"(党组|党委|党工委)?副?书记|副?(局长|主任|部长|主席|院长|检察长|"
    r"社长|行长|会长|秘书长|队长|馆长)"
)


@dataclass(frozen=True)
class RankRule:
    label: str  # as the preview and docs/domain.md show it
    rank: str
    pattern: str  # a whole part of the position
    levels: frozenset[str] = frozenset()  # the unit levels it applies in; {} any

    def matches(self, part: str, level: str) -> bool:
        if self.levels and level not in self.levels:
            return False
        return re.fullmatch(self.pattern, part) is not None


RULES = [
    RankRule(
        "市委书记、市长、副市长、市委常委、市委副书记 → 市级",
        R.CITY,
        r"市委(副)?书记|市委常委|副?市长",
    ),
    RankRule(
        "市领导班子：书记、副书记、常委、秘书长、人大常委会主任、政协主席及副职 → 市级",
        R.CITY,
        r"(市委)?(副)?书记|(市委)?常委|(市委)?秘书长|(市人大常委会)?副?主任|(市政协)?副?主席",
        frozenset({CITY}),
    ),
    RankRule(
        "县委（区委）书记、县长（区长）、副县长（副区长）、县委（区委）常委 → 县处级",
        R.COUNTY,
        r"[县区]委(副)?书记|[县区]委常委|副?[县区]长",
    ),
    RankRule(
        "县（区）领导班子：书记、副书记、常委、人大常委会主任、政协主席及副职 → 县处级",
        R.COUNTY,
        r"(副)?书记|常委|([县区]人大常委会)?副?主任|([县区]政协)?副?主席",
        frozenset({COUNTY}),
    ),
    RankRule(
        "市直部门正副职（局长、主任、部长、党组书记…） → 县处级",
        R.COUNTY,
        DEPT_HEAD,
        frozenset({CITY_DEPT}),
    ),
    RankRule(
        "乡镇（街道）党委书记、副书记、镇长、乡长及副职、人大主席、"
        "街道办事处主任、党委委员、纪委书记、武装部长 → 乡科级",
        R.TOWNSHIP,
        r"(镇|乡|街道)?(党委|党工委)?(副)?书记|副?[镇乡]长|(人大)?副?主席|"
        r"(办事处)?副?主任|(党委|党工委)?委员|纪委书记|武装部长|人武部长",
        frozenset({TOWNSHIP}),
    ),
    RankRule(
        "县直部门正副职（局长、主任、部长、党组书记…） → 乡科级",
        R.TOWNSHIP,
        DEPT_HEAD,
        frozenset({COUNTY_DEPT}),
    ),
    RankRule(
        "科员、办事员、干事、工作人员、专干 → 一般干部",
        R.STAFF,
        r".*(科员|办事员|干事|工作人员|专干|职员|一般干部)",
    ),
]

SEPARATORS = re.compile(r"[、，,；;/\s]+|兼")


def level_of(kind: str, parent_kind: str | None) -> str:
    """Where a unit sits, from its kind and its parent's kind."""
    if kind == OrgUnit.Kind.CITY:
        return CITY
    if kind == OrgUnit.Kind.COUNTY:
        return COUNTY
    if kind == OrgUnit.Kind.TOWNSHIP:
        return TOWNSHIP
    return CITY_DEPT if parent_kind == OrgUnit.Kind.CITY else COUNTY_DEPT


@dataclass(frozen=True)
class Placed:
    rank: str
    rule: RankRule


def infer_rank(position: str, level: str) -> Placed | None:
    """The highest rank a part of the position gets, with the rule that gave
    it; None when no rule places any part."""
    found: Placed | None = None
    for part in filter(None, SEPARATORS.split(position or "")):
        for rule in RULES:
            if rule.matches(part, level):
                if found is None or ORDER.index(rule.rank) < ORDER.index(found.rank):
                    found = Placed(rule.rank, rule)
                break
    return found
