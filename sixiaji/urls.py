"""The project's URLs: each app's own URLconf under its prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("security.urls")),
    path("", include("org.urls")),
    path("org/", include("tracking.urls")),
    path("org/", include("ledgers.urls")),
    path("activities/", include("activities.urls")),
    path("research/", include("research.urls")),
    path("petitions/", include("petitions.urls")),
    path("reports/", include("reports.urls")),
    path("supervision/", include("supervision.urls")),
    path("choices/", include("ui.urls")),
    path("admin/", admin.site.urls),
]
