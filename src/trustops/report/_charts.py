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
    "PALETTE",
    "Mark",
    "Panel",
    "Series",
    "axis_range",
    "bar_chart",
    "contrast_ratio",
    "require_matplotlib",
    "small_multiples",
    "stacked_bar_chart",
]

PALETTE: Final = ("#0072B2", "#D55E00", "#007A5E", "#B8457F", "#6A3D9A", "#8A6D00", "#222222")
"""Series colours after Okabe–Ito, darkened where needed so that each has a contrast of at
least 3:1 on white (WCAG 2.1 non-text contrast); lines are told apart by marker shape and a
label or a key too, never by colour alone."""

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
def _blank(width: float, height: float) -> Iterator[Figure]:
    require_matplotlib()
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(cast(Any, _RC)):
        yield Figure(figsize=(width, height), layout="constrained")


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
    """One line of a chart: a name and a value (or ``None``) per x position, with optional
    interval ends drawn as a shaded band."""

    name: str
    values: tuple[float | None, ...] = attrs.field(converter=_values)
    low: tuple[float | None, ...] | None = None
    high: tuple[float | None, ...] | None = None


def _nan(values: Sequence[float | None]) -> list[float]:
    return [float("nan") if value is None else value for value in values]


def bar_chart(
    labels: Sequence[str], values: Sequence[float | None], *, xlabel: str, title: str
) -> str:
    """Horizontal bars, one per label (the first at the top); ``None`` draws no bar."""
    height = max(1.6, 0.42 * len(labels) + 0.8)
    with _figure(4.0, height) as (figure, axes):
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
    height = max(1.8, 0.3 * len(labels) + 1.0 + 0.25 * ((len(parts) + 1) // 2))
    with _figure(4.0, height) as (figure, axes):
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


@attrs.frozen(kw_only=True)
class Mark:
    """An event marked on a panel: at x position ``at``, with a short ``code`` written on the
    chart (one or two letters) that the chart's key names in full (``name``)."""

    at: int
    code: str
    name: str


@attrs.frozen(kw_only=True)
class Panel:
    """One small panel: a title (an area's name), its series and its marks."""

    title: str
    series: Series
    marks: tuple[Mark, ...] = ()


def _short(labels: Sequence[str]) -> tuple[list[str], str]:
    """Period labels without the year they all share (``2025-Q1`` → ``Q1``), and that year
    (``""`` when they do not share one)."""
    years = {label[:4] for label in labels}
    if len(years) == 1 and all(len(label) > 5 and label[4] == "-" for label in labels):
        return [label[5:] for label in labels], years.pop()
    return list(labels), ""


def _ticks(labels: Sequence[str]) -> list[int]:
    """The x positions to label: all of up to six, else about five spread evenly."""
    if len(labels) <= 6:
        return list(range(len(labels)))
    step = math.ceil(len(labels) / 5)
    return list(range(0, len(labels), step))


def small_multiples(
    labels: Sequence[str],
    panels: Sequence[Panel],
    *,
    reference: Series | None,
    ylabel: str,
    title: str,
    ylim: tuple[float, float],
    columns: int,
    width: float,
    subject: str = "this area",
) -> str:
    """One small panel per area on a shared scale, ``columns`` to a row: the area's line (its
    interval shaded), ``reference`` (the programme-wide line) dashed in grey in every panel,
    and each :class:`Mark` as a dotted vertical line with its code at the top (codes at the
    same position joined, so they never overlap). The key under the panels names the
    reference and every code used. The text is sized for a figure ``width`` inches wide shown
    at about its width in points × 1.2 CSS pixels."""
    rows = max(1, math.ceil(len(panels) / columns))
    codes = dict.fromkeys((m.code, m.name) for panel in panels for m in panel.marks)
    key_lines = math.ceil((len(codes) + (reference is not None)) / max(1, int(width // 2.2)))
    height = rows * 1.55 + 0.35 + 0.25 * key_lines
    positions = list(range(len(labels)))
    ticks = _ticks(labels)
    shown, year = _short(labels)
    with _blank(width, height) as figure:
        grid = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
        for number, axes in enumerate(grid.flat):
            if number >= len(panels):
                axes.set_axis_off()
                continue
            panel = panels[number]
            axes.grid(True, axis="y", color=_GRID, linewidth=0.8)
            axes.set_axisbelow(True)
            if reference is not None:
                axes.plot(
                    positions,
                    _nan(reference.values),
                    color="#6b6b6b",
                    linewidth=1.4,
                    linestyle="--",
                )
            line = panel.series
            if line.low is not None and line.high is not None:
                axes.fill_between(
                    positions,
                    _nan(line.low),
                    _nan(line.high),
                    color=PALETTE[0],
                    alpha=0.15,
                    linewidth=0,
                )
            axes.plot(
                positions,
                _nan(line.values),
                color=PALETTE[0],
                linewidth=2,
                marker="o",
                markersize=3.5,
            )
            at: dict[int, list[str]] = {}
            for mark in panel.marks:
                at.setdefault(mark.at, []).append(mark.code)
            for x, found in sorted(at.items()):
                axes.axvline(x - 0.5, color=PALETTE[1], linestyle=":", linewidth=1.3)
                axes.annotate(
                    " ".join(dict.fromkeys(found)),
                    xy=(x - 0.5, 1.0),
                    xycoords=("data", "axes fraction"),
                    ha="center",
                    va="bottom",
                    fontsize=9,
                    fontweight="bold",
                    color=PALETTE[1],
                    annotation_clip=False,
                )
            axes.set_title(panel.title, loc="left", fontsize=10, pad=12)
            axes.set_xticks([positions[t] for t in ticks], [shown[t] for t in ticks])
            axes.tick_params(labelsize=9)
            if number + columns >= len(panels):  # no panel below: label its periods
                axes.xaxis.set_tick_params(labelbottom=True)
                axes.set_xlabel(year, fontsize=9)
            axes.set_xlim(-0.5, len(labels) - 0.5)
            axes.set_ylim(*ylim)
        for axes in grid[:, 0]:
            axes.set_ylabel(ylabel, fontsize=9)
        from matplotlib.lines import Line2D

        handles = []
        handles.append(Line2D([], [], color=PALETTE[0], linewidth=2, marker="o", label=subject))
        if reference is not None:
            handles.append(
                Line2D([], [], color="#6b6b6b", linestyle="--", linewidth=1.4, label=reference.name)
            )
        for code, name in codes:
            handles.append(Line2D([], [], color=PALETTE[1], linestyle=":", label=f"{code}: {name}"))
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=max(1, int(width // 2.2)),
            frameon=False,
            fontsize=9,
        )
        return _svg(figure, title)
