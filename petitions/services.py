"""Writes of petition work: registering, moving a case through its stages,
extending, linking and merging. Each call is atomic and leaves a CaseEvent."""

import re
import time
import uuid
from datetime import date, timedelta
from difflib import SequenceMatcher

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from org.models import OrgUnit
from security.audit import audit
from security.models import AuditEvent
from tracking.services import tracked_item_open
from tracking.workdays import deadline_after

from .models import (
    OPEN_STAGES,
    TRANSITIONS,
    BacklogCase,
    CaseEvent,
    PetitionCase,
    Petitioner,
    Stage,
    TimeLimitRule,
    check_petitioners,
)

ITEM_KIND = "petition_stage"
# Stages whose time limit binds the handling unit (a tracked item with 红黄蓝).
# The limits of `replied` and `reviewed` bind the petitioner (the window to ask
# for review or recheck) and are checked when the request comes in.
DUTY_STAGES = (
    Stage.REGISTERED,
    Stage.ROUTED,
    Stage.ACCEPTED,
    Stage.REVIEW,
    Stage.RECHECK,
)
MAX_EXTENSION_DAYS = 30
SIMILAR_CONTENT = 0.85


class IllegalTransition(ValueError):
    """A stage change the 信访工作条例 does not allow."""


def stage_deadline(stage: str, start: date) -> date | None:
    rule = TimeLimitRule.objects.filter(stage=stage).first()
    if rule is None:
        return None
    return deadline_after(start, rule.days, working_days=rule.working_days)


def _open_stage_item(case: PetitionCase, start: date) -> None:
    deadline = stage_deadline(case.stage, start) if case.stage in DUTY_STAGES else None
    if deadline is None:
        case.stage_item = None
        return
    case.stage_item = tracked_item_open(
        kind=ITEM_KIND,
        title=f"{case.number} {Stage(case.stage).label}",
        unit=case.unit,
        start_date=start,
        deadline=deadline,
    )


@transaction.atomic
def case_register(
    *,
    by,
    channel: str,
    category: str,
    content: str,
    registered_on: date,
    unit: OrgUnit,
    petitioners: list[dict],
    reception=None,
    related_to: PetitionCase | None = None,
) -> PetitionCase:
    case = PetitionCase(
        number=f"tmp-{uuid.uuid4().hex[:16]}",
        channel=channel,
        category=category,
        content=content,
        registered_on=registered_on,
        registered_by=by,
        unit=unit,
        reception=reception,
        related_to=related_to,
    )
    case.clean()
    check_petitioners(petitioners)
    case.save()
    case.number = f"XF{registered_on:%Y}{case.pk:06d}"
    _open_stage_item(case, registered_on)
    case.save(update_fields=["number", "stage_item"])
    for petitioner in petitioners:  # one by one: each gets its audit-trail row
        Petitioner.objects.create(case=case, **petitioner)
    note = f"关联重复信访事项 {related_to}" if related_to else ""
    CaseEvent.objects.create(
        case=case, on=registered_on, by=by, stage=Stage.REGISTERED, note=note
    )
    return case


@transaction.atomic
def case_record_closed(*, case: PetitionCase, by, on: date) -> PetitionCase:
    """A case an office's ledger records as already 办结 on `on`: its open
    stage item is closed on that date (it is not overdue at 登记) and the
    case counts as closed in that date's period."""
    if case.stage_item and not case.stage_item.is_closed:
        case.stage_item.close_out(by=by, result="台账导入：已办结", on=on)
    case.stage, case.closed_on = Stage.CLOSED, on
    case.clean()
    case.save(update_fields=["stage", "closed_on"])
    CaseEvent.objects.create(
        case=case, on=on, by=by, stage=Stage.CLOSED, note="台账导入：已办结"
    )
    return case


# The dates a stage change records, and the window the petitioner has.
STAGE_DATES = {
    Stage.ROUTED: "routed_on",
    Stage.ACCEPTED: "accepted_on",
    Stage.REPLIED: "replied_on",
    Stage.CLOSED: "closed_on",
    Stage.REVIEW: "review_requested_on",
    Stage.REVIEWED: "reviewed_on",
    Stage.RECHECK: "recheck_requested_on",
    Stage.RECHECKED: "rechecked_on",
}
REQUEST_WINDOWS = {Stage.REVIEW: "replied_on", Stage.RECHECK: "reviewed_on"}
WINDOW_RULES = {Stage.REVIEW: Stage.REPLIED, Stage.RECHECK: Stage.REVIEWED}


