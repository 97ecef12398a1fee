"""Tests for trustops.engines.spark._session: the extra, the Java check, the local session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from trustops import MissingExtraError
from trustops.engines.spark import JavaMissingError, require_java
from trustops.engines.spark._session import pyspark_sql


def _fake_java(folder: Path, version_line: str, code: int = 0) -> Path:
    java = folder / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\nexit {code}\n")
    java.chmod(0o755)
    return folder


def test_without_java_the_error_names_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(JavaMissingError, match=r"Java runtime 17 or newer.*JAVA_HOME"):
        require_java()
    monkeypatch.delenv("JAVA_HOME")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(JavaMissingError, match="no java on PATH"):
        require_java()


def test_an_old_or_broken_java_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path / "old", 'java version "1.8.0_382"')))
    with pytest.raises(JavaMissingError, match=r"Java 17 or newer.*is Java 8"):
        require_java()
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path / "bad", "broken", code=1)))
    with pytest.raises(JavaMissingError, match="does not run: broken"):
        require_java()
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path / "new", 'openjdk version "21.0.2"')))
    assert require_java() == str(tmp_path / "new" / "bin" / "java")


def test_without_pyspark_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(MissingExtraError, match=r"trustops\[spark\]") as caught:
        pyspark_sql()
    assert (caught.value.extra, caught.value.package) == ("spark", "pyspark")


def test_the_test_session_is_local_small_and_quiet(spark: SparkSession) -> None:
    conf = spark.sparkContext.getConf()
    assert spark.sparkContext.master == "local[2]"
    assert spark.conf.get("spark.sql.shuffle.partitions") == "2"
    assert conf.get("spark.ui.enabled") == "false"
    assert conf.get("spark.driver.memory") == "2g"
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"


def test_the_readme_test_command_stops_at_once_without_java(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``scripts/check.py`` checks for Java before any gate runs, and names what is missing."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "check", Path(__file__).resolve().parents[3] / "scripts" / "check.py"
    )
    assert spec is not None
    assert spec.loader is not None
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    problem = check.preflight()
    assert problem is not None
    assert "Java runtime 17 or newer" in problem
    assert check.main() == 2
    monkeypatch.delenv("JAVA_HOME")
    assert check.preflight() is None


_CLIENT = """
import json, sys
import attrs
from pyspark.sql import SparkSession
from trustops.engines import choose_engine, engagement_table
from trustops.engines.spark import SparkEngine, interactions_frame
from trustops.io import read_jsonl
from trustops.model import Interaction

remote = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
log = read_jsonl(sys.argv[2], Interaction).read_all()
frame = interactions_frame(remote, log[:-1])
found = engagement_table(frame, period="month")  # engine="auto"
jsonl = engagement_table(sys.argv[3], engine=SparkEngine(session=remote))
print(json.dumps({
    "module": type(frame).__module__, "auto": choose_engine(frame), "engine": found.engine,
    "table": found.table.to_records(), "counts": list(attrs.astuple(jsonl.counts)),
    "rejects": [[r.line, r.message] for r in jsonl.rejects], "jsonl": jsonl.table.to_records(),
}))
"""


def test_a_spark_connect_client_is_counted_as_a_classic_one(
    spark: SparkSession, tmp_path: Path
) -> None:
    """The test session serves Spark Connect from its own JVM; a client process (a process
    holds one kind of session) counts a Connect DataFrame (``engine="auto"``) and JSON Lines
    read through its Connect session as the reference engine and the row reader do."""
    import json
    import subprocess

    import attrs

    from trustops.engines.spark import connect_url
    from trustops.io import read_jsonl, write_jsonl
    from trustops.metrics import engagement_table as reference_table
    from trustops.model import Interaction
    from trustops.sample import generate

    log = generate(scale=0.02).interactions[:120]
    every = tmp_path / "all.jsonl"
    write_jsonl(log, every)
    path = tmp_path / "log.jsonl"
    write_jsonl(log[:50], path)
    path.write_bytes(path.read_bytes() + b"\n{not json}\n")
    reader = read_jsonl(path, Interaction)
    records = reader.read_all()
    done = subprocess.run(
        [sys.executable, "-c", _CLIENT, connect_url(spark), str(every), str(path)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["module"].startswith("pyspark.sql.connect")
    assert (found["auto"], found["engine"]) == ("spark", "spark")
    assert found["table"] == json.loads(
        json.dumps(reference_table(log[:-1], period="month").to_records())
    )
    assert found["counts"] == list(attrs.astuple(reader.counts))
    assert found["rejects"] == [[r.line, r.message] for r in reader.rejects]
    assert found["jsonl"] == json.loads(json.dumps(reference_table(records).to_records()))
