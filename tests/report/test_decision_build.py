"""The decision summary: every kind with an effect named, in words, clearest first."""

from __future__ import annotations

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, Dataset, Interaction
from trustops.effects import OBSERVATIONAL
from trustops.report import Evidence, Report, build_report
from trustops.report._decision_build import REPORTING_OUTCOME, _signed
from trustops.report._labels import group_title


def test_every_kind_with_an_effect_is_named(sample_report: Report) -> None:
    decision, effects = sample_report.decision, sample_report.effects
    assert effects.headline is not None
    rows = {(row.kind, row.event): row for row in decision.works}
    for outcome in (effects.headline, REPORTING_OUTCOME):
        for result in effects.for_outcome(outcome):
            row = rows[(result.kind, result.event)]
            assert group_title("initiative_kind", result.kind).lower()[:10] in row.title.lower()
            (finding,) = [f for f in row.findings if f.outcome == outcome]
            assert finding.estimate == result.overall.att
            assert (finding.low, finding.high) == (result.overall.low, result.overall.high)
            if result.overall.att is None:
                assert finding.evidence is Evidence.TOO_FEW_AREAS
                assert "not enough areas yet" in finding.text
            else:
                assert finding.evidence is not Evidence.TOO_FEW_AREAS
                assert f", {result.overall.n_comparison} compared" in finding.text
                assert finding.agreeing is not None
                assert finding.counted is not None
                assert 0 <= finding.agreeing <= finding.counted <= result.overall.n_treated
    order = [list(Evidence).index(row.evidence) for row in decision.works]
    assert order == sorted(order)
    assert decision.works[0].evidence is Evidence.CLEAR
    assert decision.works[-1].evidence is Evidence.TOO_FEW_AREAS
    titles = [row.title for row in decision.works]
    assert "Community outreach" in titles  # every area runs it from January
    assert "Withdrawing visible patrols" in titles


def test_suggestions_come_from_clear_evidence_with_the_caveat(sample_report: Report) -> None:
    decision = sample_report.decision
    clear = [
        (row.title, f)
        for row in decision.works
        for f in row.findings
        if f.evidence is Evidence.CLEAR
    ]
    assert len(decision.suggestions) == len(clear) > 0
    for (title, finding), line in zip(clear, decision.suggestions, strict=True):
        assert line.startswith(
            f"{title} {'is' if title.startswith('Withdrawing') else 'are'} followed by"
        )
        assert f"in {finding.agreeing} of {finding.counted} areas" in line
    # CCTV's planted effect: fewer resident reports
    assert any(
        line.startswith("Surveillance measures are followed by fewer resident reports")
        for line in decision.suggestions
    )
    assert decision.caveat == OBSERVATIONAL
    assert decision.watch == sample_report.headline.flags
    assert decision.coverage.startswith("12 areas over 4 periods from 2025-")


def test_trust_in_words(sample_report: Report) -> None:
    text = sample_report.decision.trust
    programme = sample_report.headline.programme
    assert programme is not None
    assert programme.index is not None
    assert text.startswith(f"Trust across all areas is {programme.index:.1f} of 100 in 2025-Q4")
    assert "from 2025-Q3 (95% interval" in text
    assert "not a significant change" in text or "a significant" in text


def test_no_data_and_one_period() -> None:
    empty = build_report(Dataset()).decision
    assert empty.trust.startswith("No trust index yet")
    assert empty.works == ()
    assert empty.suggestions == ()
    when = pendulum.datetime(2026, 3, 4, 19, tz="UTC")
    one = Dataset(
        areas=[Area(id="a", name="Riverside", timezone="UTC", population=900)],
        interactions=[
            Interaction(
                id=f"i{k}",
                occurred_at=when,
                area_id="a",
                kind="conversation",
                initiator="staff",
                channel="in_person",
                resident_id=f"r{k}",
                outcome="positive",
            )
            for k in range(12)
        ],
    )
    decision = build_report(one).decision
    assert decision.trust.endswith("with one period of data there is no change to measure yet.")
    assert decision.coverage.startswith("1 area over 1 period from 2026-03-04 to 2026-03-04")


@given(st.floats(min_value=-1e6, max_value=1e6))
def test_signed_is_never_minus_zero(value: float) -> None:
    text = _signed(value)
    assert text != "−0.0"
    assert text != "+0.0"
    assert float(text.replace("−", "-").replace(",", "")) == round(value, 1) + 0.0


def test_trust_in_words_when_withheld_unmeasured_or_not_comparable(sample_report: Report) -> None:
    import attrs

    from trustops.report._decision_build import _trust

    head = sample_report.headline
    assert head.programme is not None
    assert head.change is not None
    withheld = attrs.evolve(head, programme=attrs.evolve(head.programme, index=None))
    assert _trust(withheld) == "The programme-wide trust index of 2025-Q4 is withheld."
    unmeasured = attrs.evolve(
        head, change=attrs.evolve(head.change, comparison=None, note="the latest index is withheld")
    )
    assert _trust(unmeasured).endswith(
        "its change from 2025-Q3 is not measured (the latest index is withheld)."
    )
    assert head.change.comparison is not None
    apart = attrs.evolve(
        head,
        change=attrs.evolve(
            head.change, comparison=attrs.evolve(head.change.comparison, test=None)
        ),
    )
    assert _trust(apart).endswith(
        "(not comparable: the components or areas differ, so not tested)."
    )
    flat = attrs.evolve(
        head,
        change=attrs.evolve(
            head.change, comparison=attrs.evolve(head.change.comparison, difference=0.01)
        ),
    )
    assert ", unchanged from 2025-Q3" in _trust(flat)


def test_suggestions_for_a_fall_in_trust_a_withdrawal_and_no_clear_evidence() -> None:
    from trustops.report import Finding, KindEvidence
    from trustops.report._decision_build import _suggestions

    def finding(outcome: str, estimate: float, evidence: Evidence) -> Finding:
        return Finding(
            outcome=outcome, outcome_title="", unit="", estimate=estimate, low=estimate - 1,
            high=estimate + 1, treated=4, comparison=5, agreeing=3, counted=4,
            pre_trend_p=0.5, evidence=evidence, text="",
        )  # fmt: skip

    fall = KindEvidence(
        kind="surveillance_measure", event="start", title="Surveillance measures",
        evidence=Evidence.CLEAR, findings=(finding("trust_mean_score", -3.0, Evidence.CLEAR),),
    )  # fmt: skip
    stop = KindEvidence(
        kind="visible_patrol", event="stop", title="Withdrawing visible patrols",
        evidence=Evidence.CLEAR, findings=(finding(REPORTING_OUTCOME, 2.0, Evidence.CLEAR),),
    )  # fmt: skip
    assert _suggestions([fall, stop]) == (
        "Surveillance measures are followed by lower trust in 3 of 4 areas: worth a closer "
        "look before extending.",
        "Withdrawing visible patrols is followed by more resident reports in 3 of 4 areas.",
    )
    unclear = attrs_evolve(fall, Evidence.UNCLEAR)
    assert _suggestions([unclear])[0].startswith("No initiative kind is yet followed by a clear")


def attrs_evolve(row: object, evidence: Evidence) -> object:
    import attrs

    return attrs.evolve(
        row,  # type: ignore[misc]
        evidence=evidence,
        findings=tuple(attrs.evolve(f, evidence=evidence) for f in row.findings),  # type: ignore[attr-defined]
    )
