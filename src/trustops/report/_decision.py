"""The content of the decision summary, first on the page: plain records of words and figures
(no computation, no markup), filled by ``_decision_build`` from the report's other content."""

from __future__ import annotations

import enum

import attrs

from ..effects import OBSERVATIONAL

__all__ = ["Decision", "Evidence", "Finding", "KindEvidence"]


class Evidence(enum.Enum):
    """How far an effect estimate can be read, strongest first."""

    CLEAR = "clear"
    """The 95% interval excludes zero and trends before the event were parallel."""
    UNCLEAR = "unclear"
    """The 95% interval includes zero: no clear effect either way."""
    DOUBTFUL = "doubtful"
    """Trends before the event already differed (pre-trend p < 0.05): the estimate is doubtful."""
    TOO_FEW_AREAS = "too_few_areas"
    """Fewer than two areas with the event, or fewer than two without: nothing to estimate."""

    @property
    def words(self) -> str:
        """The evidence for people."""
        return {
            "clear": "clear evidence",
            "unclear": "no clear effect",
            "doubtful": "doubtful: trends already differed before",
            "too_few_areas": "not enough areas yet",
        }[self.value]


@attrs.frozen(kw_only=True)
class Finding:
    """One initiative kind's estimated effect on one outcome, with what it rests on.

    ``estimate``, ``low`` and ``high`` are the overall effect and its 95% interval in
    ``unit`` (``None`` when there are too few areas). ``treated`` and ``comparison`` count
    the areas with and without the event; ``agreeing`` of ``counted`` treated areas moved the
    way the estimate points (``None`` without an estimate). ``pre_trend_p`` is the p-value of
    the test of parallel trends before the event. ``text`` says it all in words.
    """

    outcome: str
    outcome_title: str
    unit: str
    estimate: float | None
    low: float | None
    high: float | None
    treated: int
    comparison: int
    agreeing: int | None
    counted: int | None
    pre_trend_p: float | None
    evidence: Evidence
    text: str


@attrs.frozen(kw_only=True)
class KindEvidence:
    """What the data says about one initiative kind (and event: a start, or a withdrawal):
    its findings on trust and on reporting, and the strongest evidence among them."""

    kind: str
    event: str
    title: str
    evidence: Evidence
    findings: tuple[Finding, ...]


@attrs.frozen(kw_only=True)
class Decision:
    """The decision summary: how trust is doing, what works here, what it suggests, what to
    watch and what the data covers, each in words a person acts on.

    ``works`` lists the initiative kinds, those with the clearest evidence first;
    ``suggestions`` are what the evidence suggests, never orders, and ``caveat`` always goes
    with them (the estimates are observational).
    """

    trust: str
    works: tuple[KindEvidence, ...] = ()
    suggestions: tuple[str, ...] = ()
    caveat: str = OBSERVATIONAL
    watch: tuple[str, ...] = ()
    coverage: str = ""
