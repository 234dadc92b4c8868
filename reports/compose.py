"""Compose: report figures → the report's Chinese text, in the style of the
official summary reports (一、二、… sections of "一是……。二是……。").

Every claim carries its count; a figure of zero leaves its clause out, and a
section with nothing to say says so plainly. No blank is ever left.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from .collect import Figures

NUMERALS = "一二三四五六七八九十"


STYLES = {"heading": "一级标题", "sub_heading": "二级标题", "body": "正文"}


@dataclass
class Paragraph:
    style: str  # a key of STYLES
    text: str


@dataclass
class ReportText:
    """A report as it is sent: the title, the body (headings and paragraphs),
    the issuing body's signature (落款) over the date it is signed (成文日期),
    and an optional annex table on a page of its own."""

    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    signature: str = ""
    signed_on: date | None = None
    annex_title: str = ""
    annex_rows: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        """ "2025年1月6日": 成文日期 in Arabic numerals (GB/T 9704-2012 7.3.5.1)."""
        day = self.signed_on
        return f"{day.year}年{day.month}月{day.day}日" if day else ""

    def blocks(self) -> list[Paragraph]:
        """The body, a line break inside a paragraph starting a new one."""
        return [
            Paragraph(p.style, line.strip())
            for p in self.paragraphs
            for line in re.split(r"\r\n|\r|\n", p.text)
            if line.strip()
        ]

    def plain(self) -> str:
        """The text as UTF-8 lines: the title, one line per paragraph, the
        signature and the date, then the annex (its title, a line a row)."""
        lines = [self.title, *(p.text for p in self.blocks())]
        lines += [line for line in (self.signature, self.date_text) if line]
        if self.annex_title:
            lines.append(f"附件：{self.annex_title}")
            lines += ["　".join(row) for row in self.annex_rows]
        return "\n".join(lines) + "\n"


def period_phrase(figures: Figures) -> str:
    """ "2024年第四季度", "2024年上半年" or "2024年": 公文 write quarters in
    Chinese numerals."""
    return re.sub(
        r"第(\d)季度",
        lambda m: f"第{NUMERALS[int(m[1]) - 1]}季度",
        figures.period.label,
    )


def _until(figures: Figures) -> str:
    """ "截至9月30日": the day states (closed, open, overdue) are taken on."""
    day = figures.as_of or figures.period.end
    return f"截至{day.month}月{day.day}日"


def _so_far(figures: Figures) -> str:
    """ "今年以来" before a figure of the year shown in a shorter period's report."""
    start, end = figures.period.start, figures.period.end
    whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    return "" if whole_year else "今年以来"


def _pick(options: list[str], figures: Figures) -> str:
    """Vary the phrasing by period so two quarters do not read as one template."""
    return options[(figures.year * 4 + (figures.quarter or 0)) % len(options)]


def _enumerate(clauses: list[str]) -> str:
    """ "一是……。二是……。" over the clauses that have something to say; a
    single clause is not numbered (no 一是 without 二是)."""
    if len(clauses) == 1:
        return f"{clauses[0]}。"
    return "".join(f"{_numeral(i + 1)}是{clause}。" for i, clause in enumerate(clauses))


