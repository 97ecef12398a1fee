"""build_report: every section computed from the data, through the small-cell policy."""

from __future__ import annotations

import math
from pathlib import Path

import attrs
import pendulum
import pytest

from trustops import Area, Dataset, Interaction
from trustops.io import Reject, write_jsonl
from trustops.privacy import (
    DEFAULT_POLICY,
    NO_SUPPRESSION,
    CellStatus,
    PrivacyKey,
    PublishedRow,
    SmallCellPolicy,
    audit_table,
)
from trustops.report import (
    ENGAGEMENT_METRICS,
    REPORTING_METRICS,
    Pivot,
    ReportError,
    build_report,
    report_data,
)
from trustops.sample import generate
from trustops.scoring import DEFAULT_MODEL, METRIC_MEASURES, ScoringModel
from trustops.time import Granularity

from ..conftest import ParquetWriter
from .conftest import programme, weighted


def test_summary_counts(dataset: Dataset) -> None:
    report = build_report(dataset)
    summary = report.summary
    assert report.title == "Trust report: Safer Streets"
    assert (summary.interactions, summary.responses.value, summary.indicators) == (141, 51, 2)
    assert summary.residents_reached.value == 66  # 60 in Riverside, 6 in Hilltop
    assert summary.duplicates == 0
    assert [a.id for a in summary.areas] == ["hilltop", "riverside"]
    assert summary.first_day == pendulum.date(2026, 1, 5)
    assert summary.last_day == pendulum.date(2026, 6, 13)  # day 159 of the Riverside log
    assert report.methods.as_of == summary.last_day


def test_summary_counts_of_people_go_through_the_policy() -> None:
    when = pendulum.datetime(2026, 3, 4, 19, tz="UTC")
    few = Dataset(
        areas=[Area(id="a", name="A", timezone="UTC", population=900)],
        interactions=[
            Interaction(id=f"i{k}", occurred_at=when, area_id="a", kind="conversation",
                        initiator="staff", channel="phone", resident_id=f"r{k % 3}")
            for k in range(40)
        ],
    )  # fmt: skip
    summary = build_report(few).summary
    assert summary.interactions == 40  # records: not a count of people
    reached = summary.residents_reached
    assert (reached.value, reached.n, reached.status) == (None, None, CellStatus.INSUFFICIENT)
    assert reached.reason == "withheld: fewer than 10"
    assert summary.responses.value == 0  # zero points at nobody
    raw = build_report(few, policy=NO_SUPPRESSION).summary
    assert raw.residents_reached.value == 3


def test_summary_and_figures_count_each_interaction_id_once(dataset: Dataset) -> None:
    repeated = attrs.evolve(
        dataset, interactions=[*dataset.interactions, *dataset.interactions[:5]]
    )
    report = build_report(repeated)
    assert (report.summary.interactions, report.summary.duplicates) == (141, 5)
    assert any("5 interaction(s) repeat an id" in note for note in report.methods.notes)
    assert report.engagement == build_report(dataset).engagement


def test_index_series_latest_and_contributions(dataset: Dataset) -> None:
    report = build_report(dataset)
    section = report.index
    assert section.instrument == "pulse"
    assert [(r.area, str(r.period)) for r in section.results] == [
        ("hilltop", "2026-Q1"),
        ("riverside", "2026-Q1"),
        ("riverside", "2026-Q2"),
    ]
    assert [(r.area, str(r.period)) for r in section.latest] == [
        ("hilltop", "2026-Q1"),
        ("riverside", "2026-Q2"),
    ]
    hilltop, riverside = section.latest
    assert hilltop.index is None
    assert "low_coverage" in hilltop.flags
    assert riverside.index is not None
    total = math.fsum(part.contribution or 0.0 for part in riverside.components)
    assert total == pytest.approx(riverside.index)


def test_small_areas_are_withheld_by_default_and_shown_without_suppression(
    dataset: Dataset,
) -> None:
    published = build_report(dataset)
    kind = {row.label: row for row in published.engagement}
    meeting = kind["Community meeting"].cells["positive_share"]
    assert meeting.status is CellStatus.INSUFFICIENT
    assert meeting.value is None
    assert meeting.reason == "withheld: fewer than 10"
    assert published.methods.notes == ()
    strict = build_report(dataset, policy=SmallCellPolicy(withhold_below=100, caution_below=200))
    trust = next(row for row in strict.surveys[0].trends.rows if row.key == "trust")
    assert all(cell is not None and cell.withheld for cell in trust.cells)

    raw = build_report(dataset, policy=NO_SUPPRESSION)
    kind = {row.label: row for row in raw.engagement}
    assert kind["Community meeting"].cells["positive_share"].value == pytest.approx(4 / 6)
    assert "OFF" in raw.methods.notes[0]


