from django.contrib import admin

from ledgers.models import HeaderSynonym, ImportMapping


@admin.register(HeaderSynonym)
class HeaderSynonymAdmin(admin.ModelAdmin):
    """The column names offices use, extended here when an import meets a new one."""

    list_display = ["header", "kind", "synonyms"]
    list_filter = ["kind"]
    search_fields = ["header", "synonyms"]


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["unit", "kind", "signature", "mapping", "updated_at"]
