"""Areas: neighbourhoods, sites or districts, each with its own time zone."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._errors import FieldError
from ._checks import check_id, check_text, check_timezone, population_count

__all__ = ["MARGIN_TOLERANCE", "Area"]

MARGIN_TOLERANCE: Final = 1e-6
"""How far a dimension's target shares may stray from summing to 1."""


def _check_timezone(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_timezone(value, attribute.name)


def _to_margins(value: object) -> dict[str, dict[str, float]]:
    if not isinstance(value, Mapping):
        raise FieldError(
            "margins", f"expected an object of dimension → category → share, got {value!r}"
        )
    margins: dict[str, dict[str, float]] = {}
    for dimension, shares in value.items():
        where = f"margins.{dimension}"
        if type(dimension) is not str or not dimension or not dimension.isprintable():
            raise FieldError(
                "margins", f"expected dimension names as printable text, got {dimension!r}"
            )
        if not isinstance(shares, Mapping) or not shares:
            raise FieldError(where, f"expected an object of category → share, got {shares!r}")
        clean: dict[str, float] = {}
        for category, share in shares.items():
            if type(category) is not str or not category or not category.isprintable():
                raise FieldError(
                    where, f"expected category names as printable text, got {category!r}"
                )
            if type(share) not in (int, float) or not math.isfinite(share) or not 0 <= share <= 1:
                raise FieldError(
                    f"{where}.{category}", f"expected a share between 0 and 1, got {share!r}"
                )
            clean[category] = float(share)
        total = math.fsum(clean.values())
        if abs(total - 1.0) > MARGIN_TOLERANCE:
            raise FieldError(where, f"expected shares summing to 1, they sum to {total:.6g}")
        margins[dimension] = clean
    return margins


@attrs.frozen(kw_only=True)
class Area:
    """A neighbourhood, site or district where a programme works.

    ``timezone`` is the IANA name used to bucket every instant in the area into local days,
    weeks and months. ``population`` (residents) turns counts into rates per 1,000.
    ``margins`` gives population shares per demographic dimension for survey weighting,
    e.g. ``{"age": {"16-34": 0.31, "35-64": 0.49, "65+": 0.20}}``; each dimension sums to 1.

    >>> from trustops import Area
    >>> Area(id="riverside", name="Riverside", timezone="Europe/London", population=12_400)
    Area(id='riverside', name='Riverside', timezone='Europe/London', population=12400, margins={})
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    timezone: str = attrs.field(validator=_check_timezone)
    population: int | None = attrs.field(default=None, validator=population_count)
    margins: dict[str, dict[str, float]] = attrs.field(
        factory=dict, converter=_to_margins, hash=False
    )
