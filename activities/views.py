import calendar
from datetime import date, timedelta
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from org.models import Cadre, OrgUnit
from org.scope import get_visible_or_404
from tracking.forms import CloseOutForm
from tracking.periods import period_from_query
from tracking.selectors import closable_item_ids
from ui.paging import CappedPaginator, month_bounds, year_bounds
from ui.versioning import claim_version, conflict_message

from . import selectors, services
from .filters import ActivityFilter
from .forms import (
    ActivityForm,
    LiaisonForm,
    LivelihoodForm,
    LivelihoodProgressForm,
    ProblemFormSet,
    TypicalCaseForm,
)
from .models import Activity, LivelihoodItem

ONSITE_KINDS = (Activity.Kind.ONSITE, *Activity.LIAISON_KINDS)


@login_required
def activity_list(request):
    queryset = Activity.objects.visible_to(request.user).for_list_page()
    activity_filter = ActivityFilter(request.GET, queryset=queryset, request=request)
    page = CappedPaginator(activity_filter.qs, 50).get_page(request.GET.get("page"))
    can_log = Cadre.objects.editable_by(request.user).exists()
    return render(
        request,
        "activities/activity_list.html",
        {
            "filter": activity_filter,
            "page": page,
            "rows": selectors.list_rows(page),
            "can_log": can_log,
        },
    )


def _activity_form(request, instance: Activity | None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial = {}
    # The kind of the list the person came from (?kind=, or ?pillar=).
    first_of_pillar = {
        "policy": Activity.POLICY_KINDS[0],
        "onsite": Activity.ONSITE_KINDS[0],
    }
    if instance is None and request.GET.get("kind") in Activity.Kind.values:
        initial["kind"] = request.GET["kind"]
    elif instance is None and request.GET.get("pillar") in first_of_pillar:
        initial["kind"] = first_of_pillar[request.GET["pillar"]]
    form = ActivityForm(
        data, files, instance=instance, initial=initial, user=request.user
    )
    start = None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start_date"]
    problems = ProblemFormSet(
        data, prefix="problems", user=request.user, start_date=start
    )
    if request.method == "POST" and form.is_valid():
        onsite = form.cleaned_data["kind"] in ONSITE_KINDS
        if onsite and problems.is_valid():
            try:
                form.instance.clean_related(handed_over=len(problems.problems()))
            except ValidationError as error:
                form.add_error(None, error)
    if request.method == "POST" and form.is_valid():
        onsite = form.cleaned_data["kind"] in ONSITE_KINDS
        if (not onsite or problems.is_valid()) and not _claimed(request, instance):
            form.add_error(None, conflict_message())
        elif not onsite or problems.is_valid():
            activity = services.activity_save(
                form=form,
                by=request.user,
                problems=problems.problems() if onsite else [],
            )
            messages.success(request, f"已保存：{activity}")
            return redirect(activity)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "problems": problems, "activity": instance},
    )


def _claimed(request, instance: Activity | None) -> bool:
    return instance is None or claim_version(instance, request.POST.get("version"))


@login_required
def activity_create(request):
    if not Cadre.objects.editable_by(request.user).exists():
        messages.error(request, "您的角色不能录入基层活动。")
        return redirect("activities:list")
    return _activity_form(request, None)


@login_required
def activity_edit(request, pk: int):
    activity = get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)
    return _activity_form(request, activity)


@login_required
def activity_detail(request, pk: int):
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    today = timezone.localdate()
    handed_over = list(activity.handed_over.select_related("item__unit", "item__owner"))
    closable = closable_item_ids(request.user, (p.item_id for p in handed_over))
    problems = [
        (problem, problem.item.colour(today), problem.item_id in closable)
        for problem in handed_over
    ]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "problems": problems,
            "cases": activity.cases.all(),
            "can_edit": Activity.objects.editable_by(request.user)
            .filter(pk=pk)
            .exists(),
            "close_form": CloseOutForm(),
        },
    )


@login_required
def typical_case_add(request, pk: int):
    """Record a typical case (典型案例) met in an activity one may edit."""
    activity = get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)
    form = TypicalCaseForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        services.typical_case_add(activity=activity, **form.cleaned_data)
        messages.success(request, "添加典型案例：已保存。")
        return redirect(activity)
    return render(
        request,
        "activities/typical_case_form.html",
        {"form": form, "activity": activity},
    )


