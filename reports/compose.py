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


RANK_WORDS = (("city", "市级"), ("county", "县处级"), ("township", "乡科级"))


def _leaders(ranks: dict[str, int]) -> str:
    """ "8名市级、31名县处级领导干部", or "" when none is counted."""
    parts = [f"{ranks[rank]}名{word}" for rank, word in RANK_WORDS if ranks.get(rank)]
    return "、".join(parts) + "领导干部" if parts else ""


def _quoted(items: list[str], *, cut: str = "") -> str:
    """ "“A”“B”", with a trailing word such as 现场办公 cut from each and
    quotation marks inside a name turned to single ones (“‘积分超市’做法”)."""
    names = [re.sub(cut, "", item) if cut else item for item in items]
    names = [n.replace("“", "‘").replace("”", "’") for n in names]
    return "".join(f"“{n}”" for n in dict.fromkeys(n for n in names if n))


def _listed(items: list[str]) -> str:
    """ "A、B、C": each item up to its first comma, so a list stays a list."""
    heads = (re.split(r"[，,；;。]", i, maxsplit=1)[0] for i in items if i)
    return "、".join(dict.fromkeys(h for h in heads if h))


def _titles(items: list[str]) -> str:
    return "".join(t if t.startswith("《") else f"《{t}》" for t in items)


def _share(part: int, whole: int) -> str:
    return _rate(round(100 * part / whole, 1))


def _policy(f: Figures) -> list[str]:
    p = f.policy
    clauses = []
    if p.lectures:
        leaders = _leaders(p.policy_leaders)
        themes = _quoted(p.lecture_themes)
        if leaders and themes:
            text = (
                f"{f.scope}{leaders}带头宣讲，围绕{themes}等主题"
                f"深入基层开展宣讲{p.lectures}场次"
            )
        elif themes:
            text = f"围绕{themes}等主题，深入基层开展宣讲{p.lectures}场次"
        elif leaders:
            text = f"{f.scope}{leaders}深入基层开展宣讲{p.lectures}场次"
        else:
            text = f"深入基层开展宣讲{p.lectures}场次"
        if p.audience:
            text += f"，受教育党员群众{p.audience}人次"
        if p.policy_places:
            text += f"，覆盖基层点位{p.policy_places}个"
        clauses.append(text)
    if p.party_lectures:
        themes = _quoted(p.party_themes)
        if themes:
            text = f"各级党组织书记和领导干部围绕{themes}等主题讲授专题党课{p.party_lectures}次"
        else:
            text = f"领导干部讲授专题党课{p.party_lectures}次"
        if p.party_lectures * 4 > p.lectures:
            text += "，以上率下推动党的创新理论进基层、入人心"
        clauses.append(text)
    if p.trainings:
        titles = _listed(p.training_titles)
        if titles and p.trainings > 1:
            text = f"面向基层举办{titles}等培训班{p.trainings}期"
        elif titles:
            text = f"面向基层举办{titles}{p.trainings}期"
        else:
            text = f"面向基层举办培训班{p.trainings}期"
        if p.trainees:
            text += f"，培训党员干部{p.trainees}人次"
        clauses.append(text)
    return clauses


def _research(f: Figures) -> list[str]:
    r = f.research
    clauses = []
    if r.topics:
        text = f"{_so_far(f)}共确定调研课题{r.topics}个"
        if r.trips:
            leaders = _leaders(r.researchers_by_rank)
            titles = _quoted(r.topic_titles)
            who = f"本期{leaders}" if leaders else "本期"
            how = f"采取{'、'.join(r.methods)}等方式，" if r.methods else ""
            if titles:
                text += f"，{who}围绕{titles}等课题，{how}开展调查研究{r.trips}次"
            else:
                text += f"，{who}{how}开展调查研究{r.trips}次"
        if r.research_days:
            text += f"，{r.researchers}名课题牵头领导累计调研{r.research_days}天"
        clauses.append(text)
    parts = []
    if r.findings:
        found = f"本期调研发现问题{r.findings}个"
        if r.finding_texts:
            found += f"，主要是{_listed(r.finding_texts)}等问题"
        parts.append(found)
    if r.measures:
        parts.append(f"制定解决措施{r.measures}个，逐项明确责任单位、责任人和完成时限")
    if r.measures_closed:
        parts.append(f"落实销号解决措施{r.measures_closed}个")
    if parts:
        clauses.append("，".join(parts))
    if r.conversions:
        text = f"建立{r.conversions}项成果转化清单"
        if r.conversion_titles:
            text += f"，形成{_titles(r.conversion_titles)}等成果"
        if r.topics_converted and r.topics_converted < r.topics:
            text += (
                f"，{_until(f)}已有{r.topics_converted}个课题实现成果转化，"
                f"占{_share(r.topics_converted, r.topics)}"
            )
        elif r.topics_converted:
            text += "，所有课题均已实现成果转化"
        clauses.append(text)
    cases = _cases(f)
    if cases:
        clauses.append(cases)
    if r.reports:
        clauses.append(f"形成调研报告{r.reports}篇")
    return clauses


