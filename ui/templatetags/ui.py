from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """`mapping[key]` in a template, for keys that are not identifiers."""
    return mapping.get(key)
