"""The Redis cache, tolerant of Redis being down.

Pages read cached tables and fragments (the dashboard); with Redis down they
are computed instead of failing: a read is a miss, a write is dropped, and the
outage is logged. Celery jobs wait for Redis on their own terms (ledgers,
reports); the cache never takes a page down with it.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
DOWN = (RedisConnectionError, RedisTimeoutError)


def _down(operation: str) -> None:
    log.warning("缓存服务不可用（%s），按未缓存处理", operation)


class TolerantRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except DOWN:
            _down("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except DOWN:
            _down("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except DOWN:
            _down("has_key")
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except DOWN:
            _down("add")
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except DOWN:
            _down("set")

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except DOWN:
            _down("set_many")
            return list(data)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except DOWN:
            _down("incr")
            return None

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except DOWN:
            _down("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except DOWN:
            _down("delete")
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except DOWN:
            _down("delete_many")