def _cases(f: Figures) -> str:
    """典型案例 of the period, from research and from grassroots work."""
    r, a = f.research, f.policy
    positive = r.cases_positive + a.cases_positive
    negative = r.cases_negative + a.cases_negative
    if not positive + negative:
        return ""
    good = _quoted([*r.case_positive_titles, *a.case_positive_titles][:2])
    bad = _quoted([*r.case_negative_titles, *a.case_negative_titles][:2])
    if not negative:
        return f"总结推广{good}等正面典型案例{positive}个，以点带面推动工作落实"
    if not positive:
        return f"深入剖析{bad}等反面典型案例{negative}个，举一反三查找共性问题"
    return (
        f"深入解剖正反面典型案例{positive + negative}个，总结推广{good}等正面典型"
        f"{positive}个，剖析{bad}等反面典型{negative}个，举一反三查找共性问题"
    )


def _petitions(f: Figures) -> list[str]:
    p = f.petitions
    clauses = []
    if p.reception_days:
        leaders = _leaders(p.reception_leaders_by_rank)
        if leaders:
            text = f"{f.scope}{leaders}坚持定期接访，累计接访{p.reception_days}天次"
        else:
            text = f"{p.reception_leaders}名领导干部累计接访{p.reception_days}天次"
        if p.visitors:
            text += f"，接待群众{p.visitors}人次"
        if p.answered_on_site:
            text += f"，现场解释答复{p.answered_on_site}条"
        clauses.append(text)
    if p.cases:
        text = f"登记信访事项{p.cases}件"
        if p.case_categories:
            text += f"，主要反映{'、'.join(p.case_categories)}等方面问题"
        if p.cases_handled:
            text += f"，转送交办{p.cases_handled}件"
        if p.cases_closed:
            text += f"，答复办结{p.cases_closed}件"
        clauses.append(text)
    backlog = _backlog(f)
    if backlog:
        clauses.append(backlog)
    if p.hotline_orders:
        text = f"累计收到12345接诉即办工单{p.hotline_orders}单"
        if p.hotline_counted:
            text += f"，实际办理{p.hotline_counted}单"
        if p.hotline_closed and p.hotline_counted:
            text += (
                f"，办结{p.hotline_closed}单，"
                f"办结率{_share(p.hotline_closed, p.hotline_counted)}"
            )
            if p.hotline_village:
                text += f"，其中由村（社区）自主化解{p.hotline_village}单"
        clauses.append(text)
        quality = "".join([*_hotline_times(p), *_hotline_rates(p)])
        if quality:
            clauses.append(f"对照签收、联系、办结时限要求跟踪督办{quality}")
    return clauses


def _backlog(f: Figures) -> str:
    """包案 outcomes: taken on and resolved in the period, by the leader's
    rank, and those still being resolved at its end."""
    p = f.petitions
    parts = []
    if p.backlog_assigned:
        parts.append(f"领导干部新包案信访积案{p.backlog_assigned}件")
    if p.backlog_resolved:
        ranks = [
            f"{word}领导包案化解{p.backlog_resolved_by_rank[rank]}件"
            for rank, word in RANK_WORDS
            if p.backlog_resolved_by_rank.get(rank)
        ]
        text = f"领导包案化解信访积案{p.backlog_resolved}件"
        if ranks and len(ranks) > 1:
            text += f"，其中{'、'.join(ranks)}"
        elif ranks:
            text = ranks[0].replace("包案化解", "包案化解信访积案")
        parts.append(text)
    if p.backlog_open and parts:
        parts.append(f"{_until(f)}尚有{p.backlog_open}件正在按“五个一”要求推进化解")
    return "，".join(parts)


def _hotline_rates(p) -> list[str]:
    """The 12345 rates, each over the orders that record what it measures:
    a part is named ("有首次联系记录的47单中"), a rate over none is left out."""
    parts = []
    closed_rate = (
        round(100 * p.hotline_closed / p.hotline_counted, 1)
        if p.hotline_closed and p.hotline_counted
        else None
    )
    # The same figure twice says nothing new: 解决率 equal to 办结率 is left out.
    if p.resolve_rate is not None and p.resolve_rate != closed_rate:
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


