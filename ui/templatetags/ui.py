from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """`mapping[key]` in a template, for keys that are not identifiers."""
    return mapping.get(key)


def _query(request, **changes) -> str:
    """The request's query string with `changes` applied (None removes a
    parameter); repeated parameters (`?unit=1&unit=2`) are kept."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The link to page `number` of the list, every filter kept."""
    return _query(context["request"], page=number)


@register.inclusion_tag("partials/sort_header.html", takes_context=True)
def sort_header(context, column: str, label: str, css: str = ""):
    """A column header that sorts the list by `column`: ascending first, then
    descending; back to page 1, every filter kept."""
    request = context["request"]
    if context.get("unsorted"):  # a table shown outside its list
        return {"label": label, "css": css, "url": ""}
    current = request.GET.get("sort", "")
    ascending = current == column
    descending = current == f"-{column}"
    return {
        "label": label,
        "css": css,
        "url": _query(request, sort=f"-{column}" if ascending else column, page=None),
        "aria_sort": "ascending" if ascending else "descending" if descending else "",
    }


@register.filter
def page_range(paginator, number):
    """Page numbers around `number`, the first and last kept, gaps as
    `paginator.ELLIPSIS`."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The page's query string with `changes` (None removes one), the page
    number dropped: for links that keep the other filters."""
    return _query(context["request"], page=None, **changes)


# The search box and the sort are shown outside the folded filter panel.
_NOT_FOLDED = ("q", "sort")


@register.filter
def active_filters(form) -> int:
    """How many of the filter panel's fields hold a value (the search box and
    the sort not counted): the 筛选条件（N） button says so on a phone."""
    data = getattr(form, "data", None) or {}
    count = 0
    for name in form.fields:
        if name in _NOT_FOLDED:
            continue
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        if any(v not in (None, "", "unknown") for v in values):
            count += 1
    return count
