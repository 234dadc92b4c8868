"""Deployment checks of the product's own security settings (`check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def security_settings(app_configs, **kwargs):
    problems = []
    if not settings.ADMIN_OTP_REQUIRED:
        problems.append(
            Warning(
                "管理员角色未启用动态口令（ADMIN_OTP_REQUIRED=off）。",
                hint="生产环境请保持 ADMIN_OTP_REQUIRED 开启。",
                id="security.W001",
            )
        )
    if not settings.PASSWORD_MAX_AGE_DAYS:
        problems.append(
            Warning(
                "未设置密码有效期（PASSWORD_MAX_AGE_DAYS=0）。",
                id="security.W002",
            )
        )
    return problems
