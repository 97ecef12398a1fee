"""The decision summary's records: evidence in words, strongest first."""

from __future__ import annotations

from trustops.effects import OBSERVATIONAL
from trustops.report import Decision, Evidence


def test_evidence_words_and_order() -> None:
    assert [e.value for e in Evidence] == ["clear", "unclear", "doubtful", "too_few_areas"]
    assert Evidence.TOO_FEW_AREAS.words == "not enough areas yet"
    assert Evidence.DOUBTFUL.words.startswith("doubtful")
    assert len({e.words for e in Evidence}) == len(Evidence)


def test_a_decision_always_carries_the_caveat() -> None:
    assert Decision(trust="x").caveat == OBSERVATIONAL
