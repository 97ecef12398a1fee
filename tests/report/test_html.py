"""The HTML report: every section, nothing external, escaped text, suppression shown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trustops import Dataset, MissingExtraError
from trustops.io import Reject
from trustops.privacy import NO_SUPPRESSION
from trustops.report import SECTIONS, Report, build_report, render_html, write_html


class Page(HTMLParser):
    """Collects tags with their attributes, element ids and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag in ("style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def html() -> str:
    from .conftest import programme

    rejects = [
        Reject(
            source="areas.csv",
            line=3,
            path="$.population",
            message="expected a whole number, got '<b>'",
            raw="x",
        ),
    ]
    return render_html(build_report(programme(), rejects=rejects))


@pytest.fixture(scope="module")
def plain() -> str:
    """The hand-made programme's report with every default, rendered once for the module."""
    from .conftest import programme

    return render_html(build_report(programme()))


def test_every_section_is_there(html: str) -> None:
    page = parse(html)
    for section_id, heading in SECTIONS:
        assert section_id in page.ids
        assert heading in page.visible
    # five figures; "What builds trust here" has none (its two areas are too few for any
    # event study)
    assert [t for t, _ in page.tags].count("figure") == 5


def test_no_external_resources(html: str) -> None:
    page = parse(html)
    for tag, attributes in page.tags:
        for name in ("src", "href", "xlink:href", "srcset", "poster", "data"):
            value = attributes.get(name)
            if value is None:
                continue
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
            if name in ("href", "xlink:href"):
                assert value.startswith("#"), (tag, value)
        assert tag not in ("script", "img", "iframe", "object", "embed", "link")
    assert "@import" not in html
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", html))
    assert "@font-face" not in html


def test_phone_and_print(html: str) -> None:
    page = parse(html)
    metas = [a for t, a in page.tags if t == "meta"]
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in metas
    assert "@media print" in html
    assert "@media (max-width: 40rem)" in html
    assert html.startswith("<!DOCTYPE html>")


def test_text_is_escaped(html: str) -> None:
    assert "Hilltop &lt;North&gt;" in html
    assert "<North>" not in html
    assert "City &amp; Co" in html
    assert "<b>" not in html
    assert "Hilltop <North>" in parse(html).visible


def test_withheld_cells_show_the_reason(html: str) -> None:
    visible = parse(html).visible
    assert "withheld withheld: fewer than 10" in visible
    assert "Figures resting on fewer than 10 people are withheld" in visible
    assert "Small-cell suppression is OFF" not in visible


def test_explanation_and_methods(html: str) -> None:
    visible = parse(html).visible
    assert "Total 29.21" in visible
    assert re.search(r"Riverside,2026-Q\d:29\.226\.2–32\.2partial", re.sub(r"\s", "", visible))
    # human labels, units and why a component is missing
    assert "Perceived trust" in visible
    assert "perceived_trust" not in visible
    assert "value: 66.7% of interactions" in visible
    assert "value: 50.0 residents per 1,000 population" in visible
    assert "not counted: withheld: fewer than 10" in visible
    from trustops.scoring import DEFAULT_MODEL

    assert f"SHA-256 fingerprint {DEFAULT_MODEL.fingerprint}" in visible
    assert f"trustops-default version {DEFAULT_MODEL.version}" in visible
    # every component says which window of local days it was measured over
    assert "every component covers the last 91 days up to each period's end" in visible
    assert re.search(r"over \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(\d+ days\), recent", visible)


def test_rejects_section(html: str) -> None:
    visible = parse(html).visible
    assert "1 record(s) rejected; 0 problem(s) between records." in visible
    assert "$.population expected a whole number 1" in visible
    assert "areas.csv 3 $.population expected a whole number" in visible
    assert "got '<b>'" not in visible  # never the offending value (METHODS §7)


def test_rendering_is_deterministic(dataset: Dataset, plain: str) -> None:
    assert render_html(build_report(dataset)) == plain  # built and rendered apart


def test_no_suppression_is_stated(dataset: Dataset) -> None:
    page = parse(render_html(build_report(dataset, policy=NO_SUPPRESSION, generated="1 July 2026")))
    visible = page.visible
    assert "Small-cell suppression is OFF: figures resting on few people are shown." in visible
    assert "Do not publish this report." in visible
    assert "Generated 1 July 2026." in visible
    survey = visible[
        visible.index("Instrument pulse") : visible.index("Indicator progress Wide table")
    ]
    assert "withheld" not in survey  # the survey scores of Hilltop are shown
    assert "The scoring model's own small-cell rules still apply to the trust index" in visible


def test_empty_dataset_renders() -> None:
    visible = parse(render_html(build_report(Dataset()))).visible
    assert "No areas in the data: no index." in visible
    assert "No interactions." in visible
    assert "No survey responses." in visible
    assert "No indicators." in visible
    assert "Every record was accepted and the dataset is consistent." in visible
    assert "no dated records" in visible


def test_problems_are_listed() -> None:
    from .conftest import programme

    ds = programme()
    broken = Dataset(
        areas=ds.areas, programmes=ds.programmes, indicators=ds.indicators + ds.indicators
    )
    visible = parse(render_html(build_report(broken))).visible
    assert "0 record(s) rejected; 2 problem(s) between records." in visible
    assert "Indicator reports id duplicate id" in visible


def test_index_without_survey_instrument() -> None:
    from .conftest import programme

    ds = programme()
    bare = Dataset(areas=ds.areas, interactions=ds.interactions, initiatives=ds.initiatives)
    visible = parse(render_html(build_report(bare))).visible
    assert "No survey instrument has the model's constructs" in visible


def test_write_html(tmp_path: Path, dataset: Dataset, plain: str) -> None:
    path = write_html(build_report(dataset), tmp_path / "r.html")
    assert path.read_text(encoding="utf-8") == plain  # rendering is deterministic


def test_rendering_needs_matplotlib(monkeypatch: pytest.MonkeyPatch, dataset: Dataset) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match="report"):
        render_html(build_report(dataset))


