"""The optional pyspark import, the Java check and a quiet local session."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Final, cast

from ..._errors import MissingExtraError, TrustopsError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["JavaMissingError", "connect_url", "local_session", "pyspark_sql", "require_java"]

MIN_JAVA: Final = 17
"""The oldest Java release pyspark 4 runs on."""
_VERSION = re.compile(r'version "(?:1\.)?(\d+)')


class JavaMissingError(TrustopsError, RuntimeError):
    """Spark needs a Java runtime (17 or newer) and none was found, or it is too old."""


def pyspark_sql() -> ModuleType:
    """``pyspark.sql``, or :class:`~trustops.MissingExtraError` naming the ``spark`` extra."""
    try:
        import pyspark.sql
    except ImportError as error:
        raise MissingExtraError("the Spark engine", "spark", "pyspark") from error
    return pyspark.sql


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.is_file() else None
    return shutil.which("java")


def require_java() -> str:
    """The Java runtime Spark will start, checked to be release 17 or newer.

    Spark's own failure without Java is a Python traceback about a gateway that exited; this
    says at once what is missing. Raises :class:`JavaMissingError` naming what to install.
    """
    java = _java()
    where = "JAVA_HOME" if os.environ.get("JAVA_HOME") else "PATH"
    if java is None:
        raise JavaMissingError(
            f"the Spark engine needs a Java runtime {MIN_JAVA} or newer and there is no java "
            f"on {where}; install one (e.g. apt-get install openjdk-17-jre-headless) or set "
            "JAVA_HOME"
        )
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise JavaMissingError(f"the Java runtime at {java} does not run: {error}") from None
    found = _VERSION.search(done.stderr + done.stdout)
    if done.returncode != 0 or found is None:
        raise JavaMissingError(f"the Java runtime at {java} does not run: {done.stderr.strip()}")
    if int(found.group(1)) < MIN_JAVA:
        raise JavaMissingError(
            f"the Spark engine needs Java {MIN_JAVA} or newer; {java} is Java {found.group(1)}"
        )
    return java


def local_session(
    *, cores: int = 2, shuffle_partitions: int = 4, memory: str = "2g", connect: bool = False
) -> SparkSession:
    """A quiet local Spark session for tests, notebooks and benchmarks (one per process).

    ``local[cores]``, ``shuffle_partitions`` shuffle partitions (Spark's default of 200 is
    made for clusters), ``memory`` for the one JVM that is driver and executor (Spark's
    default of 1g runs out on ten million rows; it is set only when the JVM starts), no web UI, no progress bar, warnings only, and the session's time
    zone set to UTC (the engine never depends on it, but printed timestamps are then
    instants), and Python workers running this interpreter (so they import this trustops).
    ``connect`` also serves Spark Connect from the same JVM, on a free port of the loopback
    interface (see :func:`connect_url`). Java is checked first (:func:`require_java`).
    An active session is reused as it is: its settings are the caller's, never changed here.
    """
    sql = pyspark_sql()
    require_java()
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        return cast("SparkSession", active)
    # Python workers read this when the session starts; default to this interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = sql.SparkSession.builder
    if connect:
        builder = (
            builder.config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
            .config("spark.connect.grpc.binding.port", "0")
            .config("spark.connect.grpc.binding.address", "127.0.0.1")
        )
    session = (
        builder.master(f"local[{cores}]")
        .appName("trustops")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(cores))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return cast("SparkSession", session)


def connect_url(local: SparkSession) -> str:
    """The Spark Connect address (``sc://127.0.0.1:PORT``) of ``local``, a session started by
    :func:`local_session` with ``connect=True``: what another process passes to
    ``SparkSession.builder.remote(...)`` to work as a Spark Connect client (as on
    Databricks), for tests and examples on one machine. (A process holds classic or Connect
    sessions, not both: ``pyspark.sql.functions`` makes the columns of one kind.)
    """
    service = getattr(local._jvm, "org.apache.spark.sql.connect.service.SparkConnectService$")
    port = int(getattr(service, "MODULE$").localPort())
    if port <= 0:
        raise TrustopsError(
            "the local Spark session serves no Spark Connect; start it with "
            "local_session(connect=True)"
        )
    return f"sc://127.0.0.1:{port}"
