"""The mergeable per-group accumulator behind every engagement metric."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from itertools import islice
from operator import attrgetter
from typing import Any, Final, TypeAlias, TypeVar, cast

import attrs

from ..model import (
    AttendanceStatus,
    Initiator,
    Interaction,
    InteractionKind,
    Outcome,
    hours_to_report,
)
from ..privacy import PrivacyKey
from ..time import LocalCalendar, local_date
from ._errors import MetricsError
from ._registry import finish
from ._values import MetricValue

__all__ = [
    "CELL_KEYED",
    "CHUNK",
    "EXACT_MINUTE",
    "Counted",
    "EngagementAccumulator",
    "Profile",
    "Window",
    "accumulate",
    "exact_minutes",
    "first_of_each",
    "widen",
]

Profile: TypeAlias = tuple[InteractionKind, Initiator, Outcome | None, AttendanceStatus | None]
"""What the counting metrics need of one interaction: kind, initiator, outcome, attendance."""

EXACT_MINUTE: Final = 1 << 1074
"""One minute in the exact fixed-point unit of volunteering time (every float is a whole
number of 2⁻¹⁰⁷⁴ minutes, so sums are exact and independent of order)."""

_K = TypeVar("_K")
_NOTHING: Final = object()
_EMPTY: Final[Mapping[Any, int]] = {}
_ROW = attrgetter(
    "occurred_at", "resident_id", "staff_id", "kind", "initiator", "outcome", "attendance",
    "observed_at", "duration_minutes",
)  # fmt: skip
_REPORT = InteractionKind.SUSPICIOUS_ACTIVITY_REPORT
_VOLUNTEERING = InteractionKind.VOLUNTEERING
_COMPLAINT = InteractionKind.COMPLAINT
_RESIDENT = Initiator.RESIDENT
_POSITIVE = Outcome.POSITIVE
_NEGATIVE = Outcome.NEGATIVE
_PRESENT = AttendanceStatus.PRESENT
CELL_KEYED: Final = (
    "interactions",
    "residents_reached",
    "repeat_residents",
    "returning_residents",
    "resident_initiated",
    "with_outcome",
    "positive",
    "negative",
    "complaints",
    "reports",
    "report_delays",
    "attendance_records",
    "present",
)
"""The counts of records or people whose cell keys (METHODS §7) the statistics hold:
:meth:`EngagementAccumulator.cell_keys` gives each one's sum of record keys (``negative``
counts interactions with a negative outcome; ``report_delays`` counts the reports a median's
n counts)."""
_KINDS: Final = {member.value: member for member in InteractionKind}
_INITIATORS: Final = {member.value: member for member in Initiator}
_OUTCOMES: Final = {member.value: member for member in Outcome}
_STATUSES: Final = {member.value: member for member in AttendanceStatus}


def exact_minutes(minutes: float) -> int:
    """``minutes`` as a whole number of 2⁻¹⁰⁷⁴ minutes (exact for every finite float)."""
    numerator, denominator = minutes.as_integer_ratio()
    return numerator << (1075 - denominator.bit_length())


class EngagementAccumulator:
    """The sufficient statistics of one group: everything its engagement metrics need, built
    one interaction at a time and mergeable with the statistics of other parts of the data.

    :meth:`add` takes one interaction; :meth:`from_counts` builds the statistics from counts
    an engine made elsewhere (a columnar engine, a cluster); :meth:`merge` combines two
    (associative and commutative: any split of the input, merged back in any order, gives
    identical results); :meth:`result` finishes every metric of
    :data:`~trustops.metrics.METRIC_NAMES` through the registry. Accumulators are picklable,
    so parts can be built in other processes or on cluster workers.

    The statistics are plain counters and sets: the interactions per (kind, initiator,
    outcome, attendance) profile; each resident's earliest local day and the residents seen
    on two or more local days (what repeat and returning engagement need); interactions per
    staff id; the report-delay histogram (hours → count); the volunteering time summed
    exactly; and the areas the group's interactions came from. Memory grows with distinct
    residents, staff and report delays, not with interactions.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> from trustops.metrics import EngagementAccumulator
    >>> def contact(n, day, resident, outcome):
    ...     return Interaction(id=f"i{n}", occurred_at=pendulum.datetime(2026, 3, day, 18, tz="UTC"),
    ...                        area_id="riverside", kind="conversation", initiator="resident",
    ...                        channel="in_person", resident_id=resident, outcome=outcome)
    >>> first, second = EngagementAccumulator(), EngagementAccumulator()
    >>> first.add(contact(1, 2, "r1", "positive"), timezone="Europe/London")
    >>> second.add(contact(2, 9, "r1", "negative"), timezone="Europe/London")
    >>> second.add(contact(3, 9, "r2", "positive"), timezone="Europe/London")
    >>> values = first.merge(second).result()
    >>> values["residents_reached"].value, values["repeat_engagement_rate"].value
    (2, 0.5)
    >>> round(values["positive_share"].value, 3), values["positive_share"].n
    (0.667, 3)
    """

    __slots__ = (
        "_areas", "_delay_keys", "_delays", "_first_day", "_keys", "_profile", "_repeat",
        "_staff", "_staff_summary", "_summary", "_summary_keys", "_volunteer",
    )  # fmt: skip

    def __init__(self) -> None:
        self._profile: dict[Profile, int] = {}
        self._first_day: dict[str, int] = {}
        self._repeat: set[str] = set()
        self._staff: dict[str, int] = {}
        self._delays: dict[float, int] = {}
        self._volunteer = 0
        self._areas: set[str] = set()
        self._summary: tuple[int, int, int] | None = None
        self._staff_summary: tuple[int, int] | None = None
        self._keys: dict[Profile, int] = {}
        self._delay_keys = 0
        self._summary_keys: tuple[int, int, int] | None = None

    @classmethod
    def from_counts(
        cls,
        *,
        profiles: Mapping[tuple[str, str, str | None, str | None], int] = _EMPTY,
        residents: Mapping[str, int] = _EMPTY,
        repeat: Iterable[str] = (),
        staff: Mapping[str, int] = _EMPTY,
        report_delays: Mapping[float, int] = _EMPTY,
        volunteer_minutes: Mapping[float, int] = _EMPTY,
        areas: Iterable[str] = (),
        resident_totals: tuple[int, int, int] | None = None,
        staff_totals: tuple[int, int] | None = None,
        profile_keys: Mapping[tuple[str, str, str | None, str | None], int] = _EMPTY,
        delay_keys: int = 0,
        resident_keys: tuple[int, int, int] | None = None,
    ) -> EngagementAccumulator:
        """Sufficient statistics counted elsewhere, checked and in canonical form.

        ``profiles`` counts interactions per (kind, initiator, outcome, attendance), by their
        enum values (``None`` where absent); ``residents`` maps each resident reached to the
        earliest local day (a date ordinal) they were reached on, and ``repeat`` names those
        reached on two or more local days; ``staff`` counts interactions per staff id;
        ``report_delays`` counts resident reports with ``observed_at`` per
        :func:`~trustops.model.hours_to_report` value; ``volunteer_minutes`` counts
        volunteering interactions per duration (summed exactly here); ``areas`` are the
        area ids of the group's interactions. This is how every engine hands its counts to
        the one finishing step.

        An engine that has already found, per group and period, the residents reached, those
        reached on two or more local days and those also reached in the previous period of
        the same group may pass ``resident_totals=(reached, repeat, returning)`` instead of
        ``residents`` and ``repeat``, and ``staff_totals=(active staff, interactions with a
        staff id)`` instead of ``staff``. Such statistics cannot be merged with other
        statistics that hold residents or staff (the ids are gone), which an engine avoids by
        grouping exactly as the table does.

        For the cell key method (METHODS §7) an engine that computes record keys
        (:class:`~trustops.privacy.PrivacyKey`) passes their sums: ``profile_keys`` per
        profile (the record keys of the interactions counted in ``profiles``),
        ``delay_keys`` over the reports of ``report_delays``, and with ``resident_totals``,
        ``resident_keys`` over the residents reached, those reached on two or more days and
        those returning (with ``residents`` the ids are there, and their keys are computed
        when needed).

        >>> from trustops.metrics import EngagementAccumulator
        >>> stats = EngagementAccumulator.from_counts(
        ...     profiles={("conversation", "resident", "positive", None): 3},
        ...     residents={"r1": 739_000, "r2": 739_001}, repeat=["r1"])
        >>> stats.result()["repeat_engagement_rate"].value
        0.5
        """
        made = cls()
        try:
            for (kind, initiator, outcome, status), count in profiles.items():
                key = (
                    _KINDS.get(kind) or InteractionKind(kind),
                    _INITIATORS.get(initiator) or Initiator(initiator),
                    None if outcome is None else _OUTCOMES.get(outcome) or Outcome(outcome),
                    None if status is None else _STATUSES.get(status) or AttendanceStatus(status),
                )
                made._profile[key] = made._profile.get(key, 0) + _positive(count)
                keyed = profile_keys.get((kind, initiator, outcome, status))
                if keyed is not None:
                    made._keys[key] = made._keys.get(key, 0) + int(keyed)
        except (ValueError, TypeError) as error:
            raise MetricsError(f"profiles: {error}") from None
        made._delay_keys = int(delay_keys)
        made._first_day.update((str(r), int(day)) for r, day in residents.items())
        made._repeat.update(map(str, repeat))
        unknown = made._repeat - made._first_day.keys()
        if unknown:
            raise MetricsError(f"repeat names residents that were not reached: {sorted(unknown)}")
        _check_counts(staff.values())
        made._staff = {str(k): v for k, v in staff.items()}
        _check_counts(report_delays.values())
        made._delays = {float(k): v for k, v in report_delays.items()}
        _check_counts(volunteer_minutes.values())
        made._volunteer = sum(
            exact_minutes(float(minutes)) * count for minutes, count in volunteer_minutes.items()
        )
        made._areas.update(map(str, areas))
        if resident_totals is not None:
            if made._first_day:
                raise MetricsError("give residents or resident_totals, not both")
            reached, repeated, returning = (int(n) for n in resident_totals)
            if not 0 <= repeated <= reached or not 0 <= returning <= reached:
                raise MetricsError(
                    f"expected 0 <= repeat, returning <= reached, got {resident_totals!r}"
                )
            made._summary = (reached, repeated, returning)
            if resident_keys is not None:
                made._summary_keys = (
                    int(resident_keys[0]),
                    int(resident_keys[1]),
                    int(resident_keys[2]),
                )
        if staff_totals is not None:
            if made._staff:
                raise MetricsError("give staff or staff_totals, not both")
            active, with_staff = (int(n) for n in staff_totals)
            if not 0 <= active <= with_staff:
                raise MetricsError(
                    f"expected 0 <= active staff <= with staff, got {staff_totals!r}"
                )
            made._staff_summary = (active, with_staff)
        return made

    def add(
        self, interaction: Interaction, *, timezone: str = "UTC", privacy: PrivacyKey | None = None
    ) -> None:
        """Count one interaction; ``timezone`` is its area's zone (for local days).

        Repeat engagement counts distinct *local* days, so the zone matters; it defaults to UTC.
        With ``privacy``, the interaction's record key is added to the cell key sums.
        """
        if not isinstance(interaction, Interaction):
            raise MetricsError(f"expected an Interaction, got {type(interaction).__name__}")
        day = local_date(interaction.occurred_at, timezone).toordinal()
        self.add_on_day(interaction, day, privacy=privacy)

    def add_on_day(
        self, interaction: Interaction, day: int, *, privacy: PrivacyKey | None = None
    ) -> None:
        """Count one interaction whose local day (a date ordinal) is already known."""
        self._areas.add(interaction.area_id)
        row = _ROW(interaction)
        self._count(day, *row)
        if privacy is not None:
            self._key(privacy.record_key(interaction.id), *row[3:8])

    def _key(  # noqa: PLR0917 - positional: one call per interaction on the hot path
        self,
        key: int,
        kind: InteractionKind,
        initiator: Initiator,
        outcome: Outcome | None,
        status: AttendanceStatus | None,
        observed: _dt.datetime | None,
    ) -> None:
        """Add one interaction's record key to the cell key sums of its profile (and of the
        reports with a delay)."""
        keys, profile = self._keys, (kind, initiator, outcome, status)
        keys[profile] = keys.get(profile, 0) + key
        if observed is not None and kind is _REPORT and initiator is _RESIDENT:
            self._delay_keys += key

    def _count(  # noqa: PLR0917 - positional: one call per interaction on the hot path
        self,
        day: int,
        occurred: _dt.datetime,
        resident: str | None,
        staff: str | None,
        kind: InteractionKind,
        initiator: Initiator,
        outcome: Outcome | None,
        status: AttendanceStatus | None,
        observed: _dt.datetime | None,
        minutes: float | None,
    ) -> None:
        """The counting body: one interaction's fields into the statistics (the caller
        notes the interaction's area)."""
        profile, key = self._profile, (kind, initiator, outcome, status)
        profile[key] = profile.get(key, 0) + 1
        if resident is not None:  # reached first on the earliest day, on two days: repeat
            first_day = self._first_day
            seen = first_day.setdefault(resident, day)
            if seen != day:
                self._repeat.add(resident)
                if day < seen:
                    first_day[resident] = day
        if staff is not None:
            self._staff[staff] = self._staff.get(staff, 0) + 1
        if observed is not None and kind is _REPORT and initiator is _RESIDENT:
            hours = hours_to_report(occurred, observed)
            self._delays[hours] = self._delays.get(hours, 0) + 1
        if minutes is not None and kind is _VOLUNTEERING:
            self._volunteer += exact_minutes(minutes)

    def merge(self, other: EngagementAccumulator) -> EngagementAccumulator:
        """A new accumulator holding both ``self`` and ``other`` (neither is changed)."""
        if not isinstance(other, EngagementAccumulator):
            raise MetricsError(
                f"expected an EngagementAccumulator to merge, got {type(other).__name__}"
            )
        merged = EngagementAccumulator()
        merged.absorb(self)
        merged.absorb(other)
        return merged

    def absorb(self, other: EngagementAccumulator) -> None:
        """Add ``other``'s state into this accumulator in place (what :meth:`merge` uses)."""
        totals = (self._summary, other._summary, self._staff_summary, other._staff_summary)
        for summary, ids, what in (("_summary", "_first_day", "residents"),
                                   ("_staff_summary", "_staff", "staff")):  # fmt: skip
            if totals == (None, None, None, None):  # ids on both sides (the usual case)
                break
            if getattr(self, summary) is not None or getattr(other, summary) is not None:
                mine = getattr(self, summary) is not None or bool(getattr(self, ids))
                theirs = getattr(other, summary) is not None or bool(getattr(other, ids))
                if mine and theirs:
                    raise MetricsError(
                        f"statistics with {what} totals only cannot be merged with other "
                        f"{what}: the ids are needed to count distinct {what}"
                    )
                setattr(self, summary, getattr(self, summary) or getattr(other, summary))
        _add_counts(self._profile, other._profile)
        _add_counts(self._keys, other._keys)
        self._delay_keys += other._delay_keys
        if other._summary_keys is not None:
            self._summary_keys = other._summary_keys
        _add_counts(self._staff, other._staff)
        _add_counts(self._delays, other._delays)
        self._volunteer += other._volunteer
        self._areas |= other._areas
        first_day, other_days, repeat = self._first_day, other._first_day, self._repeat
        repeat |= other._repeat
        earlier = []  # residents reached in both, first on this side's day
        for resident in first_day.keys() & other_days.keys():  # reached in both: on two days?
            day, other_day = first_day[resident], other_days[resident]
            if day != other_day:
                repeat.add(resident)
                if day < other_day:
                    earlier.append((resident, day))
        first_day.update(other_days)  # in C; the earlier first days are put back
        first_day.update(earlier)

    @property
    def interactions(self) -> int:
        """How many interactions were counted."""
        return sum(self._profile.values())

    @property
    def residents(self) -> frozenset[str]:
        """The distinct resident ids reached."""
        return frozenset(self._first_day)

    @property
    def areas(self) -> frozenset[str]:
        """The area ids of the group's interactions."""
        return frozenset(self._areas)

    def totals(
        self, *, population: int | None = None, previous: EngagementAccumulator | None = None
    ) -> dict[str, object]:
        """The totals of :data:`~trustops.metrics.TOTALS` that the registry finishes.

        ``returning_residents`` is ``None`` without ``previous``.
        """
        interactions = resident_initiated = with_outcome = positive = negative = 0
        complaints = reports = attendance = present = 0
        for (kind, initiator, outcome, status), count in self._profile.items():
            interactions += count
            if initiator is _RESIDENT:
                resident_initiated += count
                if kind is _REPORT:
                    reports += count
            if outcome is not None:
                with_outcome += count
                if outcome is _POSITIVE:
                    positive += count
                elif outcome is _NEGATIVE:
                    negative += count
            if kind is _COMPLAINT:
                complaints += count
            if status is not None:
                attendance += count
                if status is _PRESENT:
                    present += count
        staff = self._staff_summary or (len(self._staff), sum(self._staff.values()))
        returning = None
        if self._summary is not None:
            reached, repeated, returned = self._summary
            if previous is not None:
                returning = returned
        else:
            reached, repeated = len(self._first_day), len(self._repeat)
            if previous is not None:
                returning = len(self._first_day.keys() & previous._first_day.keys())
        return {
            "interactions": interactions,
            "residents_reached": reached,
            "repeat_residents": repeated,
            "returning_residents": returning,
            "resident_initiated": resident_initiated,
            "with_outcome": with_outcome,
            "positive": positive,
            "net_positive": positive - negative,
            "complaints": complaints,
            "reports": reports,
            "population": population,
            "report_delays": self._delays,
            "attendance_records": attendance,
            "present": present,
            "volunteer_hours": self._volunteer / (60 * EXACT_MINUTE),
            "active_staff": staff[0],
            "with_staff": staff[1],
        }

    def cell_keys(
        self, privacy: PrivacyKey, *, previous: EngagementAccumulator | None = None
    ) -> dict[str, int]:
        """The cell key (0–255) of each count of :data:`CELL_KEYED` (METHODS §7).

        A count's cell key is the sum of the record keys of the distinct records it counts,
        mod 256: interactions' keys come from their ids (summed as they were counted),
        residents' from their resident ids. ``returning_residents`` is 0 without
        ``previous``. Statistics counted without record keys have cell keys of 0.
        """
        sums = dict.fromkeys(CELL_KEYED, 0)
        for (kind, initiator, outcome, status), key in self._keys.items():
            sums["interactions"] += key
            if initiator is _RESIDENT:
                sums["resident_initiated"] += key
                if kind is _REPORT:
                    sums["reports"] += key
            if outcome is not None:
                sums["with_outcome"] += key
                if outcome is _POSITIVE:
                    sums["positive"] += key
                elif outcome is _NEGATIVE:
                    sums["negative"] += key
            if kind is _COMPLAINT:
                sums["complaints"] += key
            if status is not None:
                sums["attendance_records"] += key
                if status is _PRESENT:
                    sums["present"] += key
        sums["report_delays"] = self._delay_keys
        if self._summary is not None:
            reached, repeated, returned = self._summary_keys or (0, 0, 0)
            sums["residents_reached"], sums["repeat_residents"] = reached, repeated
            sums["returning_residents"] = returned if previous is not None else 0
        else:
            sums["residents_reached"] = privacy.keys_sum(self._first_day)
            sums["repeat_residents"] = privacy.keys_sum(self._repeat)
            if previous is not None:
                sums["returning_residents"] = privacy.keys_sum(
                    self._first_day.keys() & previous._first_day.keys()
                )
        return {name: total % 256 for name, total in sums.items()}

    def result(
        self, *, population: int | None = None, previous: EngagementAccumulator | None = None
    ) -> dict[str, MetricValue]:
        """Every metric of :data:`~trustops.metrics.METRIC_NAMES`, in that order, by name.

        ``population`` (the area's residents) enables the per-1,000-residents rates.
        ``previous`` is the accumulator of the same group in the previous period and enables
        ``returning_share``; pass an empty accumulator when the group had no activity then.
        A metric whose denominator is zero is missing (``None``), never 0.
        """
        return finish(self.totals(population=population, previous=previous))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EngagementAccumulator):
            return NotImplemented
        return all(getattr(self, slot) == getattr(other, slot) for slot in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"EngagementAccumulator(interactions={self.interactions}, "
            f"residents={len(self._first_day)}, staff={len(self._staff)})"
        )


