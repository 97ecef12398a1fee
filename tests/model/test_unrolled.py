"""Tests of the generated field checks: the unrolled pass decides exactly as the plain checks."""

from __future__ import annotations

import datetime as dt
import enum
import linecache
import math
import traceback
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import AttendanceStatus, Channel, FieldError, Initiator, Interaction, InteractionKind
from trustops import Outcome as OutcomeEnum
from trustops.model import checked_builder
from trustops.model._unrolled import CHECK, IDENTIFIER, Check, enum_of, unrolled_checks
from trustops.testing import aware_datetimes, identifiers, interactions

AWKWARD_IDS = ["", " a", "a ", "a\tb", "a\u2028b", "a\xa0b", "x" * 128, "x" * 129, "Zoë's café"]


def id_values() -> st.SearchStrategy[object]:
    return st.one_of(
        identifiers(),
        st.sampled_from(AWKWARD_IDS),
        st.text(max_size=5),
        st.integers(),
        st.binary(max_size=3),
        st.none(),
    )


def instant_values() -> st.SearchStrategy[object]:
    return st.one_of(
        aware_datetimes(),
        st.datetimes(),  # naive
        st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-3))])),
        st.just(dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(microseconds=1)))),
        st.dates(),
        st.text(max_size=3),
        st.none(),
    )


def enum_values(enum_type: type[enum.Enum]) -> st.SearchStrategy[object]:
    members = list(enum_type)
    return st.one_of(
        st.sampled_from(members),
        st.sampled_from([member.value for member in members]),
        st.sampled_from([member.value.upper() for member in members]),
        st.text(max_size=3),
        st.integers(),
        st.lists(st.sampled_from([member.value for member in members]), max_size=1),
        st.none(),
    )


def number_values() -> st.SearchStrategy[object]:
    return st.one_of(st.floats(), st.integers(-5, 10**6), st.booleans(), st.just("5"), st.none())


VALUES: dict[str, st.SearchStrategy[object]] = {
    "id": id_values(),
    "occurred_at": instant_values(),
    "area_id": id_values(),
    "kind": enum_values(InteractionKind),
    "initiator": enum_values(Initiator),
    "channel": enum_values(Channel),
    "initiative_id": id_values(),
    "session_id": id_values(),
    "staff_id": id_values(),
    "resident_id": id_values(),
    "outcome": enum_values(OutcomeEnum),
    "attendance": enum_values(AttendanceStatus),
    "observed_at": instant_values(),
    "duration_minutes": number_values(),
}


def outcome(build: Any, values: dict[str, object]) -> tuple[object, ...]:
    """What building gives: the stored values with their types, or the error's field and text."""
    try:
        record = build(values)
    except FieldError as error:
        return ("refused", error.field, error.message)
    stored = attrs.astuple(record, recurse=False)
    kinds = tuple((type(value), type(getattr(value, "tzinfo", None))) for value in stored)
    return ("built", stored, kinds)


def plain_build(values: dict[str, object]) -> Interaction:
    """Interaction built by the plain checks: each field's, in declaration order, then the rules."""
    record = object.__new__(Interaction)
    for field in attrs.fields(Interaction):
        value = values.get(field.name, field.default)
        if not (value is None and field.default is None):
            value = field.metadata[CHECK].plain(value, field.name)
        object.__setattr__(record, field.name, value)
    Interaction.__attrs_post_init__.__wrapped__(record)  # type: ignore[attr-defined]
    return record


def generated_build(values: dict[str, object]) -> Interaction:
    return Interaction(**values)  # type: ignore[arg-type]


BUILD = checked_builder(Interaction)


def builder_build(values: dict[str, object]) -> Interaction:
    """Interaction built by its checked builder, from every field's value in order."""
    assert BUILD is not None
    return BUILD(*(values.get(field.name, field.default) for field in attrs.fields(Interaction)))


def test_every_field_declares_its_check() -> None:
    assert all(isinstance(field.metadata.get(CHECK), Check) for field in attrs.fields(Interaction))


