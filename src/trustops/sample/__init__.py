"""A deterministic synthetic trust programme, for examples, tests, benchmarks and demos.

:func:`generate` builds a complete, valid :class:`~trustops.model.Dataset` from a seed:

- **Areas** — six: five neighbourhoods of one UK city (``Europe/London``) and a sister site in
  Tokyo (``Asia/Tokyo``, so local days and quarters differ from UTC), each with a population
  and age, gender and tenure margins for survey weighting. Areas differ in activity, how
  interactions go, how readily residents report, and trust, so their metrics and scores differ.
- **Programme** — *Safer Neighbourhoods 2025*, active over calendar year 2025, with eight
  partner organisations.
- **Initiatives** — every :class:`~trustops.model.InitiativeKind` (outreach, workshops,
  partnerships, town halls, visible patrols, a CCTV upgrade recorded as a
  ``surveillance_measure`` for comparison, a newsletter), some completed or suspended.
- **Sessions** — fortnightly workshops, six-weekly meetings and weekly patrol shifts (none in
  August or over Christmas), about 5% cancelled.
- **Interactions** — about 30,000 at ``scale=1.0`` of every kind, initiator, channel and
  outcome, in time order: attendance at held sessions (present, excused, unexcused),
  suspicious-activity reports (most saying when the thing was seen, typically a few hours
  earlier; some anonymous), conversations and volunteering with durations, complaints that
  cluster around the CCTV upgrade. Volumes follow the seasons (quiet August and Christmas) and
  the week (quiet Sundays, busy workshop Tuesdays). Residents have pseudonymous ids
  (``r-3f9a0c17e2``) and a heavy-tailed propensity to engage within an active window, so most
  appear a few times and some return often.
- **Survey** — a 14-item instrument over trust, respect, voice, fairness and safety (1–5 and
  0–10 scales, four reverse-coded items) and about 1,500 responses at ``scale=1.0`` in four
  quarterly waves. Older residents, owners and women answer more often than their population
  share, so weighting matters; about 4% of answers are missing. The first respondents of each
  area and wave cover every margin category, so raking each area and wave succeeds whenever it
  has at least three respondents.
- **Indicators** — five, with a baseline on 31 December 2024, quarterly targets, and
  quarterly actuals computed from the generated data.

:func:`bundled` loads the same programme (seed 7, scale 1) from files shipped with the
package, through the ordinary readers: it is the default data of ``trustops report``.

The same ``seed`` and ``scale`` always give an equal dataset, on any machine: only a
``random.Random`` seeded with ``seed`` is used, never the global generator or the clock.

>>> from trustops.sample import generate
>>> dataset = generate(scale=0.1)
>>> len(dataset.areas), len(dataset.instruments[0].items), dataset.problems()
(6, 14, ())

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._bundled import BUNDLED_SCALE, BUNDLED_SEED, bundled, bundled_files
from ._errors import BundledSampleError
from ._generate import INTERACTIONS_AT_SCALE_1, RESPONSES_AT_SCALE_1, generate

__all__ = [
    "BUNDLED_SCALE",
    "BUNDLED_SEED",
    "INTERACTIONS_AT_SCALE_1",
    "RESPONSES_AT_SCALE_1",
    "BundledSampleError",
    "bundled",
    "bundled_files",
    "generate",
]