def _positive(count: int) -> int:
    if type(count) is not int or count < 1:
        raise MetricsError(f"expected a count of at least 1, got {count!r}")
    return count


def _check_counts(counts: Collection[int]) -> None:
    """Raise unless every count is an int of at least 1 (checked in bulk, named one by one)."""
    if counts and (set(map(type, counts)) != {int} or min(counts) < 1):
        for count in counts:
            _positive(count)


def _add_counts(into: dict[_K, int], other: Mapping[_K, int]) -> None:
    for key, count in other.items():
        into[key] = into.get(key, 0) + count


Window: TypeAlias = tuple[_dt.datetime, _dt.datetime]
"""The earliest and the latest instant of some data (both aware)."""


@attrs.define
class Counted:
    """What one counting pass found: the statistics per (group key, period key), the
    window of the data counted (``None`` when nothing was), and how many interactions were
    left out as ``duplicates`` (an id already counted)."""

    groups: dict[tuple[Hashable, int | None], EngagementAccumulator]
    window: Window | None
    duplicates: int = 0

    def absorb(self, other: Counted) -> None:
        """Merge ``other``'s groups, window and duplicates into this one, in place."""
        self.duplicates += other.duplicates
        groups = self.groups
        for key, accumulator in other.groups.items():
            existing = groups.get(key)
            if existing is None:
                groups[key] = accumulator
            else:
                existing.absorb(accumulator)
        self.window = widen(self.window, other.window)


