from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from org.models import Cadre
from org.scope import get_or_404, get_visible_or_404
from tracking.forms import CloseOutForm
from tracking.selectors import closable_item_ids
from ui.http import safe_next
from ui.paging import CappedPaginator, year_bounds
from ui.versioning import claim_version, conflict_message

from . import selectors, services
from .filters import MeasureFilter, PlanFilter, TopicFilter
from .forms import (
    ConversionForm,
    FindingForm,
    MeasureForm,
    PlanForm,
    ReportForm,
    TopicForm,
    TripForm,
    TypicalCaseForm,
)
from .ledgers import FINDINGS, TRIPS
from .models import Finding, Measure, ResearchPlan, ResearchReport, ResearchTopic


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2099 else timezone.localdate().year


def _page(request, queryset):
    return CappedPaginator(queryset, 50).get_page(request.GET.get("page"))


@login_required
def overview(request):
    """A leader's research year: topics led, days against 60, findings, measures."""
    if "cadre" in request.GET:
        cadre = get_or_404(
            Cadre.objects.whose_work_is_visible_to(request.user),
            pk=request.GET["cadre"],
        )
    else:
        cadre = getattr(request.user, "cadre", None)
        if cadre is None:
            return redirect("research:topic_list")
    year = _year(request)
    summary = selectors.leader_year(cadre, year)
    # Topics are entered by their leader or an office (not the petition
    # office, which edits cadres' other records): links only where they open.
    can_edit = (
        cadre.user_id == request.user.pk
        or ResearchTopic.objects.office_edits(request.user)
    ) and Cadre.objects.editable_by(request.user).filter(pk=cadre.pk).exists()
    first_year, last_year = year_bounds(
        selectors.leader_years(cadre), timezone.localdate()
    )
    return render(
        request,
        "research/overview.html",
        {
            "summary": summary,
            "year": year,
            "first_year": first_year,
            "last_year": last_year,
            "can_edit": can_edit,
        },
    )


@login_required
def plan_list(request):
    queryset = ResearchPlan.objects.visible_to(request.user).select_related("unit")
    plan_filter = PlanFilter(request.GET, queryset=queryset, request=request)
    return render(
        request,
        "research/plan_list.html",
        {"filter": plan_filter, "page": _page(request, plan_filter.qs)},
    )


@login_required
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(**form.cleaned_data)
        messages.success(request, f"已保存：{plan}")
        return redirect(plan)
    return render(
        request, "research/chain_form.html", {"form": form, "title": "年度调研计划"}
    )


@login_required
def plan_detail(request, pk: int):
    plan = get_visible_or_404(ResearchPlan, request.user, pk=pk)
    topics = ResearchTopic.objects.visible_to(request.user).filter(
        unit__path__startswith=plan.unit.path, year=plan.year
    )
    return render(
        request,
        "research/plan_detail.html",
        {"plan": plan, "topics": topics.with_chain()},
    )


@login_required
def topic_list(request):
    queryset = ResearchTopic.objects.visible_to(request.user).with_chain()
    topic_filter = TopicFilter(request.GET, queryset=queryset, request=request)
    can_add = Cadre.objects.editable_by(request.user).exclude(rank="staff").exists()
    return render(
        request,
        "research/topic_list.html",
        {
            "filter": topic_filter,
            "page": _page(request, topic_filter.qs),
            "can_add": can_add,
        },
    )


def _ledger_list(request, ledger, template: str):
    """A list page that shows exactly what its ledger exports."""
    rows = ledger.filterset(
        request.GET, queryset=ledger.queryset(request.user), request=request
    )
    return render(request, template, {"filter": rows, "page": _page(request, rows.qs)})


@login_required
def trip_list(request):
    return _ledger_list(request, TRIPS, "research/trip_list.html")


@login_required
def finding_list(request):
    return _ledger_list(request, FINDINGS, "research/finding_list.html")


def _topic_form(request, instance):
    form = TopicForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        if instance is None or claim_version(instance, request.POST.get("version")):
            topic = services.topic_save(
                topic=form.instance, members=form.cleaned_data["members"]
            )
            messages.success(request, f"已保存课题：{topic}")
            return redirect(topic)
        form.add_error(None, conflict_message())
    title = "修改调研课题" if instance else "新建调研课题"
    return render(
        request,
        "research/chain_form.html",
        {"form": form, "title": title, "topic": instance, "versioned": instance},
    )


