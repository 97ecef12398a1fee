"""Results-framework indicators with a baseline, targets and observed actuals (as in IATI)."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs
import pendulum

from .._errors import FieldError
from ._checks import (
    check_bool,
    check_id,
    check_optional_id,
    check_order,
    check_text,
    to_date,
    to_finite_float,
)

__all__ = ["Actual", "Baseline", "Indicator", "Target"]

_R = TypeVar("_R")


def _value_finite_float(value: object) -> float:
    return to_finite_float(value, "value")


def _date_date(value: object) -> pendulum.Date:
    return to_date(value, "date")


def _start_date(value: object) -> pendulum.Date:
    return to_date(value, "start")


def _end_date(value: object) -> pendulum.Date:
    return to_date(value, "end")


def _targets_tuple_of(value: object) -> tuple[Target, ...]:
    return _to_tuple_of(Target, value, "targets")


def _actuals_tuple_of(value: object) -> tuple[Actual, ...]:
    return _to_tuple_of(Actual, value, "actuals")


@attrs.frozen(kw_only=True)
class Baseline:
    """The value an indicator had on a date before the work began."""

    value: float = attrs.field(converter=_value_finite_float)
    date: pendulum.Date = attrs.field(converter=_date_date)


@attrs.frozen(kw_only=True)
class Target:
    """The value an indicator should reach by the end of the period ``start..end``."""

    start: pendulum.Date = attrs.field(converter=_start_date)
    end: pendulum.Date = attrs.field(converter=_end_date)
    value: float = attrs.field(converter=_value_finite_float)

    def __attrs_post_init__(self) -> None:
        check_order(self.start, self.end)


@attrs.frozen(kw_only=True)
class Actual:
    """A value of an indicator observed on a date."""

    date: pendulum.Date = attrs.field(converter=_date_date)
    value: float = attrs.field(converter=_value_finite_float)


def _check_baseline(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Baseline):
        raise FieldError(attribute.name, f"expected a Baseline (value and date), got {value!r}")


def _to_tuple_of(kind: type[_R], value: object, field: str) -> tuple[_R, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise FieldError(field, f"expected a list of {kind.__name__}, got {value!r}")
    for index, item in enumerate(value):
        if not isinstance(item, kind):
            raise FieldError(f"{field}[{index}]", f"expected a {kind.__name__}, got {item!r}")
    return tuple(value)


@attrs.frozen(kw_only=True)
class Indicator:
    """A measure of a results framework: unit, direction, baseline, targets and actuals.

    ``ascending`` says whether larger values are better. ``maintain`` (default false) marks a
    target that is a level to *hold* rather than to reach, as results frameworks' "maintain"
    direction: the indicator is on track while its latest actual stays on the good side of the
    target (at or above it when ``ascending``, at or below otherwise). Targets are kept in date
    order and may not start before the baseline.

    >>> import pendulum
    >>> from trustops import Baseline, Indicator, Target
    >>> ind = Indicator(id="reports", name="Resident reports per month", unit="reports",
    ...                 ascending=True, baseline=Baseline(value=40, date=pendulum.date(2025, 12, 31)),
    ...                 targets=(Target(start=pendulum.date(2026, 1, 1),
    ...                                 end=pendulum.date(2026, 12, 31), value=60),))
    >>> ind.targets[0].value
    60.0
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    unit: str = attrs.field(validator=check_text)
    ascending: bool = attrs.field(validator=check_bool)
    baseline: Baseline = attrs.field(validator=_check_baseline)
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_targets_tuple_of)
    actuals: tuple[Actual, ...] = attrs.field(default=(), converter=_actuals_tuple_of)
    programme_id: str | None = attrs.field(default=None, validator=check_optional_id)
    area_id: str | None = attrs.field(default=None, validator=check_optional_id)
    maintain: bool = attrs.field(default=False, validator=check_bool)

    def __attrs_post_init__(self) -> None:
        for index, target in enumerate(self.targets):
            if target.start < self.baseline.date:
                raise FieldError(
                    f"targets[{index}].start",
                    f"expected a target period starting on or after the baseline date "
                    f"{self.baseline.date}, got {target.start}",
                )
            if index and target.start <= self.targets[index - 1].end:
                raise FieldError(
                    f"targets[{index}].start",
                    "expected target periods in date order without overlap",
                )
