from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from org.filters import CadreFilter
from org.home import panels_for
from org.models import Cadre
from org.roles import Role, roles_of
from org.scope import get_visible_or_404
from org.selectors import unit_tree


@login_required
def home(request):
    """Each role's first work: the panels registered for the user's roles
    (`org.home`), the user's own items first; the administrators see their
    own work only."""
    roles = roles_of(request.user)
    cadre = getattr(request.user, "cadre", None)
    context = {
        "cadre": cadre,
        "scope_unit": request.user.scope_unit or (cadre.unit if cadre else None),
        "panels": panels_for(request),
        "is_system_admin": Role.SYSTEM_ADMIN in roles or request.user.is_superuser,
        "is_security_admin": Role.SECURITY_ADMIN in roles,
        "is_audit_admin": Role.AUDIT_ADMIN in roles,
    }
    return render(request, "org/home.html", context)


@login_required
def unit_list(request):
    return render(request, "org/unit_list.html", {"units": unit_tree(request.user)})


@login_required
def cadre_list(request):
    queryset = Cadre.objects.visible_to(request.user).select_related("unit", "user")
    cadre_filter = CadreFilter(request.GET, queryset=queryset, request=request)
    page = Paginator(cadre_filter.qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "org/cadre_list.html", {"filter": cadre_filter, "page": page}
    )


@login_required
def cadre_detail(request, pk: int):
    cadre = get_visible_or_404(Cadre, request.user, pk=pk)
    return render(request, "org/cadre_detail.html", {"cadre": cadre})
