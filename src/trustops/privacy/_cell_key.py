"""The cell key method for counts (METHODS §7): record keys, cell keys and the p-table.

Each counted record (an interaction, a report, a resident, a respondent) gets a *record key*
in 0–255 from a keyed hash of its id; a cell's *cell key* is the sum of the record keys of the
distinct records it counts, mod 256; its published count is the true count plus the
perturbation the :class:`PerturbationTable` gives for (count, cell key). The same records
always make the same cell key, so the same cell gets the same noise in every table, grouping
and engine, and differencing two tables yields noise, not people.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

from ._errors import PrivacyError, PrivacyKeyWarning

__all__ = [
    "DEFAULT_PRIVACY_KEY",
    "DEFAULT_PTABLE",
    "KEY_RANGE",
    "PerturbationTable",
    "PrivacyKey",
    "cell_key",
    "privacy_key",
]

KEY_RANGE: Final = 256
"""Record keys and cell keys are whole numbers from 0 to 255."""

DEFAULT_PRIVACY_KEY: Final = "trustops default privacy key: replace me"
"""The privacy key used when none is given (with a :class:`PrivacyKeyWarning`): it is public,
so anyone can compute the record keys of ids they know: choose a secret one of your own."""

_DOMAIN: Final = b"trustops cell key v2\x00"


def _first_byte(text: str) -> int:
    """The first byte of the MD5 of ``text``'s UTF-8 bytes."""
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).digest()[0]


@dataclass(frozen=True, slots=True)
class PrivacyKey:
    """The secret behind every record key.

    A record's key is the first byte of ``MD5(salt + id)`` (the id as UTF-8), where ``salt``
    is the first 32 hex digits of ``SHA-256("trustops cell key v2" NUL key)``. MD5 is a keyed
    hash every engine computes in its own SQL (DuckDB ``md5_number``, Spark ``md5``), so
    record keys never leave the engine as ids; the fixed-length secret salt in front keeps
    the key out of the id's bytes, and with ids of up to 23 bytes the salted id is one
    64-byte block. It is the cheapest such hash (a quarter of SHA-256's time in DuckDB, whose
    two blocks made keyed counting 1.4 times as slow as unkeyed); record keys are not
    signatures, and MD5's collisions (chosen pairs of inputs) do not tell anyone a record
    key without the salt. Version 1 (``trustops-ptable`` version 2 and before) was the first
    byte of SHA-256 of a 64-digit salt and the id. Keep the key secret and keep it: a new key
    gives every cell new noise, so tables made with two keys can be averaged against each
    other.

    >>> from trustops.privacy import PrivacyKey
    >>> key = PrivacyKey("programme secret")
    >>> key.record_key("i000001"), key.record_key("i000002")
    (64, 221)
    """

    key: str | bytes = field(repr=False)
    salt: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.key, str):
            secret = self.key.encode("utf-8")
        elif isinstance(self.key, bytes):
            secret = self.key
        else:
            raise PrivacyError(f"key: expected a privacy key as text or bytes, got {self.key!r}")
        if not secret:
            raise PrivacyError("key: expected a non-empty privacy key, got an empty one")
        object.__setattr__(self, "salt", hashlib.sha256(_DOMAIN + secret).hexdigest()[:32])

    def record_key(self, record_id: str) -> int:
        """The record key (0–255) of the record whose id is ``record_id``."""
        return _first_byte(self.salt + record_id)

    def keys_sum(self, record_ids: Iterable[str]) -> int:
        """The sum of the record keys of ``record_ids`` (take it mod 256 for a cell key)."""
        salt = self.salt
        return sum(_first_byte(salt + rid) for rid in record_ids)


def privacy_key(key: str | bytes | None) -> PrivacyKey:
    """The :class:`PrivacyKey` of ``key``, or of :data:`DEFAULT_PRIVACY_KEY` with a
    :class:`PrivacyKeyWarning` when ``key`` is ``None``.

    >>> import warnings
    >>> from trustops.privacy import PrivacyKey, privacy_key
    >>> privacy_key("programme secret") == PrivacyKey("programme secret")
    True
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = privacy_key(None)
    >>> caught[0].category.__name__
    'PrivacyKeyWarning'
    """
    if key is None:
        warnings.warn(
            "no privacy key given: counts are perturbed with the public default key; "
            "set TRUSTOPS_PRIVACY_KEY (or pass privacy_key=) to a secret of your own",
            PrivacyKeyWarning,
            stacklevel=2,
        )
        return PrivacyKey(DEFAULT_PRIVACY_KEY)
    return PrivacyKey(key)


