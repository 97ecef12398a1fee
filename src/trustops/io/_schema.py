"""JSON Schema (draft 2020-12) for the record formats, so other systems can check what they send."""

from __future__ import annotations

import enum
import typing
from typing import Any, Final

import attrs
import pendulum

from .._errors import FieldError
from ..model import ID_MAX_LENGTH, TEXT_MAX_LENGTH, field_description
from ._converter import RECORD_TYPES

__all__ = ["SCHEMA_DIALECT", "json_schema"]

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_ID_FIELDS: Final = frozenset({"id", "construct", "version"})
_DATE_TIME_PATTERN: Final = r"(Z|[+-]\d{2}:\d{2})$"
_ONE_LINE_TEXT: Final = r"^[^\u0000-\u001f\u007f-\u009f]*$"
_MULTILINE_TEXT: Final = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def _is_id_field(name: str) -> bool:
    return name in _ID_FIELDS or name.endswith(("_id", "_ids"))


def _takes_line_breaks(field: attrs.Attribute[Any]) -> bool:
    """Whether the field's own check accepts text over several lines (asked, not restated)."""
    if field.validator is None:
        return False
    try:
        field.validator(None, field, "two\nlines")
    except FieldError:
        return False
    return True


def _schema_for(
    type_: Any, name: str, defs: dict[str, Any], *, multiline: bool = False
) -> dict[str, Any]:
    args = typing.get_args(type_)
    origin = typing.get_origin(type_)
    if origin is typing.Union or (args and type(None) in args):
        rest = [arg for arg in args if arg is not type(None)]
        inner = _schema_for(rest[0], name, defs, multiline=multiline) if len(rest) == 1 else {}
        return {"anyOf": [inner, {"type": "null"}]}
    if type_ is str:
        if _is_id_field(name):
            return {
                "type": "string",
                "minLength": 1,
                "maxLength": ID_MAX_LENGTH,
                "pattern": r"^\S(.*\S)?$",
            }
        return {
            "type": "string",
            "minLength": 1,
            "maxLength": TEXT_MAX_LENGTH,
            "pattern": _MULTILINE_TEXT if multiline else _ONE_LINE_TEXT,
        }
    if type_ is bool:
        return {"type": "boolean"}
    if type_ is int:
        return {"type": "integer"}
    if type_ is float:
        return {"type": "number"}
    if type_ is pendulum.DateTime:
        return {"type": "string", "format": "date-time", "pattern": _DATE_TIME_PATTERN}
    if type_ is pendulum.Date:
        return {"type": "string", "format": "date"}
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return {"type": "string", "enum": [member.value for member in type_]}
    if origin is tuple:
        item = _schema_for(args[0], name.removesuffix("s"), defs)
        schema: dict[str, Any] = {"type": "array", "items": item}
        if _is_id_field(name):
            schema["uniqueItems"] = True
        return schema
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_for(args[1], name, defs)}
    if attrs.has(type_):
        if type_.__name__ not in defs:
            defs[type_.__name__] = {}
            defs[type_.__name__] = _object_schema(type_, defs)
        return {"$ref": f"#/$defs/{type_.__name__}"}
    raise TypeError(f"no JSON Schema for {type_!r}")  # pragma: no cover - every model type is above


def _object_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        multiline = hints[field.name] in (str, str | None) and _takes_line_breaks(field)
        schema = _schema_for(hints[field.name], field.name, defs, multiline=multiline)
        schema["description"] = field_description(cls.__name__, field.name)
        properties[field.alias] = schema
        if field.default is attrs.NOTHING:
            required.append(field.alias)
    result: dict[str, Any] = {
        "type": "object",
        "title": cls.__name__,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        result["description"] = " ".join(doc.split())
    return result


def json_schema(record: type[Any] | str) -> dict[str, Any]:
    """The JSON Schema of one record type, by class or plural name (``"interactions"``).

    The schema checks shapes, types, enum values, identifiers and required fields. Rules that
    span fields (an end before its start, an answer off its item's scale) are enforced by
    trustops itself when it reads the data.

    >>> from trustops.io import json_schema
    >>> schema = json_schema("interactions")
    >>> schema["title"], schema["properties"]["kind"]["enum"][:2]
    ('Interaction', ['conversation', 'attendance'])
    """
    if isinstance(record, str):
        try:
            cls = RECORD_TYPES[record]
        except KeyError:
            known = ", ".join(RECORD_TYPES)
            raise ValueError(f"unknown record type {record!r}; expected one of {known}") from None
    else:
        cls = record
    defs: dict[str, Any] = {}
    schema = {"$schema": SCHEMA_DIALECT, **_object_schema(cls, defs)}
    if defs:
        schema["$defs"] = defs
    return schema
