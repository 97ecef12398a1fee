"""The cattrs converter: exact round trips, strict types, located errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import cattrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import (
    Area,
    FieldError,
    Indicator,
    Interaction,
    InteractionKind,
    SessionStatus,
    SurveyInstrument,
)
from trustops import testing as tst
from trustops.io import RECORD_TYPES, describe_error, make_converter, parse_date, parse_datetime

CONVERTER = make_converter()

RECORD = {
    "id": "i1",
    "occurred_at": "2026-03-01T12:00:00+01:00",
    "area_id": "a",
    "kind": "attendance",
    "initiator": "resident",
    "channel": "in_person",
    "attendance": "present",
}


def errors(data: Any, cls: type[Any] = Interaction) -> list[tuple[str, str]]:
    with pytest.raises(Exception) as info:  # noqa: PT011 - the paths are what is checked
        CONVERTER.structure(data, cls)
    return describe_error(info.value)


def test_make_converter_returns_a_fresh_converter_not_the_global_one() -> None:
    first, second = make_converter(), make_converter()
    assert first is not second
    assert first is not cattrs.global_converter


@pytest.mark.parametrize(
    "strategy",
    [
        tst.areas(),
        tst.partners(),
        tst.programmes(),
        tst.initiatives(),
        tst.sessions(),
        tst.interactions(),
        tst.survey_instruments(),
        tst.survey_responses(),
        tst.indicators(),
    ],
    ids=lambda s: repr(s)[:20],
)
@given(data=st.data())
def test_unstructure_structure_round_trips_every_model(strategy: Any, data: st.DataObject) -> None:
    record = data.draw(strategy)
    plain = CONVERTER.unstructure(record)
    again = CONVERTER.structure(plain, type(record))
    assert again == record
    assert CONVERTER.unstructure(again) == plain


@given(tst.interactions())
def test_round_trip_keeps_the_utc_offset_and_instant(record: Interaction) -> None:
    again = CONVERTER.structure(CONVERTER.unstructure(record), Interaction)
    assert again.occurred_at.utcoffset() == record.occurred_at.utcoffset()
    assert again.occurred_at.timestamp() == record.occurred_at.timestamp()
    assert isinstance(again.occurred_at, pendulum.DateTime)


def test_structure_accepts_a_valid_record() -> None:
    record = CONVERTER.structure(RECORD, Interaction)
    assert record.occurred_at == pendulum.datetime(2026, 3, 1, 11, tz="UTC")


@pytest.mark.parametrize(
    ("patch", "path", "fragment"),
    [
        ({"occurred_at": "2026-03-01T12:00:00"}, "$.occurred_at", "naive"),
        ({"occurred_at": "yesterday"}, "$.occurred_at", "ISO-8601"),
        ({"occurred_at": 1700000000}, "$.occurred_at", "date-time string"),
        ({"kind": "gossip"}, "$.kind", "expected one of"),
        ({"id": 5}, "$.id", "identifier"),
        ({"id": ""}, "$.id", "1 to 128"),
        ({"area_id": None}, "$.area_id", "identifier"),
        ({"id": "tab\there"}, "$.id", "printable"),
    ],
)
def test_bad_fields_are_named(patch: dict[str, Any], path: str, fragment: str) -> None:
    found = errors({**RECORD, **patch})
    assert found[0][0] == path
    assert fragment in found[0][1]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration_minutes", float("nan")),
        ("duration_minutes", float("inf")),
        ("duration_minutes", True),
    ],
)
def test_nan_infinity_and_booleans_are_not_numbers(field: str, value: object) -> None:
    data = {**RECORD, "kind": "conversation", "attendance": None, field: value}
    assert errors(data)[0][0] == f"$.{field}"


def test_a_float_is_not_a_whole_number_and_a_string_is_not_a_number() -> None:
    base = {"id": "a", "name": "A", "timezone": "UTC"}
    assert errors({**base, "population": 12.5}, Area)[0][0] == "$.population"
    assert errors({**base, "population": "12"}, Area)[0][0] == "$.population"


def test_unknown_fields_are_rejected_and_named() -> None:
    found = errors({**RECORD, "colour": "blue", "mood": 3})
    assert found == [
        ("$.colour", "unknown field; remove it or check its spelling"),
        ("$.mood", "unknown field; remove it or check its spelling"),
    ]


def test_missing_required_fields_are_each_named() -> None:
    data = dict(RECORD)
    del data["area_id"], data["kind"]
    paths = [path for path, _ in errors(data)]
    assert paths == ["$.area_id", "$.kind"]


def test_nested_errors_carry_the_index() -> None:
    data = {
        "id": "s",
        "name": "Survey",
        "items": [
            {"id": "q1", "construct": "trust", "text": "T", "scale_min": 1, "scale_max": 5},
            {"id": "q2", "construct": "trust", "text": "T", "scale_min": 1, "scale_max": "9"},
        ],
    }
    assert errors(data, SurveyInstrument)[0][0] == "$.items[1].scale_max"
    data["items"][1]["scale_max"] = 1  # type: ignore[index]
    assert errors(data, SurveyInstrument)[0][0] == "$.items[1].scale_max"


def test_a_non_object_record_is_refused() -> None:
    assert "JSON object" in errors(["not", "an", "object"])[0][1]


def test_parse_datetime_accepts_z_and_offsets() -> None:
    assert parse_datetime("2026-03-14T18:30:00Z") == pendulum.datetime(
        2026, 3, 14, 18, 30, tz="UTC"
    )
    value = parse_datetime("2026-03-14T18:30:00.250-05:00")
    assert value.utcoffset() == dt.timedelta(hours=-5)
    assert value.microsecond == 250_000


def test_parse_date_is_strict() -> None:
    assert parse_date("2026-03-14") == pendulum.date(2026, 3, 14)
    for bad in ("2026-3-14", "20260314", "2026-02-30", 20260314):
        with pytest.raises(ValueError, match="expected a date"):
            parse_date(bad)


def test_record_types_cover_every_dataset_field() -> None:
    assert set(RECORD_TYPES) == {
        "programmes",
        "areas",
        "partners",
        "initiatives",
        "sessions",
        "interactions",
        "instruments",
        "responses",
        "indicators",
    }


@pytest.mark.parametrize(
    ("value", "type_", "fragment"),
    [
        (5, str, "expected a string"),
        (True, int, "whole number"),
        (2.5, int, "whole number"),
        ("1", float, "finite number"),
        (float("nan"), float, "finite number"),
        (1, bool, "true or false"),
        ("x", InteractionKind, "expected one of"),
    ],
)
def test_plain_values_are_structured_strictly(value: object, type_: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        CONVERTER.structure(value, type_)


def test_plain_values_that_fit() -> None:
    assert CONVERTER.structure(3, float) == 3.0
    assert CONVERTER.structure("held", SessionStatus) is SessionStatus.HELD
    assert CONVERTER.structure([1, 2], list[int]) == [1, 2]


def test_enums_unstructure_to_their_string_values() -> None:
    plain = CONVERTER.unstructure(CONVERTER.structure(RECORD, Interaction))
    assert plain["kind"] == "attendance"
    assert type(plain["kind"]) is str


def test_nested_records_report_their_path() -> None:
    indicator = {
        "id": "ind",
        "name": "Reports",
        "unit": "reports",
        "ascending": True,
        "baseline": {"value": "forty", "date": "2025-12-31"},
        "targets": "none",
    }
    paths = [path for path, _ in errors(indicator, Indicator)]
    assert paths == ["$.baseline.value", "$.targets"]
    indicator["baseline"] = {"value": 40, "date": "2025-12-31"}
    indicator["targets"] = [{"start": "2026-01-01", "end": "2026-03-31", "value": 50}, {"start": 1}]
    paths = [path for path, _ in errors(indicator, Indicator)]
    assert paths[0].startswith("$.targets[1].")


def test_unknown_fields_are_named_even_when_other_fields_fail() -> None:
    found = errors({**RECORD, "occurred_at": "later", "colour": "red"})
    assert found == [("$.colour", "unknown field; remove it or check its spelling")]


def test_parse_datetime_refuses_an_offset_with_a_fraction_of_a_second() -> None:
    # A fixed zone holds whole seconds: truncating would move the instant, so it is refused.
    found = errors({**RECORD, "occurred_at": "2026-03-01T12:00:00+05:45:30.500000"})
    assert found[0][0] == "$.occurred_at"
    assert "whole seconds" in found[0][1]
    assert parse_datetime("2026-03-01T12:00:00+05:45:30").utcoffset() == dt.timedelta(
        hours=5, minutes=45, seconds=30
    )


def test_parsed_instants_share_one_zone_object_per_offset() -> None:
    first = parse_datetime("2026-03-01T12:00:00+02:00")
    second = parse_datetime("2026-07-01T08:00:00+02:00")
    assert first.tzinfo is second.tzinfo


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=4,
)
FIELD_NAMES = st.sampled_from(
    [*RECORD, "outcome", "staff_id", "resident_id", "duration_minutes", "observed_at", "extra"]
)


def _outcome(data: dict[str, Any], cls: type[Any]) -> object:
    try:
        return CONVERTER.structure(data, cls)
    except Exception as error:  # compared as located problems
        return describe_error(error)


@given(
    changes=st.dictionaries(
        FIELD_NAMES, JSON_VALUES | st.sampled_from(["conversation", "present", "positive"])
    ),
    dropped=st.sets(st.sampled_from(sorted(RECORD))),
)
def test_the_fast_keyword_call_agrees_with_building_by_keywords(
    changes: dict[str, Any], dropped: set[str]
) -> None:
    # The model hook names each keyword in generated code; building with cls(**data) must
    # give the same record, or the same located problems, whatever the input.
    data = {key: value for key, value in {**RECORD, **changes}.items() if key not in dropped}
    found = _outcome(data, Interaction)
    try:
        parsed = {
            key: parse_datetime(value) if key.endswith("_at") and value is not None else value
            for key, value in data.items()
        }
        expected: object = Interaction(**parsed)
    except Exception:  # refused: the hook must refuse it too
        assert isinstance(found, list)
        assert found
    else:
        assert found == expected


FULL_FIELDS = st.sampled_from([field.name for field in attrs.fields(Interaction)])


@given(
    record=tst.interactions(),
    changes=st.dictionaries(
        FULL_FIELDS | st.just("extra"),
        JSON_VALUES | st.sampled_from(["conversation", "present", "2026-03-01T12:00:00Z"]),
        max_size=2,
    ),
    dropped=st.sets(FULL_FIELDS, max_size=2),
)
def test_a_record_with_every_field_given_is_decided_as_by_keywords(
    record: Interaction, changes: dict[str, Any], dropped: set[str]
) -> None:
    # With as many keys as fields the hook reads each by name: an unknown key in place of a
    # known one, a missing one or a bad value must still be refused as by the keyword call.
    full = CONVERTER.unstructure(record)
    assert len(full) == len(attrs.fields(Interaction))
    data = {key: value for key, value in {**full, **changes}.items() if key not in dropped}
    found = _outcome(data, Interaction)
    try:
        parsed = {
            key: parse_datetime(value) if key.endswith("_at") and value is not None else value
            for key, value in data.items()
        }
        expected: object = Interaction(**parsed)
    except Exception:  # refused: the hook must refuse it too, with located problems
        assert isinstance(found, list)
        assert found
    else:
        assert found == expected
    if not changes and not dropped:
        assert found == record


def test_models_with_factory_defaults_are_built_by_keywords() -> None:
    area = CONVERTER.structure({"id": "a", "name": "A", "timezone": "UTC"}, Area)
    assert area.margins == {}
    assert errors({"id": "a", "name": "A", "timezone": "UTC", "size": 3}, Area) == [
        ("$.size", "unknown field; remove it or check its spelling")
    ]


def test_structuring_never_changes_the_dict_it_is_given() -> None:
    data = {**RECORD, "observed_at": None}
    before = dict(data)
    CONVERTER.structure(data, Interaction)
    assert data == before
    bad = {**RECORD, "occurred_at": "later"}
    errors(bad)
    assert bad["occurred_at"] == "later"


def test_a_rule_across_fields_is_located_at_its_field() -> None:
    found = errors({**RECORD, "kind": "conversation", "attendance": "present"})
    assert found[0][0] == "$.attendance"
    assert "only allowed on attendance" in found[0][1]


def test_describe_error_of_a_class_level_problem_keeps_the_path() -> None:
    assert describe_error(FieldError("", "the record is inconsistent")) == [
        ("$", "the record is inconsistent")
    ]