def test_every_latest_index_withheld() -> None:
    from .conftest import programme

    ds = programme()
    hill = Dataset(
        areas=ds.areas[1:],
        initiatives=ds.initiatives,
        interactions=[i for i in ds.interactions if i.area_id == "hilltop"],
    )
    page = parse(render_html(build_report(hill)))
    assert [t for t, _ in page.tags].count("figure") == 3  # index, engagement, reporting
    assert ": withheld only 15% of the model's weight had data" in page.visible
    assert "No index for Hilltop <North> in its latest period" in page.visible


def test_construct_without_any_score_says_why() -> None:
    import attrs

    from .conftest import programme

    ds = programme()
    skipped = [attrs.evolve(r, answers={**r.answers, "s1": None}) for r in ds.responses]
    report = build_report(attrs.evolve(ds, responses=skipped), policy=NO_SUPPRESSION)
    safety = next(row for row in report.surveys[0].trends.rows if row.key == "safety")
    assert all(cell is not None and cell.value is None for cell in safety.cells)
    visible = parse(render_html(report)).visible
    assert "Safety — no respondent with a score" in visible


def test_indicators_read_missed_and_a_level_to_hold() -> None:
    import attrs
    import pendulum

    from .conftest import programme

    ds = programme()
    first = ds.indicators[0]
    held = attrs.evolve(first, id="held", name="Held level", maintain=True)
    report = build_report(
        attrs.evolve(ds, indicators=(first, held)), as_of=pendulum.date(2031, 1, 1)
    )
    statuses = [row.progress.status.value for row in report.progress if row.progress]
    assert set(statuses) <= {"missed", "achieved"}
    page = render_html(report)
    assert "hold ≥" in parse(page).visible
    assert 'class="status-off_track"' not in page
    assert 'class="status-missed"' in page or 'class="status-achieved"' in page


def test_rejects_keep_no_offending_value(dataset: Dataset) -> None:
    reject = Reject(
        source="interactions.jsonl",
        line=4,
        path="$.resident_id",
        message="expected an id, got 'jane.doe@example.com'",
        raw='{"resident_id": "jane.doe@example.com"}',
    )
    html = render_html(build_report(dataset, rejects=[reject]))
    assert "jane.doe" not in html
    assert "interactions.jsonl" in html


