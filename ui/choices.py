"""Searchable choices loaded on demand.

A select of a model's rows renders its options when there are at most
`LIMIT`; beyond that it renders only the chosen ones and Tom Select (from npm,
`static/js/choices.js`) loads the rest from a JSON endpoint as the user
types. Apps register each model that can have many rows, with the rows a
user may pick (`register`, from their AppConfig.ready()); every filter and
form field of that model then gets the widget (`searchable`, called by the
Bootstrap form mixin), so no page grows with the city.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import reverse

LIMIT = 50  # options rendered in the page at most
RESULTS = 20  # options a search returns


@dataclass(frozen=True)
class Source:
    name: str
    model: type
    rows: Callable  # user -> the queryset of rows the user may pick
    search: tuple[str, ...]  # lookups a search term is tried on


SOURCES: dict[str, Source] = {}


def register(name: str, model, rows: Callable, search: tuple[str, ...]) -> None:
    SOURCES[name] = Source(name, model, rows, search)


def source_for(model) -> Source | None:
    return next((s for s in SOURCES.values() if s.model is model), None)


class _OnDemand:
    """The rendering of a select whose choices come from a queryset: all of
    them up to LIMIT, else the chosen ones and `data-choices-url`."""

    source: Source

    def get_context(self, name, value, attrs):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is not None:
            first = list(queryset[: LIMIT + 1])
            rows = first
            if len(first) > LIMIT:
                attrs = {**(attrs or {}), "data-choices-url": self.url}
                rows = self._chosen(queryset, first, value)
            empty = getattr(iterator.field, "empty_label", None)
            self.choices = ([("", empty)] if empty is not None else []) + [
                iterator.choice(row) for row in rows
            ]
        return super().get_context(name, value, attrs)

    @property
    def url(self) -> str:
        return reverse("choices", args=[self.source.name])

    @staticmethod
    def _chosen(queryset, first, value) -> list:
        values = value if isinstance(value, list | tuple) else [value]
        wanted = {str(v) for v in values if v not in (None, "")}
        if not wanted:
            return []
        found = [row for row in first if str(row.pk) in wanted]
        if len(found) < len(wanted):
            try:
                found = list(queryset.filter(pk__in=wanted))
            except (ValueError, TypeError):
                found = []
        return found


class SearchableSelect(_OnDemand, forms.Select):
    def __init__(self, source: Source, attrs=None):
        super().__init__(attrs)
        self.source = source


class SearchableSelectMultiple(_OnDemand, forms.SelectMultiple):
    def __init__(self, source: Source, attrs=None):
        super().__init__(attrs)
        self.source = source


def searchable(field: forms.Field) -> None:
    """Give a model choice field of a registered model the on-demand widget."""
    if not isinstance(field, forms.ModelChoiceField):
        return
    source = source_for(field.queryset.model)
    if source is None or isinstance(field.widget, _OnDemand):
        return
    if isinstance(field.widget, forms.SelectMultiple):
        widget = SearchableSelectMultiple(source, attrs=field.widget.attrs)
    elif type(field.widget) is forms.Select:
        widget = SearchableSelect(source, attrs=field.widget.attrs)
    else:
        return  # radio buttons, hidden inputs: left as they are
    widget.is_required = field.required
    widget.choices = field.choices
    field.widget = widget


@login_required
def choices(request, name: str):
    """Up to RESULTS rows of the source that the user may pick, matching the
    search term: {"results": [{"value": "12", "text": "张三"}]}."""
    source = SOURCES.get(name)
    if source is None:
        raise Http404
    rows = source.rows(request.user)
    term = request.GET.get("q", "").strip()[:50]
    if term:
        condition = Q()
        for lookup in source.search:
            condition |= Q(**{lookup: term})
        rows = rows.filter(condition)
    return JsonResponse(
        {
            "results": [
                {"value": str(row.pk), "text": str(row)} for row in rows[:RESULTS]
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
