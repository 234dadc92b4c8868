from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/cases/new/", views.typical_case_add, name="case_add"),
    path("<int:pk>/attachment/", views.activity_attachment, name="attachment"),
    path("calendar/", views.plan_calendar, name="calendar"),
    path("heat/", views.place_heat, name="heat"),
    path("livelihood/", views.livelihood_list, name="livelihood_list"),
    path("livelihood/new/", views.livelihood_create, name="livelihood_create"),
    path(
        "livelihood/<int:pk>/progress/",
        views.livelihood_progress,
        name="livelihood_progress",
    ),
    path("liaisons/", views.liaison_list, name="liaison_list"),
]
