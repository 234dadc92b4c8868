"""Celery application.

Without a broker in the environment, settings make tasks run eagerly in the
calling process, so the embedded setup needs no Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sixiaji.settings")

app = Celery("sixiaji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
