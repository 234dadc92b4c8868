from django import template

from sixiaji.models import Colour

register = template.Library()


@register.filter
def as_colour(value: str) -> Colour:
    """The 红黄蓝 colour of an SQL-annotated `warning` value, for its label."""
    return Colour(value)