def check_transition(case: PetitionCase, to: str, on: date) -> None:
    """Raise IllegalTransition unless the case may move to `to` on `on`."""
    if on > timezone.localdate():
        raise IllegalTransition("日期不能晚于今天。")
    if to not in TRANSITIONS[case.stage]:
        allowed = "、".join(Stage(s).label for s in TRANSITIONS[case.stage]) or "无"
        raise IllegalTransition(
            f"“{Stage(case.stage).label}”阶段不能直接转为“{Stage(to).label}”"
            f"（可转为：{allowed}）。"
        )
    if to in REQUEST_WINDOWS:
        since = getattr(case, REQUEST_WINDOWS[to])
        last = stage_deadline(WINDOW_RULES[to], since) if since else None
        if last and on > last:
            raise IllegalTransition(
                f"已超过{Stage(to).label}申请期限（{last:%Y年%m月%d日}），不予受理。"
            )
    previous = max(
        (d for d in (getattr(case, f) for f in STAGE_DATES.values()) if d),
        default=case.registered_on,
    )
    if on < previous:
        raise IllegalTransition(f"日期不能早于上一环节（{previous:%Y年%m月%d日}）。")


@transaction.atomic
def case_move(
    *,
    case: PetitionCase,
    to: str,
    by,
    on: date,
    note: str = "",
    unit: OrgUnit | None = None,
    reason: str = "",
    reply: str = "",
    evaluation: str = "",
    partly_solved: bool = False,
) -> PetitionCase:
    """Move a case to its next stage, closing the old stage item and opening
    the new one with its statutory deadline."""
    check_transition(case, to, on)
    if case.stage_item and not case.stage_item.is_closed:
        case.stage_item.close_out(by=by, result=f"转入{Stage(to).label}")
    case.stage = to
    if to in STAGE_DATES:
        setattr(case, STAGE_DATES[to], on)
    if to == Stage.ROUTED:
        case.unit = unit
    elif to == Stage.NOT_ACCEPTED:
        case.not_accepted_reason = reason
    elif to == Stage.REPLIED:
        case.reply = reply
    elif to == Stage.CLOSED:
        case.evaluation = evaluation
        case.partly_solved = partly_solved
    _open_stage_item(case, on)
    case.save()
    details = [note, reason, reply]
    if unit is not None and to == Stage.ROUTED:
        details.insert(0, f"交办{unit.name}")
    if evaluation:
        details.append(f"群众评价：{PetitionCase.Evaluation(evaluation).label}")
    CaseEvent.objects.create(
        case=case, on=on, by=by, stage=to, note="；".join(d for d in details if d)
    )
    return case


@transaction.atomic
def case_extend(
    *, case: PetitionCase, by, days: int, approver: str, reason: str, on: date
) -> PetitionCase:
    """The one extension of the handling period, at most 30 days."""
    if case.stage != Stage.ACCEPTED:
        raise IllegalTransition("只有受理办理阶段可以延期。")
    if case.extension_days:
        raise IllegalTransition("办理期限只能延长一次。")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise IllegalTransition(f"延长期限为1至{MAX_EXTENSION_DAYS}日。")
    case.extension_days = days
    case.extension_approver = approver
    case.extension_reason = reason
    case.save(
        update_fields=["extension_days", "extension_approver", "extension_reason"]
    )
    item = case.stage_item
    item.deadline += timedelta(days=days)
    item.save()
    CaseEvent.objects.create(
        case=case,
        on=on,
        by=by,
        stage=case.stage,
        note=f"经{approver}批准延期{days}日，已告知信访人：{reason}",
    )
    return case


def _normalise(text: str) -> str:
    return re.sub(r"[\s，。、；：！？,.;:!?“”\"'（）()]", "", text)


def similar_open_cases(
    *, id_numbers: list[str], content: str, scope, exclude_pk=None
) -> list[PetitionCase]:
    """Open cases of the same petitioner (ID number) or with nearly the same
    content, among the cases `scope` (a queryset) holds."""
    ids = [i for i in id_numbers if i]
    open_cases = scope.open().exclude(pk=exclude_pk)
    by_person = (
        open_cases.filter(petitioners__id_number__in=ids) if ids else open_cases.none()
    )
    found = {case.pk: case for case in by_person.distinct()}
    wanted = _normalise(content)
    since = date.today() - timedelta(days=365)
    for case in open_cases.filter(registered_on__gte=since).only(
        "pk", "number", "content", "registered_on", "stage"
    ):
        if (
            case.pk not in found
            and wanted
            and SequenceMatcher(None, wanted, _normalise(case.content)).ratio()
            >= SIMILAR_CONTENT
        ):
            found[case.pk] = case
    return sorted(found.values(), key=lambda c: c.registered_on)


