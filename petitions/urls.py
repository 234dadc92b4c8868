from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/action/", views.case_action, name="case_action"),
    path("<int:pk>/extend/", views.case_extend, name="case_extend"),
    path("<int:pk>/merge/", views.case_merge, name="case_merge"),
    path("<int:pk>/backlog/", views.backlog_create, name="backlog_create"),
    path("due/", views.due_list, name="due_list"),
    path("receptions/", views.reception_list, name="reception_list"),
    path("receptions/new/", views.reception_create, name="reception_create"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception_detail"),
    path("backlog/", views.backlog_list, name="backlog_list"),
    path("backlog/<int:pk>/", views.backlog_detail, name="backlog_detail"),
    path("hotline/", views.hotline, name="hotline"),
    path("time-limits/", views.time_limits, name="time_limits"),
]
