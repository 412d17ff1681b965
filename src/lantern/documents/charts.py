"""Grouped bar charts for pages and documents, drawn from the same numbers twice: an SVG
(for pages, and for PDFs through render_pdf's `figures`) and a PNG (for DOCX, which
can't take SVG).

A chart has one group of bars per label and one bar per series in each group:

    bar_chart_svg(
        title="Grades by agency",
        labels=["Outstanding", "Good", "Requires improvement", "Inadequate"],
        series=[("Police", [0, 2, 1, 1]), ("Council", [1, 2, 1, 0])],
    )

Counts only (whole numbers, none negative). Every bar carries its number, the colours
come from GOV.UK Frontend's palette, and the SVG is an image with a <title> and a
<desc> that states every number (chart_description), so a screen reader hears the
data. Still put the same numbers in a table next to the chart: the table is the
accessible alternative, and the one people can copy from.
"""

import base64
import hashlib
import html
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

Series = Sequence[tuple[str, Sequence[int]]]

#: GOV.UK Frontend colours, each with enough contrast against white for a bar (3:1).
PALETTE = (
    "#1d70b8",  # blue
    "#f47738",  # orange
    "#00703c",  # green
    "#4c2c92",  # purple
    "#d4351c",  # red
    "#28a197",  # turquoise
    "#b58840",  # brown
    "#505a5f",  # dark grey
)
_TEXT = "#0b0c0c"
_AXIS = "#505a5f"
_GRID = "#b1b4b6"
_FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
_CHAR = 7.0  # rough width of a 12px character, for wrapping labels and the legend

WIDTH, HEIGHT = 640, 360
MIN_PLOT = 160  # the least height the bars get, in pixels


def chart_description(*, title: str, labels: Sequence[str], series: Series) -> str:
    """Every number of the chart in one sentence a screen reader can read out."""
    _check(labels, series)
    groups = []
    for index, label in enumerate(labels):
        values = ", ".join(f"{name} {values[index]}" for name, values in series)
        groups.append(f"{label}: {values}")
    return f"{title}. Bar chart. " + "; ".join(groups) + "."


def _check(labels: Sequence[str], series: Series) -> None:
    if not labels:
        raise ValueError("A chart needs at least one label.")
    if not series:
        raise ValueError("A chart needs at least one series.")
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(labels)} labels.")
        if any(v < 0 or int(v) != v for v in values):
            raise ValueError(f"Series {name!r} must hold whole numbers, none negative.")
    if len(series) > len(PALETTE):
        # More would repeat a colour, and two series would look like one.
        raise ValueError(f"A chart shows at most {len(PALETTE)} series, not {len(series)}.")


