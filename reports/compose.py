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
    """Lectures lead with their themes and the leaders who gave them; party
    lectures and training classes are named, their counts left to the
    ledgers unless nothing else names them."""
    p = f.policy
    clauses = []
    if p.lectures:
        leaders = _leaders(p.policy_leaders)
        themes = _quoted(p.lecture_themes[:3])
        who = f"{f.scope}{leaders}带头" if leaders else ""
        if themes:
            text = f"围绕{themes}等主题，{who}深入基层宣讲{p.lectures}场次"
        else:
            text = f"{who}深入基层开展政策宣讲{p.lectures}场次"
        if p.audience and not leaders:
            text += f"，受教育党员群众{p.audience}人次"
        text += "，用群众听得懂的语言把党的政策讲清楚、讲透彻"
        clauses.append(text)
    if p.party_lectures:
        themes = _quoted(p.party_themes[:3])
        if themes:
            text = f"各级党组织书记和领导干部以{themes}等为题讲授专题党课"
        else:
            text = f"领导干部讲授专题党课{p.party_lectures}次"
        if p.party_lectures * 4 > p.lectures:
            text += "，以上率下推动党的创新理论进基层、入人心"
        else:
            text += "，推动党的创新理论在基层落地生根"
        clauses.append(text)
    if p.trainings:
        titles = _listed(p.training_titles[:2])
        if titles:
            text = (
                f"举办{titles}{'等培训' if p.trainings > 1 else ''}，"
                "提升党员干部抓落实的能力"
            )
        else:
            text = f"面向基层举办培训班{p.trainings}期"
            if p.trainees:
                text += f"，培训党员干部{p.trainees}人次"
        clauses.append(text)
    return clauses


def _research(f: Figures) -> list[str]:
    """Topics researched by title, what was found and what changed: the
    trips, findings and conversions carry one figure each."""
    r = f.research
    clauses = []
    if r.trips:
        leaders = _leaders(r.researchers_by_rank)
        titles = _quoted(r.topic_titles[:3])
        how = f"采取{'、'.join(r.methods[:2])}等方式" if r.methods else ""
        who = f"{f.scope}{leaders}" if leaders else "领导干部"
        if titles:
            text = (
                f"{who}围绕{titles}等课题，{how}深入基层调查研究{r.trips}次，"
                "摸清实情、找准症结"
            )
        else:
            text = f"{who}{how}深入基层调查研究{r.trips}次"
        clauses.append(text)
    elif r.topics:
        clauses.append(
            f"{_so_far(f)}确定调研课题{r.topics}个，本期以制定方案、收集资料为主"
        )
    if r.findings:
        found = _listed(r.finding_texts[:3])
        text = (
            f"调研发现{found}等问题{r.findings}个"
            if found
            else f"调研发现问题{r.findings}个"
        )
        done = _listed([re.sub(r"（.*?）$", "", t) for t in r.measure_titles])
        planned = _listed([re.sub(r"（.*?）$", "", t) for t in r.planned_titles])
        if planned and not done:
            text += f"，研究提出{planned}等解决措施，明确责任单位、责任人和完成时限"
        elif r.measures:
            text += "，逐项制定解决措施，明确责任单位、责任人和完成时限"
        if done:
            text += f"，推动{done}等措施落地见效"
        clauses.append(text)
    if r.topics and not r.topics_converted and not r.conversions:
        clauses.append(
            f"{_so_far(f)}确定调研课题{r.topics}个，逐一明确牵头领导、调研方式和"
            "时间节点，推动课题研究与成果转化同步谋划、同步推进"
        )
    if r.conversions or r.topics_converted:
        parts = []
        if r.conversion_titles:
            parts.append(
                f"形成{_titles(r.conversion_titles[:3])}等制度成果，"
                "把调研成果转化为解决问题的具体举措"
            )
        elif r.conversions:
            parts.append(f"建立成果转化清单{r.conversions}项")
        if r.topics_converted and r.topics_converted == r.topics:
            parts.append(f"{_so_far(f)}确定的调研课题均已实现成果转化")
        elif r.topics_converted:
            parts.append(f"{_until(f)}已有{r.topics_converted}个课题实现成果转化")
        clauses.append("推动调研成果转化运用，" + "，".join(parts))
    cases = _cases(f)
    if cases:
        clauses.append(cases)
    return clauses