def _hotline_times(p) -> list[str]:
    """Handling time over the closed orders, sign-for time over the orders
    carrying one (said when that is a part); left out when none carry it."""
    parts = []
    if p.handling_days is not None and p.hotline_closed:
        if p.handling_days < 0.05:
            parts.append("，已办结工单均为当日办结")
        else:
            parts.append(f"，已办结工单平均办理时长{p.handling_days:g}个工作日")
    if p.sign_minutes is not None and p.hotline_signed:
        where = (
            f"有签收记录的{p.hotline_signed}单"
            if p.hotline_signed < p.hotline_counted
            else "工单"
        )
        parts.append(f"，{where}平均签收用时{p.sign_minutes:g}分钟")
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
        leaders = _leaders(o.onsite_leaders)
        text = f"{f.scope}{leaders}{where}开展现场办公{o.onsite}次"
        if o.households:
            text += f"，走访群众{o.households}户"
        clauses.append(text)
        heard = []
        if o.problems_raised and o.problems_raised > o.problems_solved:
            heard.append(f"面对面收集群众反映问题{o.problems_raised}个")
        if o.problems_solved:
            heard.append(f"现场解决问题{o.problems_solved}个")
        if o.answered_on_site:
            heard.append(f"对政策性诉求现场解释答复{o.answered_on_site}条")
        if o.suggestions:
            heard.append(f"收到意见建议{o.suggestions}条")
        if heard:
            clauses.append("，".join(heard))
        themes = _quoted(o.onsite_themes, cut="现场(办公|协调|推进)$")
        if o.top_places and themes:
            clauses.append(
                f"重点围绕{themes}等事项，在{'、'.join(o.top_places)}等地现场协调解决问题"
            )
        elif o.top_places:
            clauses[-1] += "，重点在" + "、".join(o.top_places) + "等地现场协调"
    if o.handed_over:
        text = f"现场不能解决的问题交办{o.handed_over}个"
        if o.handed_over_titles:
            text += f"，主要涉及{_listed(o.handed_over_titles)}等，逐项明确承办单位和办理时限"
        if o.handed_over_closed == o.handed_over:
            text += f"，{_until(f)}已全部办结销号"
        elif o.handed_over_closed:
            text += f"，{_until(f)}已办结销号{o.handed_over_closed}个"
            text += f"，其余{o.handed_over - o.handed_over_closed}个正在限时办理"
        clauses.append(text)
    if o.liaison_contacts:
        where = f"围绕{'、'.join(o.liaison_places)}等" if o.liaison_places else ""
        text = f"包抓项目、包联企业领导干部{where}联系服务{o.liaison_contacts}次"
        if o.liaison_site_visits:
            text += f"，其中实地走访{o.liaison_site_visits}次"
        if o.liaison_solved:
            text += f"，协调解决项目建设和企业发展难题{o.liaison_solved}个"
        clauses.append(text)
    if o.livelihood_items:
        text = f"{_so_far(f)}推进民生实事{o.livelihood_items}项"
        if o.livelihood_closed:
            done = _listed(o.livelihood_done)
            named = f"{done}等" if done and o.livelihood_closed > 1 else done
            if o.livelihood_closed == o.livelihood_items:
                text += f"，{_until(f)}已全部完成"
            else:
                text += f"，{_until(f)}已完成{named}{o.livelihood_closed}项"
        remaining = o.livelihood_items - o.livelihood_closed
        if remaining and o.livelihood_closed:
            text += f"，其余{remaining}项正在加快推进"
        if o.livelihood_overdue:
            text += f"，其中{o.livelihood_overdue}项已超出计划时限"
        clauses.append(text)
    return clauses


def _compliance(f: Figures) -> list[str]:
    if not f.rules_total:
        clauses = ["本期没有适用的指标要求"]
    elif f.rules_met == f.rules_total:
        clauses = [f"对照“四下基层”{f.rules_total}项指标要求，各项均全面达标"]
    elif f.rules_met:
        clauses = [f"对照“四下基层”{f.rules_total}项指标要求，{f.rules_met}项全面达标"]
    else:
        clauses = [f"对照“四下基层”{f.rules_total}项指标要求，各项均有未达标情况"]
    # Every failing rule, city-level leaders first (collect's order); a
    # report sent upward names no one: names go to the optional annex.
    for s in f.shortfalls:
        share = round(100 * s.short / s.applicable)
        clauses.append(f"“{s.rule}”有{s.short}{s.noun}未达标，占应落实对象的{share}%")
    supervision = _supervision(f)
    if supervision:
        clauses.append(supervision)
    return clauses


def _supervision(f: Figures) -> str:
    """督办单 and 整改事项: issued or found in the period, and where they stood."""
    v = f.supervision
    parts = []
    if v.orders_issued:
        text = f"针对进度滞后的事项和未达标的指标，本期下发督办单{v.orders_issued}份"
        if v.orders_closed == v.orders_issued:
            text += "，均已按期回复办结"
        elif v.orders_closed:
            text += f"，{_until(f)}已回复办结{v.orders_closed}份"
        parts.append(text)
    if v.rectifications:
        text = f"新梳理整改事项{v.rectifications}项"
        if v.rectification_titles:
            text += f"，主要是{_listed(v.rectification_titles)}等问题"
        parts.append(text)
    if v.rectifications_closed:
        parts.append(f"本期整改销号{v.rectifications_closed}项")
    if v.rectifications_open and parts:
        parts.append(f"{_until(f)}仍在整改{v.rectifications_open}项")
    return "，".join(parts)


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