def _wrap(text: str, width: float) -> list[str]:
    """Words on lines of at most `width` pixels (a single long word gets its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and (len(lines[-1]) + 1 + len(word)) * _CHAR <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class _Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    value: int


@dataclass(frozen=True)
class _Layout:
    """Where everything goes, in pixels of a WIDTH × HEIGHT canvas."""

    bars: list[_Bar]
    ticks: list[tuple[float, int]]  # (y, value)
    labels: list[tuple[float, list[str]]]  # (centre x, lines)
    legend: list[tuple[float, float, str, str]]  # (x, y, colour, name)
    plot: tuple[float, float, float]  # left, right, bottom (the x axis)
    height: float  # HEIGHT, or taller when the legend and labels need the room


def _layout(labels: Sequence[str], series: Series) -> _Layout:
    _check(labels, series)
    left, right, top = 44.0, WIDTH - 16.0, 36.0
    # The legend: one swatch and name per series, wrapping onto further rows.
    legend = []
    x, y = left, top
    for index, (name, _values) in enumerate(series):
        item = 18 + len(name) * _CHAR + 16
        if x + item > right and x > left:
            x, y = left, y + 20
        legend.append((x, y, PALETTE[index % len(PALETTE)], name))
        x += item
    top = y + 30
    group_width = (right - left) / len(labels)
    label_lines = [_wrap(label, group_width - 8) for label in labels]
    label_room = 12 + 15 * max(len(lines) for lines in label_lines)
    # A long legend or long labels make the canvas taller rather than squash the bars.
    canvas_height = max(float(HEIGHT), top + MIN_PLOT + label_room)
    bottom = canvas_height - label_room
    highest = max(max(values) for _name, values in series)
    step = max(1, math.ceil(highest / 5))
    ceiling = step * max(1, math.ceil(highest / step))
    scale = (bottom - top) / ceiling
    ticks = [(bottom - value * scale, value) for value in range(0, ceiling + 1, step)]
    gap = group_width * 0.2
    bar_width = (group_width - gap) / len(series)
    bars = []
    for group, _label in enumerate(labels):
        start = left + group * group_width + gap / 2
        for index, (_name, values) in enumerate(series):
            value = int(values[group])
            height = value * scale
            bars.append(
                _Bar(
                    x=start + index * bar_width,
                    y=bottom - height,
                    width=bar_width * 0.9,
                    height=height,
                    colour=PALETTE[index % len(PALETTE)],
                    value=value,
                )
            )
    centres = [left + (i + 0.5) * group_width for i in range(len(labels))]
    return _Layout(
        bars=bars,
        ticks=ticks,
        labels=list(zip(centres, label_lines, strict=True)),
        legend=legend,
        plot=(left, right, bottom),
        height=canvas_height,
    )


def _svg_text(x: float, y: float, text: str, anchor: str = "middle", **extra: str) -> str:
    attributes = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{_TEXT}"{attributes}>'
        f"{html.escape(text)}</text>"
    )


def bar_chart_svg(*, title: str, labels: Sequence[str], series: Series) -> str:
    """The chart as an inline SVG image: role="img", labelled by its <title> and <desc>.

    Presentation attributes only (no style attributes), so a strict Content Security
    Policy lets it through. It scales to the width of its container."""
    layout = _layout(labels, series)
    description = chart_description(title=title, labels=labels, series=series)
    digest = hashlib.sha256(description.encode()).hexdigest()[:10]
    ids = f"chart-{digest}"
    left, right, bottom = layout.plot
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{ids}-title {ids}-desc" viewBox="0 0 {WIDTH} {layout.height:.0f}" '
        f'width="100%" font-family="{_FONT}" font-size="12" class="lantern-chart">',
        f'<title id="{ids}-title">{html.escape(title)}</title>',
        f'<desc id="{ids}-desc">{html.escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{layout.height:.0f}" fill="#ffffff"/>',
        _svg_text(left, 20, title, anchor="start", font_size="15", font_weight="bold"),
    ]
    for y, value in layout.ticks:
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{_GRID}" '
            'stroke-width="1"/>'
        )
        parts.append(_svg_text(left - 6, y + 4, str(value), anchor="end"))
    for x, y, colour, name in layout.legend:
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_svg_text(x + 18, y, name, anchor="start"))
    for bar in layout.bars:
        parts.append(
            f'<rect x="{bar.x:.1f}" y="{bar.y:.1f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.1f}" fill="{bar.colour}"/>'
        )
        parts.append(_svg_text(bar.x + bar.width / 2, bar.y - 4, str(bar.value)))
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{_AXIS}" '
        'stroke-width="2"/>'
    )
    for x, lines in layout.labels:
        for number, line in enumerate(lines):
            parts.append(_svg_text(x, bottom + 16 + 15 * number, line))
    parts.append("</svg>")
    return "".join(parts)


def svg_data_uri(svg: str) -> str:
    """The SVG as a data: URI, for an <img> (e.g. in a PDF) that fetches nothing."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@cache
def _font(size: int) -> object:
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def bar_chart_png(*, title: str, labels: Sequence[str], series: Series, scale: int = 2) -> bytes:
    """The same chart as a PNG (`scale` × 640 × 360 pixels), drawn with Pillow."""
    from PIL import Image, ImageDraw

    layout = _layout(labels, series)
    image = Image.new("RGB", (WIDTH * scale, round(layout.height * scale)), "#ffffff")
    draw = ImageDraw.Draw(image)
    small, big = _font(12 * scale), _font(15 * scale)

    def s(value: float) -> float:
        return value * scale

    def text(x: float, y: float, words: str, anchor: str = "ms", font: object = small) -> None:
        # Pillow anchors: "ms" middle/baseline, "ls" left/baseline, "rs" right/baseline.
        draw.text((s(x), s(y)), words, fill=_TEXT, font=font, anchor=anchor)  # type: ignore[arg-type]

    left, right, bottom = layout.plot
    text(left, 20, title, anchor="ls", font=big)
    for y, value in layout.ticks:
        draw.line([(s(left), s(y)), (s(right), s(y))], fill=_GRID, width=scale)
        text(left - 6, y + 4, str(value), anchor="rs")
    for x, y, colour, name in layout.legend:
        draw.rectangle([s(x), s(y - 10), s(x + 12), s(y + 2)], fill=colour)
        text(x + 18, y, name, anchor="ls")
    for bar in layout.bars:
        if bar.height > 0:
            draw.rectangle([s(bar.x), s(bar.y), s(bar.x + bar.width), s(bottom)], fill=bar.colour)
        text(bar.x + bar.width / 2, bar.y - 4, str(bar.value))
    draw.line([(s(left), s(bottom)), (s(right), s(bottom))], fill=_AXIS, width=2 * scale)
    for x, lines in layout.labels:
        for number, line in enumerate(lines):
            text(x, bottom + 16 + 15 * number, line)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
