"""Charts as inline SVG text, drawn with matplotlib's SVG backend (never a GUI)."""

from __future__ import annotations

import html
import io
import math
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
    "MARKERS",
    "PALETTE",
    "Series",
    "axis_range",
    "bar_chart",
    "contrast_ratio",
    "line_chart",
    "require_matplotlib",
    "series_style",
    "stacked_bar_chart",
]

PALETTE: Final = ("#0072B2", "#D55E00", "#007A5E", "#B8457F", "#6A3D9A", "#8A6D00", "#222222")
"""Series colours after Okabe–Ito, darkened where needed so that each has a contrast of at
least 3:1 on white (WCAG 2.1 non-text contrast); lines are told apart by marker shape and a
label at their end too, never by colour alone."""

MARKERS: Final = ("o", "s", "^", "D", "v", "P", "X")
"""Marker shapes, one per series, in the order of :data:`PALETTE`."""

_INK: Final = "#222222"
_GRID: Final = "#dddddd"
_RC: Final = {
    "svg.hashsalt": "trustops-report",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10.5,
    "axes.edgecolor": _INK,
    "axes.labelcolor": _INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "text.color": _INK,
    # Every text on a chart (names, labels, titles) is drawn as written: never as mathtext
    # (a name holding ``$...$``) nor through TeX, whatever the user's matplotlibrc says.
    "text.parse_math": False,
    "text.usetex": False,
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


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21).

    >>> round(contrast_ratio("#0072B2"), 2)
    5.19
    """

    def luminance(text: str) -> float:
        channels = [int(text.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def axis_range(
    values: Iterable[float | None], *, bounds: tuple[float, float] = (0.0, 100.0), step: float = 10
) -> tuple[float, float]:
    """A y-axis suited to the data: from the lowest to the highest value with a margin of half
    a ``step``, rounded out to whole steps and kept within ``bounds``; the whole of ``bounds``
    without values.

    >>> axis_range([52.5, 61.0, None, 58.2])
    (40.0, 70.0)
    >>> axis_range([3.0, 98.0])
    (0.0, 100.0)
    """
    present = [v for v in values if v is not None and math.isfinite(v)]
    if not present:
        return bounds
    low = float(math.floor((min(present) - step / 2) / step) * step)
    high = float(math.ceil((max(present) + step / 2) / step) * step)
    return max(low, bounds[0]), min(high, bounds[1])


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
    emphasis: bool = False
    """Draw it as the chart's main line: thick, in near-black, on top (a programme-wide
    figure among its areas)."""


_LINESTYLES: Final = ("-", "--", ":")


def series_style(number: int) -> tuple[str, str, str]:
    """Colour, marker and line style of the ``number``-th series: every combination distinct
    for up to 126 series, so no two lines look alike even beyond the seven colours.

    >>> series_style(0), series_style(6)
    (('#0072B2', 'o', '-'), ('#0072B2', 's', '--'))
    """
    colours = PALETTE[:-1]  # near-black is kept for the emphasised line
    cycle, position = divmod(number, len(colours))
    return (
        colours[position],
        MARKERS[(position + cycle) % len(MARKERS)],
        _LINESTYLES[cycle % len(_LINESTYLES)],
    )


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

    Each series has its own colour (:data:`PALETTE`) *and* marker shape (:data:`MARKERS`),
    and its name is written at its last point, so lines are told apart without colour.
    Missing values (``None``) leave gaps; a lone point is drawn as a marker. ``ylim`` sets
    the y-axis (see :func:`axis_range`); by default it fits the data.
    """
    with _figure(5.6, 3.4 + 0.25 * ((len(series) + 1) // 2)) as (figure, axes):
        positions = list(range(len(labels)))
        plain = 0
        for line in series:
            if line.emphasis:
                colour, marker, style = PALETTE[-1], "o", "-"
            else:
                colour, marker, style = series_style(plain)
                plain += 1
            if line.low is not None and line.high is not None:
                axes.fill_between(
                    positions,
                    _nan(line.low),
                    _nan(line.high),
                    color=colour,
                    alpha=0.12,
                    linewidth=0,
                )
            axes.plot(
                positions,
                _nan(line.values),
                marker=marker,
                markersize=6 if line.emphasis else 5,
                linewidth=3.2 if line.emphasis else 1.6,
                linestyle=style,
                color=colour,
                label=line.name,
                zorder=3 if line.emphasis else 2,
            )
        _label_ends(axes, series, ylim)
        axes.set_xticks(positions, labels, rotation=45 if len(labels) > 6 else 0, ha="right")
        axes.set_xlim(-0.3, max(len(labels) - 1, 0) + 0.3 + 0.12 * len(labels) + 1.0)
        axes.set_ylabel(ylabel)
        if ylim is not None:
            axes.set_ylim(*ylim)
        if series:
            figure.legend(loc="outside lower center", ncols=2, frameon=False)
        return _svg(figure, title)


def _colour_of(series: Sequence[Series], number: int) -> str:
    if series[number].emphasis:
        return PALETTE[-1]
    return series_style(sum(1 for line in series[:number] if not line.emphasis))[0]


def _label_ends(axes: Axes, series: Sequence[Series], ylim: tuple[float, float] | None) -> None:
    """Write each series' name at its last point, nudged apart so that no two overlap."""
    ends: list[tuple[float, int, int]] = []
    for number, line in enumerate(series):
        last = max((i for i, v in enumerate(line.values) if v is not None), default=None)
        if last is not None:
            ends.append((line.values[last] or 0.0, number, last))
    if not ends:
        return
    low, high = ylim if ylim is not None else axes.get_ylim()
    gap = (high - low) * 0.055
    ends.sort()
    placed: list[float] = []
    for value, _, _ in ends:
        placed.append(value if not placed else max(value, placed[-1] + gap))
    overflow = placed[-1] - high
    if overflow > 0:
        placed = [p - overflow for p in placed]
    for (value, number, last), y in zip(ends, placed, strict=True):
        axes.annotate(
            series[number].name,
            (last, value),
            xytext=(last + 0.25, y),
            textcoords="data",
            va="center",
            fontsize=9,
            color=_colour_of(series, number),
            fontweight="bold" if series[number].emphasis else "normal",
            annotation_clip=False,
        )


def bar_chart(
    labels: Sequence[str], values: Sequence[float | None], *, xlabel: str, title: str
) -> str:
    """Horizontal bars, one per label (the first at the top); ``None`` draws no bar."""
    height = max(1.6, 0.42 * len(labels) + 0.8)
    with _figure(5.6, height) as (figure, axes):
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
    """Horizontal stacked bars: one bar per label, one coloured part per named series, parts
    separated by white edges so that neighbouring colours stay apart."""
    height = max(1.8, 0.45 * len(labels) + 1.2 + 0.25 * ((len(parts) + 1) // 2))
    with _figure(5.6, height) as (figure, axes):
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
                edgecolor="#ffffff",
                linewidth=1.0,
                label=name,
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        if xlim is not None:
            axes.set_xlim(*xlim)
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        return _svg(figure, title)
