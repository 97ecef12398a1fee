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
import types
import weakref
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

__all__ = [
    "DURATION",
    "IDENTIFIER",
    "INSTANT",
    "Check",
    "checked_builder",
    "enum_of",
    "unrolled_checks",
]

CHECK: Final = "trustops.check"
"""The metadata key under which a field's :class:`Check` is declared."""

_C = TypeVar("_C", bound=type)
_T = TypeVar("_T")


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
    index: int, field: attrs.Attribute[Any], check: Check, store: str
) -> tuple[list[str], dict[str, Any]]:
    """The source lines checking one field's value, held in ``v``, and the globals they use.

    ``store.format(expression)`` is the statement keeping the value to store when ``v`` is
    not it.
    """
    prefix = f"_{index}_"
    names: dict[str, Any] = {prefix + key: value for key, value in check.names.items()}
    names[prefix + "plain"] = check.plain
    rename = {key: prefix + key for key in check.names}
    name = field.name
    test = f"not ({check.ok.format_map(rename)})"
    if field.default is None:
        test = f"v is not None and {test}"
    lines = [f"    if {test}:"]
    if check.quick is None:
        lines.append("        " + store.format(f"{prefix}plain(v, {name!r})"))
    else:
        lines += [
            f"        q = {check.quick.format_map(rename)}",
            "        " + store.format(f"{prefix}plain(v, {name!r}) if q is None else q"),
        ]
    return lines, names


def _compile(source: str, names: dict[str, Any], filename: str, function: str) -> Any:
    exec(compile(source, filename, "exec"), names)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return names[function]


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
    checks = [
        (index, field, field.metadata.get(CHECK)) for index, field in enumerate(attrs.fields(cls))
    ]
    for index, field, check in checks:
        if check is not None:
            more_lines, more_names = _lines(
                index, field, check, f"_put(self, {field.name!r}, {{}})"
            )
            lines += [f"    v = self.{field.name}", *more_lines]
            names.update(more_names)
    lines.append("    _together(self)")
    filename = f"<trustops unrolled checks {cls.__module__}.{cls.__qualname__}>"
    function = _compile("\n".join(lines) + "\n", names, filename, "__attrs_post_init__")
    function.__qualname__ = f"{cls.__qualname__}.__attrs_post_init__"
    function.__doc__ = "The checks of every declared field, unrolled, then the class's own."
    function.__wrapped__ = together  # the class's own rules, for the plain path and tests
    cls.__attrs_post_init__ = function  # type: ignore[attr-defined]
    builder = _builder(cls, checks, together)
    if builder is not None:
        _BUILDERS[cls] = builder
    return cls


_BUILDERS: Final[weakref.WeakKeyDictionary[type, Callable[..., Any]]] = weakref.WeakKeyDictionary()


def _builder(
    cls: type,
    checks: list[tuple[int, attrs.Attribute[Any], Check | None]],
    together: Callable[[Any], None],
) -> Callable[..., Any] | None:
    """``cls``'s builder (see :func:`checked_builder`), or ``None`` when ``cls(...)`` does more
    than store its fields and run ``__attrs_post_init__``, or its fields are not its own slots."""
    slots = set(getattr(cls, "__slots__", ())) - {"__weakref__"}
    setters = {name: cls.__dict__.get(name) for name in slots}
    if (
        slots != {field.name for _, field, _ in checks}
        or any(type(setter) is not types.MemberDescriptorType for setter in setters.values())
        or hasattr(cls, "__attrs_pre_init__")
        or any(
            not field.init or field.validator is not None or field.converter is not None
            for _, field, _ in checks
        )
    ):
        return None
    arguments = [f"a{index}" for index, _, _ in checks]
    lines = [f"def build({', '.join(arguments)}):"]
    names: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_together": together}
    for index, field, check in checks:
        if check is not None:
            more_lines, more_names = _lines(index, field, check, f"a{index} = {{}}")
            lines += [f"    v = a{index}", *more_lines]
            names.update(more_names)
    lines.append("    self = _new(_cls)")
    for index, field, _ in checks:
        names[f"_set{index}"] = setters[field.name].__set__  # type: ignore[union-attr]
        lines.append(f"    _set{index}(self, a{index})")
    lines += ["    _together(self)", "    return self"]
    filename = f"<trustops checked builder {cls.__module__}.{cls.__qualname__}>"
    build: Callable[..., Any] = _compile("\n".join(lines) + "\n", names, filename, "build")
    build.__qualname__ = f"{cls.__qualname__}.<checked builder>"
    return build


def checked_builder(cls: type[_T]) -> Callable[..., _T] | None:
    """A function building ``cls`` from the value of every field, in declaration order, with
    exactly the checks of ``cls(...)``; ``None`` unless the class declares its field checks
    for unrolling (as :class:`~trustops.model.Interaction` does).

    ``cls(**values)`` stores each value, then the generated ``__attrs_post_init__`` reads it
    back to check it and stores it again when the check converts it (an enum's string value
    to its member); the builder checks each value before storing it once, the way readers that
    build many records want it. Nothing else differs: the same declared checks, in the same
    order, then the class's own rules.

    >>> import pendulum
    >>> from trustops.model import Interaction, checked_builder
    >>> build = checked_builder(Interaction)
    >>> record = build("i-1", pendulum.datetime(2026, 3, 4, tz="UTC"), "riverside",
    ...                "conversation", "staff", "phone", None, None, None, None, None, None,
    ...                None, 12)
    >>> record.kind, record.duration_minutes
    (<InteractionKind.CONVERSATION: 'conversation'>, 12.0)
    """
    return _BUILDERS.get(cls)