def widen(window: Window | None, other: Window | None) -> Window | None:
    """The smallest window holding both (``None`` is empty).

    >>> import pendulum
    >>> from trustops.metrics import widen
    >>> march = (pendulum.datetime(2026, 3, 1), pendulum.datetime(2026, 3, 31))
    >>> april = (pendulum.datetime(2026, 4, 1), pendulum.datetime(2026, 4, 30))
    >>> [when.date().isoformat() for when in widen(march, april)]
    ['2026-03-01', '2026-04-30']
    >>> widen(None, march) == march
    True
    """
    if window is None or other is None:
        return other if window is None else window
    return (min(window[0], other[0]), max(window[1], other[1]))


def accumulate(
    interactions: Iterable[Interaction],
    fields: tuple[str, ...],
    calendar: LocalCalendar,
    *,
    seen: set[str] | None = None,
    privacy: PrivacyKey | None = None,
) -> Counted:
    """One accumulator per (group key, period key), in a single pass, and the data's window.

    Each interaction id is counted once: an interaction whose id was met before (in
    ``interactions``, or in ``seen``, the ids already counted elsewhere, which this adds to)
    is left out and counted in :attr:`Counted.duplicates`; the first one met is kept. The
    ids cost memory in proportion to the interactions (about 100 bytes each); a list or tuple
    is first checked for a repeated id in one pass, and its ids are kept only if one repeats.

    The group key is the interaction's value of ``fields`` (attribute names: one value for
    one field, a tuple for several, ``()`` for none). This is
    :meth:`EngagementAccumulator.add_on_day` unrolled for speed (the day comes from
    ``calendar``'s cached hour tables); the two must stay in step, and the tests check that
    they do.

    Interactions are taken a chunk at a time, and each chunk is handled bucket by bucket,
    one bucket per group key and area: the area's hour tables and the group's periods are
    looked up once per bucket, and a group's counters stay in the processor's caches while
    its interactions are counted. A list or tuple is taken ``1 << 20`` at a
    time; on a million interactions in fifty areas this takes about 60% of the time of a
    pass in input order. Any other iterable, such as a reader, is taken 256 at a
    time, few enough that its interactions are freed before the garbage collector has to
    look at them twice (with 65,536 at a time, reading and counting a file took 20% longer).

    With ``privacy``, each interaction's record key is summed too (the cell keys of METHODS
    §7); it costs a SHA-256 of the id per interaction.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> from trustops.metrics import accumulate
    >>> from trustops.time import LocalCalendar
    >>> late = pendulum.datetime(2026, 3, 4, 23, 30, tz="UTC")  # 08:30 on 5 March in Tokyo
    >>> seen = [Interaction(id=f"i{n}", occurred_at=late.add(hours=n), area_id="a",
    ...                     kind="conversation", initiator="staff", channel="phone",
    ...                     resident_id="r1") for n in range(2)]
    >>> counted = accumulate(seen, ("area_id",), LocalCalendar({"a": "Asia/Tokyo"}, None))
    >>> counted.groups
    {('a', None): EngagementAccumulator(interactions=2, residents=1, staff=0)}
    """
    with_area = fields if "area_id" in fields else (*fields, "area_id")
    bucket_of: Callable[[Interaction], Hashable] = attrgetter(*with_area)
    area_at = with_area.index("area_id") if len(with_area) > 1 else None
    key_at: slice | int | None = None  # the bucket is the group key
    if "area_id" not in fields:
        key_at = slice(0, -1) if len(fields) > 1 else (0 if fields else None)
    groups: dict[tuple[Hashable, int | None], EngagementAccumulator] = {}
    extremes: list[_dt.datetime] = []
    periods_of: dict[Hashable, dict[int | None, EngagementAccumulator]] = {}
    iterator = iter(interactions)
    size = SEQUENCE_CHUNK if isinstance(interactions, Sequence) else CHUNK
    ids: set[str] | None = set() if seen is None else seen
    if seen is None and isinstance(interactions, Sequence):
        try:  # one pass in C finds whether any id repeats; ids are kept only if one does
            if len(set(map(_ID, interactions))) == len(interactions):
                ids = None
        except AttributeError:
            _check_interactions(interactions)
            raise  # pragma: no cover - an AttributeError from an Interaction itself
    duplicates = 0
    while chunk := list(islice(iterator, size)):
        buckets: dict[Hashable, list[Interaction]] = {}
        try:
            if ids is not None:
                fresh = set(map(_ID, chunk))
                if len(fresh) == len(chunk) and ids.isdisjoint(fresh):
                    ids |= fresh
                else:
                    chunk, dropped = first_of_each(chunk, ids)
                    duplicates += dropped
                del fresh
            for bucket, interaction in zip(map(bucket_of, chunk), chunk, strict=True):
                members = buckets.get(bucket)
                if members is None:
                    buckets[bucket] = [interaction]
                else:
                    members.append(interaction)
        except AttributeError:
            _check_interactions(chunk)
            raise  # pragma: no cover - an AttributeError from an Interaction itself
        for bucket, members in buckets.items():
            area = cast(str, bucket if area_at is None else cast(tuple[str, ...], bucket)[area_at])
            if key_at is None:
                key = () if not fields else bucket
            else:
                key = cast(tuple[Hashable, ...], bucket)[key_at]
            _count_bucket(
                members, key, area, calendar=calendar, groups=groups, periods_of=periods_of,
                extremes=extremes, privacy=privacy,
            )  # fmt: skip
        if len(extremes) > 64:
            extremes[:] = (min(extremes), max(extremes))
    window = (min(extremes), max(extremes)) if extremes else None
    return Counted(groups=groups, window=window, duplicates=duplicates)


