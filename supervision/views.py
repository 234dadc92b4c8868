from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tracking.forms import ReopenForm
from tracking.models import Notification, NotificationMute, TrackedItem
from tracking.periods import period_from_query
from tracking.registry import (
    OWN_CLOSE_OUT,
    item_kind_label,
    item_record_url,
    reminder_kinds,
)
from tracking.selectors import closable_item_ids

from . import selectors, services
from .filters import OrderFilter, TrackedItemFilter
from .forms import OrderForm, RectificationForm, ReplyForm, SendBackForm
from .models import RectificationItem, SupervisionOrder

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _item_rows(request, queryset):
    page = _page(request, queryset)
    closable = closable_item_ids(request.user, [item.pk for item in page])
    return page, closable


# --- tracked items of every kind -------------------------------------------


@login_required
def item_list(request):
    """One filtered list of every tracked item the user sees, of every kind."""
    today = timezone.localdate()
    item_filter = TrackedItemFilter(
        request.GET,
        queryset=selectors.items_for(request.user, today).order_by("deadline", "pk"),
        request=request,
    )
    page, closable = _item_rows(request, item_filter.qs)
    return render(
        request,
        "supervision/item_list.html",
        {
            "filter": item_filter,
            "page": page,
            "closable": closable,
            "title": "督办事项",
            "can_issue": selectors.can_issue(request.user),
        },
    )


@login_required
def overdue_list(request):
    """The one overdue list: open items past their deadline, of every kind."""
    today = timezone.localdate()
    queryset = (
        selectors.items_for(request.user, today)
        .open()
        .filter(deadline__lt=today)
        .order_by("deadline", "pk")
    )
    cadre = getattr(request.user, "cadre", None)
    mine = bool(request.GET.get("mine")) and cadre is not None
    if mine:
        queryset = queryset.filter(owner=cadre)
    item_filter = TrackedItemFilter(request.GET, queryset=queryset, request=request)
    page, closable = _item_rows(request, item_filter.qs)
    for item in page:
        item.overdue_days = (today - item.deadline).days
    return render(
        request,
        "supervision/item_list.html",
        {
            "filter": item_filter,
            "page": page,
            "closable": closable,
            "title": "我的逾期事项" if mine else "逾期事项",
            "overdue": True,
            "can_issue": selectors.can_issue(request.user),
        },
    )


@login_required
def item_detail(request, pk: int):
    return _render_item(request, pk)


def _render_item(request, pk: int, rectification=None):
    """An item of any kind: its colour, close-out history, orders on it."""
    today = timezone.localdate()
    item = get_object_or_404(
        selectors.items_for(request.user, today).prefetch_related("events__by__cadre"),
        pk=pk,
    )
    if rectification is None and item.kind == RectificationItem.ITEM_KIND:
        rectification = (
            RectificationItem.objects.select_related("leader", "created_by")
            .filter(item=item)
            .first()
        )
    # Petition stages and orders close through their own flow, not 销号 here.
    editable = (
        item.kind not in OWN_CLOSE_OUT
        and TrackedItem.objects.editable_by(request.user).filter(pk=pk).exists()
    )
    return render(
        request,
        "supervision/item_detail.html",
        {
            "item": item,
            "kind": item_kind_label(item.kind),
            "rectification": rectification,
            "order": getattr(item, "supervision_order", None)
            if item.kind == SupervisionOrder.ITEM_KIND
            else None,
            "editable": editable,
            # rectifications are shown here and orders linked above
            "record_url": ""
            if item.kind in (RectificationItem.ITEM_KIND, SupervisionOrder.ITEM_KIND)
            else item_record_url(item),
            "orders": selectors.orders_for(request.user, today).filter(target=item),
            "reopen_form": ReopenForm(item=item),
            "can_issue": selectors.can_issue(request.user),
        },
    )


# --- rectification items ----------------------------------------------------


@login_required
def rectification_list(request):
    today = timezone.localdate()
    queryset = selectors.items_for(request.user, today).filter(
        kind=RectificationItem.ITEM_KIND
    )
    item_filter = TrackedItemFilter(
        request.GET,
        queryset=queryset.select_related("rectification__leader").order_by(
            "deadline", "pk"
        ),
        request=request,
    )
    page, closable = _item_rows(request, item_filter.qs)
    return render(
        request,
        "supervision/rectification_list.html",
        {
            "filter": item_filter,
            "page": page,
            "closable": closable,
            "can_add": RectificationItem.objects.office_edits(request.user),
        },
    )


@login_required
def rectification_create(request):
    if not RectificationItem.objects.office_edits(request.user):
        raise Http404  # the unit office keeps the rectification ledger
    form = RectificationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rectification = services.rectification_add(
            by=request.user,
            unit=data["unit"],
            problem=data["problem"],
            measures=data["measures"],
            target=data["target"],
            deadline=data["deadline"],
            leader=data["leader"],
            owner=data["owner"],
            source=data["source"],
        )
        messages.success(request, "整改事项已登记。")
        return redirect(rectification)
    return render(
        request,
        "supervision/form.html",
        {"form": form, "title": "登记整改事项", "cancel": "supervision:rectifications"},
    )


@login_required
def rectification_detail(request, pk: int):
    rectification = get_object_or_404(
        RectificationItem.objects.visible_to(request.user).select_related(
            "leader", "created_by"
        ),
        pk=pk,
    )
    return _render_item(request, rectification.item_id, rectification)


# --- supervision orders -----------------------------------------------------


