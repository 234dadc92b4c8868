"""Sorting and searching of lists, one way for every list.

A FilterSet declares `sort = SortFilter(fields={...})` (the columns a list may
be sorted by) and `q = SearchFilter(lookups)` (the fields its search box looks
in). Column headers link to `?sort=<column>` / `?sort=-<column>` with the
`sort_header` tag (`ui/templatetags/ui.py`); the filter form keeps the sort as
a hidden field, and the pagination partial keeps every parameter.
"""

from functools import reduce
from operator import and_, or_

import django_filters
from django import forms
from django.db.models import Q


class SortFilter(django_filters.OrderingFilter):
    """`?sort=column` or `?sort=-column` over the declared columns
    ({field or lookup: parameter}); ties broken by `-pk`, so pages never
    overlap. An unknown column is ignored (the list keeps its own order)."""

    def __init__(self, *, fields, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("label", "排序")
        super().__init__(fields=fields, **kwargs)

    def get_ordering_value(self, param):
        """A column may stand for a descending field ({"-deadline": "overdue"})."""
        value = super().get_ordering_value(param)
        return value[2:] if value.startswith("--") else value

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(p) for p in value), "-pk")


class SearchFilter(django_filters.CharFilter):
    """A search box: every word of the term must appear in one of `lookups`
    (each tried with `icontains`). `distinct` when a lookup crosses a
    many-to-many relation."""

    def __init__(self, *lookups: str, distinct: bool = False, **kwargs):
        kwargs.setdefault("label", "搜索")
        super().__init__(distinct=distinct, **kwargs)
        self.lookups = lookups

    def filter(self, qs, value):
        words = (value or "").split()[:5]
        if not words:
            return qs
        condition = reduce(
            and_,
            (
                reduce(or_, (Q(**{f"{name}__icontains": w}) for name in self.lookups))
                for w in words
            ),
        )
        qs = qs.filter(condition)
        return qs.distinct() if self.distinct else qs
