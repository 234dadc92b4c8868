from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.item_list, name="items"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("rectifications/", views.rectification_list, name="rectifications"),
    path(
        "rectifications/new/", views.rectification_create, name="rectification_create"
    ),
    path(
        "rectifications/<int:pk>/",
        views.rectification_detail,
        name="rectification_detail",
    ),
    path("orders/", views.order_list, name="orders"),
    path("orders/new/", views.order_create, name="order_create"),
    path("orders/schedule/", views.order_schedule, name="order_schedule"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/reply/", views.order_reply, name="order_reply"),
    path("orders/<int:pk>/send-back/", views.order_send_back, name="order_send_back"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/badge/", views.unread_badge, name="unread_badge"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("reminders/", views.reminder_settings, name="reminders"),
]
