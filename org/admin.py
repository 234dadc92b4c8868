from django.contrib import admin

from org.models import Cadre, OrgUnit, Place

admin.site.site_header = "四下基层工作管理系统"
admin.site.site_title = "四下基层"
admin.site.index_title = "系统管理"


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists start from the same org scope as the product's pages."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "parent", "issuing_name"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "issuing_name"]
    autocomplete_fields = ["parent"]


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    list_display = ["name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(Cadre)
class CadreAdmin(ScopedAdmin):
    list_display = [
        "name",
        "unit",
        "rank",
        "position",
        "is_leadership_member",
        "is_party_secretary",
        "user",
    ]
    list_filter = ["rank", "is_leadership_member", "is_party_secretary", "is_active"]
    search_fields = ["name", "position", "unit__name"]
    autocomplete_fields = ["unit", "user"]
    list_select_related = ["unit", "user"]

    @admin.display(description="账号")
    def account(self, cadre):
        return cadre.user or "—"

    def get_fields(self, request, obj=None):
        """Read-only, the account is named, not linked: Django links a
        read-only foreign key to its change page whether or not the viewer
        may open it."""
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            fields = ["account" if name == "user" else name for name in fields]
        return fields
