"""Charts with many bars or long labels lie on their side (lantern.documents.hcharts):
every label written out, every number on its bar and in the description."""

import re

import pytest

from lantern.documents.hcharts import row_chart_svg
from lantern.reports.dashboard import Table
from lantern.reports.views_dashboards import _chart

LABELS = [f"Safeguarding Adult Review — step number {n} with a long name" for n in range(12)]


def test_every_label_and_number_is_drawn_and_described():
    svg = row_chart_svg(
        title="Timeliness",
        labels=LABELS,
        series=[("Done on time", list(range(12))), ("Done late", [1] * 12)],
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    described = re.search(r"<desc[^>]*>(.*)</desc>", svg).group(1)
    for n, label in enumerate(LABELS):
        assert f"{label}: Done on time {n}, Done late 1" in described
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Done late" in texts  # the legend, with two series
    assert texts.count("1") >= 12
    # The canvas grows with the labels: no two groups share a line.
    height = float(re.search(r'viewBox="0 0 640 ([\d.]+)"', svg).group(1))
    assert height > 12 * 28


def test_bad_numbers_are_refused():
    with pytest.raises(ValueError, match="whole numbers"):
        row_chart_svg(title="T", labels=["a"], series=[("s", [-1])])


def test_the_dashboard_charts_every_count_before_the_percentage():
    table = Table(
        key="clocks",
        caption="Statutory clocks",
        head=["Pathway", "Clock", "Done on time", "Done late", "Open and overdue", "% on time"],
        rows=[["Rapid review", "Complete", 4, 1, 0, 80]],
        numeric=[False, False, True, True, True, True],
    )
    svg = _chart(table)
    assert "Rapid review — Complete: Done on time 4, Done late 1, Open and overdue 0." in svg
    assert "% on time" not in svg
    assert 'viewBox="0 0 640 360"' in svg  # one short label: upright bars


def test_many_rows_make_a_row_chart():
    rows = [[label, n] for n, label in enumerate(LABELS)]
    table = Table(key="t", caption="Steps", head=["Step", "Done"], rows=rows, numeric=[False, True])
    svg = _chart(table)
    height = float(re.search(r'viewBox="0 0 640 ([\d.]+)"', svg).group(1))
    assert height > 360 and 'text-anchor="end"' in svg
