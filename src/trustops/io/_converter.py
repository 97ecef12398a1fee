"""The cattrs converter that turns plain data (JSON-like dicts) into models and back."""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import linecache
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import cattrs
import pendulum
from cattrs.errors import ForbiddenExtraKeysError, IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override
from cattrs.v import format_exception, transform_error

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
    checked_builder,
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


@attrs.frozen
class _FieldPlan:
    """How the model hook reads one field: the one declaration both paths are made from."""

    alias: str
    type_: Any
    default: Any
    parse: Callable[[Any], Any] | None
    """Parses what JSON cannot carry (date-times, dates, nested records); ``None``: the value
    goes to the model as it is, and the model's own checks decide."""


def _plans(
    cls: type[Any], converter: cattrs.Converter
) -> tuple[list[_FieldPlan], list[attrs.Attribute[Any]]]:
    hints = typing.get_type_hints(cls)
    fields = [field for field in attrs.fields(cls) if field.init]
    plans = []
    for field in fields:
        type_ = _unwrap_optional(hints[field.name])
        parse: Callable[[Any], Any] | None = None
        if type_ is pendulum.DateTime:
            parse = parse_datetime
        elif type_ is pendulum.Date:
            parse = parse_date
        elif attrs.has(type_):
            parse = _nested(type_, converter)
        elif typing.get_origin(type_) is tuple and attrs.has(typing.get_args(type_)[0]):
            parse = _nested_list(typing.get_args(type_)[0], converter)
        plans.append(_FieldPlan(field.alias, type_, field.default, parse))
    return plans, fields


def _model_hook(cls: type[Any], converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """A structure hook for one model class, made from one plan per field.

    The model's own attrs validators and converters check every field strictly, so the hook
    only parses what JSON cannot carry (date-times, dates, nested records), refuses unknown
    and missing fields, and hands the rest to the class. Two paths come from the plans:
    cattrs' generated structuring function (:func:`cattrs.gen.make_dict_structure_fn`, with
    detailed validation), which locates every problem, and a generated keyword call
    (:func:`_fast_path`) that builds well-formed records faster and hands anything else to
    the first. Neither changes the dict it is given.
    """
    plans, fields = _plans(cls, converter)
    allowed = frozenset(plan.alias for plan in plans)
    overrides = {
        field.name: override(
            struct_hook=_passthrough if plan.parse is None else _as_hook(plan.parse)
        )
        for field, plan in zip(fields, plans, strict=True)
    }
    located = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_use_alias=True,
        _cattrs_detailed_validation=True,
        **typing.cast(dict[str, Any], overrides),
    )

    def structure(data: Any, _: Any = None) -> Any:
        if type(data) is not dict:
            raise _TypeMismatchError(
                f"expected a JSON object {{...}} for {cls.__name__}, got {describe_value(data)}"
            )
        extra = data.keys() - allowed
        if extra:  # a misspelt field: its name is the news, not the fields it leaves missing
            raise ForbiddenExtraKeysError("", cls, set(extra))
        return located(data, cls)

    return _fast_path(cls, plans, allowed, structure)


def _passthrough(value: Any, _: Any) -> Any:
    return value


def _as_hook(parse: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    return lambda value, _: None if value is None else parse(value)


def _fast_path(
    cls: type[Any],
    plans: list[_FieldPlan],
    allowed: frozenset[str],
    located: Callable[[Any], Any],
) -> Callable[[Any, Any], Any]:
    """A hook doing ``located(data)``, faster for well-formed data.

    ``cls(**data)`` with parsed JSON keys is slow: Python binds keywords by identity with
    the parameter names and falls back to comparing strings, and parsers' keys are not the
    interned names. The function made here names every keyword in its code, as attrs makes
    ``__init__``, parses date-times on the way and maps enum values to members (sparing the
    model a second ``__setattr__``). When anything goes wrong (not a dict, an unknown or
    missing key, an unhashable enum value, a value the model refuses), ``located`` builds
    the record again and raises the located error, so the outcome is always that of the
    located path. When the dict holds as many keys as there are fields, each is read by
    name and no test for unknown keys is needed (a missing name is a ``KeyError``). Classes
    with factory defaults always use ``located``. A class with a
    :func:`~trustops.model.checked_builder` is built by it from the values in field order (it
    maps enum values itself); others by a keyword call.
    """
    if any(
        isinstance(plan.default, attrs.Factory)  # type: ignore[arg-type]
        or (plan.parse is not None and plan.default not in (None, attrs.NOTHING))
        for plan in plans
    ):

        def plain(data: Any, _: Any = None) -> Any:
            return located(data)

        return plain
    build = checked_builder(cls)
    namespace: dict[str, Any] = {"cls": build or cls, "located": located, "allowed": allowed}
    every, some = [], []  # the arguments when every field is given, and when some may be left out
    for index, plan in enumerate(plans):
        alias, type_ = plan.alias, plan.type_
        given = f"data[{alias!r}]"
        maybe = given
        if plan.default is not attrs.NOTHING:
            namespace[f"default{index}"] = plan.default
            maybe = f"get({alias!r}, default{index})"
        values = [given, maybe]
        if plan.parse is not None:
            namespace[f"parse{index}"] = plan.parse
            if plan.default is attrs.NOTHING:
                values = [f"parse{index}({value})" for value in values]
            else:
                values = [
                    f"None if (value{index} := {value}) is None else parse{index}(value{index})"
                    for value in values
                ]
        elif build is None and isinstance(type_, type) and issubclass(type_, enum.Enum):
            namespace[f"members{index}"] = dict(type_._value2member_map_)
            values = [
                f"members{index}.get(value{index} := {value}, value{index})" for value in values
            ]
        if build is None:
            values = [f"{alias}={value}" for value in values]
        every.append(values[0])
        some.append(values[1])
    source = (
        "def structure(data, _=None):\n"
        "    if type(data) is dict:\n"
        f"        if len(data) == {len(plans)}:\n"
        "            try:\n"
        f"                return cls({', '.join(every)})\n"
        "            except Exception:\n"
        "                pass\n"
        "        elif data.keys() <= allowed:\n"
        "            get = data.get\n"
        "            try:\n"
        f"                return cls({', '.join(some)})\n"
        "            except Exception:\n"
        "                pass\n"
        "    return located(data)\n"
    )
    filename = f"<trustops structure {cls.__module__}.{cls.__qualname__}>"
    exec(compile(source, filename, "exec"), namespace)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    structure: Callable[[Any, Any], Any] = namespace["structure"]
    return structure


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
    problems: list[list[tuple[str, str]]] = []

    def remember(exception: BaseException, _: Any) -> str:
        # transform_error finds each problem's path; the problem itself is read here and
        # stands in the text by its number, so no message or field name can be misread.
        problems.append(_problems(exception))
        return str(len(problems) - 1)

    found: list[tuple[str, str]] = []
    for text in transform_error(error, "$", remember):
        number, path = text.split(" @ ", 1)
        found.extend((path + suffix, message) for suffix, message in problems[int(number)])
    return found


def _problems(error: BaseException) -> list[tuple[str, str]]:
    """One error's problems: the path below where it was raised, and the message."""
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            (f".{key}", "unknown field; remove it or check its spelling")
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, FieldError):
        return [(f".{error.field}" if error.field else "", error.message)]
    if isinstance(error, KeyError) and error.args:
        return [("", "required field is missing")]
    if isinstance(error, ValueError | TypeError):
        return [("", str(error))]
    return [("", format_exception(error, None))]  # pragma: no cover - defensive