def test_metric_sections_have_their_columns(dataset: Dataset) -> None:
    report = build_report(dataset, period="month")
    assert all(tuple(row.cells) == ENGAGEMENT_METRICS for row in report.engagement)
    assert tuple(pivot.metric for pivot in report.reporting) == REPORTING_METRICS
    # the kinds by interactions, largest first; records without an initiative last
    labels = [row.label for row in report.engagement]
    assert labels[-1] == "No initiative"
    totals = [row.cells["interactions"].value or 0 for row in report.engagement[:-1]]
    assert totals == sorted(totals, reverse=True)
    rates = report.reporting[0]
    assert rates.row_header == "Area"
    assert [row.label for row in rates.rows] == ["Hilltop <North>", "Riverside"]
    assert rates.columns[0] == "2026-01"
    assert len(rates.rows[0].cells) == len(rates.columns)
    trend = report.engagement_trend
    assert [row.label for row in trend.rows] == labels
    assert report.methods.period is Granularity.MONTH


def test_survey_constructs_per_quarter_with_alpha(dataset: Dataset) -> None:
    section = build_report(dataset).surveys[0]
    assert section.instrument == "pulse"
    assert section.trends.columns == ("2026-Q1", "2026-Q2")[: len(section.trends.columns)]
    assert {row.key for row in section.trends.rows} == {"trust", "safety"}
    assert set(section.alpha) == {"trust", "safety"}
    assert all(len(values) == len(section.trends.columns) for values in section.alpha.values())
    # 51 respondents: 49 in one quarter, 2 in the other (a count of people: withheld)
    assert [cell.value for cell in section.respondents] == [49, None]
    assert section.respondents[1].status is CellStatus.INSUFFICIENT


def test_withheld_survey_scores_publish_no_n_and_small_respondent_counts_are_withheld(
    dataset: Dataset,
) -> None:
    few = attrs.evolve(dataset, responses=dataset.responses[:4])
    section = build_report(few).surveys[0]
    cells = [cell for row in section.trends.rows for cell in row.cells if cell is not None]
    assert cells
    assert all(cell.withheld for cell in cells)
    assert all((cell.n, cell.interval, cell.value) == (None, None, None) for cell in cells)
    assert all(cell.withheld and cell.value is None for cell in section.respondents)


def test_the_weighting_diagnostics_are_summed_up_per_margin(dataset: Dataset) -> None:
    balance = build_report(weighted(dataset)).surveys[0].balance
    assert balance is not None
    # 2026-Q1: 15 women of 43 against a target of half -> |15/43 − 0.5| / 0.5 before raking
    (row,) = balance.margins
    assert (row.variable, row.sets, row.imbalanced) == ("sex", 1, 0)
    assert row.asmd_before == pytest.approx(abs(15 / 43 - 0.5) / 0.5)
    assert row.asmd_after == pytest.approx(0.0, abs=1e-5)
    # raked weights: women 43/30, men 43/56 -> Kish's design effect n·Σw²/(Σw)²
    squares = 15 * (43 / 30) ** 2 + 28 * (43 / 56) ** 2
    assert balance.design_effect == pytest.approx((43 * squares / 43**2,) * 3)
    assert balance.largest_weight == pytest.approx(43 / 30)
    # 2026-Q2's weight set of 2 respondents is withheld, left out of every figure
    assert (balance.sets, balance.withheld) == (1, 1)
    assert build_report(dataset).surveys[0].balance is None  # nothing raked


def test_headline_names_the_change_the_movers_and_the_flags(dataset: Dataset) -> None:
    report = build_report(dataset)
    head = report.headline
    assert (head.period, head.previous) == ("2026-Q2", "2026-Q1")
    assert head.programme is not None
    assert head.programme.area == "All areas"
    assert head.change is not None
    assert head.left_out == ()
    assert any("No index for Hilltop <North>" in flag for flag in head.flags)
    assert any("record(s) could not be read" in flag for flag in head.flags) is False
    riverside = [change for change in report.index.changes if change.area == "riverside"]
    assert riverside
    assert riverside[0].comparison is not None
    assert [m.area for m in head.movers] == ["riverside"]


def test_progress_rows(dataset: Dataset) -> None:
    rows = build_report(dataset, as_of=pendulum.date(2026, 7, 1)).progress
    assert rows[0].progress is not None
    assert rows[0].progress.progress == pytest.approx(0.25)
    assert (rows[1].progress, rows[1].note) == (None, "no targets")


