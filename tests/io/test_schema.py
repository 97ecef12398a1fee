"""JSON Schema export: valid schemas that accept what trustops writes and refuse what it rejects."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Interaction
from trustops import testing as tst
from trustops.io import RECORD_TYPES, describe_error, json_schema, make_converter

CONVERTER = make_converter()


@pytest.mark.parametrize("name", list(RECORD_TYPES))
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert schema == json_schema(RECORD_TYPES[name])


@pytest.mark.parametrize(
    "strategy",
    [
        tst.interactions(),
        tst.survey_instruments(),
        tst.survey_responses(),
        tst.indicators(),
        tst.areas(),
    ],
    ids=lambda s: repr(s)[:18],
)
@given(data=st.data())
def test_what_trustops_writes_validates(strategy: Any, data: st.DataObject) -> None:
    record = data.draw(strategy)
    validator = jsonschema.Draft202012Validator(
        json_schema(type(record)), format_checker=jsonschema.FormatChecker()
    )
    validator.validate(CONVERTER.unstructure(record))


@pytest.mark.parametrize(
    "patch",
    [{"kind": "gossip"}, {"colour": "blue"}, {"id": ""}, {"occurred_at": "2026-03-01T12:00:00"}],
)
def test_the_schema_refuses_what_the_reader_rejects(patch: dict[str, Any]) -> None:
    record = {
        "id": "i",
        "occurred_at": "2026-03-01T12:00:00+00:00",
        "area_id": "a",
        "kind": "conversation",
        "initiator": "staff",
        "channel": "phone",
        **patch,
    }
    validator = jsonschema.Draft202012Validator(json_schema(Interaction))
    assert not validator.is_valid(record)


def test_unknown_record_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown record type 'widgets'"):
        json_schema("widgets")


def _descriptions(node: object, where: str = "$") -> list[tuple[str, str]]:
    """Every property's description in a schema, with where it is."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            found.append((f"{where}.{name}", value.get("description", "")))
        for key, value in node.items():
            found += _descriptions(value, f"{where}.{key}")
    return found


@pytest.mark.parametrize("record", sorted(RECORD_TYPES))
def test_every_field_has_a_real_description(record: str) -> None:
    import attrs

    generic = (attrs.Attribute.__doc__ or "").strip()
    found = _descriptions(json_schema(record))
    assert found
    for where, text in found:
        assert text, f"{where} has no description"
        assert text.strip() != generic, f"{where} has the attrs Attribute docstring"
        assert "Read-only representation" not in text, where
        assert len(text.split()) >= 3, f"{where}: {text!r} says too little"
        assert text.endswith("."), f"{where}: {text!r} is not a sentence"


@pytest.mark.parametrize(
    ("record", "patch", "valid"),
    [
        ("areas", {"name": "River\x1b[2Jside"}, False),
        ("areas", {"name": "River\nside"}, False),
        ("areas", {"name": "River\x9bside"}, False),
        ("areas", {"name": "Riverside ünd 河"}, True),
        ("programmes", {"description": "two\nlines\tand a tab"}, True),
        ("programmes", {"description": "bell\x07"}, False),
        ("programmes", {"name": "two\nlines"}, False),
    ],
)
def test_the_schema_refuses_control_characters_where_the_model_does(
    record: str, patch: dict[str, Any], valid: bool
) -> None:
    base = {
        "areas": {"id": "a", "name": "A", "timezone": "UTC"},
        "programmes": {
            "id": "p",
            "name": "P",
            "organisation": "O",
            "start": "2026-01-01",
            "area_ids": ["a"],
        },
    }[record]
    data = {**base, **patch}
    CONVERTER.structure(base, RECORD_TYPES[record])
    validator = jsonschema.Draft202012Validator(json_schema(record))
    assert validator.is_valid(data) is valid
    if valid:
        CONVERTER.structure(data, RECORD_TYPES[record])
    else:
        with pytest.raises(Exception, match="While structuring") as caught:
            CONVERTER.structure(data, RECORD_TYPES[record])
        [(path, message)] = describe_error(caught.value)
        assert path == f"$.{next(iter(patch))}"
        assert "control characters" in message
