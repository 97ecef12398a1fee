"""Field checks generated from one declaration per field, as attrs generates ``__init__``.

A high-volume class declares each field's check once, in the field's metadata::

    id: str = attrs.field(metadata=IDENTIFIER)
    kind: InteractionKind = attrs.field(metadata=enum_of(InteractionKind))

and :func:`unrolled_checks` writes one ``__attrs_post_init__`` that tests the common case of
every field inline (no call per field) and calls the field's plain check only when that test
fails: the plain check then converts the value or raises the :class:`~trustops.FieldError`.
A field whose default is ``None`` lets ``None`` through. The class's own
``__attrs_post_init__`` runs last, for the rules that span several fields.
"""

from __future__ import annotations

import enum
import linecache
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import attrs
import pendulum
from pendulum.tz.timezone import FixedTimezone

from ._checks import (
    END_INSTANT,
    FIRST_INSTANT,
    ID_MAX_LENGTH,
    MAX_DURATION_MINUTES,
    MAX_YEAR,
    MIN_YEAR,
    to_datetime,
    to_duration_minutes,
    to_enum,
    to_id,
)

__all__ = ["DURATION", "IDENTIFIER", "INSTANT", "Check", "enum_of", "unrolled_checks"]

CHECK: Final = "trustops.check"
"""The metadata key under which a field's :class:`Check` is declared."""

_C = TypeVar("_C", bound=type)


@attrs.frozen
class Check:
    """How one field is checked.

    ``plain(value, field)`` is the check itself: it returns the value to store or raises
    :class:`~trustops.FieldError`. ``ok`` is a Python expression over ``v`` that is true only
    when ``v`` is already the value ``plain`` would store, so ``plain`` need not run.
    ``quick``, if given, is an expression giving the value to store for a common input that is
    not ``ok`` (such as an enum's string value), or ``None`` to fall back to ``plain``.
    ``{name}`` in the expressions stands for ``names[name]``.
    """

    plain: Callable[[Any, str], Any]
    ok: str
    quick: str | None = None
    names: Mapping[str, object] = attrs.field(factory=dict)


def _declare(check: Check) -> Mapping[str, Check]:
    return {CHECK: check}


IDENTIFIER: Final = _declare(
    Check(
        plain=to_id,
        ok="type(v) is str and 0 < len(v) <= {longest} and v.isprintable() and v.strip() == v",
        names={"longest": ID_MAX_LENGTH},
    )
)
"""An identifier (see :func:`~trustops.model._checks.to_id`)."""

INSTANT: Final = _declare(
    Check(
        plain=to_datetime,
        ok="type(v) is {DateTime} and type(v.tzinfo) is {FixedTimezone}"
        " and ({first} < v.year < {last} or {start} <= v < {end})",
        names={
            "DateTime": pendulum.DateTime,
            "FixedTimezone": FixedTimezone,
            "first": MIN_YEAR,
            "last": MAX_YEAR,
            "start": FIRST_INSTANT,
            "end": END_INSTANT,
        },
    )
)
"""A timezone-aware instant, stored as a pendulum ``DateTime`` with a fixed offset."""

DURATION: Final = _declare(
    Check(
        plain=to_duration_minutes,
        ok="type(v) is float and 0.0 <= v <= {most}",
        names={"most": MAX_DURATION_MINUTES},
    )
)
"""A number of minutes from 0 to :data:`~trustops.model.MAX_DURATION_MINUTES`, stored as a
float."""


def enum_of(enum_type: type[enum.Enum]) -> Mapping[str, Check]:
    """A member of ``enum_type``, given as a member or as its string value."""

    def plain(value: object, field: str) -> enum.Enum:
        return to_enum(enum_type, value, field)

    return _declare(
        Check(
            plain=plain,
            ok="type(v) is {Enum}",
            quick="{members}.get(v) if type(v) is str else None",
            names={"Enum": enum_type, "members": dict(enum_type._value2member_map_)},
        )
    )


def _lines(
    index: int, field: attrs.Attribute[Any], check: Check
) -> tuple[list[str], dict[str, Any]]:
    """The source lines checking one field, and the globals they use."""
    prefix = f"_{index}_"
    names: dict[str, Any] = {prefix + key: value for key, value in check.names.items()}
    names[prefix + "plain"] = check.plain
    rename = {key: prefix + key for key in check.names}
    name = field.name
    test = f"not ({check.ok.format_map(rename)})"
    if field.default is None:
        test = f"v is not None and {test}"
    lines = [f"    v = self.{name}", f"    if {test}:"]
    if check.quick is None:
        lines.append(f"        _put(self, {name!r}, {prefix}plain(v, {name!r}))")
    else:
        lines += [
            f"        q = {check.quick.format_map(rename)}",
            f"        _put(self, {name!r}, {prefix}plain(v, {name!r}) if q is None else q)",
        ]
    return lines, names


def unrolled_checks(cls: _C) -> _C:
    """Give the attrs class ``cls`` an ``__attrs_post_init__`` generated from its declarations.

    Apply it above ``@attrs.frozen``. The class must define an ``__attrs_post_init__`` of its
    own (attrs calls one only if the class has it): it runs after the generated checks, for the
    rules that span several fields. Fields without a declared :class:`Check` are left alone.
    """
    together = cls.__dict__.get("__attrs_post_init__")
    if together is None:
        raise TypeError(f"{cls.__qualname__} needs an __attrs_post_init__ for unrolled checks")
    lines = ["def __attrs_post_init__(self):"]
    names: dict[str, Any] = {"_put": object.__setattr__, "_together": together}
    for index, field in enumerate(attrs.fields(cls)):
        check = field.metadata.get(CHECK)
        if check is not None:
            more_lines, more_names = _lines(index, field, check)
            lines += more_lines
            names.update(more_names)
    lines.append("    _together(self)")
    source = "\n".join(lines) + "\n"
    filename = f"<trustops unrolled checks {cls.__module__}.{cls.__qualname__}>"
    exec(compile(source, filename, "exec"), names)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    function = names["__attrs_post_init__"]
    function.__qualname__ = f"{cls.__qualname__}.__attrs_post_init__"
    function.__doc__ = "The checks of every declared field, unrolled, then the class's own."
    function.__wrapped__ = together  # the class's own rules, for the plain path and tests
    cls.__attrs_post_init__ = function  # type: ignore[attr-defined]
    return cls