def _numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一, 20 → 二十 (enough for a report's clauses)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return NUMERALS[ones - 1]
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


def _policy(f: Figures) -> list[str]:
    p = f.policy
    clauses = []
    if p.lectures:
        text = _pick(
            [
                f"深入基层开展宣讲{p.lectures}场次",
                f"组织领导干部下基层宣讲{p.lectures}场次",
            ],
            f,
        )
        if p.audience:
            text += f"，受教育党员群众{p.audience}人次"
        if p.policy_places:
            text += f"，覆盖基层点位{p.policy_places}个"
        clauses.append(text)
    if p.party_lectures:
        clauses.append(
            _pick(
                [
                    f"领导干部讲授专题党课{p.party_lectures}次",
                    f"各级党组织书记和领导干部讲专题党课{p.party_lectures}次",
                ],
                f,
            )
        )
    if p.trainings:
        clauses.append(f"面向基层举办培训班{p.trainings}期")
    return clauses


def _research(f: Figures) -> list[str]:
    r = f.research
    clauses = []
    if r.topics:
        text = f"{_so_far(f)}共确定调研课题{r.topics}个"
        if r.trips:
            text += f"，本期开展调查研究{r.trips}次"
        if r.research_days:
            text += f"，{r.researchers}名领导干部累计调研{r.research_days}天"
        clauses.append(text)
    parts = []
    if r.findings:
        parts.append(f"调研发现问题{r.findings}个")
    if r.measures:
        parts.append(f"制定解决措施{r.measures}个")
    if r.measures_closed:
        parts.append(f"落实销号解决措施{r.measures_closed}个")
    if r.conversions:
        text = f"建立{r.conversions}项成果转化清单"
        if r.conversion_titles:
            titles = "、".join(
                f"《{t}》" if not t.startswith("《") else t for t in r.conversion_titles
            )
            text += f"，形成{titles}等成果"
        parts.append(text)
    if parts:
        clauses.append("本期" + "，".join(parts))
    if r.reports:
        clauses.append(f"形成调研报告{r.reports}篇")
    return clauses


def _petitions(f: Figures) -> list[str]:
    p = f.petitions
    clauses = []
    if p.reception_days:
        text = _pick(
            [
                f"{p.reception_leaders}名领导干部累计接访{p.reception_days}天次",
                f"领导干部坚持定期接访，累计接访{p.reception_days}天次",
            ],
            f,
        )
        if p.visitors:
            text += f"，接待群众{p.visitors}人次"
        clauses.append(text)
    if p.cases:
        text = f"登记信访事项{p.cases}件"
        if p.cases_handled:
            text += f"，转送交办{p.cases_handled}件"
        if p.cases_closed:
            text += f"，答复办结{p.cases_closed}件"
        clauses.append(text)
    if p.backlog_resolved:
        clauses.append(f"领导包案化解信访积案{p.backlog_resolved}件")
    if p.hotline_orders:
        text = f"累计收到12345接诉即办工单{p.hotline_orders}单"
        if p.hotline_counted:
            text += f"，实际办理{p.hotline_counted}单"
        text += "".join(_hotline_rates(p))
        clauses.append(text)
    return clauses


def _hotline_rates(p) -> list[str]:
    """The 12345 rates, each over the orders that record what it measures:
    a part is named ("有首次联系记录的47单中"), a rate over none is left out."""
    parts = []
    if p.resolve_rate is not None:
        parts.append(f"，解决率{_rate(p.resolve_rate)}")
    for rate, known, name, record in (
        (p.response_rate, p.hotline_responded, "响应率", "有首次联系记录的"),
        (p.satisfaction_rate, p.hotline_evaluated, "满意率", "已评价的"),
    ):
        if rate is None or not known:
            continue
        if known < p.hotline_counted:
            parts.append(f"，{record}{known}单中{name}{_rate(rate)}")
        else:
            parts.append(f"，{name}{_rate(rate)}")
    return parts


def _rate(value: float) -> str:
    return f"{value:g}%"


def _onsite(f: Figures) -> list[str]:
    o = f.onsite
    clauses = []
    if o.onsite:
        where = ""
        if o.onsite_townships and o.onsite_villages:
            where = (
                f"深入{o.onsite_townships}个乡镇（街道）{o.onsite_villages}个村（社区）"
            )
        text = f"{where}开展现场办公{o.onsite}次"
        if o.households:
            text += f"，走访群众{o.households}户"
        if o.problems_solved:
            text += f"，现场解决问题{o.problems_solved}个"
        if o.suggestions:
            text += f"，收到意见建议{o.suggestions}条"
        if o.top_places:
            text += "，重点在" + "、".join(o.top_places) + "等地现场协调"
        clauses.append(text)
    if o.handed_over:
        text = f"现场不能解决的问题交办{o.handed_over}个"
        if o.handed_over_closed:
            text += f"，{_until(f)}已办结销号{o.handed_over_closed}个"
        clauses.append(text)
    if o.liaison_contacts:
        text = f"包抓项目、包联企业领导干部联系服务{o.liaison_contacts}次"
        if o.liaison_site_visits:
            text += f"，其中实地走访{o.liaison_site_visits}次"
        clauses.append(text)
    if o.livelihood_items:
        text = f"{_so_far(f)}推进民生实事{o.livelihood_items}项"
        if o.livelihood_closed:
            text += f"，{_until(f)}已完成{o.livelihood_closed}项"
        clauses.append(text)
    return clauses


def _compliance(f: Figures) -> list[str]:
    if not f.rules_total:
        return ["本期没有适用的指标要求"]
    clauses = []
    if f.rules_met:
        clauses.append(
            f"对照“四下基层”{f.rules_total}项指标要求，{f.rules_met}项全面达标"
        )
    else:
        clauses.append(f"对照“四下基层”{f.rules_total}项指标要求，各项均有未达标情况")
    # Every failing rule, city-level leaders first (collect's order); a
    # report sent upward names no one: names go to the optional annex.
    for s in f.shortfalls:
        share = round(100 * s.short / s.applicable)
        clauses.append(f"“{s.rule}”有{s.short}{s.noun}未达标，占应落实对象的{share}%")
    return clauses


ANNEX_TITLE = "未达标人员名单"
ANNEX_HEADER = ("序号", "指标要求", "未达标对象")


def _annex(f: Figures) -> list[tuple[str, ...]]:
    """附件：未达标人员名单 as table rows (a header, then one row a rule)."""
    if not f.shortfalls:
        return []
    return [
        ANNEX_HEADER,
        *(
            (str(i), s.rule, "、".join(s.names))
            for i, s in enumerate(f.shortfalls, start=1)
        ),
    ]


def _problems(f: Figures) -> list[str]:
    clauses = []
    if f.shortfalls:
        worst = max(f.shortfalls, key=lambda s: s.short)
        clauses.append(
            f"制度落实还不够均衡，“{worst.rule}”等要求仍有{worst.short}{worst.noun}未落实到位"
        )
    overdue = [(kind, n) for kind, n in f.overdue.items() if n]
    if overdue:
        items = "、".join(f"{kind}{n}项" for kind, n in overdue)
        clauses.append(f"部分事项办理不够及时，{_until(f)}逾期未办结{items}")
    if not clauses:
        clauses.append("成果转化的深度和群众满意度还有提升空间，需持续用力")
    return clauses


def _next_steps(f: Figures) -> list[str]:
    clauses = ["坚持“月督促、季调度、年评估”，对未达标的领导干部和单位逐一提醒督办"]
    if f.overdue:
        clauses.append("对逾期事项实行红黄蓝管控、限时整改、逐项销号")
    clauses.append("持续深化调研成果转化，推动更多问题在基层一线解决")
    return clauses


def compose(
    figures: Figures, *, signed_on: date, signature: str = "", annex: bool = False
) -> ReportText:
    """The report's text, signed by `signature` (the unit's issuing body,
    `OrgUnit.signature`) on `signed_on`; `annex` adds 附件：未达标人员名单 as
    a table on a page of its own."""
    period = period_phrase(figures)
    report = ReportText(title=f"关于{figures.unit}{period}落实“四下基层”开展情况的报告")
    add = report.paragraphs.append
    add(
        Paragraph(
            "body",
            f"{period}，{figures.unit}深入贯彻落实习近平总书记关于“四下基层”的重要指示精神，"
            "按照《关于深化落实“四下基层”制度的实施意见》要求，组织各级领导干部深入基层"
            "宣传政策、调查研究、信访接待、现场办公，推动解决了一批群众急难愁盼问题。"
            "现将有关情况汇报如下：",
        )
    )
    sections = [
        (
            "宣传党的路线方针政策下基层",
            _policy(figures),
            "本期未开展宣讲、专题党课和培训活动。",
        ),
        ("调查研究下基层", _research(figures), "本期未开展调查研究。"),
        ("信访接待下基层", _petitions(figures), "本期没有接访和信访办理记录。"),
        ("现场办公下基层", _onsite(figures), "本期未开展现场办公。"),
        ("指标要求落实情况", _compliance(figures), ""),
        ("存在的问题", _problems(figures), ""),
        ("下一步工作打算", _next_steps(figures), ""),
    ]
    for index, (heading, clauses, empty) in enumerate(sections):
        add(Paragraph("heading", f"{NUMERALS[index]}、{heading}"))
        add(Paragraph("body", _enumerate(clauses) if clauses else empty))
    report.signature = signature
    report.signed_on = signed_on
    rows = _annex(figures) if annex else []
    if rows:
        report.annex_title, report.annex_rows = ANNEX_TITLE, rows
    return report
