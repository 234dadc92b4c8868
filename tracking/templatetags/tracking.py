from django import template

from tracking.models import Colour
from tracking.registry import item_kind_label

register = template.Library()


@register.filter
def as_colour(value: str) -> Colour:
    """The 红黄蓝 colour of an SQL-annotated `warning` value, for its label."""
    return Colour(value)


@register.filter
def item_kind(code: str) -> str:
    """The label a pillar registered for a tracked-item kind."""

    return item_kind_label(code)
