"""Tests of the exception hierarchy: one root, each package's errors in its own errors module."""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import pytest

import trustops
from trustops import FieldError, MissingExtraError, TrustopsError

PACKAGES = ["trustops"] + [
    f"trustops.{info.name}"
    for info in pkgutil.iter_modules(trustops.__path__)
    if not info.name.startswith("_") and info.name not in {"cli", "testing"}  # optional extras
]


def public_errors() -> list[tuple[str, type[BaseException]]]:
    found = []
    for name in PACKAGES:
        module = importlib.import_module(name)
        for item in module.__all__:
            value = getattr(module, item)
            if isinstance(value, type) and issubclass(value, BaseException):
                found.append((f"{name}.{item}", value))
    return found


ERRORS = public_errors()


def test_every_package_with_errors_is_seen() -> None:
    homes = {error.__module__ for _, error in ERRORS}
    assert {
        "trustops._errors",
        "trustops.io._errors",
        "trustops.metrics._errors",
        "trustops.model._errors",
        "trustops.privacy._errors",
        "trustops.sample._errors",
        "trustops.scoring._errors",
        "trustops.stats._errors",
        "trustops.time._errors",
    } <= homes


@pytest.mark.parametrize(("name", "error"), ERRORS, ids=[name for name, _ in ERRORS])
def test_every_public_error_is_under_the_root(name: str, error: type[BaseException]) -> None:
    if issubclass(error, Warning):  # a warning is not raised: it is a UserWarning to filter
        assert issubclass(error, UserWarning), f"{name} is not a UserWarning"
        assert not issubclass(error, TrustopsError), f"{name} is a warning and an error"
        return
    assert issubclass(error, TrustopsError), f"{name} is outside trustops.TrustopsError"


@pytest.mark.parametrize(("name", "error"), ERRORS, ids=[name for name, _ in ERRORS])
def test_every_error_lives_in_an_errors_module(name: str, error: type[BaseException]) -> None:
    package = name.rsplit(".", 1)[0]
    assert error.__module__.endswith("._errors"), f"{name} is defined in {error.__module__}"
    assert error.__module__.startswith(package) or package == "trustops", (
        f"{name} is defined in another package's module, {error.__module__}"
    )


def test_errors_keep_the_builtin_bases_callers_catch() -> None:
    from trustops.io import NotFlatError, ReaderError
    from trustops.metrics import MetricsError
    from trustops.privacy import PrivacyError
    from trustops.sample import BundledSampleError
    from trustops.scoring import ScoringError, ScoringModelError
    from trustops.stats import RakingError, StatsError
    from trustops.time import TimeError

    for error in (
        FieldError,
        trustops.IllegalTransitionError,
        trustops.DatasetError,
        ReaderError,
        MetricsError,
        PrivacyError,
        ScoringError,
        ScoringModelError,
        StatsError,
        RakingError,
        TimeError,
    ):
        assert issubclass(error, ValueError), error
    assert issubclass(NotFlatError, TypeError)
    assert issubclass(MissingExtraError, ImportError)
    assert issubclass(BundledSampleError, RuntimeError)


def test_errors_moved_to_their_packages_stay_importable_from_the_top() -> None:
    from trustops.model import DatasetError, IllegalTransitionError
    from trustops.privacy import PrivacyError
    from trustops.stats import RakingError, StatsError

    assert trustops.IllegalTransitionError is IllegalTransitionError
    assert trustops.DatasetError is DatasetError
    assert trustops.StatsError is StatsError
    assert trustops.RakingError is RakingError
    assert trustops.PrivacyError is PrivacyError


def test_errors_with_arguments_survive_pickling() -> None:
    from trustops.io import Reject
    from trustops.sample import BundledSampleError
    from trustops.stats import RakingError

    reject = Reject(source="x.jsonl", line=3, path="$.id", message="expected an id", raw="{}")
    for error in (
        FieldError("id", "expected an identifier"),
        MissingExtraError("charts", "report", "matplotlib"),
        RakingError(0.2, 50, 1e-6),
        BundledSampleError([reject]),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy)) == (type(error), str(error))
