"""Everything the report shows, as data: the page's figures equal the data's."""

from __future__ import annotations

import math
from html import escape

import pytest

from trustops import Dataset
from trustops.report import DATA_COLUMNS, SECTIONS, Report, build_report, report_data


def _sections(html: str) -> dict[str, str]:
    found = {}
    for section, _ in SECTIONS:
        tag = "footer" if section == "methods" else "section"
        start = html.index(f'<{tag} id="{section}">')
        found[section] = html[start : html.index(f"</{tag}>", start)]
    return found


def _number(text: str) -> float | None:
    cleaned = text.replace("−", "-").replace(",", "").rstrip("%")
    try:
        return float(cleaned)
    except ValueError:
        return None


def test_every_figure_of_the_data_is_on_the_page_as_written(
    sample_report: Report, sample_html: str
) -> None:
    records = report_data(sample_report)
    sections = _sections(sample_html)
    for record in records:
        assert tuple(record) == DATA_COLUMNS
        text = str(record["text"])
        assert escape(text, quote=True) in sections[str(record["section"])], record
        value = record["value"]
        number = _number(text)
        if isinstance(value, float) and number is not None:
            scale = 100 if text.endswith("%") else 1
            places = len(text.rstrip("%").rpartition(".")[2]) if "." in text else 0
            assert math.isclose(value * scale, number, abs_tol=0.51 * 10**-places), record


def test_the_data_covers_every_section_s_figures(sample_report: Report) -> None:
    records = report_data(sample_report)
    sections = {str(r["section"]) for r in records}
    assert {"data", "summary", "why", "trust-index", "explanation", "engagement",
            "reporting", "survey", "indicators", "effects"} <= sections  # fmt: skip
    index = [r for r in records if r["section"] == "trust-index"]
    assert len(index) == len(sample_report.index.results) + len(sample_report.index.programme)
    effects = [r for r in records if r["section"] == "effects"]
    breakdowns = [r for r in effects if str(r["figure"]).startswith("breakdown_mbar_on_")]
    assert len(effects) - len(breakdowns) == sum(
        1 for r in sample_report.effects.results if r.overall.att is not None
    )
    robust = sample_report.effects.sensitivity
    assert breakdowns
    assert len(breakdowns) == sum(1 for s in robust if s.bounds)
    assert {r["text"] for r in breakdowns} == {s.sentence() for s in robust if s.bounds}
    kinds = {
        r["subject"] for r in records if r["section"] == "summary" and r["figure"] != "trust_index"
    }
    assert kinds == {row.title for row in sample_report.decision.works}
    # names, not ids
    assert all("_" not in str(r["subject"]) for r in records)


def test_withheld_figures_carry_their_reason() -> None:
    from .conftest import programme

    records = report_data(build_report(programme()))
    withheld = [r for r in records if r["text"] == "withheld"]
    assert withheld
    for record in withheld:
        assert record["value"] is None
        assert record["status"] in ("insufficient", "complementary")
        assert record["reason"]


@pytest.mark.parametrize("dataset", [Dataset()])
def test_an_empty_report_has_its_counts(dataset: Dataset) -> None:
    records = report_data(build_report(dataset))
    assert [r["figure"] for r in records] == ["interactions", "residents_reached", "responses"]


def test_the_weighting_diagnostics_are_data_too(
    weighted_report: Report, weighted_html: str
) -> None:
    records = [r for r in report_data(weighted_report) if r["section"] == "methods"]
    assert [(r["subject"], r["figure"]) for r in records] == [
        ("pulse sex", "asmd_before"),
        ("pulse sex", "asmd_after"),
        ("pulse", "design_effect"),
    ]
    methods = _sections(weighted_html)["methods"]
    for record in records:
        assert escape(str(record["text"]), quote=True) in methods, record
    assert records[0]["value"] == pytest.approx(abs(15 / 43 - 0.5) / 0.5)