_ID: Final = attrgetter("id")


def first_of_each(
    interactions: Iterable[Interaction], seen: set[str] | None = None
) -> tuple[list[Interaction], int]:
    """``interactions`` without those whose id came earlier (in them, or in ``seen``, which
    this adds the others' ids to), in order, and how many were left out: the rule by which
    every engine counts each interaction id once.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> from trustops.metrics import first_of_each
    >>> def seen(id, hour):
    ...     return Interaction(id=id, occurred_at=pendulum.datetime(2026, 3, 4, hour, tz="UTC"),
    ...                        area_id="a", kind="conversation", initiator="staff",
    ...                        channel="phone")
    >>> kept, left_out = first_of_each([seen("i1", 9), seen("i2", 10), seen("i1", 11)])
    >>> [(i.id, i.occurred_at.hour) for i in kept], left_out
    ([('i1', 9), ('i2', 10)], 1)
    """
    ids: set[str] = set() if seen is None else seen
    kept: list[Interaction] = []
    count = 0
    for interaction in interactions:
        count += 1
        if interaction.id not in ids:
            ids.add(interaction.id)
            kept.append(interaction)
    return kept, count - len(kept)


CHUNK: Final = 256
"""How many interactions :func:`accumulate` takes from an iterator at a time."""
SEQUENCE_CHUNK: Final = 1 << 20
"""How many interactions of a list or tuple :func:`accumulate` buckets at a time (the
interactions are already in memory; buckets cost 8 bytes per interaction)."""


