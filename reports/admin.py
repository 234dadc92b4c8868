from django.contrib import admin

from .models import QuotaRule


@admin.register(QuotaRule)
class QuotaRuleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "audience",
        "measure",
        "period",
        "threshold",
        "is_active",
    ]
    list_editable = ["threshold", "is_active"]
    list_filter = ["period", "audience", "is_active"]
