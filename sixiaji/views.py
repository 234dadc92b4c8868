import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.views.decorators.http import require_POST

from .audit import audit
from .filters import CadreFilter
from .forms import CloseOutForm, ReopenForm
from .ledger_import import LedgerFileError, import_ledger, template_xlsx
from .ledgers import LEDGERS, ExportContext, ledger_title, write_xlsx
from .models import AuditEvent, Cadre, OrgUnit, TrackedItem
from .registry import OWN_CLOSE_OUT
from .roles import Role, roles_of, sees_petitioners
from .scope import get_visible_or_404
from .selectors import scope_summary, unit_tree


@login_required
def home(request):
    roles = roles_of(request.user)
    cadre = getattr(request.user, "cadre", None)
    context = {
        "cadre": cadre,
        "summary": scope_summary(request.user),
        "scope_unit": request.user.scope_unit or (cadre.unit if cadre else None),
        "is_cadre": Role.CADRE in roles,
        "is_clerk": Role.CLERK in roles,
        "is_leadership": Role.LEADERSHIP in roles,
        "is_petition_office": Role.PETITION_OFFICE in roles,
        "is_system_admin": Role.SYSTEM_ADMIN in roles or request.user.is_superuser,
        "is_security_admin": Role.SECURITY_ADMIN in roles,
        "is_audit_admin": Role.AUDIT_ADMIN in roles,
    }
    return render(request, "sixiaji/home.html", context)


@login_required
def unit_list(request):
    return render(request, "sixiaji/unit_list.html", {"units": unit_tree(request.user)})


@login_required
def cadre_list(request):
    queryset = Cadre.objects.visible_to(request.user).select_related("unit", "user")
    cadre_filter = CadreFilter(request.GET, queryset=queryset, request=request)
    page = Paginator(cadre_filter.qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "sixiaji/cadre_list.html", {"filter": cadre_filter, "page": page}
    )


@login_required
def cadre_detail(request, pk: int):
    cadre = get_visible_or_404(Cadre, request.user, pk=pk)
    return render(request, "sixiaji/cadre_detail.html", {"cadre": cadre})


def _generic_items(user):
    """Items the user may close out or reopen through the generic forms."""
    return TrackedItem.objects.editable_by(user).exclude(kind__in=OWN_CLOSE_OUT)


@login_required
@require_POST
def item_close_out(request, pk: int):
    """销号: the one close-out flow of every tracked item."""
    item = get_object_or_404(_generic_items(request.user), pk=pk)
    form = CloseOutForm(request.POST)
    if item.is_closed:
        messages.info(request, "该事项已销号。")
    elif form.is_valid():
        item.close_out(by=request.user, result=form.cleaned_data["result"])
        messages.success(request, f"“{item.title}”已销号。")
    else:
        messages.error(request, "销号失败：请填写办理结果。")
    return redirect(safe_next(request))


@login_required
@require_POST
def item_reopen(request, pk: int):
    """Reopen a closed-out item; its close-out stays in the history."""
    item = get_object_or_404(_generic_items(request.user), pk=pk)
    form = ReopenForm(request.POST, item=item)
    if not item.is_closed:
        messages.info(request, "该事项尚未销号。")
    elif form.is_valid():
        item.reopen(
            by=request.user,
            reason=form.cleaned_data["reason"],
            deadline=form.cleaned_data["deadline"],
        )
        messages.success(request, f"“{item.title}”已重新打开。")
    else:
        errors = "；".join(
            f"{form.fields[name].label}：{'、'.join(errs)}"
            for name, errs in form.errors.items()
        )
        messages.error(request, f"未能重新打开：{errors}")
    return redirect(safe_next(request))


