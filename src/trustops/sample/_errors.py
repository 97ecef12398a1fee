"""The error raised by :mod:`trustops.sample`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._errors import TrustopsError

if TYPE_CHECKING:
    from ..io import Reject

__all__ = ["BundledSampleError"]


class BundledSampleError(TrustopsError, RuntimeError):
    """The package data is damaged: a bundled record was rejected."""

    def __init__(self, rejects: list[Reject]) -> None:
        super().__init__(
            f"the bundled sample has {len(rejects)} bad record(s), first: {rejects[0]}; "
            "reinstall trustops"
        )
        self.rejects = rejects

    def __reduce__(self) -> tuple[type[BundledSampleError], tuple[list[Reject]]]:
        return (type(self), (self.rejects,))
