"""Scoring models: the components, weights and rules of a composite trust index."""

from __future__ import annotations

import enum
import hashlib
import json
import math
import tomllib
from collections.abc import Mapping
from typing import Any, Final, NamedTuple, TypeVar

import attrs
import pendulum

from .._errors import FieldError
from ..metrics import METRIC_NAMES, METRICS, MetricKind
from ..model import (
    check_bool,
    check_id,
    check_multiline_text,
    describe_value,
    to_enum,
    to_finite_float,
)
from ..privacy import DEFAULT_POLICY, PerturbationTable, PrivacyError, SmallCellPolicy
from ..time import Period
from ._errors import ScoringModelError
from ._toml import dumps_toml

__all__ = [
    "DAYS_PER_YEAR",
    "DEFAULT_WINDOW_DAYS",
    "RATE_METRICS",
    "SHARE_METRICS",
    "SURVEY_STATISTICS",
    "Component",
    "Direction",
    "IndexWindow",
    "Normalisation",
    "ScoringModel",
    "Source",
]

SURVEY_STATISTICS: Final = ("mean_score", "top_box_share")
"""Survey construct scores a component can use (both on 0–100)."""

SHARE_METRICS: Final = frozenset(
    name for name, metric in METRICS.items() if metric.kind is MetricKind.SHARE
)
"""Engagement metrics that are shares in [0, 1] (read from the registry): the ones ``share`` normalisation and
empirical-Bayes shrinkage apply to."""

RATE_METRICS: Final = frozenset(
    name for name, metric in METRICS.items() if metric.denominator == "population"
)
"""Engagement metrics that grow with the length of the window they are counted over (people
or reports per 1,000 residents): a ``target`` for them is stated *per year* and scaled to
the window, ``target × days / 365.25`` (METHODS §6). Read from the registry: the metrics
per population."""

DAYS_PER_YEAR: Final = 365.25
"""The length of a year in days, for scaling annual targets to a window."""

DEFAULT_WINDOW_DAYS: Final = 91
"""The trailing window of every component unless the model's ``window_days`` says otherwise."""

_MAX_WINDOW_DAYS: Final = 3660
_MAX_TEXT: Final = 1000
_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.StrEnum)


class IndexWindow(NamedTuple):
    """The local days every component of an index is measured over (METHODS §6): from
    ``first`` to ``last``, both included, ``days`` long.

    >>> import pendulum
    >>> from trustops.scoring import IndexWindow
    >>> IndexWindow.ending(pendulum.Date(2026, 3, 31), 91)
    IndexWindow(first=Date(2025, 12, 31), last=Date(2026, 3, 31), days=91)
    """

    first: pendulum.Date
    last: pendulum.Date
    days: int

    @classmethod
    def ending(cls, last: pendulum.Date, days: int) -> IndexWindow:
        """The ``days`` local days ending on ``last``."""
        first = pendulum.Date.fromordinal(last.toordinal() - days + 1)
        return cls(first=first, last=last, days=days)


class Source(enum.StrEnum):
    """Where a component's raw value comes from."""

    SURVEY = "survey"
    """A survey construct score (:func:`~trustops.scoring.survey_scores`), on 0–100."""
    METRIC = "metric"
    """An engagement metric (:func:`trustops.metrics.engagement_table`)."""


class Normalisation(enum.StrEnum):
    """How a raw value is put on the 0–100 scale."""

    IDENTITY = "identity"
    """Already on 0–100; values outside are clamped."""
    SHARE = "share"
    """A share in [0, 1], multiplied by 100."""
    TARGET = "target"
    """``min(value / target, 1) · 100``: reaching the target scores 100, more is capped."""


class Direction(enum.StrEnum):
    """Whether more of the raw value means more trust."""

    POSITIVE = "positive"
    """The normalised value counts as it is."""
    NEGATIVE = "negative"
    """The component contributes ``100 − normalised``."""


def _model_error(error: FieldError) -> ScoringModelError:
    """The model package's check failed: report it as a scoring-model error on the same field."""
    return ScoringModelError(error.field, error.message)