def safe_next(request) -> str:
    """The `next` URL of a form, if it stays on this site; home otherwise."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@login_required
def ledger_export(request, kind: str):
    """导出台账: exactly the rows the list's filters select, as .xlsx."""
    ledger = LEDGERS.get(kind)
    if ledger is None:
        raise Http404
    queryset = ledger.queryset(request.user)
    rows = ledger.filterset(request.GET, queryset=queryset, request=request)
    if not rows.is_valid():
        messages.error(
            request,
            "筛选条件有误，未导出："
            + "；".join(
                f"{rows.form.fields[name].label}：{'、'.join(errs)}"
                for name, errs in rows.form.errors.items()
            ),
        )
        return redirect(ledger.list_url or "home")
    cadre = getattr(request.user, "cadre", None)
    unit = (
        rows.form.cleaned_data.get("unit")
        or request.user.scope_unit
        or (cadre.unit if cadre else None)
    )
    unit_name = unit.name if unit else "全市"
    title = ledger_title(ledger, unit_name=unit_name, params=rows.form.cleaned_data)
    context = ExportContext(
        user=request.user, unmasked=ledger.sensitive and sees_petitioners(request.user)
    )
    records = list(rows.qs)
    content = write_xlsx(
        ledger,
        records,
        context,
        title=title,
        unit_name=unit_name,
        exported_on=timezone.localdate(),
    )
    if ledger.sensitive:
        masked = "未脱敏" if context.unmasked else "已脱敏"
        audit(
            request,
            AuditEvent.Action.EXPORT,
            ledger.kind,
            f"{title}，{len(records)}条，{masked}",
        )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{title}.xlsx")
    return response


IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_TYPES = (".xlsx", ".csv")


def _importable(request, kind: str):
    ledger = LEDGERS.get(kind)
    if ledger is None or not ledger.importable:
        raise Http404
    if not OrgUnit.objects.editable_by(request.user).exists():
        raise Http404  # only office staff import
    return ledger


@login_required
def ledger_template_download(request, kind: str):
    ledger = _importable(request, kind)
    response = HttpResponse(
        template_xlsx(ledger),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{ledger.title}台账导入模板.xlsx"
    )
    return response


@login_required
def ledger_import_view(request, kind: str):
    """Upload → preview (nothing written) → confirm → import, all-or-nothing."""
    ledger = _importable(request, kind)
    context = {"ledger": ledger}
    if request.method == "POST" and "confirm" in request.POST:
        token = request.POST.get("token", "")
        pending = request.session.get("ledger_import", {})
        path = pending.get(token)
        if not path or not default_storage.exists(path):
            messages.error(request, "预览已过期，请重新上传。")
            return redirect("ledger_import", kind=kind)
        with default_storage.open(path) as stored:
            content = stored.read()
        result = import_ledger(ledger, content, path, user=request.user, dry_run=False)
        default_storage.delete(path)
        pending.pop(token, None)
        request.session["ledger_import"] = pending
        if result.ok:
            messages.success(
                request,
                f"已导入：新增{result.new}行，更新{result.updated}行，未变{result.unchanged}行。",
            )
            return redirect(ledger.list_url)
        context["result"] = result
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的台账文件。")
        elif not upload.name.lower().endswith(IMPORT_TYPES):
            messages.error(request, "只接受 .xlsx 或 .csv 文件。")
        elif upload.size > IMPORT_MAX_BYTES:
            messages.error(request, "文件不能超过10MB。")
        else:
            content = upload.read()
            try:
                result = import_ledger(
                    ledger, content, upload.name, user=request.user, dry_run=True
                )
            except LedgerFileError as error:
                messages.error(request, str(error))
                return render(request, "sixiaji/ledger_import.html", context)
            context["result"] = result
            if result.ok:
                token = uuid.uuid4().hex
                suffix = ".csv" if upload.name.lower().endswith(".csv") else ".xlsx"
                path = default_storage.save(
                    f"imports/{token}{suffix}", ContentFile(content)
                )
                pending = request.session.get("ledger_import", {})
                pending[token] = path
                request.session["ledger_import"] = pending
                context["token"] = token
    return render(request, "sixiaji/ledger_import.html", context)
