"""The errors raised by :mod:`trustops.model` besides :class:`~trustops.FieldError`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._errors import TrustopsError

if TYPE_CHECKING:
    from ._dataset import Problem

__all__ = ["DatasetError", "IllegalTransitionError", "OffsetError"]


class IllegalTransitionError(TrustopsError, ValueError):
    """A lifecycle move that the status machine does not allow (e.g. ``completed → active``)."""


class OffsetError(TrustopsError, ValueError):
    """An instant that cannot be stored: naive, or a UTC offset with a fraction of a second.

    Raised by :func:`~trustops.model.as_fixed_offset`; the model's own checks turn it into a
    :class:`~trustops.FieldError` naming the field.
    """


class DatasetError(TrustopsError, ValueError):
    """Raised by :meth:`~trustops.model.Dataset.check`; ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the dataset:\n{shown}{more}")
        self.problems = problems

    def __reduce__(self) -> tuple[type[DatasetError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))
