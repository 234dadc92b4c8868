from django import forms
from django.contrib import admin

from org.admin import ScopedAdmin
from ui.forms import RelatedRulesMixin

from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchPlan,
    ResearchReport,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)


@admin.register(ResearchPlan)
class ResearchPlanAdmin(ScopedAdmin):
    list_display = ["unit", "year", "submitted_on"]
    search_fields = ["unit__name"]
    list_filter = ["year"]
    autocomplete_fields = ["unit"]


class RelatedRulesForm(RelatedRulesMixin, forms.ModelForm):
    """The record's rules about its many-to-many values apply here too."""


class TripInline(admin.TabularInline):
    model = ResearchTrip
    form = RelatedRulesForm
    extra = 0
    autocomplete_fields = ["places", "participants"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


@admin.register(ResearchTopic)
class ResearchTopicAdmin(ScopedAdmin):
    list_display = ["title", "lead", "unit", "year", "method"]
    list_filter = ["year", "method"]
    search_fields = ["title", "lead__name"]
    autocomplete_fields = ["lead", "members", "unit", "plan"]
    list_select_related = ["lead", "unit"]
    inlines = [TripInline, FindingInline]


@admin.register(Measure)
class MeasureAdmin(ScopedAdmin):
    list_display = ["__str__", "finding"]
    autocomplete_fields = ["item"]
    raw_id_fields = ["finding"]


@admin.register(Conversion)
class ConversionAdmin(admin.ModelAdmin):
    form = RelatedRulesForm


admin.site.register(ResearchReport)


@admin.register(TypicalCase)
class TypicalCaseAdmin(ScopedAdmin):
    list_display = ["title", "polarity", "topic", "unit", "found_on"]
    list_filter = ["polarity"]
    search_fields = ["title"]
    raw_id_fields = ["topic"]
    autocomplete_fields = ["unit"]
