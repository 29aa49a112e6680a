"""Fault tests start their own PostgreSQL, Redis and gunicorn: run them with `make faults`."""

import os

import pytest

from tests.faults.services import (
    AppServer,
    PostgresCluster,
    RedisServer,
    app_env,
    prepare_demo,
    running,
)

ENABLED = os.environ.get("HALLWAY_FAULTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="fault tests run on their own: make faults (HALLWAY_FAULTS=1)")
    for item in items:
        if "tests/faults/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.faults)
            if not ENABLED:
                item.add_marker(skip)


@pytest.fixture(scope="module")
def postgres():
    try:
        cluster = PostgresCluster()
    except FileNotFoundError as missing:
        pytest.skip(str(missing))
    with running(cluster):
        cluster.start()
        yield cluster


@pytest.fixture(scope="module")
def redis():
    try:
        server = RedisServer()
    except FileNotFoundError as missing:
        pytest.skip(str(missing))
    with running(server):
        server.start()
        yield server


@pytest.fixture(scope="module")
def demo_app(postgres, redis):
    """gunicorn serving the demo from the throwaway PostgreSQL, caching in the throwaway Redis."""
    postgres.createdb("hallway")
    env = app_env(postgres.url("hallway"), redis.url())
    prepare_demo(env)
    server = AppServer(env)
    with running(server):
        server.start()
        yield server
