"""Account pages: activation of a new account (its holder sets the first
password on a one-time link), change of password, and the TOTP second factor
of the administrator roles (django-otp)."""

from base64 import b32encode

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.validators import MaxLengthValidator
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django_otp.plugins.otp_totp.models import TOTPDevice

from org.models import User
from security.audit import audit
from security.models import AuditEvent
from ui.forms import BootstrapFormMixin


class BoundedUsernameMixin:
    """Refuse an over-long user name in the form. Django's login forms set
    `max_length` after the field is built, so no validator checks it and the
    name would reach authentication and the lockout table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own change: the new password counts from now (90-day clock)."""

    success_url = reverse_lazy("home")

    def get_form_class(self):
        return type(
            "PasswordChangeForm", (BootstrapFormMixin, super().get_form_class()), {}
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
        audit(self.request, AuditEvent.Action.PASSWORD_CHANGE, user)
        messages.success(self.request, "密码已修改。")
        return response


class ActivationForm(BootstrapFormMixin, SetPasswordForm):
    pass


def _activating(uidb64: str, token: str) -> User | None:
    """The new account a link activates: no password yet, a valid token."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if user.has_usable_password() or not user.is_active:
        return None
    return user if default_token_generator.check_token(user, token) else None


def account_activate(request, uidb64: str, token: str):
    """激活账号: the holder of a new account sets its first password (the
    password rules apply) on the link the administrator gave, once. No
    password is ever shown or sent; an administrator account then binds its
    TOTP authenticator at its first login."""
    user = _activating(uidb64, token)
    if user is None:
        return render(request, "registration/activate_invalid.html", status=404)
    form = ActivationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
        audit(request, AuditEvent.Action.PASSWORD_CHANGE, user, "激活账号", user=user)
        messages.success(request, "账号已激活，请用登录名和新密码登录。")
        return redirect("login")
    return render(
        request, "registration/activate.html", {"form": form, "account": user}
    )


class TokenForm(BootstrapFormMixin, forms.Form):
    token = forms.RegexField(
        label="动态口令",
        regex=r"^\d{6}$",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
        error_messages={"invalid": "请输入认证器显示的6位数字。"},
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@login_required
def otp_verify(request):
    """Second step of an administrator's login: the 6-digit TOTP code."""
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('otp_setup')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            return redirect(_next(request))
        audit(request, AuditEvent.Action.OTP_FAILED, request.user)
        form.add_error("token", "动态口令不正确或已过期，请重新输入。")
    return render(
        request, "registration/otp_verify.html", {"form": form, "next": _next(request)}
    )


@login_required
def otp_setup(request):
    """Bind an authenticator app: show the key, confirm with one code.

    A user who already has a device verifies with it; a lost device is
    removed by the security administrator, after which the user binds anew.
    """
    if _confirmed_device(request.user) is not None:
        return redirect(f"{reverse('otp_verify')}?next={_next(request)}")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "认证器"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(request, "已绑定动态口令认证器。")
            return redirect(_next(request))
        form.add_error("token", "动态口令不正确，请核对密钥和手机时间后重试。")
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "next": _next(request),
            "secret": b32encode(device.bin_key).decode(),
            "config_url": device.config_url,
        },
    )
