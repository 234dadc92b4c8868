from django.apps import AppConfig
from django.db.models.signals import pre_save


class UiConfig(AppConfig):
    name = "ui"
    verbose_name = "界面"

    def ready(self):
        from ui.text import strip_instance_controls

        pre_save.connect(strip_instance_controls, dispatch_uid="ui.strip_controls")
