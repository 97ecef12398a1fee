"""Tests of the shared validators and converters in trustops.model._checks."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import FieldError, Interaction, Outcome
from trustops.model import END_INSTANT, FIRST_INSTANT
from trustops.model._checks import (
    ID_MAX_LENGTH,
    check_id,
    check_multiline_text,
    check_optional_id,
    check_text,
    is_valid_timezone,
    to_date,
    to_datetime,
    to_duration_minutes,
    to_enum,
    to_finite_float,
    to_id_tuple,
    to_optional_date,
    to_str_mapping,
)

LONDON = ZoneInfo("Europe/London")


def test_converted_instants_order_correctly_in_the_repeated_hour() -> None:
    # 01:50 BST (00:50 UTC) comes before 01:10 GMT (01:10 UTC), although its wall clock is later.
    first = to_datetime(pendulum.datetime(2025, 10, 26, 1, 50, tz="Europe/London", fold=0), "a")
    second = to_datetime(pendulum.datetime(2025, 10, 26, 1, 10, tz="Europe/London", fold=1), "b")
    assert first < second
    assert not second < first


@pytest.mark.parametrize("fold", [0, 1])
def test_to_datetime_keeps_the_instant_of_a_wall_time_in_a_dst_gap(fold: int) -> None:
    # 01:30 on 30 March 2025 does not exist in London; PEP 495 gives it an instant per fold.
    value = dt.datetime(2025, 3, 30, 1, 30, fold=fold, tzinfo=LONDON)
    converted = to_datetime(value, "occurred_at")
    assert converted.timestamp() == value.timestamp()
    assert converted.utcoffset() == value.utcoffset()  # stored as a fixed offset


@pytest.mark.parametrize("fold", [0, 1])
def test_to_datetime_keeps_the_instant_in_the_repeated_hour(fold: int) -> None:
    value = dt.datetime(2025, 10, 26, 1, 30, fold=fold, tzinfo=LONDON)
    converted = to_datetime(value, "occurred_at")
    assert converted.timestamp() == value.timestamp()
    assert converted.utcoffset() == value.utcoffset()  # the fold picks the offset


def test_to_datetime_refuses_naive_times_naming_the_field() -> None:
    with pytest.raises(FieldError) as info:
        to_datetime(dt.datetime(2025, 1, 1), "occurred_at")
    assert info.value.field == "occurred_at"
    assert "naive" in info.value.message


def test_to_datetime_refuses_an_offset_with_a_fraction_of_a_second() -> None:
    zone = dt.timezone(dt.timedelta(hours=1, microseconds=500_000))
    with pytest.raises(FieldError) as info:
        to_datetime(dt.datetime(2025, 1, 1, tzinfo=zone), "observed_at")
    assert info.value.field == "observed_at"
    assert "whole seconds" in info.value.message


def test_to_datetime_gives_equal_offsets_one_zone_object() -> None:
    paris = to_datetime(dt.datetime(2025, 1, 1, tzinfo=ZoneInfo("Europe/Paris")), "at")
    plus_one = to_datetime(dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))), "at")
    assert paris.tzinfo is plus_one.tzinfo


# --- identifiers -------------------------------------------------------------------------------


@attrs.frozen
class _Holder:
    ref: object = attrs.field(validator=check_id)
    optional: object = attrs.field(default=None, validator=check_optional_id)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (3, "expected an identifier string, got 3"),
        ("", "expected 1 to 128 printable characters"),
        (" a", "expected 1 to 128 printable characters"),
        ("a\u2028b", "expected 1 to 128 printable characters"),
        ("x" * 200, "got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."),
    ],
)
def test_check_id_messages(value: object, message: str) -> None:
    with pytest.raises(FieldError) as info:
        _Holder(ref=value)
    assert info.value.field == "ref"
    assert message in info.value.message
    assert len(info.value.message) < 160  # long values are shortened


@pytest.mark.parametrize("value", ["", "a ", 5, "\x1b"])
def test_check_optional_id_refuses_bad_values(value: object) -> None:
    with pytest.raises(FieldError) as info:
        _Holder(ref="ok", optional=value)
    assert info.value.field == "optional"


def test_valid_identifiers() -> None:
    holder = _Holder(ref="Zoë's café 3", optional="x" * ID_MAX_LENGTH)
    assert holder.optional == "x" * ID_MAX_LENGTH


def test_id_tuples() -> None:
    assert to_id_tuple(["a", "b"], "ids") == ("a", "b")
    for value, field in [
        ("ab", "ids"),
        (None, "ids"),
        ({"a"}, "ids"),
        (["a", None], "ids[1]"),
        (["a", " b"], "ids[1]"),
        (["a", "a"], "ids[1]"),
    ]:
        with pytest.raises(FieldError) as info:
            to_id_tuple(value, "ids")
        assert info.value.field == field


def test_str_mappings() -> None:
    assert to_str_mapping({"age": "65+", "note": ""}, "attributes") == {"age": "65+", "note": ""}
    for value, field in [
        ([], "attributes"),
        ({"": "x"}, "attributes"),
        ({"x" * 129: "x"}, "attributes"),
        ({"a": "x" * 129}, "attributes.a"),
        ({"a": None}, "attributes.a"),
    ]:
        with pytest.raises(FieldError) as info:
            to_str_mapping(value, "attributes")
        assert info.value.field == field


# --- time zones, instants and dates ------------------------------------------------------------


def test_is_valid_timezone_caches_and_refuses_fixed_offsets() -> None:
    assert is_valid_timezone("Asia/Kathmandu")
    assert is_valid_timezone("Asia/Kathmandu")  # from the cache
    assert not is_valid_timezone("Nowhere/Special")
    assert not is_valid_timezone("Nowhere/Special")
    assert not is_valid_timezone("+05:45")


def test_to_datetime_keeps_fixed_offsets() -> None:
    value = dt.datetime(2025, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=-9, minutes=-30)))
    converted = to_datetime(value, "at")
    assert type(converted) is pendulum.DateTime
    assert converted.utcoffset() == value.utcoffset()
    assert converted.timestamp() == value.timestamp()
    assert to_datetime(converted, "at") is converted  # already in stored form


def test_to_datetime_replaces_a_named_zone_by_its_offset() -> None:
    value = pendulum.datetime(2025, 7, 1, 9, tz="Pacific/Chatham")
    converted = to_datetime(value, "at")
    assert converted == value
    assert converted.utcoffset() == dt.timedelta(hours=12, minutes=45)


@pytest.mark.parametrize("value", ["2025-01-01T00:00:00Z", dt.date(2025, 1, 1), 0, None])
def test_to_datetime_refuses_non_datetimes(value: object) -> None:
    with pytest.raises(FieldError) as info:
        to_datetime(value, "at")
    assert info.value.field == "at"


def test_optional_converters_let_none_through() -> None:
    assert to_optional_date(None, "on") is None
    assert to_duration_minutes(2, "n") == 2.0


def test_to_date() -> None:
    day = pendulum.date(2025, 1, 2)
    assert to_date(day, "on") is day
    assert to_date(dt.date(2025, 1, 2), "on") == day
    for value in (dt.datetime(2025, 1, 2), "2025-01-02", None):
        with pytest.raises(FieldError) as info:
            to_date(value, "on")
        assert info.value.field == "on"


# --- numbers, booleans and enums -----------------------------------------------------------------


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, False, "1", None, 1j])
def test_to_finite_float_refuses(value: object) -> None:
    with pytest.raises(FieldError) as info:
        to_finite_float(value, "x")
    assert info.value.field == "x"


def test_to_finite_float_accepts_ints_and_floats() -> None:
    assert to_finite_float(3, "x") == 3.0
    assert type(to_finite_float(3, "x")) is float
    assert to_finite_float(-0.5, "x") == -0.5


def test_to_enum() -> None:
    assert to_enum(Outcome, "neutral", "outcome") is Outcome.NEUTRAL
    assert to_enum(Outcome, Outcome.NEUTRAL, "outcome") is Outcome.NEUTRAL
    for value in ("NEUTRAL", 1, None, ["neutral"]):
        with pytest.raises(FieldError) as info:
            to_enum(Outcome, value, "outcome")
        assert info.value.field == "outcome"
        assert "'positive', 'neutral', 'negative'" in info.value.message


def test_directly_built_objects_hold_the_supported_ranges() -> None:
    from trustops import Area, Interaction, Programme, SurveyResponse

    assert Area(id="a", name="A", timezone="UTC", population=10**10).population == 10**10
    with pytest.raises(FieldError, match="population: expected a population of at most"):
        Area(id="a", name="A", timezone="UTC", population=10**10 + 1)
    visit = Interaction(id="i", occurred_at=pendulum.datetime(1900, 1, 1, tz="UTC"),
                        area_id="a", kind="conversation", initiator="staff", channel="phone")  # fmt: skip
    for year in (1899, 2200):
        when = dt.datetime(year, 6, 1, tzinfo=dt.UTC)
        with pytest.raises(FieldError, match="occurred_at: expected a date and time in the years"):
            attrs.evolve(visit, occurred_at=when)
        with pytest.raises(FieldError, match=r"collected_at: .* 1900 to 2199"):
            SurveyResponse(id="r", instrument_id="s", area_id="a", collected_at=when, answers={})
        with pytest.raises(FieldError, match="start: expected a date in the years 1900 to 2199"):
            Programme(id="p", name="P", organisation="O", start=when.date(), area_ids=["a"])
    assert attrs.evolve(visit, occurred_at=pendulum.datetime(2199, 12, 31, tz="UTC"))


_OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: dt.timedelta(minutes=m))


@given(
    st.datetimes(dt.datetime(1899, 12, 30), dt.datetime(1900, 1, 2))
    | st.datetimes(dt.datetime(2199, 12, 30), dt.datetime(2200, 1, 2))
    | st.datetimes(dt.datetime(1899, 1, 1), dt.datetime(2200, 12, 31)),
    _OFFSETS,
    st.booleans(),
)
def test_the_supported_range_is_checked_on_the_utc_value(
    local: dt.datetime, offset: dt.timedelta, as_pendulum: bool
) -> None:
    """METHODS §2: in range exactly when the instant, in UTC, is in the years 1900 to 2199,
    whatever its offset, built directly (the unrolled check) or converted."""
    when = local.replace(tzinfo=dt.timezone(offset))
    if as_pendulum:
        when = pendulum.instance(when)
    inside = 1900 <= when.astimezone(dt.UTC).year <= 2199
    visit = {"id": "i", "area_id": "a", "kind": "conversation", "initiator": "staff",
             "channel": "phone"}  # fmt: skip
    if inside:
        assert Interaction(occurred_at=when, **visit).occurred_at == when
        assert to_datetime(when, "occurred_at") == when
    else:
        with pytest.raises(FieldError, match=r"occurred_at: .* 1900 to 2199 in UTC"):
            Interaction(occurred_at=when, **visit)
        with pytest.raises(FieldError, match="in UTC"):
            to_datetime(when, "occurred_at")


def test_the_range_ends_are_the_models_declared_instants() -> None:
    assert (FIRST_INSTANT.isoformat(), END_INSTANT.isoformat()) == (
        "1900-01-01T00:00:00+00:00",
        "2200-01-01T00:00:00+00:00",
    )
    late = pendulum.datetime(2199, 12, 31, 23, tz=pendulum.fixed_timezone(-5 * 3600))  # 04:00Z
    with pytest.raises(FieldError, match="got '2199-12-31T23:00:00-05:00'"):
        to_datetime(late, "occurred_at")


_CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))]


@attrs.frozen
class _Texts:
    name: str = attrs.field(validator=check_text)
    about: str = attrs.field(validator=check_multiline_text)


@pytest.mark.parametrize("control", _CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_free_text_refuses_control_characters_naming_the_field(control: str) -> None:
    with pytest.raises(FieldError) as one_line:
        _Texts(name=f"River{control}side", about="ok")
    assert one_line.value.field == "name"
    assert f"got {control!r} at character 6" in one_line.value.message
    if control in "\t\n\r":
        assert _Texts(name="ok", about=f"first{control}second").about == f"first{control}second"
    else:
        with pytest.raises(FieldError) as multiline:
            _Texts(name="ok", about=f"first{control}second")
        assert multiline.value.field == "about"
        assert "tabs and line breaks" in multiline.value.message


@pytest.mark.parametrize(
    "text",
    [
        "\x1b]8;;https://example.org\x1b\\click\x1b]8;;\x1b\\",  # OSC-8 hyperlink
        "bell\x07",
        "\x1b[31mred\x1b[0m",
        "\x9b31m eight-bit CSI",
    ],
)
def test_terminal_sequences_are_refused_in_every_free_text(text: str) -> None:
    for fields in ({"name": text, "about": "ok"}, {"name": "ok", "about": text}):
        with pytest.raises(FieldError, match="control characters"):
            _Texts(**fields)


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1))
def test_free_text_without_control_characters_is_kept_as_written(text: str) -> None:
    if text.strip():
        assert _Texts(name=text, about=text) == _Texts(name=text, about=text)
        assert _Texts(name=text, about=text).name == text
