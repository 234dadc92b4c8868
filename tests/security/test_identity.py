"""Identity controls: password rules and history, forced changes, lockout,
session timeouts and the administrators' second factor."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from reports.models import Report
from security.middleware import LOGIN_AT, SEEN_AT
from security.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def errors_of(password, user=None) -> str:
    with translation.override("zh-hans"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return " ".join(error.messages)
    return ""


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!xyz", "8"),
        ("abcdefgh12", "至少3类"),
        ("ABCDEFGH!!", "至少3类"),
        ("Clerk@2024x", "不能包含用户名"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(city, password, message):
    assert message in errors_of(password, city.users.clerk)


def test_a_strong_password_passes(city):
    assert errors_of("Jinchang#2025go", city.users.clerk) == ""


@pytest.mark.parametrize(
    ("password", "message"),
    [
        # A common password dressed up with capitals, digits and a symbol.
        ("Password123!", "常见"),
        ("P@ssw0rd2024", "常见"),
        ("!Qwerty2025", "常见"),
        # Sequences and keyboard patterns, anywhere in the password.
        ("Gansu#abcd9", "连续"),
        ("Gansu#9876x", "连续"),
        ("Qwer#tyu77", "键盘"),
        ("Lanzhou!1qaz", "键盘"),
        ("Gansu#aaaa7", "重复"),
    ],
)
def test_common_sequence_and_keyboard_passwords_are_refused(city, password, message):
    assert message in errors_of(password, city.users.clerk)


@pytest.mark.parametrize(
    "password",
    ["Jinchang#2025go", "Hexi-Corridor7", "Yumen$Pass58", "Qilian#2024zx"],
)
def test_strong_passwords_near_those_patterns_pass(city, password):
    """Three in a row (123, abc, asd) or a word inside a longer one is allowed."""
    assert errors_of(password, city.users.clerk) == ""


def test_none_of_the_last_five_passwords_may_return(city):
    user = city.users.clerk
    passwords = [f"Sixiaji#{n}ok" for n in range(6)]
    for password in passwords:
        user.set_password(password)
        user.save()
    assert "最近5次" in errors_of(passwords[5], user)  # the current one
    assert "最近5次" in errors_of(passwords[1], user)
    assert errors_of(passwords[0], user) == ""  # six changes ago
    assert user.password_history.count() == 5


def test_a_new_account_changes_its_password_at_first_login(client, city):
    user = city.users.clerk
    user.password_changed_at = None
    user.save()
    client.force_login(user)
    response = client.get(reverse("activities:list"))
    assert response.status_code == 302
    assert response.url == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Yongchang#2025",
            "new_password2": "Yongchang#2025",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("activities:list")).status_code == 200
    user.refresh_from_db()
    assert user.password_changed_at is not None
    assert AuditEvent.objects.filter(user=user, action="password_change").exists()


def test_a_weak_new_password_is_refused_on_the_page(client, city):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "abcdefgh",
            "new_password2": "abcdefgh",
        },
    )
    assert response.status_code == 200
    assert "至少3类" in response.text


@pytest.mark.parametrize(
    ("age", "days", "forced"),
    [(89, 90, False), (90, 90, True), (31, 30, True), (400, 0, False)],
)
def test_password_expires_after_the_configured_days(
    client, city, settings, age, days, forced
):
    settings.PASSWORD_MAX_AGE_DAYS = days
    user = city.users.cadre
    user.password_changed_at = timezone.now() - timedelta(days=age)
    user.save()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert (response.status_code == 302) is forced
    if forced:
        assert response.url == reverse("password_change")


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_account_at_that_address_for_fifteen_minutes(
    client, city
):
    for _ in range(4):
        assert login(client, "clerk", "wrong", "10.0.1.1").status_code == 200
    assert login(client, "clerk", "wrong", "10.0.1.1").status_code == 429
    response = login(client, "clerk", PASSWORD, "10.0.1.1")
    assert response.status_code == 429
    assert "已锁定15分钟" in response.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="lockout", username="clerk").exists()
    assert (
        AuditEvent.objects.filter(action="login_failed", username="clerk").count() >= 5
    )
    # Another account from the same address is not affected.
    assert login(client, "cadre", PASSWORD, "10.0.1.1").status_code == 302
    client.logout()
    # Fifteen minutes later the account may try again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(client, "clerk", PASSWORD, "10.0.1.1").status_code == 302


def test_failures_spread_over_addresses_or_accounts_lock_nothing(client, city):
    """Lockout is per account and address (AXES_LOCKOUT_PARAMETERS): a guesser
    cannot lock a user out from elsewhere, nor everyone behind one address."""
    for n in range(5):
        login(client, "clerk", "wrong", f"10.0.2.{n}")
        login(client, f"nobody{n}", "wrong", "10.0.3.3")
    assert login(client, "clerk", PASSWORD, "10.0.2.9").status_code == 302
    client.logout()
    assert login(client, "cadre", PASSWORD, "10.0.3.3").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, city):
    for _ in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", PASSWORD).status_code == 302


def _age_session(client, *, seen: float, login: float):
    session = client.session
    now = time.time()
    session[SEEN_AT] = now - seen
    session[LOGIN_AT] = now - login
    session.save()


def test_an_idle_session_ends_after_thirty_minutes(client, city):
    client.force_login(city.users.clerk)
    _age_session(client, seen=29 * 60, login=3600)
    assert client.get(reverse("home")).status_code == 200
    _age_session(client, seen=31 * 60, login=3600)
    response = client.get(reverse("activities:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "长时间未操作" in client.get(response.url).text


class Clock:
    """time.time() as the session policy reads it, moved by the test."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now

    def move(self, minutes: float):
        self.now += minutes * 60


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("security.middleware.time", clock)
    return clock


POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_STATUS_POLL": "1"}


@pytest.mark.parametrize("polls", [True, False])
def test_status_polling_does_not_keep_an_idle_session_alive(client, city, clock, polls):
    """A queued report's page polls its status every 2 s (htmx). Polls carry
    the poll marker and do not count as activity: 31 minutes after the last
    real request the session ends, polling or not. A real request in between
    (polls=False) does count."""

    report = Report.objects.create(unit=city.yongchang, year=2024, quarter=4)
    url = reverse("reports:report_detail", args=[report.pk])
    client.force_login(city.users.clerk)
    page = client.get(url)
    assert page.status_code == 200
    assert 'hx-trigger="every 2s"' in page.text and "X-Status-Poll" in page.text
    for _ in range(6):  # a poll every 5 minutes stands for one every 2 s
        clock.move(5)
        extra = POLL if polls else {"HTTP_HX_REQUEST": "true"}
        response = client.get(url, **extra)
        assert response.status_code == 200
        assert 'data-testid="report-status"' in response.text
    clock.move(2)  # 32 minutes after the page was opened
    response = client.get(url, **POLL)
    if polls:
        assert "_auth_user_id" not in client.session
        assert response["HX-Redirect"].startswith(reverse("login"))
    else:
        assert response.status_code == 200
        assert "_auth_user_id" in client.session


def test_every_polling_element_carries_the_poll_marker():
    """A template that polls with htmx ("every …") sends the marker, so the
    session policy can tell a poll from a person."""

    polling = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for line in path.read_text().splitlines():
            if 'hx-trigger="every' in line:
                polling.append((path.name, "X-Status-Poll" in line))
    assert polling and all(marked for _, marked in polling), polling


def test_a_session_ends_twelve_hours_after_login_however_busy(client, city):
    client.force_login(city.users.clerk)
    _age_session(client, seen=10, login=12 * 3600 + 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_lasts_at_most_twelve_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.fixture
def otp_on(settings):
    settings.ADMIN_OTP_REQUIRED = True


def _token(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    return f"{totp.token():06d}"


@pytest.mark.parametrize("name", ["auditor", "sysadmin", "secadmin"])
def test_administrators_bind_and_use_a_second_factor(client, city, otp_on, name):
    user = getattr(city.users, name)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("otp_verify"))
    response = client.get(response.url, follow=True)
    assert response.request["PATH_INFO"] == reverse("otp_setup")
    device = TOTPDevice.objects.get(user=user)
    assert response.context["secret"]
    wrong = client.post(reverse("otp_setup"), {"token": "000000"})
    assert "动态口令不正确" in wrong.text
    device.refresh_from_db()
    device.throttle_reset()  # a failure throttles the next try for a second
    response = client.post(reverse("otp_setup"), {"token": _token(device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    # The next login asks for the code again.
    client.logout()
    client.force_login(user)
    assert client.get(reverse("home")).url.startswith(reverse("otp_verify"))
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = client.post(reverse("otp_verify"), {"token": _token(device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_and_logged(client, city, otp_on):
    user = city.users.auditor
    TOTPDevice.objects.create(user=user, name="认证器", confirmed=True)
    client.force_login(user)
    response = client.post(reverse("otp_verify"), {"token": "12345x"})
    assert "6位数字" in response.text
    response = client.post(reverse("otp_verify"), {"token": "000000"})
    assert "动态口令不正确" in response.text
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(user=user, action="otp_failed").exists()


def test_other_roles_need_no_second_factor(client, city, otp_on):
    client.force_login(city.users.clerk)
    assert client.get(reverse("home")).status_code == 200


def test_an_unverified_administrator_cannot_even_change_the_password(
    client, city, otp_on
):
    client.force_login(city.users.secadmin)
    for name in ("password_change", "admin:password_change", "admin:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("otp_verify")), name


def test_first_login_of_an_administrator_asks_the_second_factor_then_a_new_password(
    client, city, otp_on
):
    user = city.users.auditor
    user.password_changed_at = None
    user.save()
    client.force_login(user)
    assert client.get(reverse("home")).url.startswith(reverse("otp_verify"))
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("otp_setup"), {"token": _token(device)})
    assert client.get(reverse("home")).url == reverse("password_change")


def test_a_password_reset_by_the_security_admin_must_be_changed(client, city):
    admin_user = city.users.secadmin
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    target = city.users.cadre
    response = client.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"password1": "Temp#2025pass", "password2": "Temp#2025pass"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.password_changed_at is None
    client.force_login(target)
    assert client.get(reverse("home")).url == reverse("password_change")


def test_the_security_admin_unlocks_an_account(client, city):
    for _ in range(5):
        login(client, "clerk", "wrong", "10.9.9.9")
    assert login(client, "clerk", PASSWORD, "10.9.9.9").status_code == 429
    admin_user = city.users.secadmin
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "clerk" in changelist.text
    for attempt in AccessAttempt.objects.filter(username="clerk"):
        client.post(
            reverse("admin:axes_accessattempt_delete", args=[attempt.pk]),
            {"post": "yes"},
        )
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    client.logout()
    assert login(client, "clerk", PASSWORD, "10.9.9.9").status_code == 302
