"""A real Celery round trip: Redis broker, a worker process, the test database."""

import pytest

from org.tasks import worker_health
from sixiaji.celery import app
from tests.factories import OrgUnitFactory


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_task_runs_in_a_real_worker_through_redis(celery_worker):
    OrgUnitFactory.create_batch(3)
    result = worker_health.delay()
    assert result.get(timeout=30) == {"database": "postgresql", "units": 3}
    assert result.successful()


@pytest.mark.embedded
def test_tasks_run_eagerly_on_the_embedded_default(db):

    assert app.conf.task_always_eager
    OrgUnitFactory.create_batch(2)
    assert worker_health.delay().get()["units"] == 2
