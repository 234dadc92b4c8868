"""The home page's panels: each role's first work, first.

Apps register panels from their AppConfig.ready() (org names no app): a panel
is shown to users holding one of its roles, rendered from its template with
the context its function returns for the request (None: nothing to show, the
panel is left out). Panels are ordered by `order`, the user's own items first.
"""

from collections.abc import Callable
from dataclasses import dataclass

from org.roles import Role, roles_of


@dataclass(frozen=True)
class Panel:
    name: str
    roles: frozenset[Role]
    template: str
    context: Callable  # request -> dict | None
    order: int


PANELS: dict[str, Panel] = {}


def register_panel(
    name: str,
    *,
    roles,
    template: str,
    context: Callable,
    order: int = 50,
) -> None:
    PANELS[name] = Panel(name, frozenset(roles), template, context, order)


@dataclass
class Shown:
    name: str
    template: str
    context: dict


def panels_for(request) -> list[Shown]:
    """The panels of the user's roles that have something to show, in order."""
    roles = roles_of(request.user)
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.name)):
        if not panel.roles & roles:
            continue
        context = panel.context(request)
        if context is not None:
            shown.append(Shown(panel.name, panel.template, context))
    return shown
