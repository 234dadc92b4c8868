"""Request-wide security policy: upload size, session timeouts, the second
factor of administrators and forced password changes (等保2.0 level 3)."""

import time

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from org.roles import ADMIN_ROLES, roles_of
from security.audit import client_address
from security.passwords import password_expired

LOGIN_AT = "sx_login_at"
SEEN_AT = "sx_seen_at"
# The header an htmx status poll sends (hx-headers on every element with
# hx-trigger="every …"): a page polling on its own is not a person at work.
POLL_HEADER = "X-Status-Poll"
# Pages open to a signed-in user before the second factor and a due password
# change (otherwise they could never get there); the admin site's own login
# and logout count as login and logout.
OPEN_VIEWS = frozenset(
    {"login", "logout", "admin:login", "admin:logout", "account_activate"}
)
SECOND_FACTOR_VIEWS = frozenset({"otp_verify", "otp_setup"})


class UploadLimitMiddleware:
    """Refuse a request body over UPLOAD_MAX_BYTES before anything reads it
    (CSRF and form parsing would otherwise spool it to disk first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            return render(
                request,
                "security/too_large.html",
                {"limit": limit, "size": round(length / 1024 / 1024, 1)},
                status=413,
            )
        return self.get_response(request)


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's, recording the client address the lockout and the
    audit events record (auditlog's own believes the first X-Forwarded-For
    entry, which the client writes)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)


def requires_second_factor(user) -> bool:
    return settings.ADMIN_OTP_REQUIRED and (
        user.is_superuser or bool(roles_of(user) & ADMIN_ROLES)
    )


class AccountPolicyMiddleware:
    """After authentication: end idle (SESSION_IDLE_SECONDS) and old
    (SESSION_ABSOLUTE_SECONDS) sessions, send administrators to the second
    factor, and send users with an expired password to change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        htmx = request.headers.get("HX-Request") == "true"
        poll = htmx and bool(request.headers.get(POLL_HEADER))
        now = time.time()
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        if (
            now - seen_at > settings.SESSION_IDLE_SECONDS
            or now - login_at > settings.SESSION_ABSOLUTE_SECONDS
        ):
            idle = now - seen_at > settings.SESSION_IDLE_SECONDS
            logout(request)
            messages.info(
                request,
                "长时间未操作，已自动退出，请重新登录。"
                if idle
                else "登录已超过12小时，请重新登录。",
            )
            response = redirect_to_login(request.get_full_path())
            if htmx:
                # The login page would be swapped into the polled element;
                # send the whole window there instead.
                return HttpResponse(headers={"HX-Redirect": response.url})
            return response
        # Polls do not extend the session (SESSION_IDLE_SECONDS counts from
        # the last request a person made); the stamp is written at most once a
        # minute, not on every request.
        if not poll and now - session.get(SEEN_AT, 0) > 60:
            session[SEEN_AT] = now
        name = request.resolver_match.view_name if request.resolver_match else None
        if name in OPEN_VIEWS or name in SECOND_FACTOR_VIEWS:
            return None
        if requires_second_factor(user) and not user.is_verified():
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('otp_verify')}?{query}")
        if name != "password_change" and password_expired(user, timezone.now()):
            messages.warning(
                request,
                f"密码已使用超过{settings.PASSWORD_MAX_AGE_DAYS}天，请先修改密码。"
                if user.password_changed_at
                else "首次登录请先修改密码。",
            )
            return redirect("password_change")
        return None
