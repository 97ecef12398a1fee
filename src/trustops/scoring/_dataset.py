"""The trust index of a whole :class:`~trustops.model.Dataset`: one call for the CLI and report."""

from __future__ import annotations

from collections.abc import Iterable

from ..metrics import DailyStatistics, daily_statistics
from ..model import Dataset, Interaction, SurveyInstrument
from ..privacy import PrivacyKey
from ..time import Granularity, to_granularity
from ._defaults import DEFAULT_MODEL
from ._errors import ScoringTypeError
from ._index import TrustIndexTable, index_from_days
from ._model import ScoringModel, Source
from ._survey import Weighting

__all__ = ["choose_instrument", "dataset_trust_index", "known_initiatives"]


def choose_instrument(dataset: Dataset, model: ScoringModel) -> SurveyInstrument | None:
    """The survey instrument the index uses: the first (in dataset order) that has every
    construct the model's survey components score; ``None`` when none has.

    >>> from trustops import Dataset, SurveyInstrument, SurveyItem
    >>> from trustops.scoring import DEFAULT_MODEL, choose_instrument
    >>> item = SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=1,
    ...                   scale_max=5)
    >>> pulse = SurveyInstrument(id="pulse", name="Pulse", items=(item,))
    >>> choose_instrument(Dataset(instruments=[pulse]), DEFAULT_MODEL).id
    'pulse'
    >>> choose_instrument(Dataset(), DEFAULT_MODEL) is None
    True
    """
    needed = {c.measure for c in model.components if c.source is Source.SURVEY}
    for instrument in dataset.instruments:
        if needed <= set(instrument.constructs):
            return instrument
    return None


def known_initiatives(dataset: Dataset) -> Iterable[Interaction]:
    """The dataset's interactions, leaving out those naming an initiative it does not hold
    (a dataset problem that :meth:`~trustops.model.Dataset.problems` lists), so that grouping
    by initiative kind never fails on them.

    >>> import pendulum
    >>> from trustops import Dataset, Interaction
    >>> from trustops.scoring import known_initiatives
    >>> talk = Interaction(id="i1", occurred_at=pendulum.datetime(2026, 1, 5, tz="UTC"),
    ...                    area_id="a", kind="conversation", initiator="staff",
    ...                    channel="phone", initiative_id="ghost")
    >>> list(known_initiatives(Dataset(interactions=[talk])))
    []
    """
    known = {initiative.id for initiative in dataset.initiatives}
    return (i for i in dataset.interactions if i.initiative_id is None or i.initiative_id in known)


def dataset_trust_index(
    dataset: Dataset,
    *,
    model: ScoringModel = DEFAULT_MODEL,
    period: Granularity | str | None = Granularity.QUARTER,
    instrument: SurveyInstrument | None = None,
    daily: DailyStatistics | None = None,
    weighting: Weighting = "raked",
    privacy: PrivacyKey | None = None,
) -> TrustIndexTable:
    """The trust index of every area and period of ``dataset`` (METHODS §6).

    :func:`trust_index` over the dataset's interactions, survey responses, areas and
    initiatives, with ``instrument`` (default: :func:`choose_instrument`, the first that has
    the model's constructs). ``daily`` may pass the dataset's interactions already counted
    per area, initiative and local day (:func:`~trustops.metrics.daily_statistics` with the
    dataset's areas and initiatives, then :meth:`~trustops.metrics.DailyStatistics.known`)
    when the caller has them (a report does, for its tables too), so they are not counted
    twice; :func:`trustops.engines.daily_statistics` counts them from Parquet files or Arrow
    data (the dataset then holds the areas and survey records only), so a data lake's
    interactions are never read as Python objects. With ``privacy`` (a
    :class:`~trustops.privacy.PrivacyKey`; or ``daily`` counted with one), the metric
    components are the figures ``trustops metrics`` publishes, from counts perturbed by the
    cell key method (METHODS §7). The model's own small-cell
    rules apply; publish the result through :func:`~trustops.scoring.suppress` with your
    policy.

    >>> from trustops.sample import generate
    >>> from trustops.scoring import dataset_trust_index
    >>> table = dataset_trust_index(generate(scale=0.05), period="quarter")
    >>> sorted({result.period.label for result in table})
    ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']
    """
    granularity = None if period is None else to_granularity(period)
    chosen = choose_instrument(dataset, model) if instrument is None else instrument
    if daily is None:
        daily = daily_statistics(
            dataset.interactions,
            areas=dataset.areas,
            initiatives=dataset.initiatives,
            privacy=privacy,
        ).known()
    elif not isinstance(daily, DailyStatistics):
        raise ScoringTypeError(
            f"daily: expected trustops.metrics.DailyStatistics, got {type(daily).__name__}"
        )
    return index_from_days(
        daily, dataset.responses, chosen, model=model, period=granularity, weighting=weighting
    )
