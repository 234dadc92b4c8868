from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts, audit_views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=accounts.LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/activate/<uidb64>/<token>/",
        accounts.account_activate,
        name="account_activate",
    ),
    path("account/otp/", accounts.otp_verify, name="otp_verify"),
    path("account/otp/setup/", accounts.otp_setup, name="otp_setup"),
    path("account/audit/", audit_views.audit_trail, name="audit_trail"),
    path("account/audit/export/", audit_views.audit_export, name="audit_export"),
]
