from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/compliance.json", views.compliance_json, name="compliance_json"),
    path("dashboard/trend.json", views.trend_json, name="trend_json"),
    path("me/", views.my_quotas, name="my_quotas"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