def _unconverted(r) -> list[str]:
    """Two topics not yet converted, those researched in the period first."""
    researched = [t for t in r.unconverted_titles if t in r.topic_titles]
    return list(dict.fromkeys([*researched, *r.unconverted_titles]))[:2]


def _cases(f: Figures) -> str:
    """典型案例 of the period, from research and from grassroots work:
    counted once, named by their titles."""
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
        return (
            f"深入剖析{bad}等反面典型案例{negative}个，举一反三查找共性问题，"
            "以案促改、以案促治"
        )
    return (
        f"深入解剖正反面典型案例{positive + negative}个，总结推广{good}等经验做法，"
        f"剖析{bad}等问题教训，以案促改、以案促治"
    )


def _petitions(f: Figures) -> list[str]:
    p = f.petitions
    clauses = []
    if p.reception_days:
        leaders = _leaders(p.reception_leaders_by_rank)
        who = f"{f.scope}{leaders}" if leaders else "领导干部"
        text = f"{who}坚持定期接访、带案下访，累计接访{p.reception_days}天次"
        if p.visitors:
            text += f"，接待群众{p.visitors}人次"
        if p.answered_on_site:
            text += f"，对群众反映的政策性问题现场解释答复{p.answered_on_site}条"
        text += "，推动矛盾化解在基层、化解在萌芽状态"
        clauses.append(text)
    if p.cases:
        if p.case_categories:
            text = (
                "本期登记的信访事项主要反映"
                f"{'、'.join(p.case_categories[:3])}等方面问题"
            )
        else:
            text = f"登记信访事项{p.cases}件"
        if p.cases_closed == p.cases:
            text += f"，{_until(f)}均已答复办结"
        elif p.cases_handled:
            text += "，均按“属地管理、分级负责”原则逐件转送交办、跟踪问效"
            if p.cases_closed:
                text += (
                    f"，{_until(f)}{_share_words(p.cases_closed, p.cases)}已答复办结"
                )
        clauses.append(text)
    backlog = _backlog(f)
    if backlog:
        clauses.append(backlog)
    hotline = _hotline(f)
    if hotline:
        clauses.append(hotline)
    return clauses


def _backlog(f: Figures) -> str:
    """包案 outcomes: resolved in the period by the leader's rank, and those
    still being resolved at its end."""
    p = f.petitions
    parts = []
    if p.backlog_resolved:
        ranks = [
            f"{word}领导包案化解{p.backlog_resolved_by_rank[rank]}件"
            for rank, word in RANK_WORDS
            if p.backlog_resolved_by_rank.get(rank)
        ]
        text = f"领导包案化解信访积案{p.backlog_resolved}件"
        if ranks:
            text = "、".join(ranks).replace("包案化解", "包案化解信访积案", 1)
        parts.append(text)
    elif p.backlog_assigned:
        parts.append("对新排查的信访积案逐件明确包案领导和化解方案")
    if p.backlog_open and parts:
        parts.append(f"{_until(f)}尚有{p.backlog_open}件正在按“五个一”要求推进化解")
    return "，".join(parts)


