"""The cattrs converter that turns plain data (JSON-like dicts) into models and back."""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.v import format_exception

from .. import model
from .._errors import FieldError
from ..model import (
    Area,
    Dataset,
    Indicator,
    Initiative,
    Interaction,
    OffsetError,
    Partner,
    Programme,
    Session,
    SurveyInstrument,
    SurveyResponse,
    as_fixed_offset,
    describe_value,
    to_enum,
    to_finite_float,
)

__all__ = [
    "RECORD_TYPES",
    "default_converter",
    "describe_error",
    "make_converter",
    "parse_date",
    "parse_datetime",
]

RECORD_TYPES: Final[Mapping[str, type[Any]]] = {
    "programmes": Programme,
    "areas": Area,
    "partners": Partner,
    "initiatives": Initiative,
    "sessions": Session,
    "interactions": Interaction,
    "instruments": SurveyInstrument,
    "responses": SurveyResponse,
    "indicators": Indicator,
}
"""Record kinds by their plural name, as used for file names (``interactions.jsonl``)."""

assert tuple(RECORD_TYPES) == tuple(f.name for f in attrs.fields(Dataset))


_fromisoformat = _dt.datetime.fromisoformat


_ENUMS: Final = tuple(
    value
    for value in (getattr(model, name) for name in model.__all__)
    if isinstance(value, type) and issubclass(value, enum.Enum)
)


class _TypeMismatchError(ValueError):
    """A JSON value of the wrong kind; the message says what was expected."""


def parse_datetime(value: object) -> pendulum.DateTime:
    """Parse an ISO-8601 date-time with a UTC offset (``2026-03-14T18:30:00+00:00``).

    ``Z`` is accepted for UTC. A value without an offset is refused: trustops never guesses a
    time zone.

    >>> from trustops.io import parse_datetime
    >>> parse_datetime("2026-03-14T18:30:00Z").isoformat()
    '2026-03-14T18:30:00+00:00'
    """
    if type(value) is str:
        try:
            parsed = _fromisoformat(value)
        except ValueError:
            pass
        else:
            try:
                return as_fixed_offset(parsed)
            except OffsetError as error:
                raise _TypeMismatchError(str(error)) from None
        raise _TypeMismatchError(
            f"expected an ISO-8601 date-time such as '2026-03-14T18:30:00+00:00', got {describe_value(value)}"
        )
    raise _TypeMismatchError(f"expected an ISO-8601 date-time string, got {describe_value(value)}")


def parse_date(value: object) -> pendulum.Date:
    """Parse an ISO-8601 calendar date (``2026-03-14``).

    >>> from trustops.io import parse_date
    >>> parse_date("2026-03-14")
    Date(2026, 3, 14)
    """
    if type(value) is not str or len(value) != 10:
        raise _TypeMismatchError(
            f"expected a date such as '2026-03-14', got {describe_value(value)}"
        )
    try:
        parsed = _dt.date.fromisoformat(value)
    except ValueError:
        raise _TypeMismatchError(
            f"expected a date such as '2026-03-14', got {describe_value(value)}"
        ) from None
    return pendulum.Date(parsed.year, parsed.month, parsed.day)


