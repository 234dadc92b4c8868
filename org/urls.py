from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("org/units/", views.unit_list, name="unit_list"),
    path("org/cadres/", views.cadre_list, name="cadre_list"),
    path("org/cadres/<int:pk>/", views.cadre_detail, name="cadre_detail"),
]
