from django import forms
from django.contrib import admin

from org.admin import ScopedAdmin
from ui.forms import RelatedRulesMixin

from .models import Activity, HandedOverProblem, Liaison, LivelihoodItem, TypicalCase


class HandedOverInline(admin.TabularInline):
    model = HandedOverProblem
    extra = 0
    autocomplete_fields = ["item"]


class ActivityAdminForm(RelatedRulesMixin, forms.ModelForm):
    """The activity's rules about its places apply here too."""


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    form = ActivityAdminForm
    list_display = ["start_date", "kind", "status", "topic", "cadre", "unit"]
    list_filter = ["kind", "status", "start_date"]
    search_fields = ["topic", "cadre__name"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["cadre", "companions", "unit", "places", "liaison"]
    list_select_related = ["cadre", "unit"]
    inlines = [HandedOverInline]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Liaison)
class LiaisonAdmin(ScopedAdmin):
    list_display = ["place", "kind", "cadre", "role", "since", "until"]
    list_filter = ["kind", "role"]
    search_fields = ["place__name", "cadre__name"]
    autocomplete_fields = ["cadre", "place"]
    list_select_related = ["cadre", "place"]


@admin.register(LivelihoodItem)
class LivelihoodItemAdmin(ScopedAdmin):
    list_display = ["__str__", "year", "progress_percent"]
    list_filter = ["year"]
    search_fields = ["item__title"]
    autocomplete_fields = ["item"]


@admin.register(TypicalCase)
class TypicalCaseAdmin(ScopedAdmin):
    list_display = ["title", "polarity", "activity", "unit", "found_on"]
    list_filter = ["polarity"]
    search_fields = ["title"]
    raw_id_fields = ["activity"]
    autocomplete_fields = ["unit"]
