"""A programme's records bundled together, with the references between them checked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, Final

import attrs
import pendulum

from ._area import Area
from ._enums import InteractionKind
from ._errors import DatasetError
from ._indicator import Indicator
from ._initiative import Initiative, Session
from ._interaction import Interaction
from ._programme import Partner, Programme
from ._survey import SurveyInstrument, SurveyResponse

__all__ = ["Dataset", "Problem"]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong between records: a dangling reference, a duplicate id, an off-scale answer.

    ``record_type`` is the class name (``"Interaction"``), ``record_id`` the record's id,
    ``field`` the field path (``"initiative_id"``, ``"answers.q3"``) and ``message`` a sentence a
    person can act on. ``refers_to`` is the record kind a dangling reference points at
    (``"areas"``, as the kind's file is named), ``None`` for other problems.

    .. versionchanged:: Unreleased
       ``refers_to``.
    """

    record_type: str
    record_id: str
    field: str
    message: str
    refers_to: str | None = None

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id!r}: {self.field}: {self.message}"


ATTENDANCE_WINDOW: Final = pendulum.duration(days=1)
"""How far an attendance record may lie from its session's start and end (one day)."""


def _crossed(interaction: Any, initiatives: Any, session: Any) -> Iterator[Problem]:
    """An interaction linked to another area's initiative or session, or attendance
    recorded far from its session's time."""
    for field, initiative_id in (
        ("initiative_id", interaction.initiative_id),
        ("session_id", session.initiative_id if session is not None else None),
    ):
        initiative = initiatives.get(initiative_id) if initiative_id is not None else None
        if initiative is not None and initiative.area_id != interaction.area_id:
            yield Problem(
                record_type="Interaction",
                record_id=interaction.id,
                field=field,
                message=(
                    f"initiative {initiative.id!r} runs in area {initiative.area_id!r}, "
                    f"not in {interaction.area_id!r}"
                ),
            )
            break
    if (
        session is not None
        and interaction.kind is InteractionKind.ATTENDANCE
        and not (
            session.start - ATTENDANCE_WINDOW
            <= interaction.occurred_at
            <= session.end + ATTENDANCE_WINDOW
        )
    ):
        yield Problem(
            record_type="Interaction",
            record_id=interaction.id,
            field="occurred_at",
            message=(
                f"attendance recorded more than a day from session {session.id!r} "
                f"({session.start.isoformat()} to {session.end.isoformat()})"
            ),
        )


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Dataset:
    """Every record of one or more programmes, ready to cross-check and compute on.

    Construction never fails on broken references: call :meth:`problems` to list them all, or
    :meth:`check` to raise one :class:`DatasetError` that carries them all.

    >>> from trustops import Area, Dataset
    >>> ds = Dataset(areas=[Area(id="a", name="A", timezone="UTC"),
    ...                     Area(id="a", name="A again", timezone="UTC")])
    >>> [str(p) for p in ds.problems()]
    ["Area 'a': id: duplicate id; another Area already uses it"]
    """

    programmes: tuple[Programme, ...] = attrs.field(default=(), converter=_as_tuple)
    areas: tuple[Area, ...] = attrs.field(default=(), converter=_as_tuple)
    partners: tuple[Partner, ...] = attrs.field(default=(), converter=_as_tuple)
    initiatives: tuple[Initiative, ...] = attrs.field(default=(), converter=_as_tuple)
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=_as_tuple)
    interactions: tuple[Interaction, ...] = attrs.field(default=(), converter=_as_tuple)
    instruments: tuple[SurveyInstrument, ...] = attrs.field(default=(), converter=_as_tuple)
    responses: tuple[SurveyResponse, ...] = attrs.field(default=(), converter=_as_tuple)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_as_tuple)

    def area_index(self) -> dict[str, Area]:
        """Areas by id (the first of any duplicates)."""
        return _index(self.areas)

    def initiative_index(self) -> dict[str, Initiative]:
        """Initiatives by id (the first of any duplicates)."""
        return _index(self.initiatives)

    def instrument_index(self) -> dict[str, SurveyInstrument]:
        """Survey instruments by id (the first of any duplicates)."""
        return _index(self.instruments)

    def problems(self) -> tuple[Problem, ...]:
        """Every duplicate id, dangling reference, off-scale answer and survey design that
        does not fit together (:meth:`~trustops.model.SurveyInstrument.design_problems`), in
        record order."""
        return tuple(self._problems())

    def check(self) -> Dataset:
        """Return ``self`` when there are no problems; otherwise raise :class:`DatasetError`."""
        problems = self.problems()
        if problems:
            raise DatasetError(problems)
        return self

    def _problems(self) -> Iterator[Problem]:
        for records in (
            self.programmes,
            self.areas,
            self.partners,
            self.initiatives,
            self.sessions,
            self.interactions,
            self.instruments,
            self.responses,
            self.indicators,
        ):
            yield from _duplicates(records)
        areas = self.area_index()
        programmes = _index(self.programmes)
        partners = _index(self.partners)
        initiatives = self.initiative_index()
        sessions = _index(self.sessions)
        instruments = self.instrument_index()

        def missing(
            record: Any, field: str, target: str, ref: str | None, pool: Any
        ) -> Iterator[Problem]:
            if ref is not None and ref not in pool:
                yield Problem(
                    record_type=type(record).__name__,
                    record_id=record.id,
                    field=field,
                    message=f"refers to {target} {ref!r}, which is not in the dataset",
                    refers_to=f"{target}s",
                )

        for programme in self.programmes:
            for index, area_id in enumerate(programme.area_ids):
                yield from missing(programme, f"area_ids[{index}]", "area", area_id, areas)
        for initiative in self.initiatives:
            yield from missing(
                initiative, "programme_id", "programme", initiative.programme_id, programmes
            )
            yield from missing(initiative, "area_id", "area", initiative.area_id, areas)
            for index, partner_id in enumerate(initiative.partner_ids):
                yield from missing(
                    initiative, f"partner_ids[{index}]", "partner", partner_id, partners
                )
        for session in self.sessions:
            yield from missing(
                session, "initiative_id", "initiative", session.initiative_id, initiatives
            )
        for interaction in self.interactions:
            yield from missing(interaction, "area_id", "area", interaction.area_id, areas)
            yield from missing(
                interaction, "initiative_id", "initiative", interaction.initiative_id, initiatives
            )
            yield from missing(
                interaction, "session_id", "session", interaction.session_id, sessions
            )
            linked = sessions.get(interaction.session_id) if interaction.session_id else None
            yield from _crossed(interaction, initiatives, linked)
            if linked is not None and linked.initiative_id != interaction.initiative_id:
                yield Problem(
                    record_type="Interaction",
                    record_id=interaction.id,
                    field="session_id",
                    message=(
                        f"session {linked.id!r} belongs to initiative {linked.initiative_id!r}, "
                        f"not {interaction.initiative_id!r}"
                    ),
                )
        for response in self.responses:
            yield from missing(
                response, "instrument_id", "instrument", response.instrument_id, instruments
            )
            yield from missing(response, "area_id", "area", response.area_id, areas)
            instrument = instruments.get(response.instrument_id)
            if instrument is not None:
                for error in instrument.answer_problems(response):
                    yield Problem(
                        record_type="SurveyResponse",
                        record_id=response.id,
                        field=error.field,
                        message=error.message,
                    )
        for instrument in instruments.values():
            for response, error in instrument.design_problems(self.responses):
                yield Problem(
                    record_type="SurveyResponse",
                    record_id=response.id,
                    field=error.field,
                    message=error.message,
                )
        for indicator in self.indicators:
            yield from missing(
                indicator, "programme_id", "programme", indicator.programme_id, programmes
            )
            yield from missing(indicator, "area_id", "area", indicator.area_id, areas)


def _index(records: Iterable[Any]) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for record in records:
        index.setdefault(record.id, record)
    return index


def _duplicates(records: tuple[Any, ...]) -> Iterator[Problem]:
    counts = Counter(record.id for record in records)
    seen: set[str] = set()
    for record in records:
        if counts[record.id] > 1:
            if record.id in seen:
                name = type(record).__name__
                yield Problem(
                    record_type=name,
                    record_id=record.id,
                    field="id",
                    message=f"duplicate id; another {name} already uses it",
                )
            seen.add(record.id)