def cell_key(keys_sum: int) -> int:
    """The cell key of a cell whose records' keys add up to ``keys_sum``: the sum mod 256.

    >>> from trustops.privacy import cell_key
    >>> cell_key(158 + 135)
    37
    """
    return keys_sum % KEY_RANGE


_Row = tuple[tuple[int, int], ...]
"""One row of the p-table's definition: (perturbation, weight in 256ths), by perturbation."""

_SYMMETRIC: Final[_Row] = ((-2, 48), (-1, 60), (0, 40), (1, 60), (2, 48))

_DEFINITION: Final[Mapping[int, _Row]] = {
    0: ((0, 256),),
    1: ((-1, 128), (4, 96), (5, 32)),  # published 0, 5 or 6
    2: ((-2, 128), (3, 96), (4, 32)),  # published 0, 5 or 6: the same law as for 1
    3: ((-3, 112), (2, 96), (3, 48)),  # published 0, 5 or 6, unbiased
    4: ((-4, 64), (1, 128), (2, 64)),  # published 0, 5 or 6, unbiased
    # 5 to 9: published 0 or 5 to c + 4, unbiased, the true value with 40/256 (variance 9.5-10.6)
    5: ((-5, 69), (0, 40), (1, 44), (2, 38), (3, 35), (4, 30)),
    6: ((-6, 47), (-1, 38), (0, 40), (1, 34), (2, 35), (3, 32), (4, 30)),
    7: ((-7, 31), (-2, 30), (-1, 31), (0, 40), (1, 31), (2, 32), (3, 31), (4, 30)),
    8: ((-8, 20), (-3, 24), (-2, 25), (-1, 26), (0, 40), (1, 29), (2, 29), (3, 31), (4, 32)),
    9: (
        (-9, 11),
        (-4, 19),
        (-3, 21),
        (-2, 22),
        (-1, 24),
        (0, 40),
        (1, 27),
        (2, 29),
        (3, 31),
        (4, 32),
    ),
    **dict.fromkeys(range(10, 21), _SYMMETRIC),
}