def _hotline(f: Figures) -> str:
    """12345: the orders handled and their 办结率, then the handling and
    sign-for times and the satisfaction rate, each over the orders that
    record what it measures (a part is named, a rate over none left out)."""
    p = f.petitions
    if not p.hotline_counted:
        if p.hotline_orders:
            return f"受理12345接诉即办工单{p.hotline_orders}单"
        return ""
    if p.hotline_closed:
        text = (
            "坚持接诉即办、未诉先办，12345工单办结率"
            f"{_share(p.hotline_closed, p.hotline_counted)}"
        )
    else:
        text = f"按照接诉即办要求办理12345工单{p.hotline_counted}单"
    if p.hotline_topics:
        text += f"，群众反映集中的{_listed(p.hotline_topics)}等诉求逐单跟踪办理"
    if p.hotline_village:
        text += "，一批诉求由村（社区）自主化解"
    if p.handling_days is not None and p.hotline_closed:
        if p.handling_days < 0.05:
            text += "，已办结工单均为当日办结"
        else:
            text += f"，已办结工单平均办理时长{p.handling_days:g}个工作日"
    if p.sign_minutes is not None and p.hotline_signed:
        where = (
            f"有签收记录的{p.hotline_signed}单"
            if p.hotline_signed < p.hotline_counted
            else "工单"
        )
        text += f"，{where}平均签收用时{p.sign_minutes:g}分钟"
    if p.satisfaction_rate is not None and p.hotline_evaluated:
        which = "已评价工单" if p.hotline_evaluated < p.hotline_counted else ""
        text += f"，{which}满意率{_rate(p.satisfaction_rate)}"
    return text


def _rate(value: float) -> str:
    return f"{value:g}%"


def _onsite(f: Figures) -> list[str]:
    o = f.onsite
    clauses = []
    if o.onsite:
        leaders = _leaders(o.onsite_leaders)
        who = f"{f.scope}{leaders}" if leaders else "领导干部"
        where = (
            f"深入{'、'.join(o.top_places[:3])}等基层一线"
            if o.top_places
            else "深入基层一线"
        )
        text = f"{who}{where}开展现场办公{o.onsite}次"
        themes = _quoted(o.onsite_themes[:3], cut="现场(办公|协调|推进)$")
        if themes:
            text += f"，重点围绕{themes}等事项现场协调，推动问题在一线发现、在一线解决"
        clauses.append(text)
        if o.problems_solved:
            text = f"面对面听取群众意见，当场解决群众急难愁盼问题{o.problems_solved}个"
            if o.answered_on_site:
                text += "，对政策性诉求现场解释答复、讲清政策依据"
        elif o.answered_on_site:
            text = f"对群众政策性诉求现场解释答复{o.answered_on_site}条"
        else:
            text = ""
        if o.liaison_contacts:
            where = (
                f"深入{'、'.join(o.liaison_places[:2])}等" if o.liaison_places else ""
            )
            text += (
                f"{'；' if text else ''}包抓项目、包联企业领导干部{where}上门服务，"
                "协调解决项目建设和企业发展中的难题"
            )
        if text:
            clauses.append(text)
    if o.handed_over:
        titles = _listed(o.handed_over_titles[:3])
        text = f"对{titles}等现场不能解决的问题" if titles else "对现场不能解决的问题"
        text += "逐项明确承办单位和办理时限，实行交办、督办、销号闭环管理"
        text += f"，{_until(f)}{_progress(o.handed_over_closed, o.handed_over)}"
        clauses.append(text)
    if o.livelihood_items:
        done = _listed(o.livelihood_done[:3])
        if o.livelihood_closed == o.livelihood_items:
            text = (
                f"{_so_far(f)}确定的{o.livelihood_items}项民生实事{_until(f)}已全部完成"
            )
        elif o.livelihood_closed:
            named = f"{done}等" if done and o.livelihood_closed > 1 else done
            text = (
                f"{_so_far(f)}推进的民生实事中，{_until(f)}已完成{named}"
                f"{o.livelihood_closed}项，其余正在加快推进"
            )
        else:
            pending = _listed(o.livelihood_pending[:2])
            named = f"{pending}等" if pending and o.livelihood_items > 1 else ""
            text = (
                f"{_so_far(f)}确定的{named}{o.livelihood_items}项民生实事"
                "明确了牵头领导、责任单位和完成时限，"
                + ("正在加快推进" if o.livelihood_overdue else "均在按计划推进")
            )
        if o.livelihood_overdue:
            text += "，个别项目已超出计划时限"
        clauses.append(text)
    return clauses


