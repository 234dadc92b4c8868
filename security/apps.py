from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全与审计"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers them)
        from .trail import register_models

        register_models()
