"""Headers and cookies: CSP without inline code, no framing, HttpOnly and
(in production) Secure cookies, HSTS; templates that the CSP does not break;
uploads refused by type and size; no public media path."""

import re
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from security.uploads import check_upload
from tests.org.test_settings import PRODUCTION, run

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_page_carries_a_strict_csp_and_no_framing(client, city):
    client.force_login(city.users.clerk)
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_httponly(client, city):
    response = client.post(
        reverse("login"), {"username": "clerk", "password": "Test@2024pass"}
    )
    assert response.cookies["sessionid"]["httponly"]
    page = client.get(reverse("login"))
    assert "csrftoken" not in page.cookies or page.cookies["csrftoken"]["httponly"]


def test_production_cookies_are_secure_and_hsts_is_on():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_SSL_REDIRECT, s.ADMIN_OTP_REQUIRED, s.CSRF_COOKIE_HTTPONLY)"
    )
    result = run(["-c", script], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "31536000", "True", "True", "True"]


def test_turning_off_the_second_factor_in_production_is_a_deploy_warning():
    env = {**PRODUCTION, "ADMIN_OTP_REQUIRED": "off"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W001" in result.stdout + result.stderr


INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "style 属性"),
    (re.compile(r"<style", re.I), "<style> 元素"),
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "内联 <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* 事件属性"),
    (re.compile(r"javascript:", re.I), "javascript: 链接"),
    (re.compile(r"hx-on", re.I), "hx-on 内联脚本"),
]


def test_templates_hold_no_inline_script_or_style():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text[: match.start()].count("\n") + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line} {what}")
    assert found == []


def test_media_files_have_no_public_path(client, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.pdf").write_bytes(b"%PDF-1.4")
    client.force_login(city.users.clerk)
    assert client.get("/media/reports/r.pdf").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "只接受"),
        ("photo.jpg", b"MZ\x90\x00not-a-jpeg", "内容与扩展名不符"),
        ("big.pdf", b"%PDF" + b"0" * (11 * 1024 * 1024), "不能超过10MB"),
    ],
)
def test_uploads_are_checked_by_type_content_and_size(name, content, message):

    with pytest.raises(forms.ValidationError, match=message):
        check_upload(SimpleUploadedFile(name, content))


def test_a_real_pdf_passes_the_upload_check():
    upload = SimpleUploadedFile("ok.pdf", b"%PDF-1.4 minimal")
    assert check_upload(upload) is upload
    assert upload.read(4) == b"%PDF"  # left at the start for saving
