from django import template

from sixiaji.ledgers import LEDGERS, may_import
from sixiaji.models import Colour

register = template.Library()


@register.filter
def as_colour(value: str) -> Colour:
    """The 红黄蓝 colour of an SQL-annotated `warning` value, for its label."""
    return Colour(value)


@register.filter
def get_item(mapping: dict, key):
    """`mapping[key]` in a template, for keys that are not identifiers."""
    return mapping.get(key)


@register.inclusion_tag("partials/ledger_actions.html", takes_context=True)
def ledger_actions(context, kind: str) -> dict:
    """导出台账 with the list's filters, and 导入 for those who may import."""
    request = context["request"]
    return {
        "kind": kind,
        "query": request.GET.urlencode(),
        "importable": may_import(request.user, LEDGERS[kind]),
    }


@register.filter
def item_kind(code: str) -> str:
    """The label a pillar registered for a tracked-item kind."""
    from sixiaji.registry import item_kind_label

    return item_kind_label(code)