def _check_name(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    try:
        check_id(inst, attribute, value)
    except FieldError as error:
        raise _model_error(error) from None


def _check_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or len(value) > _MAX_TEXT:
        raise ScoringModelError(
            attribute.name,
            f"expected text of at most {_MAX_TEXT} characters, got {describe_value(value)}",
        )
    if value.strip():
        try:
            check_multiline_text(inst, attribute, value)
        except FieldError as error:
            raise _model_error(error) from None


def _enum(kind: type[_E], value: object, field: str) -> _E:
    try:
        return to_enum(kind, value, field)
    except FieldError as error:
        raise _model_error(error) from None


def _to_source(value: object) -> Source:
    return _enum(Source, value, "source")


def _to_normalisation(value: object) -> Normalisation:
    return _enum(Normalisation, value, "normalisation")


def _to_direction(value: object) -> Direction:
    return _enum(Direction, value, "direction")


def _number(value: object, field: str) -> float:
    try:
        return to_finite_float(value, field)
    except FieldError as error:
        raise _model_error(error) from None


_WEIGHT_RANGE: Final = (1e-6, 1e6)
"""The weights a component may have: their scale does not matter (the index divides by their
sum), and within this range every sum and share of them is exact enough and finite."""

_TARGET_RANGE: Final = (1e-6, 1e9)
"""The targets a component may have: scaled to any window (up to 3,660 days) and divided into
any value, each stays a finite number above 0."""

_HALF_LIFE_RANGE: Final = (1.0, 36_525.0)
"""The recency half-lives a model may have, in days (a day to a century)."""


def _in_range(value: object, field: str, what: str, bounds: tuple[float, float]) -> float:
    number = _number(value, field)
    low, high = (f"{end:,.6f}".rstrip("0").rstrip(".") for end in bounds)
    if not bounds[0] <= number <= bounds[1]:
        raise ScoringModelError(
            field, f"expected {what} from {low} to {high}, got {describe_value(value)}"
        )
    return number


def _to_weight(value: object) -> float:
    return _in_range(value, "weight", "a weight", _WEIGHT_RANGE)


def _to_target(value: object) -> float | None:
    return None if value is None else _in_range(value, "target", "a target", _TARGET_RANGE)


def _to_half_life(value: object) -> float | None:
    if value is None:
        return None
    return _in_range(value, "decay_half_life_days", "a half-life in days", _HALF_LIFE_RANGE)


def _to_window(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ScoringModelError(
            "window_days", f"expected a whole number of days, got {describe_value(value)}"
        )
    days = int(value)
    if not 1 <= days <= _MAX_WINDOW_DAYS:
        raise ScoringModelError(
            "window_days",
            f"expected from 1 to {_MAX_WINDOW_DAYS} days, got {describe_value(value)}",
        )
    return days


def _to_threshold(value: object) -> float:
    number = _number(value, "coverage_threshold")
    if not 0 <= number <= 1:
        raise ScoringModelError(
            "coverage_threshold", f"expected a share from 0 to 1, got {describe_value(value)}"
        )
    return number


def _check_bool(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    try:
        check_bool(inst, attribute, value)
    except FieldError as error:
        raise _model_error(error) from None


@attrs.frozen(kw_only=True)
class Component:
    """One ingredient of a composite index: a raw value, how to put it on 0–100, and a weight.

    ``source`` says where the raw value comes from: a survey construct score (``measure`` is
    the construct, ``statistic`` is ``mean_score`` — the default — or ``top_box_share``) or an
    engagement metric (``measure`` is one of :data:`trustops.metrics.METRIC_NAMES`).
    ``normalisation`` puts it on 0–100 (``target`` is required by, and only allowed with,
    ``target`` normalisation; from 0.000001 to 1,000,000,000), ``direction`` says whether more
    is better, and ``weight`` (from 0.000001 to 1,000,000) is its share of the index before
    renormalising over the components available.

    Every component is measured over the model's *window* ending at the period's last day
    (:meth:`ScoringModel.window`, METHODS §6, "comparable across periods"): a survey
    component from the responses in it, each weighted by recency decay, a metric component
    from the interactions in it. The target of a rate metric (``RATE_METRICS``) is stated
    *per year* and scaled to the window's days.

    >>> from trustops.scoring import Component
    >>> reach = Component(name="reach", source="metric", measure="reach_per_1000",
    ...                   normalisation="target", target=400, weight=0.15)
    >>> reach.normalise(200.0), reach.normalise(1000.0)  # over a year
    (50.0, 100.0)
    >>> reach.target_for(91.3125), reach.normalise(50.0, days=91.3125)  # over a quarter
    (100.0, 50.0)
    >>> Component(name="complaints", source="metric", measure="complaints_per_1000",
    ...           normalisation="target", target=50, direction="negative",
    ...           weight=0.1).normalise(10.0)
    80.0
    """

    name: str = attrs.field(validator=_check_name)
    source: Source = attrs.field(converter=_to_source)
    measure: str = attrs.field(validator=_check_name)
    weight: float = attrs.field(converter=_to_weight)
    normalisation: Normalisation = attrs.field(
        default=Normalisation.IDENTITY, converter=_to_normalisation
    )
    target: float | None = attrs.field(default=None, converter=_to_target)
    direction: Direction = attrs.field(default=Direction.POSITIVE, converter=_to_direction)
    statistic: str | None = attrs.field()

    @statistic.default
    def _default_statistic(self) -> str | None:
        return "mean_score" if self.source is Source.SURVEY else None

    @property
    def is_rate(self) -> bool:
        """Whether the raw value is a rate per window (``RATE_METRICS``), whose target
        is per year."""
        return self.source is Source.METRIC and self.measure in RATE_METRICS

    def __attrs_post_init__(self) -> None:
        if self.source is Source.METRIC:
            if self.measure not in METRIC_NAMES:
                raise ScoringModelError(
                    "measure",
                    f"unknown engagement metric {self.measure!r}; expected one of "
                    + ", ".join(METRIC_NAMES),
                )
            if self.statistic is not None:
                raise ScoringModelError(
                    "statistic",
                    f"only survey components have a statistic, got {self.statistic!r} on a metric",
                )
        elif self.statistic not in SURVEY_STATISTICS:
            raise ScoringModelError(
                "statistic",
                f"expected one of {', '.join(SURVEY_STATISTICS)} for a survey component, "
                f"got {describe_value(self.statistic)}",
            )
        if self.normalisation is Normalisation.SHARE and self.measure not in SHARE_METRICS:
            what = "a survey score" if self.source is Source.SURVEY else repr(self.measure)
            raise ScoringModelError(
                "normalisation",
                f"'share' normalisation needs a share metric ({', '.join(sorted(SHARE_METRICS))}); "
                f"{what} is not one",
            )
        if self.source is Source.SURVEY and self.normalisation is Normalisation.SHARE:
            raise ScoringModelError("normalisation", "survey scores are on 0–100, not shares")
        if (self.normalisation is Normalisation.TARGET) != (self.target is not None):
            raise ScoringModelError(
                "target",
                "expected a target > 0 with 'target' normalisation"
                if self.target is None
                else f"a target is only used with 'target' normalisation, not {self.normalisation}",
            )

    def target_for(self, days: float = DAYS_PER_YEAR) -> float | None:
        """The target over a window of ``days``: ``target × days / 365.25`` for a rate metric
        (whose target is per year), the target itself otherwise; ``None`` without one."""
        if self.target is None or not self.is_rate:
            return self.target
        if not (math.isfinite(days) and days > 0):
            raise ScoringModelError("window_days", f"expected a window > 0 days, got {days!r}")
        return self.target * days / DAYS_PER_YEAR

    def is_capped(self, value: float, *, days: float = DAYS_PER_YEAR) -> bool:
        """Whether ``value`` lies beyond the 0–100 scale and :meth:`normalise` caps it."""
        scaled = self._scaled(value, days)
        return scaled > 100.0 or scaled < 0.0

    def _scaled(self, value: float, days: float) -> float:
        if self.normalisation is Normalisation.SHARE:
            return value * 100.0
        if self.normalisation is Normalisation.TARGET:
            return value / self.target_for(days) * 100.0  # type: ignore[operator]
        return value

    def normalise(self, value: float, *, days: float = DAYS_PER_YEAR) -> float:
        """``value`` on 0–100, oriented so that higher always means more trust.

        identity: ``clamp(value, 0, 100)``; share: ``clamp(100 · value, 0, 100)``; target:
        ``100 · clamp(value / target, 0, 1)``, where a rate metric's annual target is first
        scaled to the window of ``days`` (:meth:`target_for`; default a year). A negative
        component returns ``100 −`` that. The map is monotone (non-decreasing for positive,
        non-increasing for negative components), so it also carries interval ends across.
        """
        scaled = min(max(self._scaled(value, days), 0.0), 100.0)
        return 100.0 - scaled if self.direction is Direction.NEGATIVE else scaled


def _to_components(value: object) -> tuple[Component, ...]:
    field = "components"
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise ScoringModelError(
            field, f"expected a non-empty list of components, got {describe_value(value)}"
        )
    seen: set[str] = set()
    for index, component in enumerate(value):
        if not isinstance(component, Component):
            raise ScoringModelError(
                f"{field}[{index}]", f"expected a Component, got {describe_value(component)}"
            )
        if component.name in seen:
            raise ScoringModelError(
                f"{field}[{index}].name", f"duplicate component name {component.name!r}"
            )
        seen.add(component.name)
    return tuple(value)


def _check_policy(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, SmallCellPolicy):
        raise ScoringModelError(
            attribute.name,
            f"expected a trustops.privacy.SmallCellPolicy, got {describe_value(value)}",
        )


_COMPONENT_KEYS: Final = (
    "name",
    "source",
    "measure",
    "statistic",
    "normalisation",
    "target",
    "direction",
    "weight",
)
_COMPONENT_REQUIRED: Final = ("name", "source", "measure", "weight")
_MODEL_KEYS: Final = (
    "name",
    "version",
    "description",
    "coverage_threshold",
    "shrinkage",
    "decay_half_life_days",
    "window_days",
    "suppression",
    "components",
)
_POLICY_KEYS: Final = ("withhold_below", "caution_below", "enabled", "ptable")


@attrs.frozen(kw_only=True)
class ScoringModel:
    """A versioned recipe for the composite trust index (METHODS §6).

    ``components`` are combined as ``index = Σ wᶜ·sᶜ / Σ wᶜ`` over the components available
    for an area and period. ``coverage_threshold`` (default 0.5) is the least share of the
    total weight that must be available, or the index is withheld. ``suppression`` is the
    small-cell policy applied to each component's n. ``shrinkage`` turns on empirical-Bayes
    shrinkage of share components across areas. ``decay_half_life_days`` (``None``, the
    default, is no decay; :data:`DEFAULT_MODEL` uses 90; from 1 to 36,525 days) weights each
    survey response in a component's window by ``0.5^(age / half-life)`` times its survey
    weight, the age counted in days to the end of the period being scored. ``window_days``
    (default 91) is the trailing window every component is measured over (:meth:`window`).
    ``description`` is free text for people; like every field it enters the fingerprint.
    The model round-trips through
    :meth:`to_dict`, JSON and TOML; :attr:`fingerprint` is the SHA-256 of
    :meth:`canonical_json`, so a result can prove which model made it.

    >>> from trustops.scoring import DEFAULT_MODEL, ScoringModel
    >>> DEFAULT_MODEL.name, DEFAULT_MODEL.version, DEFAULT_MODEL.total_weight
    ('trustops-default', '3.0', 1.0)
    >>> ScoringModel.from_toml(DEFAULT_MODEL.to_toml()) == DEFAULT_MODEL
    True
    """

    name: str = attrs.field(validator=_check_name)
    version: str = attrs.field(validator=_check_name)
    components: tuple[Component, ...] = attrs.field(converter=_to_components)
    description: str = attrs.field(default="", validator=_check_text)
    coverage_threshold: float = attrs.field(default=0.5, converter=_to_threshold)
    suppression: SmallCellPolicy = attrs.field(default=DEFAULT_POLICY, validator=_check_policy)
    shrinkage: bool = attrs.field(default=False, validator=_check_bool)
    decay_half_life_days: float | None = attrs.field(default=None, converter=_to_half_life)
    window_days: int = attrs.field(default=DEFAULT_WINDOW_DAYS, converter=_to_window)
    _fingerprint: str = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        digest = hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
        object.__setattr__(self, "_fingerprint", digest)

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of :meth:`canonical_json`: equal models have equal fingerprints."""
        return self._fingerprint

    @property
    def total_weight(self) -> float:
        """Sum of every component's weight."""
        return math.fsum(component.weight for component in self.components)

    def window(self, period: Period) -> IndexWindow:
        """The window the components of ``period`` are measured over (METHODS §6): the
        trailing ``window_days`` or the whole period, whichever is longer, ending at the
        period's last local day.

        >>> from trustops.scoring import DEFAULT_MODEL
        >>> from trustops.time import Period
        >>> DEFAULT_MODEL.window(Period.parse("2026-02"))
        IndexWindow(first=Date(2025, 11, 30), last=Date(2026, 2, 28), days=91)
        >>> DEFAULT_MODEL.window(Period.parse("2026-Q3"))  # 92 days: the whole quarter
        IndexWindow(first=Date(2026, 7, 1), last=Date(2026, 9, 30), days=92)
        """
        length = period.end.toordinal() - period.start.toordinal() + 1
        return IndexWindow.ending(period.end, max(self.window_days, length))

    def component(self, name: str) -> Component:
        """The component called ``name``; :class:`KeyError` if there is none."""
        for component in self.components:
            if component.name == name:
                return component
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON types only) with every field, ``None`` for unset optional ones."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "coverage_threshold": self.coverage_threshold,
            "shrinkage": self.shrinkage,
            "decay_half_life_days": self.decay_half_life_days,
            "window_days": self.window_days,
            "suppression": {
                "withhold_below": self.suppression.withhold_below,
                "caution_below": self.suppression.caution_below,
                "enabled": self.suppression.enabled,
                "ptable": self.suppression.ptable.to_dict(),
            },
            "components": [
                {
                    "name": c.name,
                    "source": c.source.value,
                    "measure": c.measure,
                    "statistic": c.statistic,
                    "normalisation": c.normalisation.value,
                    "target": c.target,
                    "direction": c.direction.value,
                    "weight": c.weight,
                }
                for c in self.components
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoringModel:
        """Build and validate a model from plain data (as :meth:`to_dict` gives, or parsed
        JSON/TOML). Missing optional keys take their defaults; unknown keys are errors, so a
        misspelt ``wieght`` is reported rather than ignored. Errors name the path of the bad
        value (``components[1].weight``)."""
        fields = _known(data, _MODEL_KEYS, ("name", "version", "components"), "")
        raw_components = fields["components"]
        if isinstance(raw_components, list | tuple):
            components: list[object] = []
            for index, item in enumerate(raw_components):
                where = f"components[{index}]"
                component_fields = _known(item, _COMPONENT_KEYS, _COMPONENT_REQUIRED, where)
                components.append(_build(Component, component_fields, where))
            fields["components"] = components
        if "suppression" in fields:
            fields["suppression"] = _policy(fields["suppression"])
        return _build(cls, fields, "")

    def canonical_json(self) -> str:
        """:meth:`to_dict` as JSON with sorted keys and no whitespace: the fingerprinted form."""
        return json.dumps(
            self.to_dict(),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The model as JSON (readable, indented by default); :meth:`from_json` reads it back."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> ScoringModel:
        """Parse and validate a model from JSON text."""
        try:
            data = json.loads(text)
        except RecursionError:
            raise ScoringModelError("$", "expected JSON text nested less deeply") from None
        except ValueError as error:  # invalid JSON or UTF-8, or an integer too long to read
            raise ScoringModelError("$", f"expected JSON text: {error}") from None
        return cls.from_dict(_mapping(data, ""))

    def to_toml(self) -> str:
        """The model as a TOML document (unset optional fields left out); see
        :meth:`from_toml`.

        Writing TOML needs the optional ``toml`` extra (tomli-w): ``pip install
        'trustops[toml]'``; without it this raises :class:`~trustops.MissingExtraError`.
        Reading needs nothing beyond the standard library."""
        return dumps_toml(self.to_dict())

    @classmethod
    def from_toml(cls, text: str) -> ScoringModel:
        """Parse and validate a model from TOML text (with the standard library's ``tomllib``)."""
        if not isinstance(text, str):
            raise ScoringModelError("$", f"expected TOML text, got {type(text).__name__}")
        try:
            data = tomllib.loads(text)
        except RecursionError:
            raise ScoringModelError("$", "expected TOML text nested less deeply") from None
        except ValueError as error:  # TOMLDecodeError, or an integer too long to read
            raise ScoringModelError("$", f"expected TOML text: {error}") from None
        return cls.from_dict(data)


def _mapping(data: object, where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ScoringModelError(
            where or "$", f"expected an object/table, got {describe_value(data)}"
        )
    return data


def _known(
    data: object, keys: tuple[str, ...], required: tuple[str, ...], where: str
) -> dict[str, Any]:
    mapping = _mapping(data, where)
    for key in mapping:
        if key not in keys:
            raise ScoringModelError(
                f"{where}.{key}" if where else str(key),
                f"unknown key; expected one of {', '.join(keys)}",
            )
    fields = {key: value for key, value in mapping.items() if value is not None}
    for key in required:
        if key not in fields:
            raise ScoringModelError(f"{where}.{key}" if where else key, "required, but missing")
    return fields


def _build(cls: type[_T], fields: dict[str, Any], where: str) -> _T:
    try:
        return cls(**fields)
    except ScoringModelError as error:
        path = f"{where}.{error.field}" if where else error.field
        raise ScoringModelError(path, error.message) from None


def _policy(data: object) -> SmallCellPolicy:
    fields = _known(data, _POLICY_KEYS, (), "suppression")
    try:
        if "ptable" in fields:
            fields["ptable"] = PerturbationTable.from_dict(fields["ptable"])
        return SmallCellPolicy(**fields)
    except PrivacyError as error:
        raise ScoringModelError("suppression", str(error)) from None
