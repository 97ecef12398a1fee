"""Strategies for survey items, instruments and responses answered on the items' scales."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pendulum
from hypothesis import strategies as st

from ..model import STANDARD_CONSTRUCTS, SurveyInstrument, SurveyItem, SurveyResponse
from ._ids import choose, identifiers, texts
from ._time import aware_datetimes

__all__ = ["survey_instruments", "survey_items", "survey_responses"]

_COMMON_SCALES = ((1, 5), (0, 10), (1, 7), (1, 9), (1, 10), (1, 4))
_ATTRIBUTES = {"age": ("16-34", "35-64", "65+"), "gender": ("woman", "man", "another")}


_COMMON = st.sampled_from(_COMMON_SCALES)
_LOWS = st.integers(-10, 10)
_WIDTHS = st.integers(1, 100)
_VERSIONS = st.none() | identifiers(max_size=12)
_WEIGHTS = st.none() | st.floats(0.01, 100, allow_nan=False, allow_infinity=False)
_ASKED = st.integers(0, 5)


@st.composite
def _scales(draw: st.DrawFn) -> tuple[int, int]:
    if draw(st.booleans()):
        return draw(_COMMON)
    low = draw(_LOWS)
    return low, low + draw(_WIDTHS)


@st.composite
def _survey_items(
    draw: st.DrawFn, ids: st.SearchStrategy[str], constructs: st.SearchStrategy[str]
) -> SurveyItem:
    low, high = draw(_scales())
    points = st.none() | st.integers(low, high)
    return SurveyItem(
        id=draw(ids),
        construct=draw(constructs),
        text=draw(texts(max_size=120)),
        scale_min=low,
        scale_max=high,
        reverse=draw(st.booleans()),
        top_box_min=draw(points),
        bottom_box_max=draw(points),
    )


def survey_items(
    *,
    ids: st.SearchStrategy[str] | None = None,
    constructs: Sequence[str] | None = None,
) -> st.SearchStrategy[SurveyItem]:
    """Valid :class:`~trustops.model.SurveyItem` records.

    Scales are common ones (1–5, 0–10, 1–9, ...) or any 2 to 101 integer points starting between
    −10 and 10; some items are reverse-coded or override their top/bottom-box thresholds.
    ``constructs`` limits the construct names (default: the standard five or any identifier).

    >>> from hypothesis import given
    >>> from trustops.testing import survey_items
    >>> @given(survey_items(constructs=["trust"]))
    ... def test(item):
    ...     assert item.construct == "trust" and item.scale_min < item.scale_max
    >>> test()
    """
    names = (
        st.sampled_from(STANDARD_CONSTRUCTS) | identifiers()
        if constructs is None
        else choose(constructs, "constructs")
    )
    return _survey_items(identifiers() if ids is None else ids, names)


@st.composite
def _survey_instruments(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    items: st.SearchStrategy[list[SurveyItem]],
) -> SurveyInstrument:
    return SurveyInstrument(
        id=draw(ids),
        name=draw(texts()),
        items=tuple(draw(items)),
        version=draw(_VERSIONS),
    )


def survey_instruments(
    *,
    ids: st.SearchStrategy[str] | None = None,
    constructs: Sequence[str] | None = None,
    max_items: int = 8,
) -> st.SearchStrategy[SurveyInstrument]:
    """Valid :class:`~trustops.model.SurveyInstrument` records of 1 to ``max_items`` items.

    >>> from hypothesis import given
    >>> from trustops.testing import survey_instruments
    >>> @given(survey_instruments(max_items=3))
    ... def test(instrument):
    ...     assert 1 <= len(instrument.items) <= 3
    ...     assert len({item.id for item in instrument.items}) == len(instrument.items)
    >>> test()
    """
    items = st.lists(
        survey_items(constructs=constructs),
        min_size=1,
        max_size=max_items,
        unique_by=lambda item: item.id,
    )
    return _survey_instruments(identifiers() if ids is None else ids, items)


@st.composite
def _answers(draw: st.DrawFn, instrument: SurveyInstrument) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for item in instrument.items:
        choice = draw(_ASKED)
        if choice == 0:
            continue  # not asked
        if choice == 1:
            answers[item.id] = None  # skipped
        else:
            answers[item.id] = draw(st.integers(item.scale_min, item.scale_max))
    return answers


@st.composite
def _survey_responses(
    draw: st.DrawFn,
    *,
    instrument: SurveyInstrument | None,
    ids: st.SearchStrategy[str],
    area_ids: st.SearchStrategy[str],
    attributes: Mapping[str, st.SearchStrategy[str]],
    reported: st.SearchStrategy[list[str]],
    instants: st.SearchStrategy[pendulum.DateTime],
) -> SurveyResponse:
    if instrument is None:
        instrument = draw(survey_instruments())
    chosen = draw(reported)
    return SurveyResponse(
        id=draw(ids),
        instrument_id=instrument.id,
        area_id=draw(area_ids),
        collected_at=draw(instants),
        answers=draw(_answers(instrument)),
        attributes={name: draw(attributes[name]) for name in chosen},
        weight=draw(_WEIGHTS),
    )


def survey_responses(
    instrument: SurveyInstrument | None = None,
    *,
    ids: st.SearchStrategy[str] | None = None,
    area_ids: Sequence[str] | None = None,
    attributes: Mapping[str, Sequence[str]] | None = None,
    timezones: Sequence[str] | None = None,
) -> st.SearchStrategy[SurveyResponse]:
    """Valid :class:`~trustops.model.SurveyResponse` records answering ``instrument``.

    Every answer is a point on its item's scale; some items are skipped (``None``) or absent.
    Without ``instrument``, each response answers a freshly drawn one. ``attributes`` gives the
    demographic dimensions and categories a respondent may report (default: ``age`` and
    ``gender``); some respondents leave some out.

    >>> from hypothesis import given
    >>> from trustops import SurveyInstrument, SurveyItem
    >>> pulse = SurveyInstrument(id="pulse", name="Pulse", items=(
    ...     SurveyItem(id="t1", construct="trust", text="I trust it.", scale_min=0, scale_max=10),
    ...     SurveyItem(id="f1", construct="fairness", text="Fair.", scale_min=1, scale_max=5),
    ... ))
    >>> from trustops.testing import survey_responses
    >>> @given(survey_responses(pulse))
    ... def test(response):
    ...     assert list(pulse.answer_problems(response)) == []
    >>> test()
    """
    categories = _ATTRIBUTES if attributes is None else attributes
    return _survey_responses(
        instrument=instrument,
        ids=identifiers() if ids is None else ids,
        area_ids=choose(area_ids, "area_ids"),
        attributes={name: st.sampled_from(tuple(values)) for name, values in categories.items()},
        reported=st.lists(st.sampled_from(sorted(categories)), unique=True)
        if categories
        else st.just([]),
        instants=aware_datetimes(timezones=timezones),
    )
