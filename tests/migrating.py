"""Running the migrations to a point and back, for tests of a data migration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> Any:
    """The database migrated to ``targets``; the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@contextmanager
def back_in_time(before: list[tuple[str, str]]) -> Iterator[Any]:
    """The database at ``before``; brought back to the newest migrations after."""
    try:
        yield migrate(before)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def fixture(before: list[tuple[str, str]]) -> Any:
    """A ``back_in_time`` fixture: the app registry at ``before``, the newest
    migrations again after the test."""

    @pytest.fixture(name="back_in_time")
    def at_before(transactional_db: None) -> Iterator[Any]:
        with back_in_time(before) as apps:
            yield apps

    return at_before
