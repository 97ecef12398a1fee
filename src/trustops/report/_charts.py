"""Charts as inline SVG text, drawn with matplotlib's SVG backend (never a GUI)."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from .._errors import MissingExtraError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "Series",
    "bar_chart",
    "interval_chart",
    "line_chart",
    "require_matplotlib",
    "stacked_bar_chart",
]

PALETTE: Final = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
"""Okabe–Ito colours, distinguishable with the common colour-vision deficiencies."""

_INK: Final = "#222222"
_GRID: Final = "#dddddd"
_RC: Final = {
    "svg.hashsalt": "trustops-report",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": _INK,
    "axes.labelcolor": _INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "text.color": _INK,
}
_SVG_HEAD: Final = re.compile(r"^.*?(<svg\b)", re.S)
_SIZE: Final = re.compile(r'\s(width|height)="[^"]*"')


def require_matplotlib() -> None:
    """Raise :class:`~trustops.MissingExtraError` naming the ``report`` extra when matplotlib
    cannot be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("the HTML report's charts", "report", "matplotlib") from error


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[Figure, Axes]]:
    require_matplotlib()
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(cast(Any, _RC)):
        figure = Figure(figsize=(width, height), layout="constrained")
        axes = figure.add_subplot()
        axes.grid(True, axis="y", color=_GRID, linewidth=0.8)
        axes.set_axisbelow(True)
        yield figure, axes


def _svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = _SVG_HEAD.sub(r"\1", buffer.getvalue(), count=1)
    head, rest = text.split(">", 1)
    head = _SIZE.sub("", head)
    return f'{head} role="img" aria-label="{html.escape(label, quote=True)}">{rest}'.strip()


def _values(values: Iterable[float | None]) -> tuple[float | None, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Series:
    """One line of a line chart: a name and a value (or ``None``) per x position, with
    optional interval ends drawn as a shaded band."""

    name: str
    values: tuple[float | None, ...] = attrs.field(converter=_values)
    low: tuple[float | None, ...] | None = None
    high: tuple[float | None, ...] | None = None


def _nan(values: Sequence[float | None]) -> list[float]:
    return [float("nan") if value is None else value for value in values]


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    ylabel: str,
    title: str,
    ylim: tuple[float, float] | None = None,
) -> str:
    """Lines over ``labels`` (periods), one per series, with shaded intervals when given.

    Missing values (``None``) leave gaps; a lone point is drawn as a marker.
    """
    with _figure(7.2, 3.6 + 0.2 * ((len(series) + 2) // 3)) as (figure, axes):
        positions = list(range(len(labels)))
        for number, line in enumerate(series):
            colour = PALETTE[number % len(PALETTE)]
            if line.low is not None and line.high is not None:
                axes.fill_between(
                    positions,
                    _nan(line.low),
                    _nan(line.high),
                    color=colour,
                    alpha=0.15,
                    linewidth=0,
                )
            axes.plot(
                positions,
                _nan(line.values),
                marker="o",
                markersize=4,
                color=colour,
                label=line.name,
            )
        axes.set_xticks(positions, labels, rotation=45 if len(labels) > 6 else 0, ha="right")
        axes.set_ylabel(ylabel)
        if ylim is not None:
            axes.set_ylim(*ylim)
        if series:
            figure.legend(loc="outside lower center", ncols=3, frameon=False)
        return _svg(figure, title)


def bar_chart(
    labels: Sequence[str], values: Sequence[float | None], *, xlabel: str, title: str
) -> str:
    """Horizontal bars, one per label (the first at the top); ``None`` draws no bar."""
    height = max(1.6, 0.42 * len(labels) + 0.8)
    with _figure(7.2, height) as (figure, axes):
        axes.grid(False)
        axes.grid(True, axis="x", color=_GRID, linewidth=0.8)
        positions = list(range(len(labels)))
        axes.barh(positions, [v or 0.0 for v in values], color=PALETTE[0], height=0.6)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        return _svg(figure, title)


def stacked_bar_chart(
    labels: Sequence[str],
    parts: Sequence[tuple[str, Sequence[float | None]]],
    *,
    xlabel: str,
    title: str,
    xlim: tuple[float, float] | None = None,
) -> str:
    """Horizontal stacked bars: one bar per label, one coloured part per named series."""
    height = max(1.8, 0.45 * len(labels) + 1.2)
    with _figure(7.2, height) as (figure, axes):
        axes.grid(False)
        axes.grid(True, axis="x", color=_GRID, linewidth=0.8)
        positions = list(range(len(labels)))
        left = [0.0] * len(labels)
        for number, (name, values) in enumerate(parts):
            widths = [v or 0.0 for v in values]
            axes.barh(
                positions,
                widths,
                left=left,
                height=0.6,
                color=PALETTE[number % len(PALETTE)],
                label=name,
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        if xlim is not None:
            axes.set_xlim(*xlim)
        figure.legend(loc="outside lower center", ncols=3, frameon=False)
        return _svg(figure, title)


def interval_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    intervals: Sequence[tuple[float, float] | None],
    *,
    xlabel: str,
    title: str,
    xlim: tuple[float, float] | None = None,
    missing: Sequence[str],
) -> str:
    """Points with horizontal interval whiskers, one row per label (the first at the top);
    a row without a value shows its text from ``missing`` instead."""
    height = max(1.6, 0.36 * len(labels) + 0.8)
    with _figure(7.2, height) as (figure, axes):
        axes.grid(False)
        axes.grid(True, axis="x", color=_GRID, linewidth=0.8)
        positions = list(range(len(labels)))
        rows = zip(positions, values, intervals, missing, strict=True)
        for position, value, interval, text in rows:
            if value is None:
                axes.text(1.0, position, text, va="center", fontsize=9, color="#6e3a00")
                continue
            if interval is not None:
                axes.plot(list(interval), [position, position], color=PALETTE[0], linewidth=2)
            axes.plot([value], [position], marker="o", color=PALETTE[5], markersize=6)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        if xlim is not None:
            axes.set_xlim(*xlim)
        return _svg(figure, title)
