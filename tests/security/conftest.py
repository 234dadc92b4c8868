"""Fixtures of the permission tests: the world of records in two counties
(tests/security/matrix.py) and a logged-in client per role."""

import pytest
from django.test import Client

from tests.security.matrix import build_world


@pytest.fixture
def world(city, register, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(city, register, tmp_path)


@pytest.fixture
def client_for(city):
    clients = {}

    def get(role: str):
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(getattr(city.users, role))
        return clients[role]

    return get
