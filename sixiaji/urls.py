from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import accounts, views

admin.site.login_form = accounts.AdminLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=accounts.LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("sixiaji.security_urls")),
    path("org/", include("sixiaji.org_urls")),
    path("activities/", include("activities.urls")),
    path("research/", include("research.urls")),
    path("petitions/", include("petitions.urls")),
    path("reports/", include("reports.urls")),
    path("supervision/", include("supervision.urls")),
    path("admin/", admin.site.urls),
]
