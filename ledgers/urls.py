from django.urls import path

from . import views

urlpatterns = [
    path("ledgers/<slug:kind>/export/", views.ledger_export, name="ledger_export"),
    path("exports/", views.my_exports, name="my_exports"),
    path("exports/<int:pk>/", views.ledger_export_job, name="ledger_export_job"),
    path(
        "exports/<int:pk>/retry/", views.ledger_export_retry, name="ledger_export_retry"
    ),
    path("exports/<int:pk>/file/", views.ledger_export_file, name="ledger_export_file"),
    path("imports/<int:pk>/", views.ledger_import_job, name="ledger_import_job"),
    path(
        "imports/<int:pk>/confirm/",
        views.ledger_import_confirm,
        name="ledger_import_confirm",
    ),
    path("ledgers/<slug:kind>/import/", views.ledger_import_view, name="ledger_import"),
    path(
        "ledgers/<slug:kind>/template/",
        views.ledger_template_download,
        name="ledger_template",
    ),
]