def test_as_of_must_be_a_date(dataset: Dataset) -> None:
    with pytest.raises(TypeError, match="as_of"):
        build_report(dataset, as_of=pendulum.datetime(2026, 1, 1))  # type: ignore[arg-type]


def test_rejects_and_problems_are_summarised() -> None:
    bad = [
        Reject(
            source="a.jsonl",
            line=3,
            path="$.population",
            message="expected a whole number, got 'x'",
            raw="",
        ),
        Reject(
            source="a.jsonl",
            line=4,
            path="$.population",
            message="expected a whole number, got 'y'",
            raw="",
        ),
        Reject(
            source="b.jsonl",
            line=1,
            path="$",
            message="invalid JSON at column 3: Expecting value",
            raw="",
        ),
    ]
    broken = Dataset(
        interactions=[
            Interaction(
                id="i1",
                occurred_at=pendulum.datetime(2026, 1, 1, tz="UTC"),
                area_id="nowhere",
                kind="conversation",
                initiator="staff",
                channel="phone",
                initiative_id="ghost",
            )
        ]
    )
    report = build_report(broken, rejects=bad)
    summary = report.rejects
    assert summary.total == 3
    assert summary.by_source == (("a.jsonl", 2), ("b.jsonl", 1))
    assert summary.by_reason == (
        ("$.population", "expected a whole number", 2),
        ("$", "invalid JSON: Expecting value", 1),
    )
    assert summary.problems == 2
    assert len(summary.problem_examples) == 2
    assert report.index.note == "No areas in the data: no index."
    assert report.engagement == ()  # the interaction's initiative is unknown
    assert report.progress == ()
    assert report.surveys == ()


def test_empty_dataset() -> None:
    report = build_report(Dataset(areas=[Area(id="a", name="A", timezone="UTC")]))
    assert report.title == "Trust report"
    assert report.index.results == ()
    assert report.index.note == "No interactions or survey responses: no index."
    assert report.summary.first_day is None
    assert report.methods.as_of is None


def test_indicator_without_a_date() -> None:
    ds = programme()
    only = Dataset(indicators=ds.indicators)
    assert build_report(only).progress[0].note == "no date to measure"


def test_a_model_whose_constructs_no_instrument_has() -> None:
    ds = programme()
    other = ScoringModel.from_dict(
        {
            "name": "m",
            "version": "1",
            "components": [
                {"name": "voice", "source": "survey", "measure": "voice", "weight": 1.0}
            ],
        }
    )
    report = build_report(ds, model=other)
    assert report.index.instrument is None
    assert report.methods.model is other


def test_title_and_generated_are_passed_through(dataset: Dataset) -> None:
    report = build_report(dataset, title="Mine", generated="2026-07-01")
    assert (report.title, report.methods.generated) == ("Mine", "2026-07-01")


def test_no_suppression_with_a_model_without_suppression(dataset: Dataset) -> None:
    data = DEFAULT_MODEL.to_dict()
    data["suppression"] = {"enabled": False}
    model = ScoringModel.from_dict(data)
    report = build_report(dataset, model=model, policy=NO_SUPPRESSION)
    assert len(report.methods.notes) == 1
    assert report.index.latest[0].index is not None  # Hilltop shown too


def test_the_data_span_is_in_local_dates() -> None:
    tokyo = Area(id="t", name="Tokyo", timezone="Asia/Tokyo", population=100)
    talk = Interaction(
        id="i1",
        occurred_at=pendulum.datetime(2025, 12, 31, 20, tz="UTC"),  # 1 January in Tokyo
        area_id="t",
        kind="conversation",
        initiator="staff",
        channel="phone",
    )
    summary = build_report(Dataset(areas=[tokyo], interactions=[talk])).summary
    assert (summary.first_day, summary.last_day) == (pendulum.date(2026, 1, 1),) * 2


def test_columns_without_any_value_are_left_out(dataset: Dataset) -> None:
    from trustops.report import render_html

    def engagement(data: Dataset) -> str:
        html = render_html(build_report(data))
        return html[html.index('id="engagement"') : html.index('id="reporting"')]

    assert "Positive outcome" in engagement(dataset)
    unrated = [attrs.evolve(i, outcome=None) for i in dataset.interactions]
    without = attrs.evolve(dataset, interactions=unrated)
    assert all(
        row.cells["positive_share"].value is None for row in build_report(without).engagement
    )
    assert "Positive outcome" not in engagement(without)


def _pivot_rows(pivot: Pivot) -> list[PublishedRow]:
    return [
        PublishedRow({"group": row.key, "period": column}, {pivot.metric: cell})
        for row in pivot.rows
        for column, cell in zip(pivot.columns, row.cells, strict=True)
        if cell is not None
    ]


