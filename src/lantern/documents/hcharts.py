"""Horizontal bar charts, for many bars with long labels (a dashboard's thirty steps of
five pathways): each label is written out on the left, where it has room, and the page
grows taller instead of squeezing the labels under the bars until they overlap.

The same contract as lantern.documents.charts.bar_chart_svg: whole numbers, one bar per
series in each label's group, every bar with its number, an image with a <title> and a
<desc> stating every number. Put the same numbers in a table next to it.
"""

import hashlib
import html
from collections.abc import Sequence

from .charts import _AXIS, _CHAR, _FONT, PALETTE, WIDTH, Series, _check, _svg_text, _wrap
from .charts import chart_description as _description

LABEL_WIDTH = 250.0  # the labels' column, in pixels of the WIDTH-wide canvas
BAR = 14.0  # one bar's thickness
LINE = 15.0  # one line of a label


def row_chart_svg(*, title: str, labels: Sequence[str], series: Series) -> str:
    """The chart as an inline SVG image: role="img", labelled by its <title> and <desc>;
    presentation attributes only, so a strict Content Security Policy lets it through."""
    _check(labels, series)
    description = _description(title=title, labels=labels, series=series)
    ids = f"chart-{hashlib.sha256(description.encode()).hexdigest()[:10]}"
    left, right = LABEL_WIDTH + 8, WIDTH - 40.0
    parts: list[str] = []
    # The legend, when there is more than one series.
    y = 44.0
    if len(series) > 1:
        x = 8.0
        for index, (name, _values) in enumerate(series):
            item = 18 + len(name) * _CHAR + 16
            if x + item > WIDTH - 8 and x > 8:
                x, y = 8.0, y + 20
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>'
            )
            parts.append(_svg_text(x + 18, y, name, anchor="start"))
            x += item
        y += 16
    highest = max(1, *(max(values) for _name, values in series))
    scale = (right - left) / highest
    top = y
    for group, label in enumerate(labels):
        lines = _wrap(label, LABEL_WIDTH - 8)
        height = max(len(lines) * LINE, len(series) * BAR) + 10
        for number, line in enumerate(lines):
            parts.append(_svg_text(LABEL_WIDTH, y + 12 + LINE * number, line, anchor="end"))
        for index, (_name, values) in enumerate(series):
            value = int(values[group])
            bar_y = y + 2 + index * BAR
            width = value * scale
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{left:.1f}" y="{bar_y:.1f}" width="{width:.1f}" '
                f'height="{BAR - 2:.1f}" fill="{colour}"/>'
            )
            parts.append(_svg_text(left + width + 4, bar_y + 10, str(value), anchor="start"))
        y += height
    parts.append(
        f'<line x1="{left}" y1="{top - 4:.1f}" x2="{left}" y2="{y:.1f}" stroke="{_AXIS}" '
        'stroke-width="2"/>'
    )
    canvas = y + 10
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{ids}-title {ids}-desc" viewBox="0 0 {WIDTH} {canvas:.0f}" '
        f'width="100%" font-family="{_FONT}" font-size="12" class="lantern-chart">',
        f'<title id="{ids}-title">{html.escape(title)}</title>',
        f'<desc id="{ids}-desc">{html.escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{canvas:.0f}" fill="#ffffff"/>',
        _svg_text(8, 20, title, anchor="start", font_size="15", font_weight="bold"),
    ]
    return "".join([*head, *parts, "</svg>"])
