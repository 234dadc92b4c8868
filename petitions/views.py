from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from org.models import OrgUnit
from org.roles import sees_personal_data
from org.scope import get_visible_or_404
from security.audit import audit
from security.models import AuditEvent
from ui.paging import CappedPaginator
from ui.versioning import claim_version, conflict_message

from . import selectors, services
from .filters import BacklogFilter, CaseFilter, HotlineFilter, ReceptionFilter
from .forms import (
    BacklogForm,
    CaseActionForm,
    CaseForm,
    ExtensionForm,
    HotlineOrderForm,
    MergeForm,
    PetitionerFormSet,
    ReceptionForm,
)
from .masking import case_text_mask
from .models import (
    BacklogCase,
    BacklogNote,
    HotlineOrder,
    HotlineStandard,
    PetitionCase,
    ReceptionDay,
    Stage,
    TimeLimitRule,
)


def _page(request, queryset):
    return CappedPaginator(queryset, 50).get_page(request.GET.get("page"))


def _can_enter(user) -> bool:
    return OrgUnit.objects.editable_by(user).exists()


@login_required
def reception_list(request):
    queryset = ReceptionDay.objects.visible_to(request.user).select_related(
        "leader__unit", "place"
    )
    reception_filter = ReceptionFilter(request.GET, queryset=queryset, request=request)
    return render(
        request,
        "petitions/reception_list.html",
        {"filter": reception_filter, "page": _page(request, reception_filter.qs)},
    )


@login_required
def reception_create(request):
    form = ReceptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        reception = form.save()
        messages.success(request, f"已保存：{reception}")
        return redirect(reception)
    return render(request, "petitions/form.html", {"form": form, "title": "登记接访日"})


@login_required
def reception_detail(request, pk: int):
    reception = get_visible_or_404(ReceptionDay, request.user, pk=pk)
    cases = reception.cases.visible_to(request.user).prefetch_related("petitioners")
    return render(
        request,
        "petitions/reception_detail.html",
        {
            "reception": reception,
            "cases": [
                (case, selectors.petitioner_rows(case, unmasked=False))
                for case in cases
            ],
            "can_register": _can_enter(request.user),
        },
    )


@login_required
def case_list(request):
    today = timezone.localdate()
    queryset = selectors.cases_for_list(request.user, today)
    case_filter = CaseFilter(request.GET, queryset=queryset, request=request)
    page = _page(request, case_filter.qs)
    rows = [(case, selectors.petitioner_rows(case, unmasked=False)) for case in page]
    return render(
        request,
        "petitions/case_list.html",
        {
            "filter": case_filter,
            "page": page,
            "rows": rows,
            "can_register": _can_enter(request.user),
        },
    )


@login_required
def case_create(request):
    if not _can_enter(request.user):
        messages.error(request, "您的角色不能登记信访事项。")
        return redirect("petitions:case_list")
    data = request.POST if request.method == "POST" else None
    initial = {}
    if "reception" in request.GET:
        initial["reception"] = request.GET["reception"]
        initial["channel"] = PetitionCase.Channel.VISIT
    form = CaseForm(data, user=request.user, initial=initial)
    petitioners = PetitionerFormSet(data, prefix="petitioners")
    if request.method == "POST" and form.is_valid() and petitioners.is_valid():
        form.check_duplicates(petitioners.petitioners(), request)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "confirm_new"}
            case = services.case_register(
                by=request.user, petitioners=petitioners.petitioners(), **values
            )
            messages.success(request, f"已登记信访事项 {case.number}")
            return redirect(case)
    return render(
        request,
        "petitions/case_form.html",
        {"form": form, "petitioners": petitioners},
        status=429 if form.limited else 200,
    )


@login_required
def case_detail(request, pk: int):
    case = get_object_or_404(
        PetitionCase.objects.visible_to(request.user).select_related(
            "unit", "stage_item", "reception__leader"
        ),
        pk=pk,
    )
    unmasked = sees_personal_data(request.user)
    if unmasked:
        audit(request, AuditEvent.Action.REVEAL, case, f"查看信访事项{case.number}")
    editable = PetitionCase.objects.editable_by(request.user).filter(pk=pk).exists()
    today = timezone.localdate()
    mask = case_text_mask(case, unmasked=unmasked)
    return render(
        request,
        "petitions/case_detail.html",
        {
            "case": case,
            "unmasked": unmasked,
            "petitioners": selectors.petitioner_rows(case, unmasked=unmasked),
            "content": selectors.shown_content(case, unmasked=unmasked),
            "reply": mask(case.reply),
            "not_accepted_reason": mask(case.not_accepted_reason),
            "colour": case.stage_item.colour(today) if case.stage_item else None,
            "events": [(e, mask(e.note)) for e in case.events.select_related("by")],
            "editable": editable,
            "action_form": CaseActionForm(case=case) if editable else None,
            "extension_form": ExtensionForm()
            if editable and case.stage == Stage.ACCEPTED and not case.extension_days
            else None,
            # Only the petition office: to anyone else the list would tell
            # which case shares this one's petitioner (an ID number oracle).
            "merge_candidates": services.similar_open_cases(
                id_numbers=[p.id_number for p in case.petitioners.all()],
                content=case.content,
                scope=PetitionCase.objects.editable_by(request.user),
                exclude_pk=case.pk,
            )
            if editable and unmasked and case.is_open
            else [],
            "backlog": getattr(case, "backlog", None),
        },
    )


def _editable_case(request, pk: int) -> PetitionCase:
    return get_object_or_404(PetitionCase.objects.editable_by(request.user), pk=pk)


