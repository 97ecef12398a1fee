"""Survey instruments (items grouped into constructs) and responses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import attrs
import pendulum

from .._errors import FieldError
from ._checks import (
    ID_MAX_LENGTH,
    MAX_SURVEY_WEIGHT,
    MIN_SURVEY_WEIGHT,
    check_bool,
    check_id,
    check_multiline_text,
    check_optional_id,
    check_text,
    to_datetime,
    to_enum,
    to_finite_float,
    to_str_mapping,
)
from ._enums import ReplicateMethod

__all__ = [
    "MAX_FPC",
    "MAX_REPLICATES",
    "STANDARD_CONSTRUCTS",
    "ReplicateDesign",
    "SurveyInstrument",
    "SurveyItem",
    "SurveyResponse",
]

STANDARD_CONSTRUCTS: Final = ("trust", "respect", "voice", "fairness", "safety")
"""Constructs of procedural-justice surveys; instruments may add their own names."""

_MAX_SCALE_POINTS: Final = 101
MAX_REPLICATES: Final = 10_000
"""The most replicate weights a survey design may declare."""
MAX_FPC: Final = 1e9
"""The largest finite population correction accepted (a stratum's population in PSUs)."""


def _check_scale_point(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise FieldError(attribute.name, f"expected a whole number, got {value!r}")


def _check_optional_scale_point(
    inst: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is not None:
        _check_scale_point(inst, attribute, value)


def _items_items(value: object) -> tuple[SurveyItem, ...]:
    return _to_items(value, "items")


def _collected_at_datetime(value: object) -> pendulum.DateTime:
    return to_datetime(value, "collected_at")


def _answers_answers(value: object) -> dict[str, int | None]:
    return _to_answers(value, "answers")


def _attributes_str_mapping(value: object) -> dict[str, str]:
    return to_str_mapping(value, "attributes")


def _weight_weight(value: object) -> float | None:
    return _to_weight(value, "weight")


@attrs.frozen(kw_only=True)
class SurveyItem:
    """One question of an instrument, answered with an integer point on ``[scale_min, scale_max]``.

    ``construct`` groups items that measure one thing (``trust``, ``respect``, ``voice``,
    ``fairness``, ``safety``, or a name of your own). ``reverse`` marks a negatively worded item
    whose scores are flipped. ``top_box_min`` / ``bottom_box_max`` override the default
    thresholds used by top-box and net scores (see :attr:`top_box_threshold`).

    >>> from trustops import SurveyItem
    >>> item = SurveyItem(id="q1", construct="trust", text="I trust the safety team.",
    ...                   scale_min=1, scale_max=9)
    >>> item.top_box_threshold, item.bottom_box_threshold
    (6, 4)
    >>> item.rescale(9), item.rescale(1)
    (100.0, 0.0)
    """

    id: str = attrs.field(validator=check_id)
    construct: str = attrs.field(validator=check_id)
    text: str = attrs.field(validator=check_multiline_text)
    scale_min: int = attrs.field(validator=_check_scale_point)
    scale_max: int = attrs.field(validator=_check_scale_point)
    reverse: bool = attrs.field(default=False, validator=check_bool)
    top_box_min: int | None = attrs.field(default=None, validator=_check_optional_scale_point)
    bottom_box_max: int | None = attrs.field(default=None, validator=_check_optional_scale_point)

    def __attrs_post_init__(self) -> None:
        points = self.scale_max - self.scale_min + 1
        if not 2 <= points <= _MAX_SCALE_POINTS:
            raise FieldError(
                "scale_max",
                f"expected a scale of 2 to {_MAX_SCALE_POINTS} points above scale_min "
                f"{self.scale_min}, got {self.scale_max}",
            )
        for name in ("top_box_min", "bottom_box_max"):
            value = getattr(self, name)
            if value is not None and not self.scale_min <= value <= self.scale_max:
                raise FieldError(
                    name,
                    f"expected a point on the scale {self.scale_min}..{self.scale_max}, got {value}",
                )

    @property
    def points(self) -> int:
        """Number of points on the scale."""
        return self.scale_max - self.scale_min + 1

    @property
    def top_box_threshold(self) -> int:
        """Lowest raw point counted as "top box".

        Default: the top 4 points of a 9-point scale (Edelman: 6–9 is trust), otherwise the top
        2 points (4–5 of 5, 9–10 of 0–10).
        """
        if self.top_box_min is not None:
            return self.top_box_min
        return self.scale_max - (3 if self.points == 9 else 1)

    @property
    def bottom_box_threshold(self) -> int:
        """Highest raw point counted as "bottom box".

        Default: 0–6 on a 0–10 scale (as in the Net Promoter Score), otherwise the mirror image of
        the top box (1–4 of 9, 1–2 of 5).
        """
        if self.bottom_box_max is not None:
            return self.bottom_box_max
        if self.scale_min == 0 and self.scale_max == 10:
            return 6
        return self.scale_min + (self.scale_max - self.top_box_threshold)

    def on_scale(self, value: object) -> bool:
        """Whether ``value`` is an integer point on this item's scale (``True`` is not)."""
        return type(value) is int and self.scale_min <= value <= self.scale_max

    def oriented(self, value: int) -> int:
        """The raw answer with reverse coding undone: higher always means more of the construct."""
        return self.scale_min + self.scale_max - value if self.reverse else value

    def rescale(self, value: int) -> float:
        """The answer on 0–100: ``(x − min)/(max − min) · 100``, flipped for reverse-coded items."""
        score = (value - self.scale_min) / (self.scale_max - self.scale_min) * 100.0
        return 100.0 - score if self.reverse else score


def _to_items(value: object, field: str) -> tuple[SurveyItem, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise FieldError(field, f"expected a non-empty list of survey items, got {value!r}")
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, SurveyItem):
            raise FieldError(f"{field}[{index}]", f"expected a SurveyItem, got {item!r}")
        if item.id in seen:
            raise FieldError(f"{field}[{index}].id", f"duplicate item id {item.id!r}")
        seen.add(item.id)
    return tuple(value)


def _method_enum(value: object) -> ReplicateMethod:
    return to_enum(ReplicateMethod, value, "method")


def _check_replicate_count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 2 <= value <= MAX_REPLICATES:
        raise FieldError(
            attribute.name, f"expected a whole number from 2 to {MAX_REPLICATES:,}, got {value!r}"
        )


def _positive(value: object, field: str) -> float:
    number = to_finite_float(value, field)
    if not 0 < number <= MAX_SURVEY_WEIGHT:
        raise FieldError(field, f"expected a number above 0 and at most 1,000,000, got {value!r}")
    return number


def _scale_positive(value: object) -> float | None:
    return None if value is None else _positive(value, "scale")


def _rho_fraction(value: object) -> float | None:
    if value is None:
        return None
    rho = to_finite_float(value, "rho")
    if not 0 <= rho < 1:
        raise FieldError(
            "rho", f"expected Fay's factor from 0 up to (not including) 1, got {value!r}"
        )
    return rho


def _rscales_positive(value: object) -> tuple[float, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise FieldError("rscales", f"expected a list of numbers, got {value!r}")
    return tuple(_positive(item, f"rscales[{index}]") for index, item in enumerate(value))


@attrs.frozen(kw_only=True)
class ReplicateDesign:
    """How the replicate weights of an instrument's responses combine into a variance
    (METHODS §5a), as R ``svrepdesign(type=..., scale=..., rscales=..., rho=...)``.

    Each response then carries ``replicates`` weights in
    :attr:`SurveyResponse.replicate_weights`, and the variance of an estimate is
    ``scale × Σ_r rscales[r]·(θ_r − θ̂)²``. ``scale`` defaults to R's for the method:
    ``(R − 1)/R`` for ``jk1``, ``1/R`` for ``brr``, ``1/(R(1 − ρ)²)`` for ``fay``,
    ``1/(R − 1)`` for ``bootstrap`` and 1 for ``jkn``; ``rscales`` default to 1 each, except
    that ``jkn`` needs them (``(n_h − 1)/n_h`` for a replicate of stratum ``h``). ``fay``
    needs ``rho``; other methods take none.

    >>> from trustops.model import ReplicateDesign
    >>> ReplicateDesign(method="fay", replicates=4, rho=0.5).factors()
    (1.0, (1.0, 1.0, 1.0, 1.0))

    .. versionadded:: Unreleased
    """

    method: ReplicateMethod = attrs.field(converter=_method_enum)
    replicates: int = attrs.field(validator=_check_replicate_count)
    scale: float | None = attrs.field(default=None, converter=_scale_positive)
    rscales: tuple[float, ...] = attrs.field(default=(), converter=_rscales_positive)
    rho: float | None = attrs.field(default=None, converter=_rho_fraction)

    def __attrs_post_init__(self) -> None:
        if self.rscales and len(self.rscales) != self.replicates:
            raise FieldError(
                "rscales",
                f"expected one rscale per replicate ({self.replicates}), got {len(self.rscales)}",
            )
        if self.method is ReplicateMethod.JKN and not self.rscales:
            raise FieldError(
                "rscales",
                "expected one rscale per replicate for jkn ((n_h - 1)/n_h for a replicate of "
                "stratum h), got none",
            )
        if (self.method is ReplicateMethod.FAY) != (self.rho is not None):
            raise FieldError(
                "rho",
                "expected Fay's factor rho for the fay method"
                if self.rho is None
                else f"expected no rho for the {self.method.value} method (only fay takes one)",
            )

    def factors(self) -> tuple[float, tuple[float, ...]]:
        """``(scale, rscales)`` with the defaults filled in."""
        count = self.replicates
        if self.scale is not None:
            scale = self.scale
        elif self.method is ReplicateMethod.JK1:
            scale = (count - 1) / count
        elif self.method is ReplicateMethod.BRR:
            scale = 1 / count
        elif self.method is ReplicateMethod.FAY:
            assert self.rho is not None  # checked above
            scale = 1 / (count * (1 - self.rho) ** 2)
        elif self.method is ReplicateMethod.BOOTSTRAP:
            scale = 1 / (count - 1)
        else:
            scale = 1.0
        return scale, self.rscales or (1.0,) * count


def _replicates_design(value: object) -> ReplicateDesign | None:
    if value is None or isinstance(value, ReplicateDesign):
        return value
    raise FieldError("replicates", f"expected a ReplicateDesign or None, got {value!r}")


@attrs.frozen(kw_only=True)
class SurveyInstrument:
    """A questionnaire: an ordered tuple of :class:`SurveyItem` with distinct ids.

    >>> from trustops import SurveyInstrument, SurveyItem
    >>> inst = SurveyInstrument(id="pulse", name="Neighbourhood pulse", items=(
    ...     SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=0, scale_max=10),
    ...     SurveyItem(id="s1", construct="safety", text="I feel safe.", scale_min=1, scale_max=5),
    ... ))
    >>> inst.constructs
    ('trust', 'safety')

    ``replicates`` declares that the responses carry replicate weights and how they combine
    (:class:`ReplicateDesign`); without it, the responses' ``stratum``, ``psu`` and ``fpc``
    (if any) are the design.

    .. versionchanged:: Unreleased
       ``replicates``.
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    items: tuple[SurveyItem, ...] = attrs.field(converter=_items_items)
    version: str | None = attrs.field(default=None, validator=check_optional_id)
    replicates: ReplicateDesign | None = attrs.field(default=None, converter=_replicates_design)
    _index: dict[str, SurveyItem] = attrs.field(
        init=False, repr=False, eq=False, hash=False, alias="_index"
    )

    @_index.default
    def _build_index(self) -> dict[str, SurveyItem]:
        return {item.id: item for item in self.items}

    @property
    def constructs(self) -> tuple[str, ...]:
        """Construct names in the order their first item appears."""
        return tuple(dict.fromkeys(item.construct for item in self.items))

    def item(self, item_id: str) -> SurveyItem:
        """The item with ``item_id``; :class:`KeyError` if there is none."""
        return self._index[item_id]

    def items_of(self, construct: str) -> tuple[SurveyItem, ...]:
        """The items that measure ``construct``, in instrument order."""
        return tuple(item for item in self.items if item.construct == construct)

    def answer_problems(self, response: SurveyResponse) -> Iterator[FieldError]:
        """Each answer of ``response`` that names no item, or is off its item's scale."""
        for item_id, value in response.answers.items():
            where = f"answers.{item_id}"
            item = self._index.get(item_id)
            if item is None:
                yield FieldError(where, f"no item {item_id!r} in instrument {self.id!r}")
            elif value is not None and not item.on_scale(value):
                yield FieldError(
                    where,
                    f"expected a whole number from {item.scale_min} to {item.scale_max}, got {value!r}",
                )

    def design_problems(
        self, responses: Iterable[SurveyResponse]
    ) -> Iterator[tuple[SurveyResponse, FieldError]]:
        """What is wrong with the survey design the responses to this instrument declare
        together (responses to other instruments are skipped), each with the response at
        fault: a PSU in two strata, a stratum or fpc declared on some responses but not all,
        two fpcs in one stratum, an fpc (a population of PSUs) below the PSUs sampled in its
        stratum, and replicate weights that do not match :attr:`replicates` (one weight per
        declared replicate on every response, none without a declaration).

        .. versionadded:: Unreleased
        """
        own = [r for r in responses if r.instrument_id == self.id]
        for name in ("stratum", "fpc"):
            declared = [r for r in own if getattr(r, name) is not None]
            if declared and len(declared) < len(own):
                first = declared[0]
                for response in own:
                    if getattr(response, name) is None:
                        yield (
                            response,
                            FieldError(
                                name,
                                f"expected a {name} (response {first.id!r} of instrument "
                                f"{self.id!r} has one, and a design declares it on every response)",
                            ),
                        )
        home: dict[str, tuple[str | None, str]] = {}
        fpcs: dict[str | None, tuple[float, SurveyResponse]] = {}
        sampled: dict[str | None, set[str]] = {}
        for response in own:
            stratum = response.stratum
            psu = response.psu
            if psu is not None:
                first_stratum, first_id = home.setdefault(psu, (stratum, response.id))
                if first_stratum != stratum:
                    yield (
                        response,
                        FieldError(
                            "psu",
                            f"PSU {psu!r} is in stratum {first_stratum!r} (response {first_id!r}) "
                            f"and here in {stratum!r}; a PSU belongs to one stratum",
                        ),
                    )
            sampled.setdefault(stratum, set()).add(f"psu:{psu}" if psu else f"id:{response.id}")
            if response.fpc is not None:
                first_fpc, first = fpcs.setdefault(stratum, (response.fpc, response))
                if first_fpc != response.fpc:
                    yield (
                        response,
                        FieldError(
                            "fpc",
                            f"expected one fpc per stratum: response {first.id!r} gives "
                            f"{first_fpc:g} in stratum {stratum!r}, this one {response.fpc:g}",
                        ),
                    )
        for stratum, (fpc, first) in fpcs.items():
            count = len(sampled[stratum])
            if fpc > 1 and fpc < count:
                yield (
                    first,
                    FieldError(
                        "fpc",
                        f"stratum {stratum!r} has {count} sampled PSUs but an fpc (its population "
                        f"of PSUs) of {fpc:g}; the population cannot be smaller than the sample",
                    ),
                )
        expected = 0 if self.replicates is None else self.replicates.replicates
        for response in own:
            found = len(response.replicate_weights)
            if found != expected:
                yield (
                    response,
                    FieldError(
                        "replicate_weights",
                        f"expected no replicate weights: instrument {self.id!r} declares no "
                        f"replicate design, got {found}"
                        if self.replicates is None
                        else f"expected {expected} replicate weights (instrument {self.id!r} "
                        f"declares {expected} {self.replicates.method.value} replicates), got {found}",
                    ),
                )


def _to_answers(value: object, field: str) -> dict[str, int | None]:
    if not isinstance(value, Mapping):
        raise FieldError(field, f"expected an object of item id → answer, got {value!r}")
    answers: dict[str, int | None] = {}
    for key, answer in value.items():
        if type(key) is not str or not key or len(key) > ID_MAX_LENGTH or not key.isprintable():
            raise FieldError(field, f"expected item ids as keys, got {key!r}")
        if answer is not None and type(answer) is not int:
            raise FieldError(f"{field}.{key}", f"expected a whole number or null, got {answer!r}")
        answers[key] = answer
    return answers


def _fpc_fpc(value: object) -> float | None:
    if value is None:
        return None
    fpc = to_finite_float(value, "fpc")
    if not 0 < fpc <= MAX_FPC:
        raise FieldError(
            "fpc",
            "expected a sampling fraction above 0 and at most 1, or the stratum's population "
            f"of PSUs up to {MAX_FPC:,.0f}, got {value!r}",
        )
    return fpc


def _replicate_weights_weights(value: object) -> tuple[float, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise FieldError("replicate_weights", f"expected a list of weights, got {value!r}")
    if len(value) > MAX_REPLICATES:
        raise FieldError(
            "replicate_weights",
            f"expected at most {MAX_REPLICATES:,} replicate weights, got {len(value):,}",
        )
    weights = []
    for index, item in enumerate(value):
        field = f"replicate_weights[{index}]"
        weight = to_finite_float(item, field)
        if not 0 <= weight <= MAX_SURVEY_WEIGHT:
            raise FieldError(
                field, f"expected a replicate weight from 0 to 1,000,000, got {item!r}"
            )
        weights.append(weight)
    return tuple(weights)


def _to_weight(value: object, field: str) -> float | None:
    if value is None:
        return None
    weight = to_finite_float(value, field)
    if not MIN_SURVEY_WEIGHT <= weight <= MAX_SURVEY_WEIGHT:
        raise FieldError(
            field,
            f"expected a design weight from {MIN_SURVEY_WEIGHT:.6f} to "
            f"{MAX_SURVEY_WEIGHT:,.0f}, got {value!r}",
        )
    return weight


@attrs.frozen(kw_only=True)
class SurveyResponse:
    """One respondent's answers to an instrument, collected in an area at an instant.

    ``answers`` maps item id to an integer point, or ``None`` for a skipped item. ``attributes``
    holds demographic categories used for weighting (``{"age": "16-34"}``). ``weight`` is an
    optional design weight (default 1; from 0.000001 to 1,000,000,
    :data:`~trustops.model.MIN_SURVEY_WEIGHT` to :data:`~trustops.model.MAX_SURVEY_WEIGHT`). Whether answers lie on the items' scales is checked
    against the instrument by :meth:`SurveyInstrument.answer_problems` and by
    :class:`~trustops.model.Dataset`.

    The survey design (METHODS §5a), when the survey had one: ``stratum`` and ``psu`` (the
    primary sampling unit or cluster, a street or a household) name the response's stratum
    and cluster, and ``fpc`` is the finite population correction of its stratum (its
    population of PSUs, or the sampling fraction when at most 1), as R
    ``svydesign(ids=~psu, strata=~stratum, fpc=~fpc)``. ``replicate_weights`` are the
    response's weights in each replicate, when its instrument declares a
    :class:`ReplicateDesign`. Whether the responses' designs fit together (a PSU in one
    stratum, one fpc per stratum and not below its sample, one replicate weight per
    replicate) is checked by :meth:`SurveyInstrument.design_problems` and by
    :class:`~trustops.model.Dataset`.

    .. versionchanged:: Unreleased
       ``stratum``, ``psu``, ``fpc`` and ``replicate_weights``.
    """

    id: str = attrs.field(validator=check_id)
    instrument_id: str = attrs.field(validator=check_id)
    area_id: str = attrs.field(validator=check_id)
    collected_at: pendulum.DateTime = attrs.field(converter=_collected_at_datetime)
    answers: dict[str, int | None] = attrs.field(converter=_answers_answers, hash=False)
    attributes: dict[str, str] = attrs.field(
        factory=dict, converter=_attributes_str_mapping, hash=False
    )
    weight: float | None = attrs.field(default=None, converter=_weight_weight)
    stratum: str | None = attrs.field(default=None, validator=check_optional_id)
    psu: str | None = attrs.field(default=None, validator=check_optional_id)
    fpc: float | None = attrs.field(default=None, converter=_fpc_fpc)
    replicate_weights: tuple[float, ...] = attrs.field(
        default=(), converter=_replicate_weights_weights
    )

    @property
    def has_design(self) -> bool:
        """Whether the response declares a stratum, a PSU or an fpc."""
        return self.stratum is not None or self.psu is not None or self.fpc is not None