class DuplicateCheckLimit(Exception):
    """The user ran more duplicate checks than PETITION_DUPLICATE_CHECKS in
    PETITION_DUPLICATE_CHECK_SECONDS."""


def _count_check(user) -> int:
    """This user's duplicate checks in the current window, this one included
    (Django's cache: Redis in production, shared by the web processes)."""
    window = settings.PETITION_DUPLICATE_CHECK_SECONDS
    key = f"petitions:duplicate-checks:{user.pk}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def duplicate_check(
    *, request, id_numbers: list[str], content: str
) -> list[PetitionCase]:
    """Open cases the user can see that may be the petition being registered.

    Every check is an audit event with its outcome (how many ID numbers were
    checked, how many cases found; never the numbers). Checks are limited per
    user, so trying ID numbers one after another is slowed and seen; the
    caller shows what is found to the petition office only.
    """
    user = request.user
    limit = settings.PETITION_DUPLICATE_CHECKS
    minutes = settings.PETITION_DUPLICATE_CHECK_SECONDS // 60
    if _count_check(user) > limit:
        audit(
            request,
            AuditEvent.Action.DUPLICATE_CHECK,
            "信访事项",
            f"登记前查重超过限制（每{minutes}分钟{limit}次），未予查重和登记",
        )
        raise DuplicateCheckLimit(
            f"查重过于频繁：每{minutes}分钟最多{limit}次，请稍后再登记。"
        )
    found = similar_open_cases(
        id_numbers=id_numbers,
        content=content,
        scope=PetitionCase.objects.visible_to(user),
    )
    checked = len([i for i in id_numbers if i])
    audit(
        request,
        AuditEvent.Action.DUPLICATE_CHECK,
        "信访事项",
        f"登记前查重：身份证号{checked}个，疑似重复{len(found)}件",
    )
    return found


@transaction.atomic
def case_merge(*, primary: PetitionCase, duplicate: PetitionCase, by, on: date) -> None:
    """Merge a repeated case into the primary one; both keep their history."""
    if duplicate.pk == primary.pk or duplicate.stage not in OPEN_STAGES:
        raise IllegalTransition("只能合并两个不同且未办结的信访事项。")
    if duplicate.stage_item and not duplicate.stage_item.is_closed:
        duplicate.stage_item.close_out(by=by, result=f"合并至{primary.number}")
    duplicate.stage = Stage.MERGED
    duplicate.merged_into = primary
    duplicate.stage_item = None
    duplicate.save(update_fields=["stage", "merged_into", "stage_item"])
    CaseEvent.objects.create(
        case=duplicate, on=on, by=by, stage=Stage.MERGED, note=f"合并至{primary.number}"
    )
    CaseEvent.objects.create(
        case=primary,
        on=on,
        by=by,
        stage=primary.stage,
        note=f"合并重复信访事项{duplicate.number}",
    )


@transaction.atomic
def backlog_assign(
    *,
    case: PetitionCase,
    leader,
    team: str,
    plan: str,
    assigned_on: date,
    deadline: date,
) -> BacklogCase:
    """列为信访积案: the 包案 leader owns a tracked item due at the 化解时限."""
    item = tracked_item_open(
        kind=BacklogCase.ITEM_KIND,
        title=f"积案化解：{case.number}",
        unit=case.unit,
        owner=leader,
        start_date=assigned_on,
        deadline=deadline,
    )
    return BacklogCase.objects.create(
        case=case,
        leader=leader,
        team=team,
        plan=plan,
        assigned_on=assigned_on,
        item=item,
    )


@transaction.atomic
def backlog_resolve(*, backlog: BacklogCase, by, on: date, resolution: str) -> None:
    """化解 under 三到位一处理: the record and its tracked item are closed."""
    backlog.resolved_on, backlog.resolution = on, resolution
    backlog.save(update_fields=["resolved_on", "resolution"])
    if backlog.item and not backlog.item.is_closed:
        backlog.item.close_out(by=by, result=resolution, on=on)