def _structure_str(value: object, _: object) -> str:
    if type(value) is not str:
        raise _TypeMismatchError(f"expected a string, got {describe_value(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise _TypeMismatchError(f"expected a whole number, got {describe_value(value)}")
    return value


def _structure_float(value: object, _: object) -> float:
    try:
        return to_finite_float(value, "value")
    except FieldError as error:
        raise _TypeMismatchError(error.message) from None


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise _TypeMismatchError(f"expected true or false, got {describe_value(value)}")
    return value


def _structure_enum(value: object, enum_type: type[enum.Enum]) -> enum.Enum:
    return to_enum(enum_type, value, "value")


@functools.cache
def default_converter() -> cattrs.Converter:
    """The converter readers and writers use when given none: made once, never handed out.

    Users who want to register hooks of their own call :func:`make_converter` and pass the
    result; this one stays as trustops configured it.
    """
    return make_converter()


def _unstructure_enum(value: enum.Enum) -> Any:
    return value.value


def _is_model(type_: Any) -> bool:
    return attrs.has(type_) and type_.__module__.startswith("trustops.model")


def _unwrap_optional(type_: Any) -> Any:
    args = typing.get_args(type_)
    if type(type_) is types.UnionType and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return type_


def _model_hook(cls: type[Any], converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """A structure hook for one model class.

    The model's own attrs validators and converters check every field strictly, so the hook
    only parses what JSON cannot carry (date-times, dates, nested records), refuses unknown
    and missing fields, and hands the rest to the class. Readers, which own the dicts they
    parse, call its ``owned`` attribute instead, which parses the dict in place.
    """
    hints = typing.get_type_hints(cls)
    fields = [field for field in attrs.fields(cls) if field.init]
    allowed = frozenset(field.alias for field in fields)
    required = frozenset(field.alias for field in fields if field.default is attrs.NOTHING)
    parsers: list[tuple[str, Any, Callable[[Any], Any]]] = []
    for field in fields:
        type_ = _unwrap_optional(hints[field.name])
        if type_ is pendulum.DateTime:
            parsers.append((field.alias, type_, parse_datetime))
        elif type_ is pendulum.Date:
            parsers.append((field.alias, type_, parse_date))
        elif attrs.has(type_):
            parsers.append((field.alias, type_, _nested(type_, converter)))
        elif typing.get_origin(type_) is tuple and attrs.has(typing.get_args(type_)[0]):
            parsers.append((field.alias, type_, _nested_list(typing.get_args(type_)[0], converter)))

    def diagnose(data: dict[str, Any], error: TypeError) -> Exception:
        # cls(**data) refused the keywords: name the unknown and the missing fields.
        extra = data.keys() - allowed
        if extra:
            return ForbiddenExtraKeysError("", cls, set(extra))
        missing = sorted(required - data.keys())
        if missing:
            return ClassValidationError(
                f"missing fields of {cls.__name__}",
                [_with_note(KeyError(name), name, Any) for name in missing],
                cls,
            )
        return error  # pragma: no cover - a TypeError raised for another reason

    def call(data: dict[str, Any]) -> Any:
        try:
            return cls(**data)
        except TypeError as error:
            raise diagnose(data, error) from None

    construct = _keyword_call(cls, fields, hints, allowed, call)

    def parse_owned(data: Any, _: Any = None) -> Any:
        if type(data) is not dict:
            raise _TypeMismatchError(
                f"expected a JSON object {{...}} for {cls.__name__}, got {describe_value(data)}"
            )
        errors: list[Exception] | None = None  # made only when needed: this is a hot path
        for name, type_, parse in parsers:
            value = data.get(name)
            if value is not None:
                try:
                    data[name] = parse(value)
                except Exception as error:
                    errors = errors or []
                    errors.append(_with_note(error, name, type_))
        if errors:
            extra = data.keys() - allowed
            if extra:
                raise ForbiddenExtraKeysError("", cls, set(extra))
            raise ClassValidationError(f"while structuring {cls.__name__}", errors, cls)
        return construct(data)

    def structure(data: Any, _: Any) -> Any:
        return parse_owned(dict(data) if parsers and type(data) is dict else data)

    structure.owned = parse_owned  # type: ignore[attr-defined]
    return structure


def _keyword_call(
    cls: type[Any],
    fields: list[attrs.Attribute[Any]],
    hints: dict[str, Any],
    allowed: frozenset[str],
    fallback: Callable[[dict[str, Any]], Any],
) -> Callable[[dict[str, Any]], Any]:
    """A function doing ``fallback(data)`` (``cls(**data)``), faster for well-formed data.

    ``cls(**data)`` with parsed JSON keys is slow: Python binds keywords by identity with
    the parameter names and falls back to comparing strings, and parsers' keys are not the
    interned names. The function made here names every keyword in its code, as attrs makes
    ``__init__``, and maps enum values to members on the way (sparing the model a second
    ``__setattr__``). When anything goes wrong (an unknown or missing key, an unhashable enum
    value, a value the model refuses), ``fallback`` builds the record again and raises the
    exact error, so the outcome is always that of ``cls(**data)``. Classes with factory
    defaults always use ``fallback``.
    """
    if any(isinstance(field.default, attrs.Factory) for field in fields):  # type: ignore[arg-type]
        return fallback
    namespace: dict[str, Any] = {"cls": cls, "fallback": fallback, "allowed": allowed}
    arguments = []
    for index, field in enumerate(fields):
        alias, type_ = field.alias, _unwrap_optional(hints[field.name])
        if field.default is attrs.NOTHING:
            value = f"data[{alias!r}]"
        else:
            namespace[f"default{index}"] = field.default
            value = f"get({alias!r}, default{index})"
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            namespace[f"members{index}"] = dict(type_._value2member_map_)
            value = f"members{index}.get(value{index} := {value}, value{index})"
        arguments.append(f"{alias}={value}")
    source = (
        "def construct(data):\n"
        "    if not data.keys() <= allowed:\n"
        "        return fallback(data)\n"
        "    get = data.get\n"
        "    try:\n"
        f"        return cls({', '.join(arguments)})\n"
        "    except Exception:\n"
        "        return fallback(data)\n"
    )
    exec(compile(source, f"<trustops structure {cls.__qualname__}>", "exec"), namespace)
    construct: Callable[[dict[str, Any]], Any] = namespace["construct"]
    return construct


def _with_note(error: Exception, name: str, type_: Any) -> Exception:
    error.__notes__ = [*getattr(error, "__notes__", []), AttributeValidationNote(name, name, type_)]
    return error


def _nested(type_: type[Any], converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_structure_hook(type_)
    return lambda value: hook(value, type_)


def _nested_list(type_: type[Any], converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = converter.get_structure_hook(type_)

    def structure(value: Any) -> list[Any]:
        if type(value) is not list:
            raise _TypeMismatchError(
                f"expected a JSON array of {type_.__name__} objects, got {describe_value(value)}"
            )
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(hook(item, type_))
            except Exception as error:
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"item {index}", index, type_),
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError(
                f"while structuring a list of {type_.__name__}", errors, list
            )
        return items

    return structure


def make_converter() -> cattrs.Converter:
    """Return a new cattrs converter configured for every trustops model.

    - date-times are ISO-8601 strings with a UTC offset, read into pendulum ``DateTime``;
      dates are ``YYYY-MM-DD``;
    - enums are their string values;
    - numbers are strict: a string, a boolean, NaN or an infinity is never a number, and a
      float is never a whole number;
    - unknown fields are errors, never silently dropped.

    Each call returns a fresh converter; cattrs' global converter is never used or changed.

    >>> from trustops import Area
    >>> from trustops.io import make_converter
    >>> conv = make_converter()
    >>> area = conv.structure({"id": "a", "name": "A", "timezone": "Asia/Tokyo"}, Area)
    >>> conv.unstructure(area)
    {'id': 'a', 'name': 'A', 'timezone': 'Asia/Tokyo', 'population': None, 'margins': {}}
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(pendulum.DateTime, lambda v, _: parse_datetime(v))
    converter.register_structure_hook(pendulum.Date, lambda v, _: parse_date(v))
    converter.register_unstructure_hook(pendulum.DateTime, lambda v: v.isoformat())
    converter.register_unstructure_hook(pendulum.Date, lambda v: v.isoformat())
    # Each enum by name: they are str subclasses, and the str hook would otherwise win.
    for enum_type in _ENUMS:
        converter.register_structure_hook(enum_type, _structure_enum)
        converter.register_unstructure_hook(enum_type, _unstructure_enum)
    converter.register_structure_hook_factory(_is_model, _model_hook)
    return converter


def describe_error(error: BaseException) -> list[tuple[str, str]]:
    """Turn an exception from structuring into ``(path, message)`` pairs.

    Paths look like ``$.occurred_at`` or ``$.items[2].scale_max``.

    >>> from trustops import Area
    >>> from trustops.io import describe_error, make_converter
    >>> try:
    ...     make_converter().structure({"id": "a", "name": "A", "timezone": "Mars/Base"}, Area)
    ... except Exception as error:
    ...     print(describe_error(error))
    [('$.timezone', "expected an IANA time zone name such as 'Europe/London', got 'Mars/Base'")]
    """
    found: list[tuple[str, str]] = []
    _walk(error, "$", found)
    return found


def _walk(error: BaseException, path: str, found: list[tuple[str, str]]) -> None:
    if isinstance(error, ClassValidationError | IterableValidationError):
        for sub in error.exceptions:
            _walk(sub, _extend(path, sub), found)
        return
    if isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            found.append((f"{path}.{key}", "unknown field; remove it or check its spelling"))
        return
    if isinstance(error, FieldError):
        found.append(
            (f"{path}.{error.field}" if path != "$" or error.field else path, error.message)
        )
        return
    if isinstance(error, KeyError) and error.args:
        found.append((f"{path}", "required field is missing"))
        return
    if isinstance(error, _TypeMismatchError | ValueError | TypeError):
        found.append((path, str(error)))
        return
    found.append((path, format_exception(error, None)))  # pragma: no cover - defensive


def _extend(path: str, error: BaseException) -> str:
    for note in getattr(error, "__notes__", ()):
        name = getattr(note, "name", None)
        if name is not None:
            return f"{path}.{name}"
        index = getattr(note, "index", None)
        if index is not None:
            return f"{path}[{index}]"
    return path
