"""Celery application.

Without a broker in the environment, settings make tasks run eagerly in the
calling process, so the embedded setup needs no Redis.
"""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sixiaji.settings")

app = Celery("sixiaji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _fresh_content_types(**kwargs) -> None:
    """A long-lived worker reads content types afresh for each task: the
    audit trail writes their ids, and a database rebuilt under the worker
    (a test run's flush, a restore) gives them new ones."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