@login_required
def order_list(request):
    today = timezone.localdate()
    order_filter = OrderFilter(
        request.GET,
        queryset=selectors.orders_for(request.user, today),
        request=request,
    )
    return render(
        request,
        "supervision/order_list.html",
        {
            "filter": order_filter,
            "page": _page(request, order_filter.qs),
            "can_issue": selectors.can_issue(request.user),
        },
    )


@login_required
def order_create(request):
    """Issue an order on a tracked item (?item=) or on a quota shortfall."""
    if not selectors.can_issue(request.user):
        raise Http404
    target = None
    item_pk = request.GET.get("item") or request.POST.get("item")
    if item_pk:
        if not str(item_pk).isdigit():
            raise Http404
        target = get_object_or_404(
            selectors.items_for(request.user, timezone.localdate()).open(),
            pk=item_pk,
        )
    initial = {"shortfall": request.GET.get("shortfall", "")}
    if request.GET.get("cadre", "").isdigit():
        initial["cadre"] = request.GET["cadre"]
    form = OrderForm(
        request.POST or None, user=request.user, target=target, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = services.order_issue(
            by=request.user,
            unit=data["unit"],
            cadre=data["cadre"],
            deadline=data["deadline"],
            note=data["note"],
            target=target,
            shortfall=data.get("shortfall", ""),
        )
        messages.success(request, f"督办单{order.number}已下发。")
        return redirect(order)
    return render(
        request,
        "supervision/order_form.html",
        {"form": form, "target": target},
    )


def _order_for(user, pk: int) -> SupervisionOrder:
    return get_object_or_404(
        selectors.orders_for(user, timezone.localdate()).prefetch_related(
            "replies__by__cadre", "item__events__by__cadre"
        ),
        pk=pk,
    )


@login_required
def order_detail(request, pk: int):
    order = _order_for(request.user, pk)
    can_reply = (
        not order.item.is_closed
        and SupervisionOrder.objects.editable_by(request.user).filter(pk=pk).exists()
    )
    can_send_back = order.item.is_closed and (
        order.issued_by_id == request.user.pk or request.user.is_superuser
    )
    return render(
        request,
        "supervision/order_detail.html",
        {
            "order": order,
            "can_reply": can_reply,
            "can_send_back": can_send_back,
            "reply_form": ReplyForm(),
            "send_back_form": SendBackForm(),
        },
    )


@login_required
@require_POST
def order_reply(request, pk: int):
    order = get_object_or_404(
        SupervisionOrder.objects.editable_by(request.user).select_related(
            "item", "issued_by"
        ),
        pk=pk,
    )
    form = ReplyForm(request.POST)
    if order.item.is_closed:
        messages.info(request, "该督办单已回复办结。")
    elif form.is_valid():
        services.order_reply(
            order=order, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, "已回复督办单。")
    else:
        messages.error(request, "回复失败：请填写办理进展。")
    return redirect(order)


@login_required
@require_POST
def order_send_back(request, pk: int):
    order = _order_for(request.user, pk)
    if order.issued_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    form = SendBackForm(request.POST)
    if not order.item.is_closed:
        messages.info(request, "该督办单尚未回复。")
    elif form.is_valid():
        services.order_send_back(order=order, by=request.user, **form.cleaned_data)
        messages.success(request, "已继续督办。")
    else:
        errors = "；".join(
            f"{form.fields[name].label}：{'、'.join(errs)}"
            for name, errs in form.errors.items()
        )
        messages.error(request, f"未能继续督办：{errors}")
    return redirect(order)


@login_required
def order_schedule(request):
    """月督促、季调度: orders issued per month and quarter, and how they went."""
    _, (year, _, _) = period_from_query(request.GET, timezone.localdate())
    months, quarters = selectors.order_schedule(request.user, year)
    return render(
        request,
        "supervision/order_schedule.html",
        {"year": year, "months": months, "quarters": quarters},
    )


# --- inbox and reminder settings -------------------------------------------


@login_required
def inbox(request):
    notices = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        notices = notices.filter(read_at__isnull=True)
    return render(
        request,
        "supervision/inbox.html",
        {
            "page": _page(request, notices),
            "unread_only": bool(request.GET.get("unread")),
        },
    )


@login_required
def unread_badge(request):
    count = Notification.objects.filter(
        recipient=request.user, read_at__isnull=True
    ).count()
    return render(request, "supervision/_unread_badge.html", {"unread": count})


@login_required
@require_POST
def notice_read(request, pk: int):
    """Mark a notice read and go to what it is about."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notice.url)
    return redirect("supervision:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    n = Notification.objects.filter(
        recipient=request.user, read_at__isnull=True
    ).update(read_at=timezone.now())
    messages.success(request, f"已将{n}条消息标为已读。")
    return redirect("supervision:inbox")


@login_required
def reminder_settings(request):
    """Which kinds of reminders the user receives; unticked kinds are muted."""
    if request.method == "POST":
        wanted = set(request.POST.getlist("kind"))
        for kind in reminder_kinds():
            if kind.code in wanted:
                NotificationMute.objects.filter(
                    user=request.user, kind=kind.code
                ).delete()
            else:
                NotificationMute.objects.get_or_create(
                    user=request.user, kind=kind.code
                )
        messages.success(request, "提醒设置已保存。")
        return redirect("supervision:reminders")
    muted = set(
        NotificationMute.objects.filter(user=request.user).values_list(
            "kind", flat=True
        )
    )
    kinds = [
        (kind.code, kind.label, kind.schedule, kind.code not in muted)
        for kind in reminder_kinds()
    ]
    return render(request, "supervision/reminder_settings.html", {"kinds": kinds})
