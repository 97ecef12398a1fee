"""Weighting diagnostics of every raked weight set (METHODS §5a), through ``survey_scores``."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pendulum
import pytest

from trustops import Area, SurveyInstrument, SurveyItem, SurveyResponse
from trustops.privacy import DEFAULT_POLICY, NO_SUPPRESSION, PrivacyKey, cell_key
from trustops.scoring import (
    DIAGNOSTIC_COLUMNS,
    RakingDiagnostics,
    RakingDiagnosticsTable,
    ScoringError,
    suppress,
    survey_scores,
)
from trustops.scoring._diagnostics import raking_diagnostics, suppress_raking_diagnostics
from trustops.stats import rake
from trustops.time import Granularity

WHEN = pendulum.datetime(2026, 2, 10, 12, tz="UTC")
INSTRUMENT = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=1, scale_max=5),),
)
SEX = {"sex": {"f": 0.5, "m": 0.5}}


def _people(sexes: str, *, area: str = "a", weights: list[float] | None = None) -> list[Any]:
    return [
        SurveyResponse(
            id=f"{area}{index:03d}",
            instrument_id="pulse",
            area_id=area,
            collected_at=WHEN,
            answers={"t1": 1 + index % 5},
            attributes={"sex": sex, "age": "young" if index % 3 else "old"},
            weight=None if weights is None else weights[index],
        )
        for index, sex in enumerate(sexes)
    ]


def _table(people: list[Any], margins: Any = SEX, **options: Any) -> Any:
    options.setdefault("policy", NO_SUPPRESSION)
    area = Area(id="a", name="A", timezone="UTC", margins=margins)
    return survey_scores(INSTRUMENT, people, areas=[area], **options)


def test_hand_computed_one_female_three_male() -> None:
    (found,) = _table(_people("fmmm")).diagnostics
    assert isinstance(found, RakingDiagnostics)
    assert (found.area, found.period, found.variables, found.n) == ("a", None, ("sex",), 4)
    weights = found.weights
    (sex,) = weights.margins
    # before: p_s(f) = 0.25 against 0.5 -> |0.25 - 0.5| / sqrt(0.25) = 0.5 (and the same for m)
    assert sex.asmd_before == pytest.approx(0.5)
    assert sex.asmd_after == pytest.approx(0.0, abs=1e-6)
    assert not sex.imbalanced
    # raked weights f: 2, m: 2/3 each -> ESS = 16 / (4 + 3·4/9) = 3, deff 4/3
    assert weights.effective_n == pytest.approx(3.0)
    assert weights.design_effect == pytest.approx(4 / 3)
    assert weights.minimum == pytest.approx(2 / 3)
    assert weights.quartiles == pytest.approx((2 / 3, 2 / 3, 1.0))
    assert weights.maximum == pytest.approx(2.0)
    assert weights.cv == pytest.approx(math.sqrt(1 / 3))
    assert weights.trimmed_share == 0.0
    assert found.flags == ()
    assert found.imbalanced == ()


def test_a_sample_on_its_targets_moves_nothing() -> None:
    (found,) = _table(_people("fmfm")).diagnostics
    assert found.weights.margins[0].asmd_before == pytest.approx(0.0)
    assert found.weights.design_effect == pytest.approx(1.0)
    assert found.weights.effective_n == pytest.approx(4.0)


def test_diagnostics_start_from_the_design_weights() -> None:
    # design weights already balance the sample: before = after = 0
    (found,) = _table(_people("fmmm", weights=[3.0, 1.0, 1.0, 1.0])).diagnostics
    assert found.weights.margins[0].asmd_before == pytest.approx(0.0)


def test_a_cap_reports_the_share_of_weight_it_moved() -> None:
    # one female respondent's design weight of 10 carries most of the women's half
    base = [10.0, 1.0, 1.0, *[1.0] * 9]
    people = _people("fff" + "m" * 9, weights=base)
    (found,) = _table(people, cap=3.0).diagnostics
    rows = [p.attributes for p in people]
    capped = rake(rows, SEX, cap=3.0, base_weights=base)
    untrimmed = rake(rows, SEX, base_weights=base)
    moved = sum(abs(a - b) for a, b in zip(capped, untrimmed, strict=True)) / (2 * sum(untrimmed))
    assert untrimmed[0] == pytest.approx(5.0)
    assert found.weights.maximum == pytest.approx(max(capped))
    assert found.weights.maximum <= 3.0 + 1e-9
    assert found.weights.trimmed_share == pytest.approx(moved)
    assert found.weights.trimmed_share > 0.1
    assert found.weights.margins[0].asmd_after == pytest.approx(0.0, abs=1e-5)


def test_imbalance_after_weighting_is_flagged() -> None:
    people = _people("fmmm")
    base = [1.0] * 4
    found = raking_diagnostics("a", None, people, margins=SEX, base=base, raked=base)
    assert found.flags == ("imbalanced",)
    assert found.imbalanced == ("sex",)
    assert found.to_records()[0]["imbalanced"] is True


def test_one_weight_set_per_area_and_period_in_order() -> None:
    later = pendulum.datetime(2026, 5, 10, tz="UTC")
    people = [*_people("mfmfm", area="b"), *_people("mmff")]
    people[:2] = [attrs.evolve(p, collected_at=later) for p in people[:2]]
    areas = [
        Area(id="a", name="A", timezone="UTC", margins=SEX),
        Area(id="b", name="B", timezone="UTC", margins=SEX),
    ]
    table = survey_scores(
        INSTRUMENT, people, areas=areas, period=Granularity.QUARTER, policy=NO_SUPPRESSION
    )
    keys = [(d.area, None if d.period is None else d.period.label) for d in table.diagnostics]
    assert keys == [("a", "2026-Q1"), ("b", "2026-Q1"), ("b", "2026-Q2")]
    assert [d.n for d in table.diagnostics] == [4, 3, 2]


def test_only_raked_weight_sets_have_diagnostics() -> None:
    people = [*_people("fmmm"), *_people("fm", area="plain"), *_people("fm", area="nowhere")]
    areas = [
        Area(id="a", name="A", timezone="UTC", margins=SEX),
        Area(id="plain", name="Plain", timezone="UTC"),
    ]
    table = survey_scores(INSTRUMENT, people, areas=areas, policy=NO_SUPPRESSION)
    assert [d.area for d in table.diagnostics] == ["a"]
    for weighting in ("design", "none"):
        unraked = survey_scores(
            INSTRUMENT, people, areas=areas, weighting=weighting, policy=NO_SUPPRESSION
        )
        assert len(unraked.diagnostics) == 0


def test_records_have_one_row_per_margin_variable() -> None:
    margins = {"sex": SEX["sex"], "age": {"young": 0.6, "old": 0.4}}
    table = _table(_people("fmmmfmmf"), margins)
    records = table.diagnostics.to_records()
    assert [r["variable"] for r in records] == ["sex", "age"]
    assert all(tuple(r) == DIAGNOSTIC_COLUMNS for r in records)
    assert records[0]["n"] == records[1]["n"] == 8
    assert records[0]["design_effect"] == records[1]["design_effect"]
    columns = table.diagnostics.columns()
    assert columns["status"] == ["ok", "ok"]
    assert columns["asmd_after"] == pytest.approx([0.0, 0.0], abs=1e-5)


def test_small_weight_sets_are_withheld_and_never_publish_n() -> None:
    people = [*_people("fmmmfmm"), *_people("fm" * 6, area="b")]
    areas = [
        Area(id="a", name="A", timezone="UTC", margins=SEX),
        Area(id="b", name="B", timezone="UTC", margins=SEX),
    ]
    table = survey_scores(INSTRUMENT, people, areas=areas, policy=DEFAULT_POLICY)
    small, caution = table.diagnostics
    assert small.n == 7  # kept in the object for the caller's checks
    assert small.weights is None
    assert small.flags == ("insufficient",)
    assert small.withheld == "withheld: fewer than 10"
    assert small.imbalanced == ()
    record = small.to_records()[0]
    assert record["n"] is None
    assert all(record[name] is None for name in DIAGNOSTIC_COLUMNS[3:16])
    assert "7" not in str(small.to_records())
    assert caution.flags == ("caution",)
    assert caution.to_records()[0]["n"] == 12
    assert table.diagnostics.columns()["status"][0] == "withheld"


def test_suppress_applies_to_a_tables_diagnostics_and_is_idempotent() -> None:
    raw = _table(_people("fmmmfmm"))
    assert raw.diagnostics.rows[0].weights is not None
    once = suppress(raw, DEFAULT_POLICY)
    assert once.diagnostics.rows[0].withheld is not None
    assert suppress(once, DEFAULT_POLICY) == once
    assert suppress(raw, NO_SUPPRESSION).diagnostics == raw.diagnostics


def test_an_empty_table_still_has_its_columns() -> None:
    empty = RakingDiagnosticsTable()
    assert list(empty.columns()) == [*DIAGNOSTIC_COLUMNS, "status", "reason"]
    frame = empty.to_arrow()
    assert frame.num_rows == 0
    assert str(frame.schema.field("asmd_after").type) == "double"


def test_arrow_output_of_a_table() -> None:
    frame = _table(_people("fmmm")).diagnostics.to_arrow()
    assert frame.column("variable").to_pylist() == ["sex"]
    assert frame.column("imbalanced").to_pylist() == [False]


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"cap": 1.0}, "above 1"),
        ({"cap": math.inf}, "above 1"),
        ({"cap": True}, "above 1"),
        ({"cap": "5"}, "above 1"),
        ({"cap": 5.0, "weighting": "design"}, "not 'raked'"),
    ],
)
def test_bad_caps_are_named(options: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ScoringError, match=f"cap: .*{fragment}"):
        _table(_people("fmmm"), **options)


def test_a_cap_too_tight_falls_back_to_design_weights() -> None:
    table = _table(_people("fmmm"), cap=1.1)
    assert len(table.diagnostics) == 0
    assert table.row("trust", area="a").flags == ("not_raked",)


def test_respondent_counts_are_perturbed_with_a_privacy_key() -> None:
    key = PrivacyKey("programme secret")
    people = _people("fm" * 17)  # 34 respondents
    table = _table(people, policy=DEFAULT_POLICY, privacy=key)
    (found,) = table.diagnostics
    true = len(people)
    expected = DEFAULT_POLICY.ptable.perturb(true, cell_key(key.keys_sum(p.id for p in people)))
    assert (found.n, found.perturbed, found.cell_key) == (expected, True, None)
    assert found.effective_n == pytest.approx(expected / found.weights.design_effect)
    record = found.to_records()[0]
    assert (record["n"], record["perturbed"]) == (expected, True)
    assert record["effective_n"] == pytest.approx(found.effective_n)
    assert suppress(table, DEFAULT_POLICY).diagnostics == table.diagnostics  # not perturbed twice
    raw = _table(people, privacy=key)  # no suppression: exact, not perturbed
    assert (raw.diagnostics.rows[0].n, raw.diagnostics.rows[0].perturbed) == (true, False)
    assert raw.diagnostics.rows[0].effective_n == raw.diagnostics.rows[0].weights.effective_n


def test_a_count_that_would_print_below_10_is_withheld() -> None:
    key = PrivacyKey("programme secret")
    for area in (f"x{k}" for k in range(200)):  # ten respondents whose count prints below 10
        people = _people("fm" * 5, area=area)
        if DEFAULT_POLICY.ptable.perturb(10, cell_key(key.keys_sum(p.id for p in people))) < 10:
            break
    base = [1.0] * 10
    raw = raking_diagnostics(area, None, people, margins=SEX, base=base, raked=base, privacy=key)
    assert raw.n == 10
    found = suppress_raking_diagnostics(raw, DEFAULT_POLICY)
    assert (found.weights, found.withheld, found.perturbed) == (
        None,
        "withheld: fewer than 10",
        True,
    )
    assert found.to_records()[0]["n"] is None
