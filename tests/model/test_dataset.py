"""Tests of trustops.model.Dataset: every problem is reported, not only the first."""

from __future__ import annotations

import pickle

import attrs
import pendulum
import pytest
from hypothesis import given

from trustops import (
    Area,
    Baseline,
    Dataset,
    DatasetError,
    Indicator,
    Initiative,
    Interaction,
    Partner,
    Problem,
    Programme,
    Session,
    SurveyInstrument,
    SurveyItem,
    SurveyResponse,
    TrustopsError,
)
from trustops.testing import datasets

WHEN = pendulum.datetime(2025, 5, 1, 18, tz="UTC")
AREA = Area(id="a", name="A", timezone="UTC")
PARTNER = Partner(id="p-1", name="Library")
PROGRAMME = Programme(
    id="p", name="P", organisation="O", start=pendulum.date(2025, 1, 1), area_ids=("a",)
)
INITIATIVE = Initiative(
    id="w",
    programme_id="p",
    area_id="a",
    name="W",
    kind="educational_workshop",
    partner_ids=("p-1",),
)
OTHER_INITIATIVE = attrs.evolve(INITIATIVE, id="w2")
SESSION = Session(id="s", initiative_id="w", start=WHEN, end=WHEN.add(hours=2))
INTERACTION = Interaction(
    id="i",
    occurred_at=WHEN,
    area_id="a",
    kind="attendance",
    attendance="present",
    initiator="resident",
    channel="in_person",
    initiative_id="w",
    session_id="s",
)
INSTRUMENT = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(SurveyItem(id="t1", construct="trust", text="Trust?", scale_min=0, scale_max=10),),
)
RESPONSE = SurveyResponse(
    id="r", instrument_id="pulse", area_id="a", collected_at=WHEN, answers={"t1": 7}
)
INDICATOR = Indicator(
    id="ind",
    name="Reports",
    unit="reports",
    ascending=True,
    baseline=Baseline(value=1, date=pendulum.date(2024, 12, 31)),
    programme_id="p",
    area_id="a",
)
GOOD = Dataset(
    programmes=[PROGRAMME],
    areas=[AREA],
    partners=[PARTNER],
    initiatives=[INITIATIVE, OTHER_INITIATIVE],
    sessions=[SESSION],
    interactions=[INTERACTION],
    instruments=[INSTRUMENT],
    responses=[RESPONSE],
    indicators=[INDICATOR],
)


def test_a_consistent_dataset_has_no_problems() -> None:
    assert GOOD.problems() == ()
    assert GOOD.check() is GOOD
    assert Dataset().problems() == ()
    assert isinstance(GOOD.areas, tuple)


def test_indexes() -> None:
    assert GOOD.area_index() == {"a": AREA}
    assert GOOD.initiative_index() == {"w": INITIATIVE, "w2": OTHER_INITIATIVE}
    assert GOOD.instrument_index() == {"pulse": INSTRUMENT}
    renamed = attrs.evolve(AREA, name="Second")
    assert Dataset(areas=[AREA, renamed]).area_index()["a"] is AREA  # the first wins


@pytest.mark.parametrize(
    ("field", "record"),
    [
        ("programmes", PROGRAMME),
        ("areas", AREA),
        ("partners", PARTNER),
        ("initiatives", INITIATIVE),
        ("sessions", SESSION),
        ("interactions", INTERACTION),
        ("instruments", INSTRUMENT),
        ("responses", RESPONSE),
        ("indicators", INDICATOR),
    ],
)
def test_duplicates_of_every_kind(field: str, record: object) -> None:
    records = getattr(GOOD, field)
    dataset = attrs.evolve(GOOD, **{field: (*records, record, record)})
    problems = dataset.problems()
    name = type(record).__name__
    assert [(p.record_type, p.record_id, p.field) for p in problems] == [
        (name, record.id, "id"),  # type: ignore[attr-defined]
    ] * 2
    assert problems[0].message == f"duplicate id; another {name} already uses it"


def test_every_dangling_reference_is_reported() -> None:
    broken = Dataset(
        programmes=[attrs.evolve(PROGRAMME, area_ids=("a", "nowhere"))],
        areas=[AREA],
        initiatives=[
            attrs.evolve(INITIATIVE, programme_id="px", area_id="ax", partner_ids=("p-1", "p-9")),
            attrs.evolve(OTHER_INITIATIVE, partner_ids=()),
        ],
        sessions=[SESSION, attrs.evolve(SESSION, id="s2", initiative_id="wx")],
        interactions=[
            attrs.evolve(INTERACTION, area_id="ax", initiative_id="wx", session_id="sx"),
            attrs.evolve(INTERACTION, id="i2", initiative_id="w2", session_id="s"),
        ],
        instruments=[INSTRUMENT],
        responses=[
            attrs.evolve(RESPONSE, instrument_id="nope", area_id="ax"),
            attrs.evolve(RESPONSE, id="r2", answers={"t1": 11, "q9": 1, "t2": None}),
        ],
        indicators=[attrs.evolve(INDICATOR, programme_id="px", area_id="ax")],
    )
    found = {(p.record_type, p.record_id, p.field) for p in broken.problems()}
    assert found == {
        ("Programme", "p", "area_ids[1]"),
        ("Initiative", "w", "programme_id"),
        ("Initiative", "w", "area_id"),
        ("Initiative", "w", "partner_ids[0]"),
        ("Initiative", "w", "partner_ids[1]"),
        ("Session", "s2", "initiative_id"),
        ("Interaction", "i", "area_id"),
        ("Interaction", "i", "initiative_id"),
        ("Interaction", "i", "session_id"),
        ("Interaction", "i2", "session_id"),
        ("SurveyResponse", "r", "instrument_id"),
        ("SurveyResponse", "r", "area_id"),
        ("SurveyResponse", "r2", "answers.t1"),
        ("SurveyResponse", "r2", "answers.q9"),
        ("SurveyResponse", "r2", "answers.t2"),
        ("Indicator", "ind", "programme_id"),
        ("Indicator", "ind", "area_id"),
    }
    kinds = {(p.field, p.refers_to) for p in broken.problems() if p.refers_to is not None}
    assert kinds == {
        ("area_ids[1]", "areas"),
        ("programme_id", "programmes"),
        ("area_id", "areas"),
        ("partner_ids[0]", "partners"),
        ("partner_ids[1]", "partners"),
        ("initiative_id", "initiatives"),
        ("session_id", "sessions"),
        ("instrument_id", "instruments"),
    }
    assert all(p.refers_to is None for p in broken.problems() if "refers to" not in p.message)
    # i2's session belongs to another initiative, which also runs in another area: two problems
    assert [p.field for p in broken.problems() if p.record_id == "i2"] == [
        "session_id",
        "session_id",
    ]
    with pytest.raises(DatasetError) as info:
        broken.check()
    assert len(info.value.problems) == len(found) + 1