@login_required
@require_POST
def case_action(request, pk: int):
    case = _editable_case(request, pk)
    form = CaseActionForm(request.POST, case=case)
    if form.is_valid() and not claim_version(case, request.POST.get("version")):
        messages.error(request, f"未能办理：{conflict_message()}")
    elif form.is_valid():
        data = form.cleaned_data
        services.case_move(
            case=case,
            to=data["to"],
            by=request.user,
            on=data["on"],
            note=data["note"],
            unit=data.get("unit"),
            reason=data.get("reason", ""),
            reply=data.get("reply", ""),
            evaluation=data.get("evaluation", ""),
            partly_solved=data.get("partly_solved", False),
        )
        messages.success(request, f"{case.number} 已转入“{Stage(case.stage).label}”。")
    else:
        errors = "；".join(
            f"{form.fields[name].label}：{'、'.join(errs)}"
            if name in form.fields
            else "、".join(errs)
            for name, errs in form.errors.items()
        )
        messages.error(request, f"未能办理：{errors}")
    return redirect(case)


@login_required
@require_POST
def case_extend(request, pk: int):
    case = _editable_case(request, pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "延期未保存：请填写1至30日的延长期限、批准人和理由。")
        return redirect(case)
    if not claim_version(case, request.POST.get("version")):
        messages.error(request, f"延期未保存：{conflict_message()}")
        return redirect(case)
    try:
        services.case_extend(
            case=case, by=request.user, on=timezone.localdate(), **form.cleaned_data
        )
        messages.success(request, f"已延期{form.cleaned_data['days']}日。")
    except services.IllegalTransition as error:
        messages.error(request, str(error))
    return redirect(case)


@login_required
@require_POST
def case_merge(request, pk: int):
    duplicate = _editable_case(request, pk)
    form = MergeForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, f"未能合并：{'；'.join(form.errors['primary'])}")
        return redirect(duplicate)
    primary = form.cleaned_data["primary"]
    try:
        services.case_merge(
            primary=primary,
            duplicate=duplicate,
            by=request.user,
            on=timezone.localdate(),
        )
        messages.success(request, f"{duplicate.number} 已合并至 {primary.number}。")
    except services.IllegalTransition as error:
        messages.error(request, str(error))
        return redirect(duplicate)
    return redirect(primary)


@login_required
def due_list(request):
    """Cases due soon and overdue, per handling unit."""
    today = timezone.localdate()
    cases = (
        selectors.cases_for_list(request.user, today)
        .filter(warning__in=["red", "yellow"])
        .order_by("stage_item__deadline")
    )
    return render(
        request,
        "petitions/due_list.html",
        {
            "by_unit": selectors.due_by_unit(request.user, today),
            "rows": [
                (c, selectors.petitioner_rows(c, unmasked=False)) for c in cases[:200]
            ],
        },
    )


@login_required
def backlog_list(request):
    queryset = BacklogCase.objects.visible_to(request.user).select_related(
        "case__unit", "leader", "item"
    )
    backlog_filter = BacklogFilter(request.GET, queryset=queryset, request=request)
    return render(
        request,
        "petitions/backlog_list.html",
        {"filter": backlog_filter, "backlog": _page(request, backlog_filter.qs)},
    )


@login_required
def backlog_create(request, pk: int):
    case = _editable_case(request, pk)
    form = BacklogForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        backlog = services.backlog_assign(case=case, **form.cleaned_data)
        messages.success(request, f"已列为信访积案，包案领导：{backlog.leader.name}")
        return redirect("petitions:backlog_detail", pk=backlog.pk)
    return render(
        request, "petitions/form.html", {"form": form, "title": f"{case} 列为信访积案"}
    )


@login_required
def backlog_detail(request, pk: int):
    backlog = get_visible_or_404(BacklogCase, request.user, pk=pk)
    editable = BacklogCase.objects.editable_by(request.user).filter(pk=pk).exists()
    if request.method == "POST" and editable:
        text = request.POST.get("text", "").strip()
        if request.POST.get("resolve") and text:
            services.backlog_resolve(
                backlog=backlog,
                by=request.user,
                on=timezone.localdate(),
                resolution=text,
            )
            messages.success(request, "已记录积案化解。")
        elif text:
            BacklogNote.objects.create(
                backlog=backlog,
                on=timezone.localdate(),
                text=text[:2000],
                by=request.user,
            )
            messages.success(request, "已记录进展。")
        else:
            messages.error(request, "请填写进展或化解情况。")
        return redirect("petitions:backlog_detail", pk=pk)
    mask = case_text_mask(backlog.case, unmasked=sees_personal_data(request.user))
    return render(
        request,
        "petitions/backlog_detail.html",
        {
            "backlog": backlog,
            "texts": {
                "team": mask(backlog.team),
                "plan": mask(backlog.plan),
                "resolution": mask(backlog.resolution),
            },
            "notes": [(n, mask(n.text)) for n in backlog.notes.select_related("by")],
            "editable": editable,
        },
    )


@login_required
def hotline(request):
    """12345 orders with 响应率、解决率、满意率 per unit and the formulas used."""
    standard = HotlineStandard.current()
    queryset = HotlineOrder.objects.visible_to(request.user).select_related("unit")
    hotline_filter = HotlineFilter(request.GET, queryset=queryset, request=request)
    form = HotlineOrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        order = form.save()
        messages.success(request, f"已录入工单 {order.number}")
        return redirect("petitions:hotline")
    return render(
        request,
        "petitions/hotline.html",
        {
            "filter": hotline_filter,
            "page": _page(request, hotline_filter.qs),
            "kpis": selectors.hotline_kpis(hotline_filter.qs, standard),
            "standard": standard,
            "form": form,
            "can_enter": _can_enter(request.user),
        },
    )


@login_required
def time_limits(request):
    return render(
        request,
        "petitions/time_limits.html",
        {"rules": TimeLimitRule.objects.all()},
    )
