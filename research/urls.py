from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/<str:step>/new/", views.chain_add, name="chain_add"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("trips/", views.trip_list, name="trip_list"),
    path("findings/", views.finding_list, name="finding_list"),
    path("measures/", views.measure_list, name="measure_list"),
]