def test_an_interaction_of_another_areas_initiative_is_a_problem() -> None:
    other_area = attrs.evolve(AREA, id="b")
    moved = attrs.evolve(INTERACTION, area_id="b")
    dataset = attrs.evolve(GOOD, areas=[AREA, other_area], interactions=[moved])
    problems = dataset.problems()
    assert [(p.record_id, p.field) for p in problems] == [("i", "initiative_id")]
    assert "runs in area 'a', not in 'b'" in problems[0].message


@pytest.mark.parametrize(
    ("shift", "problem"), [(0, False), (25, False), (-23, False), (27, True), (-25, True)]
)
def test_attendance_far_from_its_session_is_a_problem(shift: int, problem: bool) -> None:
    moved = attrs.evolve(INTERACTION, occurred_at=WHEN.add(hours=shift))
    found = [
        p for p in attrs.evolve(GOOD, interactions=[moved]).problems() if p.field == "occurred_at"
    ]
    assert bool(found) is problem
    if problem:
        assert "more than a day from session 's'" in found[0].message


def test_problem_messages() -> None:
    dataset = attrs.evolve(GOOD, interactions=[attrs.evolve(INTERACTION, initiative_id="w2")])
    (problem,) = dataset.problems()
    assert str(problem) == (
        "Interaction 'i': session_id: session 's' belongs to initiative 'w', not 'w2'"
    )
    dangling = attrs.evolve(GOOD, sessions=[attrs.evolve(SESSION, initiative_id="zz")])
    assert any(
        p.message == "refers to initiative 'zz', which is not in the dataset"
        for p in dangling.problems()
    )


def test_dataset_error_lists_twenty_and_counts_the_rest() -> None:
    problems = tuple(
        Problem(record_type="Area", record_id=str(n), field="id", message="m") for n in range(25)
    )
    error = DatasetError(problems)
    text = str(error)
    assert text.startswith("25 problem(s) in the dataset:\n  - Area '0': id: m")
    assert "Area '19'" in text
    assert "Area '20'" not in text
    assert text.endswith("... and 5 more")
    assert "more" not in str(DatasetError(problems[:3]))
    assert isinstance(error, TrustopsError)
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == problems
    assert str(copy) == text


def test_equality_and_pickle() -> None:
    assert pickle.loads(pickle.dumps(GOOD)) == GOOD
    assert Dataset(areas=[AREA]) == Dataset(areas=(AREA,))
    assert Dataset(areas=[AREA]) != Dataset()


@given(datasets())
def test_generated_datasets_are_consistent(dataset: Dataset) -> None:
    assert dataset.problems() == ()
    assert attrs.evolve(dataset) == dataset


@given(datasets(max_interactions=4))
def test_dropping_an_area_reports_every_record_that_used_it(dataset: Dataset) -> None:
    gone = dataset.areas[0].id
    broken = attrs.evolve(dataset, areas=dataset.areas[1:])
    users = (
        sum(
            1
            for records in (broken.initiatives, broken.interactions, broken.responses)
            for record in records
            if record.area_id == gone
        )
        + sum(p.area_ids.count(gone) for p in broken.programmes)
        + sum(i.area_id == gone for i in broken.indicators)
    )
    problems = broken.problems()
    assert len(problems) == users
    assert all(
        p.message == f"refers to area {gone!r}, which is not in the dataset" for p in problems
    )


def test_survey_design_problems_are_dataset_problems() -> None:
    from trustops import SurveyInstrument, SurveyItem, SurveyResponse

    instrument = SurveyInstrument(id="pulse", name="Pulse", items=(SurveyItem(
        id="q1", construct="trust", text="I trust them.", scale_min=1, scale_max=5),))  # fmt: skip
    when = pendulum.datetime(2026, 3, 1, tz="UTC")
    responses = [
        SurveyResponse(
            id=f"r{i}",
            instrument_id="pulse",
            area_id="a",
            collected_at=when,
            answers={},
            stratum=stratum,
            psu="elm",
        )
        for i, stratum in enumerate(["north", "south"])
    ]
    area = Area(id="a", name="A", timezone="UTC")
    found = Dataset(areas=[area], instruments=[instrument], responses=responses).problems()
    assert [str(p) for p in found] == [
        "SurveyResponse 'r1': psu: PSU 'elm' is in stratum 'north' (response 'r0') and here in "
        "'south'; a PSU belongs to one stratum"
    ]
