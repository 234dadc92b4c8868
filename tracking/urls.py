from django.urls import path

from . import views

urlpatterns = [
    path("items/<int:pk>/close/", views.item_close_out, name="item_close"),
    path("items/<int:pk>/reopen/", views.item_reopen, name="item_reopen"),
]
