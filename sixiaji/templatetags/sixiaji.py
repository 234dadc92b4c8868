from django import template

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