def _check_interactions(items: Iterable[object]) -> None:
    for item in items:
        if not isinstance(item, Interaction):
            raise MetricsError(
                f"expected Interaction objects, got {type(item).__name__}: {item!r:.80}"
            )


def _count_bucket(
    members: list[Interaction],
    key: Hashable,
    area: str,
    *,
    calendar: LocalCalendar,
    groups: dict[tuple[Hashable, int | None], EngagementAccumulator],
    periods_of: dict[Hashable, dict[int | None, EngagementAccumulator]],
    extremes: list[_dt.datetime],
    privacy: PrivacyKey | None = None,
) -> None:
    """Count interactions of one group key and one area (the body of :func:`accumulate`)."""
    periods = periods_of.get(key)
    if periods is None:
        periods = periods_of[key] = {}
    source: object = _NOTHING
    current: object = _NOTHING
    lo = hi = members[0].occurred_at
    state = EngagementAccumulator()  # replaced before its first use
    count = state._count
    record_key = None if privacy is None else privacy.record_key
    tables: dict[int, tuple[tuple[int, int | None] | None, ...]] = {}
    toordinal = _dt.date.toordinal
    for interaction in members:
        (occurred, resident, staff, kind, initiator, outcome, status, observed,
         minutes) = _ROW(interaction)  # fmt: skip
        if occurred.tzinfo is not source:  # the extremes are compared within one zone object
            source = occurred.tzinfo
            tables = calendar.tables(area, occurred.tzinfo)
            extremes.extend((lo, hi))
            lo = hi = occurred
        elif occurred < lo:
            lo = occurred
        elif occurred > hi:
            hi = occurred
        table = tables.get(toordinal(occurred))
        if table is None:
            table = calendar.table(area, occurred)
        cell = table[occurred.hour]
        if cell is None:
            cell = calendar.exact(area, occurred)
        day, period = cell
        if period != current:
            current = period
            found = periods.get(period)
            if found is None:
                found = periods[period] = groups[key, period] = EngagementAccumulator()
            state = found
            state._areas.add(area)
            count = state._count
        count(day, occurred, resident, staff, kind, initiator, outcome, status,
              observed, minutes)  # fmt: skip
        if record_key is not None:
            state._key(record_key(interaction.id), kind, initiator, outcome, status, observed)
    extremes.extend((lo, hi))