@login_required
def activity_attachment(request, pk: int):
    """An activity's optional evidence, to those who see the activity only:
    uploaded files are never served from MEDIA_URL."""
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    if not activity.attachment:
        raise Http404
    return FileResponse(
        activity.attachment.open("rb"),
        as_attachment=True,
        filename=PurePath(activity.attachment.name).name,
    )


def _month(request) -> date:
    try:
        year, month = (int(part) for part in request.GET["month"].split("-"))
        return date(year, month, 1)
    except (KeyError, ValueError):
        return timezone.localdate().replace(day=1)


@login_required
def plan_calendar(request):
    first = _month(request)
    planned = selectors.planned_in_month(request.user, first)
    by_day: dict[date, list[Activity]] = {}
    for activity in planned:
        by_day.setdefault(activity.start_date, []).append(activity)
    weeks = [
        [(day, day.month == first.month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    earliest, latest = month_bounds(
        selectors.planned_month_bounds(request.user), timezone.localdate()
    )
    return render(
        request,
        "activities/plan_calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "planned": planned,
            "previous": previous if previous >= earliest else None,
            "following": following if following <= latest else None,
        },
    )


def _period(request):
    return period_from_query(request.GET, timezone.localdate())[0]


@login_required
def place_heat(request):
    period = _period(request)
    places = selectors.visit_heat(request.user, period.start, period.end)
    busiest = max((place.visits for place in places), default=0)
    return render(
        request,
        "activities/place_heat.html",
        {"period": period, "places": places, "busiest": busiest},
    )


@login_required
def livelihood_list(request):
    today = timezone.localdate()
    year = _period(request).start.year
    items = list(
        LivelihoodItem.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("item__unit", "item__owner")
    )
    closable = closable_item_ids(request.user, (li.item_id for li in items))
    rows = [(li, li.item.colour(today), li.item_id in closable) for li in items]
    first_year, last_year = year_bounds(
        selectors.years_with_data(
            LivelihoodItem.objects.visible_to(request.user), "year"
        ),
        today,
    )
    return render(
        request,
        "activities/livelihood_list.html",
        {
            "rows": rows,
            "year": year,
            "first_year": first_year,
            "last_year": last_year,
            "close_form": CloseOutForm(),
            "can_add": OrgUnit.objects.editable_by(request.user).exists(),
        },
    )


@login_required
def livelihood_create(request):
    form = LivelihoodForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = services.livelihood_create(**form.cleaned_data)
        messages.success(request, f"已添加民生实事：{item}")
        return redirect("activities:livelihood_list")
    return render(request, "activities/livelihood_form.html", {"form": form})


@login_required
@require_POST
def livelihood_progress(request, pk: int):
    item = get_object_or_404(
        LivelihoodItem.objects.editable_by(request.user).select_related("item"), pk=pk
    )
    form = LivelihoodProgressForm(request.POST, instance=item)
    if form.is_valid():
        form.save()
        messages.success(request, f"已更新进度：{item}")
    else:
        errors = "；".join(
            f"{form.fields[name].label}：{'、'.join(errs)}"
            for name, errs in form.errors.items()
        )
        messages.error(request, f"进度未更新。{errors}")
    return redirect(f"{reverse('activities:livelihood_list')}?year={item.year}")


@login_required
def liaison_list(request):
    year = _period(request).start.year
    liaisons = selectors.liaisons_with_contacts(request.user, year)
    first_year, last_year = year_bounds(
        selectors.years_with_data(
            Activity.objects.visible_to(request.user).filter(
                kind__in=Activity.LIAISON_KINDS
            ),
            "start_date",
        ),
        timezone.localdate(),
    )
    form = LiaisonForm(request.POST or None, user=request.user)
    can_add = Cadre.objects.editable_by(request.user).exists()
    if request.method == "POST" and can_add and form.is_valid():
        liaison = form.save()
        messages.success(request, f"已添加包抓包联：{liaison}")
        return redirect("activities:liaison_list")
    return render(
        request,
        "activities/liaison_list.html",
        {
            "liaisons": liaisons,
            "year": year,
            "first_year": first_year,
            "last_year": last_year,
            "form": form,
            "can_add": can_add,
        },
    )
