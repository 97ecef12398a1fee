"""A deterministic synthetic trust programme, for examples, tests, benchmarks and demos.

:func:`generate` builds a complete, valid :class:`~trustops.model.Dataset` from a seed:

- **Areas** — twelve: eleven neighbourhoods of one UK city (``Europe/London``) and a sister
  site in Tokyo (``Asia/Tokyo``, so local days and quarters differ from UTC), each with a
  population and age, gender and tenure margins for survey weighting. Areas differ in activity,
  how interactions go, how readily residents report, and trust, so their metrics and scores
  differ.
- **Programme** — *Safer Neighbourhoods 2025*, active over calendar year 2025, with eight
  partner organisations.
- **Initiatives** — every :class:`~trustops.model.InitiativeKind` (outreach, workshops,
  partnerships, town halls, visible patrols, CCTV upgrades recorded as
  ``surveillance_measure`` for comparison, a newsletter), some completed or suspended. They
  start and stop in different quarters, so the areas form a staggered design with
  never-treated areas (METHODS §8):

  - workshops: from January in riverside (dropped: treated in the first period); from Q2 in
    old-town, millbrook and canalside; from Q3 in northgate, station-quarter and westfield;
    from Q4 in elm-park (a cohort of one); never in minato-sister-site, hillcrest,
    harbour-row and st-judes;
  - town halls: from January in riverside; from Q2 in old-town, minato-sister-site and
    elm-park; from Q3 in northgate and canalside; never in the other six;
  - CCTV: from Q2 in northgate, station-quarter and harbour-row; from Q3 in westfield and
    st-judes; never in the other seven.

  Foot patrols run in every area from January and are withdrawn after Q2 in old-town,
  westfield and harbour-row, and after Q3 in millbrook and hillcrest (a ``stop`` event in Q3
  or Q4; the timing is spread so that withdrawals and workshop starts do not coincide). Outreach runs everywhere from January; partnerships from January where they run.

- **Planted effects**, from the first quarter of the event on, everywhere it happens:

  - safety workshops raise the latent trust behind the trust, respect, voice and fairness
    answers by :data:`~trustops.sample.WORKSHOP_TRUST_EFFECT` (7 points on 0–100; the construct
    ``mean_score`` moves by about that much, a little less where answers hit a scale's end);
  - CCTV turns :data:`~trustops.sample.SURVEILLANCE_REPORTING_CHANGE` (35%) of residents' suspicious-activity
    reports into conversations, so ``reports_per_1000_residents`` falls by about a third and
    trust does not change (the CCTV areas have low trust *before* their cameras: a level
    difference that a difference in differences removes);
  - withdrawing foot patrols lowers the latent feeling of safety by
    :data:`~trustops.sample.PATROL_WITHDRAWAL_SAFETY_EFFECT` (6 points);
  - town halls have no effect (a planted zero).

  Where two initiatives change together (westfield's cameras and its patrols' withdrawal, a
  town hall starting with workshops), an estimate for one picks up the other's effect, as it
  would in real data: the estimates are observational.

  Otherwise trends are parallel: every area's latent trust and safety gain
  :data:`~trustops.sample.COMMON_TREND` (1 point) a quarter, each area and quarter adds a small shock
  (standard deviation 1.2 points), and respondents, answers and interaction counts add
  their own noise. Initiatives link interactions and hold sessions only while they run.
- **Sessions** — fortnightly workshops, six-weekly meetings and weekly patrol shifts (none in
  August or over Christmas), about 5% cancelled.
- **Interactions** — about 30,000 at ``scale=1.0`` of every kind, initiator, channel and
  outcome, in time order: attendance at held sessions (present, excused, unexcused),
  suspicious-activity reports (most saying when the thing was seen, typically a few hours
  earlier; some anonymous), conversations and volunteering with durations, complaints that
  cluster around the CCTV upgrades. Volumes follow the seasons (quiet August and Christmas) and
  the week (quiet Sundays, busy workshop Tuesdays). Residents have pseudonymous ids
  (``r-3f9a0c17e2``) and a heavy-tailed propensity to engage within an active window, so most
  appear a few times and some return often.
- **Survey** — a 14-item instrument over trust, respect, voice, fairness and safety (1–5 and
  0–10 scales, four reverse-coded items) and 2,000 responses at ``scale=1.0`` in four
  quarterly waves. Older residents, owners and women answer more often than their population
  share, so weighting matters; about 4% of answers are missing. The first respondents of each
  area and wave cover every margin category, so raking each area and wave succeeds whenever it
  has at least three respondents. The survey has a stratified cluster design (METHODS §5a):
  each area is a stratum in which :data:`~trustops.sample.STREETS_SAMPLED` (8) streets were
  sampled, the PSUs every response names (``psu``, with ``stratum`` and the area's number of
  streets as ``fpc``); neighbours share a street's shift in trust (standard deviation
  :data:`~trustops.sample.STREET_SD`, 3 points), so scores typically have a design effect
  above 1.
- **Indicators** — five, with a baseline on 31 December 2024, quarterly targets, and
  quarterly actuals computed from the generated data.

:func:`bundled` loads the same programme (seed 2, scale 1) from files shipped with the
package, through the ordinary readers: it is the default data of ``trustops report``.

The same ``seed`` and ``scale`` always give an equal dataset, on any machine: only a
``random.Random`` seeded with ``seed`` is used, never the global generator or the clock.

>>> from trustops.sample import generate
>>> dataset = generate(scale=0.1)
>>> len(dataset.areas), len(dataset.instruments[0].items), dataset.problems()
(12, 14, ())

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._bundled import BUNDLED_SCALE, BUNDLED_SEED, bundled, bundled_files
from ._errors import BundledSampleError
from ._generate import INTERACTIONS_AT_SCALE_1, RESPONSES_AT_SCALE_1, generate
from ._places import (
    COMMON_TREND,
    PATROL_WITHDRAWAL_SAFETY_EFFECT,
    SURVEILLANCE_REPORTING_CHANGE,
    WORKSHOP_TRUST_EFFECT,
)
from ._survey import RESIDENTS_PER_STREET, STREET_SD, STREETS_SAMPLED

__all__ = [
    "BUNDLED_SCALE",
    "BUNDLED_SEED",
    "COMMON_TREND",
    "INTERACTIONS_AT_SCALE_1",
    "PATROL_WITHDRAWAL_SAFETY_EFFECT",
    "RESIDENTS_PER_STREET",
    "RESPONSES_AT_SCALE_1",
    "STREETS_SAMPLED",
    "STREET_SD",
    "SURVEILLANCE_REPORTING_CHANGE",
    "WORKSHOP_TRUST_EFFECT",
    "BundledSampleError",
    "bundled",
    "bundled_files",
    "generate",
]
