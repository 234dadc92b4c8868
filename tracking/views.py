from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from tracking.forms import CloseOutForm, ReopenForm
from tracking.models import TrackedItem
from tracking.registry import OWN_CLOSE_OUT
from ui.http import safe_next


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