@dataclass(frozen=True, slots=True)
class PerturbationTable:
    """A p-table: for each true count (rows 0 to ``top``; larger counts use row ``top``), the
    perturbation added for each cell key 0–255.

    Each row is defined by perturbations and their weights in 256ths, in increasing order of
    perturbation; the cell keys 0–255 are dealt out to them in that order (the first weight's
    many keys to the smallest perturbation, and so on). Cell keys are close to uniform, so a
    perturbation's probability is its weight / 256. ``name`` and ``version`` identify the
    table in outputs and in a scoring model's fingerprint.

    The default (:data:`DEFAULT_PTABLE`, ``trustops-ptable`` version 3: version 2's rows, with
    the record keys of MD5 rather than SHA-256, :class:`PrivacyKey`) meets METHODS §7:
    0 stays 0; no count from 1 to 4 is published; a true count from 1 to 9 has three or more
    possible published values (0, or 5 and above), none with probability above one half,
    the true value itself with probability 40/256 at most, so that an attacker who takes a
    published small count at its word is wrong five times in six; 1 and 2 publish as 0, 5
    or 6 with the same probabilities, so the two cannot be told apart; from 3 up the
    perturbation is unbiased; 5 to 9 publish as 0 or any value from 5 to the count + 4
    (variance 9.5 to 10.6), so that least squares over linked tables rarely rounds to a
    small count's true value (version 1 spread them by at most 2 and let an attack recover
    21.5% of them); from 10 up it is −2 to +2 with probabilities 48, 60, 40, 60, 48 in
    256ths (variance 1.97, mean absolute 1.22, no value certain).

    >>> from trustops.privacy import DEFAULT_PTABLE
    >>> [DEFAULT_PTABLE.perturb(3, key) for key in (0, 111, 112, 207, 208, 255)]
    [0, 0, 5, 5, 6, 6]
    >>> DEFAULT_PTABLE.perturb(0, 17), DEFAULT_PTABLE.perturb(1000, 200)
    (0, 1001)
    """

    name: str
    version: int
    definition: Mapping[int, _Row] = field(repr=False)
    top: int = field(init=False, repr=False)
    _rows: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        counts = sorted(self.definition)
        if not counts or counts != list(range(len(counts))):
            raise PrivacyError("definition: expected rows for the counts 0, 1, 2, … without gaps")
        rows = []
        for count in counts:
            row = self.definition[count]
            perturbations = [p for p, _ in row]
            weights = [w for _, w in row]
            if perturbations != sorted(set(perturbations)) or min(weights, default=0) < 1:
                raise PrivacyError(
                    f"definition[{count}]: expected increasing perturbations with weights of 1 "
                    f"or more, got {row!r}"
                )
            if sum(weights) != KEY_RANGE:
                raise PrivacyError(
                    f"definition[{count}]: expected weights adding up to {KEY_RANGE}, "
                    f"got {sum(weights)}"
                )
            if count + perturbations[0] < 0:
                raise PrivacyError(f"definition[{count}]: a perturbation makes a negative count")
            rows.append(tuple(p for p, w in row for _ in range(w)))
        object.__setattr__(self, "top", counts[-1])
        object.__setattr__(self, "_rows", tuple(rows))

    def perturbation(self, count: int, key: int) -> int:
        """What is added to a true ``count`` whose cell key is ``key``."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise PrivacyError(f"count: expected a whole number of 0 or more, got {count!r}")
        if isinstance(key, bool) or not isinstance(key, int) or not 0 <= key < KEY_RANGE:
            raise PrivacyError(f"cell key: expected a whole number from 0 to 255, got {key!r}")
        return self._rows[min(count, self.top)][key]

    def perturb(self, count: int, key: int) -> int:
        """The published count of a true ``count`` whose cell key is ``key``."""
        return count + self.perturbation(count, key)

    def distribution(self, count: int) -> dict[int, Fraction]:
        """The published values of a true ``count`` and their probabilities (uniform keys).

        >>> from trustops.privacy import DEFAULT_PTABLE
        >>> {k: str(p) for k, p in DEFAULT_PTABLE.distribution(4).items()}
        {0: '1/4', 5: '1/2', 6: '1/4'}
        """
        row = self.definition[min(count, self.top)]
        return {count + p: Fraction(w, KEY_RANGE) for p, w in row}

    @property
    def least_published(self) -> int:
        """The smallest count other than 0 that the table publishes (5 for the default)."""
        return min(
            count + p
            for count, row in self.definition.items()
            for p, _ in row
            if count and count + p
        )

    def to_dict(self) -> dict[str, object]:
        """Plain data: name, version and the definition (count → [[perturbation, weight]])."""
        return {
            "name": self.name,
            "version": self.version,
            "rows": {str(c): [list(pair) for pair in row] for c, row in self.definition.items()},
        }

    @classmethod
    def from_dict(cls, data: object) -> PerturbationTable:
        """The table :meth:`to_dict` gave: ``name`` (text), ``version`` (a whole number) and
        ``rows`` (each count, as text, to ``[perturbation, weight]`` pairs). Anything else
        is a :class:`~trustops.privacy.PrivacyError` naming the field.

        >>> from trustops.privacy import DEFAULT_PTABLE, PerturbationTable
        >>> PerturbationTable.from_dict(DEFAULT_PTABLE.to_dict()) == DEFAULT_PTABLE
        True
        """
        if not isinstance(data, Mapping) or set(data) != {"name", "version", "rows"}:
            raise PrivacyError(f"ptable: expected name, version and rows, got {data!r}")
        name, version, rows = data["name"], data["version"], data["rows"]
        if not isinstance(name, str) or not name:
            raise PrivacyError(f"ptable.name: expected a name, got {name!r}")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise PrivacyError(
                f"ptable.version: expected a whole number of 1 or more, got {version!r}"
            )
        if not isinstance(rows, Mapping):
            raise PrivacyError(f"ptable.rows: expected a table of counts, got {rows!r}")
        definition: dict[int, _Row] = {}
        for count, row in rows.items():
            pairs = row if isinstance(row, list | tuple) else None
            if (
                not isinstance(count, str)
                or not count.isdigit()
                or pairs is None
                or not all(_is_pair(pair) for pair in pairs)
            ):
                raise PrivacyError(
                    f"ptable.rows[{count!r}]: expected a count as text and "
                    f"[perturbation, weight] pairs of whole numbers, got {row!r}"
                )
            definition[int(count)] = tuple((int(p), int(w)) for p, w in pairs)
        return cls(name=name, version=version, definition=definition)

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of :meth:`to_dict` as canonical JSON."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_pair(pair: object) -> bool:
    return (
        isinstance(pair, list | tuple)
        and len(pair) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
    )


DEFAULT_PTABLE: Final = PerturbationTable(name="trustops-ptable", version=3, definition=_DEFINITION)
"""The default p-table (METHODS §7), version 3: see :class:`PerturbationTable`."""
