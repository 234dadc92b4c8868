from django.contrib import admin

from ledgers.models import HeaderSynonym, ImportMapping, ValueSynonym


@admin.register(HeaderSynonym)
class HeaderSynonymAdmin(admin.ModelAdmin):
    """The column names offices use, extended here when an import meets a new one."""

    list_display = ["header", "kind", "synonyms"]
    list_filter = ["kind"]
    search_fields = ["header", "synonyms"]


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "header_row", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = [
        "unit",
        "kind",
        "signature",
        "header_row",
        "mapping",
        "constants",
        "derived",
        "updated_at",
    ]


@admin.register(ValueSynonym)
class ValueSynonymAdmin(admin.ModelAdmin):
    """Values offices write in a choice column, each with the choice it means."""

    list_display = ["header", "written", "label", "kind", "unit"]
    list_filter = ["kind", "header"]
    search_fields = ["written", "label", "unit__name"]
    autocomplete_fields = ["unit"]
