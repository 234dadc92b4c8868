from django import template

from ledgers.registry import LEDGERS, may_import

register = template.Library()


@register.inclusion_tag("partials/ledger_actions.html", takes_context=True)
def ledger_actions(context, kind: str) -> dict:
    """导出台账 (a POST with the list's filters) and 导入 for those who may
    import."""
    request = context["request"]
    return {
        "kind": kind,
        "query": request.GET.urlencode(),
        "csrf_token": context.get("csrf_token"),
        "importable": may_import(request.user, LEDGERS[kind]),
    }
