"""A small hand-made programme for the report tests: one big area, one small one."""

from __future__ import annotations

import attrs
import pendulum
import pytest

from trustops import (
    Actual,
    Area,
    Baseline,
    Dataset,
    Indicator,
    Initiative,
    Interaction,
    Programme,
    SurveyInstrument,
    SurveyItem,
    SurveyResponse,
    Target,
)
from trustops.report import Report, build_report, render_html
from trustops.sample import generate


def programme(*, small_n: int = 6) -> Dataset:
    """Riverside has 60 residents over two quarters; Hilltop only ``small_n`` (withheld)."""
    areas = [
        Area(id="riverside", name="Riverside", timezone="Europe/London", population=1200),
        Area(id="hilltop", name="Hilltop <North>", timezone="Asia/Tokyo", population=800),
    ]
    initiatives = [
        Initiative(
            id="walk", programme_id="p", area_id="riverside", name="Walks", kind="visible_patrol"
        ),
        Initiative(
            id="talk",
            programme_id="p",
            area_id="riverside",
            name="Talks",
            kind="educational_workshop",
        ),
        Initiative(
            id="meet",
            programme_id="p",
            area_id="hilltop",
            name="Meetings",
            kind="community_meeting",
        ),
    ]
    interactions: list[Interaction] = []
    start = pendulum.datetime(2026, 1, 5, 18, tz="UTC")

    def add(area: str, resident: str, day: int, **extra: object) -> None:
        fields: dict[str, object] = {
            "kind": "conversation",
            "initiator": "staff",
            "channel": "in_person",
            "outcome": "positive" if day % 3 else "negative",
            "staff_id": f"s{day % 4}",
        }
        fields.update(extra)
        interactions.append(
            Interaction(
                id=f"i{len(interactions)}",
                occurred_at=start.add(days=day),
                area_id=area,
                resident_id=resident,
                **fields,  # type: ignore[arg-type]
            )
        )

    for k in range(60):
        add("riverside", f"r{k}", k, initiative_id="walk" if k % 2 else "talk")
        add("riverside", f"r{k}", k + 100, initiative_id="walk")
        if k % 4 == 0:
            add(
                "riverside",
                f"r{k}",
                k + 1,
                kind="suspicious_activity_report",
                initiator="resident",
                channel="app",
                outcome=None,
                observed_at=start.add(days=k + 1).subtract(hours=k % 7 + 1),
            )
    for k in range(small_n):
        add("hilltop", f"h{k}", k * 10, initiative_id="meet")
    items = (
        SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=0, scale_max=10),
        SurveyItem(id="t2", construct="trust", text="They are honest.", scale_min=0, scale_max=10),
        SurveyItem(id="s1", construct="safety", text="I feel safe.", scale_min=1, scale_max=5),
    )
    instrument = SurveyInstrument(id="pulse", name="Pulse", items=items)
    responses = [
        SurveyResponse(
            id=f"q{k}",
            instrument_id="pulse",
            area_id="riverside",
            collected_at=start.add(days=2 * k),
            answers={"t1": 4 + k % 7, "t2": 3 + (k * 3) % 8, "s1": 1 + k % 5},
        )
        for k in range(45)
    ] + [
        SurveyResponse(
            id=f"hq{k}",
            instrument_id="pulse",
            area_id="hilltop",
            collected_at=start.add(days=3 * k),
            answers={"t1": 8, "t2": 7 + k % 2, "s1": 4},
        )
        for k in range(small_n)
    ]
    indicators = [
        Indicator(
            id="reports",
            name="Resident reports",
            unit="reports",
            ascending=True,
            programme_id="p",
            baseline=Baseline(value=10, date=pendulum.date(2025, 12, 31)),
            targets=(
                Target(start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 12, 31), value=30),
            ),
            actuals=(Actual(date=pendulum.date(2026, 3, 31), value=15),),
        ),
        Indicator(
            id="loose",
            name="Untargeted",
            unit="things",
            ascending=False,
            baseline=Baseline(value=1, date=pendulum.date(2025, 12, 31)),
        ),
    ]
    return Dataset(
        programmes=[
            Programme(
                id="p",
                name="Safer Streets",
                organisation="City & Co",
                start=pendulum.date(2026, 1, 1),
                area_ids=("riverside", "hilltop"),
                status="active",
            )
        ],
        areas=areas,
        initiatives=initiatives,
        interactions=interactions,
        instruments=[instrument],
        responses=responses,
        indicators=indicators,
    )


@pytest.fixture
def dataset() -> Dataset:
    """The hand-made programme."""
    return programme()


def weighted(dataset: Dataset) -> Dataset:
    """``dataset`` with Riverside's population margins of sex (half and half) and its
    respondents' sex: a third women in 2026-Q1 (15 of 43), then one man and one woman in
    2026-Q2 (a weight set of 2, withheld)."""
    areas = [
        attrs.evolve(area, margins={"sex": {"f": 0.5, "m": 0.5}})
        if area.id == "riverside"
        else area
        for area in dataset.areas
    ]
    responses = [
        attrs.evolve(r, attributes={"sex": "f" if int(r.id[1:]) % 3 == 0 or r.id == "q44" else "m"})
        if r.area_id == "riverside"
        else r
        for r in dataset.responses
    ]
    return attrs.evolve(dataset, areas=areas, responses=responses)


@pytest.fixture(scope="session")
def sample_report() -> Report:
    """The report of the generated sample at half scale (built once for the test run)."""
    return build_report(generate(scale=0.5), title="Sample")


@pytest.fixture(scope="session")
def sample_html(sample_report: Report) -> str:
    """``sample_report`` rendered as HTML (rendered once for the test run: drawing its charts
    costs more than building it)."""
    return render_html(sample_report)


@pytest.fixture(scope="session")
def weighted_report() -> Report:
    """The report of ``weighted(programme())`` (built once for the test run)."""
    return build_report(weighted(programme()))


@pytest.fixture(scope="session")
def weighted_html(weighted_report: Report) -> str:
    """``weighted_report`` rendered as HTML (rendered once for the test run)."""
    return render_html(weighted_report)
