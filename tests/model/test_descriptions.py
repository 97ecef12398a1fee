"""Every field of every record type is described in a sentence, and nothing else is."""

from __future__ import annotations

import attrs
import pytest

from trustops import model
from trustops.model import FIELD_DESCRIPTIONS, field_description


def test_the_descriptions_cover_exactly_the_fields() -> None:
    for record, fields in FIELD_DESCRIPTIONS.items():
        cls = getattr(model, record)
        assert set(fields) == {f.name for f in attrs.fields(cls) if f.init}, record


def test_unknown_fields_are_named() -> None:
    assert field_description("Area", "timezone").startswith("IANA time zone")
    with pytest.raises(KeyError, match=r"Area\.colour"):
        field_description("Area", "colour")
