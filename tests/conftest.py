"""Shared test configuration: hypothesis profiles and a fixed clock-free environment."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from trustops import Interaction

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# The dev profile is the thorough one: many examples, new ones on every run, so a developer's runs
# keep exploring. CI is derandomized, so a run is reproducible and a submission is judged on the
# examples it was checked with; it is lean (every property still runs on a fixed set of examples)
# to keep the whole gate within its time. Tests that set their own max_examples keep it in both.
settings.register_profile("dev", max_examples=200)
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark session for the whole test run, started by the first test that asks.

    Without a Java runtime the run stops at once with a message naming what is missing,
    rather than failing every Spark test with Spark's own gateway traceback.
    """
    from trustops.engines.spark import JavaMissingError, local_session

    try:
        session = local_session(cores=2, shuffle_partitions=2, connect=True)
    except JavaMissingError as error:
        pytest.exit(f"cannot run the Spark tests: {error}", returncode=3)
    yield session
    session.stop()


ParquetWriter = Callable[[Sequence[Interaction], Path], Path]


@pytest.fixture(scope="session")
def interactions_parquet() -> ParquetWriter:
    """A function writing interactions as one Parquet file with the model's columns
    (instants aware), as a data lake holds them; skips without pyarrow and duckdb."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pytest.importorskip("duckdb")
    from trustops.io import make_converter

    def write(interactions: Sequence[Interaction], path: Path) -> Path:
        converter = make_converter()
        records = []
        for interaction in interactions:
            record = converter.unstructure(interaction)
            record["occurred_at"] = interaction.occurred_at
            record["observed_at"] = interaction.observed_at
            records.append(record)
        pq.write_table(pa.Table.from_pylist(records), path)
        return path

    return write