def _open_handed_over(f: Figures) -> int:
    return f.onsite.handed_over - f.onsite.handed_over_closed


def _problems(f: Figures) -> list[str]:
    """存在的问题, from this unit's own shortfalls and overdue items."""
    clauses = []
    if f.shortfalls:
        worst = max(f.shortfalls, key=lambda s: s.short)
        text = f"制度落实还不够均衡，{len(f.shortfalls)}项指标要求未全面达标"
        if len(f.shortfalls) > 1:
            text += f"，其中“{worst.rule}”有{worst.short}{worst.noun}未落实到位"
        else:
            text += f"，“{worst.rule}”有{worst.short}{worst.noun}未落实到位"
        clauses.append(text)
    overdue = [(kind, n) for kind, n in f.overdue.items() if n]
    if overdue:
        items = "、".join(f"{kind}{n}项" for kind, n in overdue)
        clauses.append(f"部分事项办理不够及时，{_until(f)}逾期未办结{items}")
    r = f.research
    if r.topics and r.topics_converted < r.topics and f.period.end.month >= 6:
        left = (
            "均未形成转化成果"
            if not r.topics_converted
            else f"尚有{r.topics - r.topics_converted}个未形成转化成果"
        )
        clauses.append(
            f"调研成果转化还不够充分，今年以来确定的{r.topics}个调研课题中，"
            f"{_until(f)}{left}"
        )
    if _open_handed_over(f) and not overdue:
        clauses.append(
            f"现场交办问题办理还有差距，本期交办的{f.onsite.handed_over}个问题中"
            f"尚有{_open_handed_over(f)}个未办结"
        )
    p = f.petitions
    if p.hotline_counted and p.hotline_closed < p.hotline_counted:
        low = [f"办结率为{_share(p.hotline_closed, p.hotline_counted)}"]
        if p.satisfaction_rate is not None and p.satisfaction_rate < 95:
            low.append(f"满意率为{_rate(p.satisfaction_rate)}")
        clauses.append(
            f"12345工单办理质效有待提升，本期工单{'，'.join(low)}，"
            f"仍有{p.hotline_counted - p.hotline_closed}单未办结"
        )
    if not clauses:
        clauses.append(
            "对照群众期盼，基层一线解决问题的深度和成果转化的质量还需持续提升"
        )
    return clauses


def _next_steps(f: Figures) -> list[str]:
    """下一步工作打算, answering this unit's own shortfalls one by one."""
    clauses = []
    if f.shortfalls:
        rules = "".join(f"“{s.rule}”" for s in f.shortfalls[:2])
        teams = sum(s.short for s in f.shortfalls if s.noun == "个领导班子")
        people = sum(s.short for s in f.shortfalls) - teams
        who = "和".join(
            part
            for part in (
                f"{people}人次未达标的领导干部" if people else "",
                f"{teams}个未达标的领导班子" if teams else "",
            )
            if part
        )
        clauses.append(
            f"坚持“月督促、季调度、年评估”，聚焦{rules}等未全面达标的要求，"
            f"对{who}逐一提醒、跟踪督办，确保补齐短板"
        )
    overdue = sum(f.overdue.values())
    if overdue:
        clauses.append(
            f"对{_until(f)}逾期的{overdue}项事项实行红黄蓝预警管理、挂牌督办，"
            "限期办结销号"
        )
    r = f.research
    if r.topics and r.topics_converted < r.topics:
        clauses.append(
            f"推动{r.topics - r.topics_converted}个尚未转化的调研课题加快形成"
            "政策文件、制度机制等成果，做好调研“后半篇文章”"
        )
    o = f.onsite
    remaining = o.livelihood_items - o.livelihood_closed
    if remaining:
        deadline = (
            "确保年底前全部完成"
            if f.period.end.month < 12
            else "年内未完成的结转下一年度跟踪推进"
        )
        clauses.append(f"加快推进尚未完成的{remaining}项民生实事，{deadline}")
    p = f.petitions
    if p.backlog_open:
        clauses.append(
            f"持续压实领导包案责任，推动{p.backlog_open}件信访积案逐件化解、案结事了"
        )
    if p.hotline_counted and p.hotline_closed < p.hotline_counted:
        clauses.append(
            f"对{p.hotline_counted - p.hotline_closed}单未办结的12345工单逐单跟踪，"
            "提升办理质效和群众满意度"
        )
    if not clauses:
        clauses.append("巩固“四下基层”工作成效，推动更多问题在基层一线解决")
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
