from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/compliance.json", views.compliance_json, name="compliance_json"),
    path("dashboard/trend.json", views.trend_json, name="trend_json"),
    path("me/", views.my_quotas, name="my_quotas"),
]
