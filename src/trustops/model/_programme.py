"""Programmes and the partner organisations they work with."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from .._errors import FieldError
from ._checks import (
    check_id,
    check_multiline_text,
    check_order,
    check_text,
    to_date,
    to_enum,
    to_id_tuple,
    to_optional_date,
)
from ._enums import ProgrammeStatus
from ._lifecycle import PROGRAMME_TRANSITIONS, transitioned

__all__ = ["Partner", "Programme"]


def _optional_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(_inst, attribute, value)


def _optional_multiline_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_multiline_text(_inst, attribute, value)


def _start_date(value: object) -> pendulum.Date:
    return to_date(value, "start")


def _end_optional_date(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "end")


def _area_ids_id_tuple(value: object) -> tuple[str, ...]:
    return to_id_tuple(value, "area_ids")


def _status_enum(value: object) -> ProgrammeStatus:
    return to_enum(ProgrammeStatus, value, "status")


@attrs.frozen(kw_only=True)
class Partner:
    """A local organisation that an initiative works with (a school, a faith group, a landlord).

    >>> from trustops import Partner
    >>> Partner(id="p-library", name="Riverside Library", sector="public")
    Partner(id='p-library', name='Riverside Library', sector='public')
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    sector: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Programme:
    """A named trust programme run by an organisation over a date range in one or more areas.

    Its status follows ``planned → active → completed``, ``active ⇄ suspended``, and any
    non-final status may be ``cancelled``; :meth:`transition` performs a move.

    >>> import pendulum
    >>> from trustops import Programme, ProgrammeStatus
    >>> p = Programme(id="safer-streets", name="Safer Streets", organisation="City Safety Team",
    ...               start=pendulum.date(2026, 1, 1), area_ids=("riverside",))
    >>> p.transition(ProgrammeStatus.ACTIVE).status
    <ProgrammeStatus.ACTIVE: 'active'>
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    organisation: str = attrs.field(validator=check_text)
    start: pendulum.Date = attrs.field(converter=_start_date)
    end: pendulum.Date | None = attrs.field(default=None, converter=_end_optional_date)
    area_ids: tuple[str, ...] = attrs.field(converter=_area_ids_id_tuple)
    status: ProgrammeStatus = attrs.field(default=ProgrammeStatus.PLANNED, converter=_status_enum)
    description: str | None = attrs.field(default=None, validator=_optional_multiline_text)

    def __attrs_post_init__(self) -> None:
        check_order(self.start, self.end)
        if not self.area_ids:
            raise FieldError("area_ids", "expected at least one area")

    def transition(self, status: ProgrammeStatus | str) -> Programme:
        """Return a copy in ``status``; raise :class:`~trustops.model.IllegalTransitionError` if illegal."""
        return transitioned(self, status, PROGRAMME_TRANSITIONS)