def _share_words(done: int, total: int) -> str:
    """ "大部分", "过半", "部分": a share in words, where the count would
    add a figure the reader does not need."""
    if done * 3 >= total * 2:
        return "大部分"
    if done * 2 >= total:
        return "过半"
    return "部分"


def _progress(done: int, total: int) -> str:
    """How far a list of items has got, in words: the count is in the
    ledgers, the share is what a reader takes from the sentence."""
    if done == total:
        return "已全部办结销号"
    if not done:
        return "均在限时办理中"
    return f"{_share_words(done, total)}已办结销号，其余正在限时办理"


def _compliance(f: Figures) -> list[str]:
    """The rules met, every failing rule named (city-level leaders first,
    collect's order; the counts per rule are on the dashboard and the names
    in the optional annex), then 督办单 and 整改事项."""
    if not f.rules_total:
        clauses = ["本期没有适用的指标要求"]
    elif f.rules_met == f.rules_total:
        clauses = [f"对照“四下基层”{f.rules_total}项指标要求，各项均全面达标"]
    else:
        text = "对照“四下基层”指标要求逐人逐项调度"
        if not f.shortfalls:
            text = (
                f"对照“四下基层”{f.rules_total}项指标要求逐人逐项调度，"
                f"{f.rules_met}项全面达标"
            )
        else:
            people = sum(s.short for s in f.shortfalls if s.noun != "个领导班子")
            teams = sum(s.short for s in f.shortfalls if s.noun == "个领导班子")
            who = "、".join(
                part
                for part in (
                    f"领导干部{people}人次" if people else "",
                    "部分领导班子" if teams else "",
                )
                if part
            )
            rules = "".join(f"“{s.rule}”" for s in f.shortfalls)
            text += f"，{rules}要求尚未全面达标，涉及{who}，已逐一提醒"
        clauses = [text]
    return clauses + _supervision(f)