REQUIRED = ("id", "occurred_at", "area_id", "kind", "initiator", "channel")


@given(
    st.fixed_dictionaries(
        {name: VALUES[name] for name in REQUIRED},
        optional={name: VALUES[name] for name in VALUES if name not in REQUIRED},
    )
)
def test_generated_checks_decide_as_the_plain_checks(values: dict[str, object]) -> None:
    assert outcome(generated_build, values) == outcome(plain_build, values)
    assert outcome(builder_build, values) == outcome(plain_build, values)


def changes() -> st.SearchStrategy[dict[str, object]]:
    """One or two fields given any value, valid or not."""
    names = st.sets(st.sampled_from(list(VALUES)), min_size=1, max_size=2)
    return names.flatmap(lambda chosen: st.fixed_dictionaries({n: VALUES[n] for n in chosen}))


@given(interactions(), changes())
def test_a_valid_record_with_fields_changed_is_decided_as_by_the_plain_checks(
    interaction: Interaction, changed: dict[str, object]
) -> None:
    values = {**attrs.asdict(interaction, recurse=False), **changed}
    assert outcome(generated_build, values) == outcome(plain_build, values)
    assert outcome(builder_build, values) == outcome(plain_build, values)


_DURATIONS = (-0.0, 0.0, 5, -0.5, -1, math.nan, math.inf, True, "5", 1e308)
EDGES: dict[str, list[object]] = {
    "id": [*AWKWARD_IDS, 7, None],
    "occurred_at": [
        pendulum.datetime(2025, 10, 26, 1, 30, tz="Europe/London", fold=1),
        dt.datetime(2025, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=45))),
        dt.datetime(2025, 1, 1, 12),
        dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(microseconds=1))),
        "2025-01-01T00:00:00+00:00",
    ],
    "kind": ["attendance", "ATTENDANCE", Channel.APP, 1, None, ["conversation"]],
    "outcome": ["neutral", OutcomeEnum.NEUTRAL, "", AttendanceStatus.PRESENT, True],
    "duration_minutes": [*_DURATIONS, 1e6, 10**6, 1000000.0001],  # the upper end too
}


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, values in EDGES.items() for value in values]
)
@pytest.mark.parametrize("kind", ["conversation", "suspicious_activity_report"])
def test_edge_values_are_decided_as_by_the_plain_checks(
    name: str, value: object, kind: str
) -> None:
    values: dict[str, object] = {
        "id": "i",
        "occurred_at": pendulum.datetime(2026, 1, 1, tz="Asia/Kathmandu"),
        "area_id": "a",
        "kind": kind,
        "initiator": "staff",
        "channel": "app",
        "resident_id": "r",
        name: value,
    }
    assert outcome(generated_build, values) == outcome(plain_build, values)
    assert outcome(builder_build, values) == outcome(plain_build, values)


def test_a_float_is_stored_as_given_and_an_int_converted() -> None:
    base: dict[str, Any] = {
        "id": "i",
        "occurred_at": pendulum.datetime(2026, 1, 1, tz="UTC"),
        "area_id": "a",
        "kind": "conversation",
        "initiator": "staff",
        "channel": "app",
    }
    assert Interaction(**base, duration_minutes=-0.0).duration_minutes == 0.0
    assert type(Interaction(**base, duration_minutes=3).duration_minutes) is float
    with pytest.raises(FieldError, match="duration_minutes: expected a finite number"):
        Interaction(**base, duration_minutes=math.inf)


def test_a_class_needs_rules_of_its_own() -> None:
    @attrs.frozen
    class NoRules:
        name: str = attrs.field(metadata=IDENTIFIER)

    with pytest.raises(TypeError, match="NoRules needs an __attrs_post_init__"):
        unrolled_checks(NoRules)


