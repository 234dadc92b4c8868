from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class SecurityConfig(AppConfig):
    default = True  # AxesConfig below is not this app's
    name = "security"
    verbose_name = "安全与审计"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers them)
        from .trail import register_models

        register_models()


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout) under a Chinese name in the admin."""

    verbose_name = "登录锁定"