def _supervision(f: Figures) -> list[str]:
    """督办单 and 整改事项: issued or found in the period, named, and where
    they stood at its end."""
    v = f.supervision
    parts = []
    if v.orders_issued:
        about = _listed(v.order_titles[:2])
        text = (
            f"针对{about}等进度滞后事项下发督办单{v.orders_issued}份"
            if about
            else f"针对进度滞后的事项和未达标的指标下发督办单{v.orders_issued}份"
        )
        if v.orders_closed == v.orders_issued:
            text += "，均已按期回复办结"
        elif v.orders_closed:
            text += "，逐件跟踪回复情况，未按期回复的提级督办"
        else:
            text += "，责任单位正在按要求限期回复"
        parts.append(text)
    if v.rectifications:
        titles = _listed(v.rectification_titles[:2])
        text = (
            f"梳理{titles}等整改事项{v.rectifications}项"
            if titles
            else f"新梳理整改事项{v.rectifications}项"
        )
        text += "，逐项明确整改措施、责任人和整改时限"
        if v.rectifications_closed:
            text += "，已整改到位的逐项销号"
        parts.append(text)
    elif v.rectifications_closed:
        parts.append(f"持续推进整改落实，本期整改销号{v.rectifications_closed}项")
    return parts


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
    """存在的问题, from this unit's own shortfalls and overdue items, named
    rather than counted again (the figures are stated above)."""
    clauses = []
    if f.shortfalls:
        worst = sorted(f.shortfalls, key=lambda s: -s.short / s.applicable)[:2]
        rules = "".join(f"“{s.rule}”" for s in worst)
        clauses.append(
            f"制度落实还不够均衡，{_until(f)}{rules}等要求落实较差，"
            "少数领导干部下基层的频次和深度不够"
        )
    overdue = sorted(((n, kind) for kind, n in f.overdue.items() if n), reverse=True)
    if overdue:
        kinds = "、".join(kind for _, kind in overdue[:2])
        clauses.append(
            f"部分事项办理不够及时，{_until(f)}仍有事项逾期未办结，主要集中在{kinds}"
        )
    r = f.research
    if r.topics and r.topics_converted < r.topics and f.period.end.month >= 6:
        left = r.topics - r.topics_converted
        named = _quoted(_unconverted(r))
        clauses.append(
            "调研成果转化还不够充分，"
            + (
                f"{named}等课题还停留在发现问题阶段，尚未形成转化成果"
                if named
                else f"今年确定的调研课题尚有{left}个未形成转化成果"
            )
        )
    if _open_handed_over(f) and not overdue:
        clauses.append(
            f"现场交办问题办理还有差距，本期交办的问题尚有{_open_handed_over(f)}个未办结"
        )
    p = f.petitions
    if p.hotline_counted and p.hotline_closed < p.hotline_counted:
        low = (
            "群众满意度还需提升，"
            if p.satisfaction_rate is not None and p.satisfaction_rate < 95
            else ""
        )
        clauses.append(f"12345工单办理质效有待提升，{low}{_until(f)}仍有部分工单未办结")
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
        teams = any(s.noun == "个领导班子" for s in f.shortfalls)
        people = any(s.noun != "个领导班子" for s in f.shortfalls)
        who = "未达标的" + "和".join(
            part
            for part in ("领导干部" if people else "", "领导班子" if teams else "")
            if part
        )
        clauses.append(
            f"坚持“月督促、季调度、年评估”，聚焦{rules}等未全面达标的要求，"
            f"对{who}逐一提醒、跟踪督办，确保补齐短板"
        )
    overdue = [kind for kind, n in f.overdue.items() if n]
    if overdue:
        clauses.append(
            f"对逾期未办结的{'、'.join(overdue[:3])}实行红黄蓝预警管理、挂牌督办，"
            "限期办结销号"
        )
    r = f.research
    if r.topics and r.topics_converted < r.topics:
        named = _quoted(_unconverted(r))
        what = f"{named}等尚未转化的调研课题" if named else "尚未转化的调研课题"
        clauses.append(
            f"推动{what}加快形成政策文件、制度机制等成果，做好调研“后半篇文章”"
        )
    o = f.onsite
    remaining = o.livelihood_items - o.livelihood_closed
    if remaining:
        deadline = (
            "确保年底前全部完成"
            if f.period.end.month < 12
            else "年内未完成的结转下一年度跟踪推进"
        )
        pending = _listed(o.livelihood_pending[:2])
        what = f"{pending}等尚未完成的民生实事" if pending else "尚未完成的民生实事"
        clauses.append(f"加快推进{what}，{deadline}")
    p = f.petitions
    if p.backlog_open:
        clauses.append(
            f"持续压实领导包案责任，对{_until(f)}尚未化解的信访积案逐件推进、案结事了"
        )
    if p.hotline_counted and p.hotline_closed < p.hotline_counted:
        clauses.append(
            f"对{_until(f)}未办结的12345工单逐单跟踪，提升办理质效和群众满意度"
        )
    if not clauses:
        clauses.append("巩固“四下基层”工作成效，推动更多问题在基层一线解决")
    return clauses


def _focus(f: Figures) -> str:
    """The period's main work in the opening sentence, from what was most
    lectured, researched and worked on on site."""
    named = [
        *f.policy.lecture_themes[:1],
        *f.research.topic_titles[:1],
        *(re.sub("现场(办公|协调|推进)$", "", t) for t in f.onsite.onsite_themes[:1]),
    ]
    named = [n.replace("“", "‘").replace("”", "’") for n in dict.fromkeys(named)]
    if not named:
        return ""
    return f"，把“四下基层”与{'、'.join(named)}等重点工作结合起来，带着问题下去、带着办法回来"


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
            "宣传政策、调查研究、信访接待、现场办公"
            f"{_focus(figures)}，推动解决了一批群众急难愁盼问题。"
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
