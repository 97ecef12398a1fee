"""Hypothesis strategies for every public model, for property tests of code that uses trustops.

Every strategy builds only valid objects, biased towards the awkward ones: identifiers in any
script, time zones with 45-minute offsets and half-hour daylight saving, instants in the hour
repeated when clocks go back, answers at both ends of odd scales. Keyword arguments pin fields::

    from hypothesis import given
    from trustops.testing import interactions

    @given(interactions(area_ids=["riverside", "harbour"]))
    def test_my_report_accepts_any_interaction(interaction): ...

:func:`datasets` builds whole datasets whose references all resolve.

This module needs the optional dependency hypothesis: from a clone, ``pip install -e '.[testing]'``.
Importing it without hypothesis raises :class:`~trustops.MissingExtraError`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from .. import _errors

try:
    import hypothesis as _hypothesis
except ImportError as error:  # tested by hiding hypothesis from the import system
    raise _errors.MissingExtraError("trustops.testing", "testing", "hypothesis") from error

from ._dataset import datasets
from ._ids import identifiers
from ._indicator import indicators
from ._interaction import interactions
from ._programme import areas, initiatives, partners, programmes, sessions
from ._survey import survey_instruments, survey_items, survey_responses
from ._time import AWKWARD_TIMEZONES, aware_datetimes, dates, timezones

__all__ = [
    "AWKWARD_TIMEZONES",
    "areas",
    "aware_datetimes",
    "datasets",
    "dates",
    "identifiers",
    "indicators",
    "initiatives",
    "interactions",
    "partners",
    "programmes",
    "sessions",
    "survey_instruments",
    "survey_items",
    "survey_responses",
    "timezones",
]

del _hypothesis
