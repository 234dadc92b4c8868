from django.urls import path

from . import accounts, audit_views

urlpatterns = [
    path("password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("otp/", accounts.otp_verify, name="otp_verify"),
    path("otp/setup/", accounts.otp_setup, name="otp_setup"),
    path("audit/", audit_views.audit_trail, name="audit_trail"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
]