@login_required
def topic_create(request):
    return _topic_form(request, None)


@login_required
def topic_edit(request, pk: int):
    topic = get_object_or_404(ResearchTopic.objects.editable_by(request.user), pk=pk)
    return _topic_form(request, topic)


@login_required
def topic_detail(request, pk: int):
    """The whole chain of one topic: trips, findings, measures, conversions, report."""
    topic = get_visible_or_404(ResearchTopic, request.user, pk=pk)
    today = timezone.localdate()
    findings = list(topic.findings.prefetch_related("conversions"))
    measures = list(
        selectors.measures_with_colour(
            Measure.objects.filter(finding__topic=topic), today
        )
    )
    by_finding: dict[int, list[Measure]] = {}
    for measure in measures:
        by_finding.setdefault(measure.finding_id, []).append(measure)
    closable = closable_item_ids(request.user, (m.item_id for m in measures))
    return render(
        request,
        "research/topic_detail.html",
        {
            "topic": topic,
            "trips": topic.trips.prefetch_related("places__unit", "participants"),
            "findings": [(f, by_finding.get(f.pk, [])) for f in findings],
            "closable": closable,
            "conversions": topic.conversions.prefetch_related("findings"),
            "report": ResearchReport.objects.filter(topic=topic).first(),
            "cases": topic.cases.all(),
            "can_edit": ResearchTopic.objects.editable_by(request.user)
            .filter(pk=pk)
            .exists(),
            "close_form": CloseOutForm(),
        },
    )


CHAIN_STEPS = {
    "trips": (TripForm, "添加调研"),
    "findings": (FindingForm, "添加发现问题"),
    "measures": (MeasureForm, "添加解决措施"),
    "conversions": (ConversionForm, "添加成果转化"),
    "report": (ReportForm, "提交调研报告"),
    "cases": (TypicalCaseForm, "添加典型案例"),
}
# The service each step's form feeds, with its cleaned data and the topic.
CHAIN_WRITES = {
    "trips": services.trip_add,
    "findings": services.finding_add,
    "conversions": services.conversion_add,
    "report": services.report_submit,
    "cases": services.typical_case_add,
}


@login_required
def chain_add(request, pk: int, step: str):
    """Add the next link of a topic's chain (trip, finding, measure…)."""
    if step not in CHAIN_STEPS:
        raise Http404
    topic = get_object_or_404(ResearchTopic.objects.editable_by(request.user), pk=pk)
    form_class, title = CHAIN_STEPS[step]
    kwargs = {"topic": topic}
    if form_class in (TripForm, MeasureForm):
        kwargs["user"] = request.user
    if step == "report":
        kwargs["instance"] = ResearchReport.objects.filter(topic=topic).first()
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        if step == "measures":
            services.measure_add(start_date=timezone.localdate(), **form.cleaned_data)
        else:
            CHAIN_WRITES[step](topic=topic, **form.cleaned_data)
        messages.success(request, f"{title}：已保存。")
        return redirect(safe_next(request) if request.POST.get("next") else topic)
    return render(
        request,
        "research/chain_form.html",
        {"form": form, "title": f"{title} · {topic}", "topic": topic},
    )


@login_required
@require_POST
def finding_delete(request, pk: int):
    finding = get_object_or_404(
        Finding.objects.filter(
            topic__in=ResearchTopic.objects.editable_by(request.user)
        ),
        pk=pk,
    )
    topic = finding.topic
    try:
        finding.delete()
        messages.success(request, "已删除该问题。")
    except ProtectedError:
        messages.error(request, "该问题已有解决措施或成果转化，不能删除。")
    return redirect(topic)


@login_required
def report_file(request, pk: int):
    """Serve a report file only to those who see its topic (no public media path)."""
    report = get_object_or_404(
        ResearchReport.objects.filter(
            topic__in=ResearchTopic.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True)


@login_required
def measure_list(request):
    today = timezone.localdate()
    queryset = selectors.measures_with_colour(
        Measure.objects.visible_to(request.user), today
    )
    measure_filter = MeasureFilter(request.GET, queryset=queryset, request=request)
    page = _page(request, measure_filter.qs)
    closable = closable_item_ids(request.user, (m.item_id for m in page))
    return render(
        request,
        "research/measure_list.html",
        {
            "filter": measure_filter,
            "page": page,
            "closable": closable,
            "next": reverse("research:measure_list"),
        },
    )