def test_every_report_table_passes_the_disclosure_audit(dataset: Dataset) -> None:
    report = build_report(dataset)
    tables = [[PublishedRow(row.keys, row.cells) for row in report.engagement]]
    pivots = [report.engagement_trend, *report.reporting]
    tables += [_pivot_rows(p) for p in pivots if p.metric in METRIC_MEASURES]
    assert len(tables) >= 3
    for rows in tables:
        assert audit_table(rows, METRIC_MEASURES.values(), DEFAULT_POLICY) == ()
    everything = [cell for rows in tables for row in rows for cell in row.cells.values()]
    assert any(cell.status is CellStatus.INSUFFICIENT for cell in everything)
    for rows in tables:
        for row in rows:
            for name in ("residents_reached", "reports"):  # no "reports = 1" is published
                cell = row.cells.get(name)
                assert cell is None or cell.value is None or cell.value == 0 or cell.value >= 10
    for cell in everything:
        if cell.withheld:
            assert (cell.n, cell.interval, cell.reason) == (None, None, "withheld: fewer than 10")


@pytest.mark.parametrize("keyed", [False, True])
def test_a_report_from_parquet_is_the_report_from_objects(
    tmp_path: Path, keyed: bool, interactions_parquet: ParquetWriter
) -> None:
    sample = generate(scale=0.1)
    privacy = PrivacyKey("pipeline") if keyed else None
    source = interactions_parquet(sample.interactions, tmp_path / "interactions.parquet")
    rest = attrs.evolve(sample, interactions=[])
    from_objects = build_report(sample, title="Sample", privacy=privacy)
    for engine in ("duckdb", "reference"):
        from_source = build_report(
            rest, title="Sample", privacy=privacy, interactions=source, engine=engine
        )
        assert report_data(from_source) == report_data(from_objects), engine
        assert from_source == from_objects, engine
    assert from_objects.effects.results  # the effects section is compared too


def test_a_report_takes_interactions_once(dataset: Dataset) -> None:
    with pytest.raises(ReportError, match="in the dataset or as a source, not both"):
        build_report(dataset, interactions=list(dataset.interactions), engine="reference")


def test_a_report_source_adds_its_rejects(dataset: Dataset, tmp_path: Path) -> None:
    log = tmp_path / "interactions.jsonl"
    write_jsonl(dataset.interactions, log)
    with log.open("a", encoding="utf-8") as out:
        out.write('{"id": "bad"}\n')
    rest = attrs.evolve(dataset, interactions=[])
    report = build_report(rest, interactions=str(log), engine="reference")
    assert report.rejects.total == 1
    assert report.summary.interactions == build_report(dataset).summary.interactions


def test_a_report_from_a_source_notes_what_the_dataset_lacks(dataset: Dataset) -> None:
    when = pendulum.datetime(2026, 2, 3, 12, tz="UTC")
    strays = [
        Interaction(id=f"x{n}", occurred_at=when, area_id=area, kind="conversation",
                    initiator="staff", channel="phone", initiative_id=initiative)
        for n, (area, initiative) in enumerate(
            [("riverside", "ghost"), ("riverside", "ghost"), ("atlantis", None)]
        )
    ]  # fmt: skip
    rest = attrs.evolve(dataset, interactions=[])
    report = build_report(rest, interactions=[*dataset.interactions, *strays], engine="reference")
    notes = " ".join(report.methods.notes)
    assert "2 interaction(s) name an initiative the data do not hold" in notes
    assert "1 interaction(s) name an area the data do not hold" in notes
    clean = build_report(rest, interactions=list(dataset.interactions), engine="reference")
    assert "do not hold" not in " ".join(clean.methods.notes)


def test_the_effects_estimate_the_trust_index_of_the_reports_model() -> None:
    """A report scored with its own model estimates effects on that model's index, the one
    it shows, not on the default model's."""
    from trustops.effects import TRUST_INDEX, build_panel, estimate_effect

    data = DEFAULT_MODEL.to_dict()
    for component in data["components"]:  # the survey's weight moved to the engagement
        component["weight"] = 0.1 if component["name"] == "perceived_trust" else 0.225
    model = ScoringModel.from_dict(data)
    sample = generate(scale=0.25)
    report = build_report(sample, model=model)
    found = [r for r in report.effects.results if r.outcome == TRUST_INDEX]
    assert found
    panel = build_panel(sample, period="quarter", model=model)
    default = build_panel(sample, period="quarter")
    assert panel.series(TRUST_INDEX, panel.areas[0]) != default.series(TRUST_INDEX, panel.areas[0])
    for result in found:
        expected = estimate_effect(panel, kind=result.kind, outcome=TRUST_INDEX, event=result.event)
        assert result.overall == expected.overall