def test_every_chart_plots_only_published_figures_and_passes_the_audit(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustops.privacy import DEFAULT_POLICY, Cell, Measure, PublishedRow, audit_table
    from trustops.report import _html
    from trustops.scoring import METRIC_MEASURES

    drawn: list[tuple[str, dict[str, object]]] = []

    def record(kind: str) -> object:
        def chart(*args: object, **options: object) -> str:
            drawn.append((kind, {"args": args, **options}))
            return "<svg></svg>"

        return chart

    for kind in ("small_multiples", "bar_chart", "stacked_bar_chart"):
        monkeypatch.setattr(_html, kind, record(kind))
    for period in ("month", "quarter"):
        report = build_report(dataset, period=period)
        drawn.clear()
        render_html(report)
        pivots = {
            "Interactions per initiative kind over time": report.engagement_trend,
            "Resident reports per 1,000 residents per area over time, initiatives marked": (
                report.reporting[0]
            ),
        }
        pivots.update({f"Construct mean scores of {s.instrument} per quarter": s.trends
                       for s in report.surveys})  # fmt: skip
        checked = 0
        for kind, call in drawn:
            title = str(call["title"])
            if kind == "small_multiples" and title in pivots:
                pivot = pivots[title]
                labels, panels = call["args"]
                series = [panel.series for panel in panels]
                assert list(labels) == list(pivot.columns)
                rows = []
                for line, row in zip(series, pivot.rows, strict=True):
                    assert line.name == row.label
                    for column, value, cell in zip(labels, line.values, row.cells, strict=True):
                        published = None if cell is None or cell.withheld else cell.value
                        assert value == published, (title, row.label, column)
                        shown = cell if value is None or cell is None else Cell(value=value)
                        if shown is not None:
                            rows.append(PublishedRow({"group": row.label, "period": column},
                                                     {pivot.metric: shown}))  # fmt: skip
                measures = [*METRIC_MEASURES.values(), Measure("mean_score", denominator="n")]
                assert audit_table(rows, measures, DEFAULT_POLICY) == ()
                checked += 1
            elif kind == "small_multiples" and title.startswith("Trust index per area"):
                _, panels = call["args"]
                series = [panel.series for panel in panels]
                withheld = {r.area for r in report.index.results if r.index is None}
                assert withheld  # Hilltop: too few respondents
                names = {a.id: a.name for a in dataset.areas}
                for line in series:
                    if line.name in {names[a] for a in withheld}:
                        assert None in line.values
                checked += 1
            elif kind == "bar_chart":
                labels, values = call["args"]
                cells = {row.label: row.cells["interactions"] for row in report.engagement}
                for label, value in zip(labels, values, strict=True):
                    cell = cells[label]
                    assert value == (None if cell.withheld else cell.value)
                checked += 1
            elif kind == "stacked_bar_chart":
                (labels, _parts) = call["args"]
                shown = {r.area for r in report.index.latest if r.index is not None}
                names = {a.id: a.name for a in dataset.areas}
                assert set(labels) == {names[a] for a in shown}
                checked += 1
        assert checked == len(drawn) > 0


def test_a_withheld_bar_is_not_drawn_and_the_caption_says_so(dataset: Dataset) -> None:
    import attrs

    from trustops.privacy import Cell, CellStatus

    report = build_report(dataset, period="year")  # one period: a bar per kind
    first = report.engagement[0]
    hidden = Cell(value=None, status=CellStatus.COMPLEMENTARY, reason="withheld")
    changed = attrs.evolve(first, cells={**first.cells, "interactions": hidden})
    page = render_html(attrs.evolve(report, engagement=(changed, *report.engagement[1:])))
    assert f"Withheld, so not drawn: {first.label}." in page


def test_names_that_look_like_mathtext_are_drawn_as_written() -> None:
    import attrs

    from .conftest import programme

    names = {"riverside": r"Riverside $\frac{$ estate", "hilltop": "Harbour $x^2$ side"}
    dataset = programme(small_n=40)
    areas = [attrs.evolve(area, name=names[area.id]) for area in dataset.areas]
    html = render_html(build_report(attrs.evolve(dataset, areas=areas)))
    charts = " ".join(re.findall(r"<svg\b.*?</svg>", html, re.S))
    assert r"Riverside $\frac{$ estate" in charts
    assert "Harbour $x^2$ side" in charts


def test_an_indicator_at_the_end_of_its_target_reads_missed_and_counts_have_no_decimals(
    sample_report: Report, sample_html: str
) -> None:
    page = parse(sample_html).visible
    indicators = page[page.index("Indicator progress Wide table") :]
    assert "off track" not in indicators[: indicators.index("The data")]
    assert "missed" in indicators
    assert not re.search(r"\b\d{3}\.0\b", indicators[: indicators.index("The data")])
    assert any(flag.startswith("Indicators missed: ") for flag in sample_report.headline.flags)


def test_one_area_s_report_and_an_unknown_area(dataset: Dataset) -> None:
    from trustops import Area
    from trustops.report import ReportError, render_area_html

    page = parse(render_area_html(build_report(dataset), "hilltop"))
    assert "How trust is doing in Hilltop <North>" in page.visible
    assert "Riverside" not in page.visible
    quiet = Dataset(areas=[Area(id="q", name="Quiet", timezone="UTC", population=10)])
    empty = parse(render_area_html(build_report(quiet), "q")).visible
    assert "How trust is doing in Quiet No index." in empty
    assert "Initiatives None." in empty
    with pytest.raises(
        ReportError, match=r"'x': expected one of the report's areas \(hilltop, riverside\)"
    ):
        render_area_html(build_report(dataset), "x")


def test_methods_show_the_weighting_diagnostics_one_row_per_margin(
    weighted_html: str, plain: str
) -> None:
    page = weighted_html
    methods = page[page.index('<footer id="methods">') :]
    visible = " ".join(parse(methods).visible.split())
    assert (
        "Did the weighting work? Each margin's balance before and after raking (pulse)" in visible
    )
    assert "pulse: respondents raked to each area's population margins per quarter" in visible
    assert "(1 weight set; 1 with fewer than 10 respondents left out)" in visible
    assert "Margin Sets ASMD before ASMD after Imbalanced" in visible
    assert f"sex 1 {abs(15 / 43 - 0.5) / 0.5:.3f} 0.000 0" in visible
    deff = 43 * (15 * (43 / 30) ** 2 + 28 * (43 / 56) ** 2) / 43**2
    assert f"design effect is {deff:.2f} (from {deff:.2f} to {deff:.2f})" in visible
    assert "the largest weight is 1.4 times its set's mean" in visible
    assert "Did the weighting work?" not in plain
