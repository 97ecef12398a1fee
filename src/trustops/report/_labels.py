"""Words for people: titles and units of the figures the report shows."""

from __future__ import annotations

from typing import Final

from ..metrics import METRICS

__all__ = [
    "component_title",
    "group_title",
    "initiative_mark",
    "initiative_title",
    "metric_title",
    "metric_unit",
    "missing_reason",
]

_OTHER: Final = {
    "index": ("Trust index", "points, 0–100"),
    "mean_score": ("Mean score", "points, 0–100"),
}


def metric_title(name: str) -> str:
    """A figure's title for people (``positive_share`` → ``Positive outcome``).

    >>> metric_title("reports_per_1000_residents")
    'Reports per 1,000 residents'
    """
    if name in METRICS:
        return METRICS[name].title
    return _OTHER[name][0] if name in _OTHER else name.replace("_", " ").capitalize()


def metric_unit(name: str) -> str:
    """The unit a figure's value is in, as shown: from the metric registry, with shares
    shown as percentages (``positive_share`` → ``% of interactions``).

    >>> metric_unit("median_hours_to_report"), metric_unit("positive_share")
    ('hours', '% of interactions')
    """
    if name in METRICS:
        unit = METRICS[name].unit
        return "% of " + unit.removeprefix("share of ") if unit.startswith("share of ") else unit
    return _OTHER[name][1] if name in _OTHER else ""


def missing_reason(name: str) -> str:
    """Why a metric has no value, from the registry (``attendance_rate`` → no attendance
    records).

    >>> missing_reason("positive_share")
    'no outcomes recorded'
    """
    return METRICS[name].missing_when if name in METRICS else "no data"


def component_title(name: str) -> str:
    """A scoring-model component's name for people (``perceived_trust`` → ``Perceived trust``).

    >>> component_title("community_reporting")
    'Community reporting'
    """
    return name.replace("_", " ").capitalize()


def group_title(key: str, value: str | None) -> str:
    """A group key's value for people: ``visible_patrol`` → ``Visible patrol``, and the group
    of records without one (``None``) → ``No initiative`` / ``No staff member`` / ``None``.

    >>> group_title("initiative_kind", "surveillance_measure"), group_title("initiative", None)
    ('Surveillance measure', 'No initiative')
    """
    if value is None:
        return {"initiative": "No initiative", "initiative_kind": "No initiative"}.get(
            key, "No staff member" if key == "staff" else "None"
        )
    return value.replace("_", " ").capitalize() if key == "initiative_kind" else value


_MARKS: Final = {
    "community_outreach": ("O", "outreach"),
    "educational_workshop": ("W", "workshops"),
    "local_partnership": ("P", "partnerships"),
    "community_meeting": ("M", "community meetings"),
    "surveillance_measure": ("S", "surveillance (CCTV)"),
    "visible_patrol": ("V", "visible patrols"),
}


def initiative_mark(kind: str, event: str) -> tuple[str, str]:
    """The code and name of an initiative's start or stop as marked on a chart: one letter
    per kind, with ``×`` for a stop.

    >>> initiative_mark("educational_workshop", "start"), initiative_mark("visible_patrol", "stop")
    (('W', 'workshops start'), ('V×', 'visible patrols stop'))
    """
    code, name = _MARKS.get(kind, ("X", kind.replace("_", " ")))
    return (code, f"{name} start") if event == "start" else (f"{code}×", f"{name} stop")


def initiative_title(kind: str, event: str) -> str:
    """An initiative kind's start or stop for people.

    >>> initiative_title("visible_patrol", "stop"), initiative_title("community_meeting", "start")
    ('Visible patrol (withdrawn)', 'Community meeting')
    """
    title = group_title("initiative_kind", kind)
    return f"{title} (withdrawn)" if event == "stop" else title
