"""Strategies for identifiers, free text and choices among known identifiers."""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence

from hypothesis import strategies as st

from .._errors import FieldError

__all__ = ["choose", "identifiers", "optional_reference", "texts"]

_SLUG_ALPHABET = string.ascii_lowercase + string.digits + "-"


def _slug(text: str) -> str:
    """``text`` starting with a letter: a leading digit or dash becomes a letter."""
    return (
        text
        if text[0].isalpha()
        else string.ascii_lowercase[_SLUG_ALPHABET.index(text[0]) % 26] + text[1:]
    )


@functools.cache
def identifiers(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Valid identifiers: 1 to ``max_size`` printable characters without outer spaces.

    Mostly readable slugs (``"riverside-2"``), sometimes any printable Unicode with inner
    spaces (``"Ω 3"``), which the models accept too.

    >>> from hypothesis import given
    >>> from trustops.testing import identifiers
    >>> @given(identifiers())
    ... def test(text):
    ...     assert text and text.isprintable() and text.strip() == text
    >>> test()
    """
    # A slug is a letter and up to max_size - 1 of [a-z0-9-], drawn as one string (a regular
    # expression would draw it character by character, and ids are the most drawn values).
    slugs = st.text(_SLUG_ALPHABET, min_size=1, max_size=max_size).map(_slug)
    unicode = (
        st.text(
            st.characters(exclude_categories=("C", "Z")) | st.just(" "),
            min_size=1,
            max_size=max_size,
        )
        .map(str.strip)
        .filter(lambda text: bool(text) and text.isprintable())
    )
    return slugs | unicode


@functools.cache
def texts(*, max_size: int = 60) -> st.SearchStrategy[str]:
    """Free text that is not blank and holds no control character (names, descriptions,
    question wording)."""
    return st.text(
        st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=max_size
    ).filter(lambda text: bool(text.strip()))


def choose(values: Sequence[str] | None, field: str) -> st.SearchStrategy[str]:
    """One of ``values``, or any identifier when ``values`` is ``None``.

    An empty ``values`` is a :class:`~trustops.FieldError` on ``field``: there is nothing to
    choose from.
    """
    if values is None:
        return identifiers()
    if not values:
        raise FieldError(field, "expected at least one identifier to choose from")
    return st.sampled_from(tuple(values))


def optional_reference(values: Sequence[str] | None) -> st.SearchStrategy[str | None]:
    """``None`` or one of ``values``; ``None`` means any identifier, empty means always ``None``."""
    if values is None:
        return st.none() | identifiers()
    if not values:
        return st.none()
    return st.none() | st.sampled_from(tuple(values))
