"""Fixtures of the Spark engine's tests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from pyspark.sql import SparkSession

SessionZone = Callable[[str], AbstractContextManager[None]]


@pytest.fixture
def session_zone(spark: SparkSession) -> SessionZone:
    """``with session_zone("Asia/Tokyo"):`` runs its block with that session time zone."""

    @contextlib.contextmanager
    def switched(name: str) -> Iterator[None]:
        before = spark.conf.get("spark.sql.session.timeZone", "UTC")
        spark.conf.set("spark.sql.session.timeZone", name)
        try:
            yield
        finally:
            spark.conf.set("spark.sql.session.timeZone", before or "UTC")

    return switched