def test_any_class_gets_its_declared_checks_and_keeps_undeclared_fields() -> None:
    seen: list[str] = []

    @unrolled_checks
    @attrs.frozen
    class Tagged:
        name: str = attrs.field(metadata=IDENTIFIER)
        colour: Channel | None = attrs.field(default=None, metadata=enum_of(Channel))
        note: object = None

        def __attrs_post_init__(self) -> None:
            seen.append(self.name)

    tagged = Tagged("x", "app", note=" free ")  # type: ignore[arg-type]
    assert (tagged.colour, tagged.note, seen) == (Channel.APP, " free ", ["x"])
    with pytest.raises(FieldError, match="colour: expected one of"):
        Tagged("x", "fax")  # type: ignore[arg-type]
    with pytest.raises(FieldError, match="name: expected 1 to 128"):
        Tagged(" x")


def test_the_generated_source_shows_in_tracebacks() -> None:
    values = {"id": 7, "occurred_at": pendulum.now("UTC"), "area_id": "a", "kind": "conversation"}
    with pytest.raises(FieldError) as info:
        generated_build({**values, "initiator": "staff", "channel": "app"})
    frames = traceback.extract_tb(info.value.__traceback__)
    generated = [frame for frame in frames if frame.filename.startswith("<trustops unrolled")]
    assert generated
    assert generated[0].line == "_put(self, 'id', _0_plain(v, 'id'))"
    assert linecache.getlines(generated[0].filename)[0].startswith("def __attrs_post_init__")


def test_a_builder_keeps_undeclared_fields_and_runs_the_class_rules() -> None:
    seen: list[str] = []

    @unrolled_checks
    @attrs.frozen
    class Tagged:
        name: str = attrs.field(metadata=IDENTIFIER)
        colour: Channel | None = attrs.field(default=None, metadata=enum_of(Channel))
        note: object = None

        def __attrs_post_init__(self) -> None:
            seen.append(self.name)

    build = checked_builder(Tagged)
    assert build is not None
    assert build("x", "app", " free ") == Tagged("x", "app", " free ")  # type: ignore[arg-type]
    assert seen == ["x", "x"]
    with pytest.raises(FieldError, match="colour: expected one of"):
        build("x", "fax", None)
    assert seen == ["x", "x"]


def _rules(self: object) -> None:
    pass


@pytest.mark.parametrize(
    "declare",
    [
        lambda **options: attrs.field(metadata=IDENTIFIER, validator=lambda *_: None, **options),
        lambda **options: attrs.field(metadata=IDENTIFIER, converter=str, **options),
        lambda **options: attrs.field(metadata=IDENTIFIER, init=False, default="n", **options),
    ],
    ids=["validator", "converter", "not in __init__"],
)
def test_no_builder_when_the_init_does_more_than_store(declare: Any) -> None:
    cls = type(
        "Odd",
        (),
        {"__annotations__": {"name": "str"}, "name": declare(), "__attrs_post_init__": _rules},
    )
    assert checked_builder(unrolled_checks(attrs.frozen(cls))) is None


def test_no_builder_without_slots_of_its_own_or_with_a_pre_init() -> None:
    @unrolled_checks
    @attrs.frozen(slots=False)
    class Plain:
        name: str = attrs.field(metadata=IDENTIFIER)

        def __attrs_post_init__(self) -> None:
            pass

    @unrolled_checks
    @attrs.frozen
    class Early:
        name: str = attrs.field(metadata=IDENTIFIER)

        def __attrs_pre_init__(self) -> None:
            pass

        def __attrs_post_init__(self) -> None:
            pass

    assert Plain(name="a").name == Early(name="a").name == "a"
    assert checked_builder(Plain) is None
    assert checked_builder(Early) is None
    assert checked_builder(Channel) is None


def test_the_builder_source_shows_in_tracebacks() -> None:
    with pytest.raises(FieldError) as info:
        builder_build(
            {
                "id": 7,
                "occurred_at": pendulum.now("UTC"),
                "area_id": "a",
                "kind": "conversation",
                "initiator": "staff",
                "channel": "app",
            }
        )
    frames = traceback.extract_tb(info.value.__traceback__)
    generated = [frame for frame in frames if frame.filename.startswith("<trustops checked")]
    assert [frame.line for frame in generated] == ["a0 = _0_plain(v, 'id')"]
