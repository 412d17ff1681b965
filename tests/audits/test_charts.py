"""The bar chart helper the audit report uses (lantern.documents.charts), and the
figures render_docx and render_pdf place after a section. Tested here, with the report
that first needed them."""

import io
import re

import pytest
from docx import Document as read_docx
from PIL import Image
from pypdf import PdfReader

from lantern.documents import charts
from lantern.documents.generate import Figure, render_docx, render_pdf

from .conftest import pdf_figure_alts

LABELS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
SERIES = [("Police", [0, 2, 1, 1]), ("Council & <partners>", [1, 2, 1, 0])]
CHART = {"title": "Grades by agency", "labels": LABELS, "series": SERIES}


def test_the_description_states_every_number():
    assert charts.chart_description(**CHART) == (
        "Grades by agency. Bar chart. Outstanding: Police 0, Council & <partners> 1; "
        "Good: Police 2, Council & <partners> 2; Requires improvement: Police 1, "
        "Council & <partners> 1; Inadequate: Police 1, Council & <partners> 0."
    )


def test_the_svg_is_an_image_labelled_by_its_title_and_description():
    svg = charts.bar_chart_svg(**CHART)
    assert svg.startswith("<svg") and 'role="img"' in svg
    ids = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg)
    assert ids is not None
    assert f'<title id="{ids[1]}">Grades by agency</title>' in svg
    assert f'<desc id="{ids[2]}">Grades by agency. Bar chart.' in svg
    assert "Council &amp; &lt;partners&gt;" in svg and "<partners>" not in svg  # escaped
    assert "style=" not in svg  # a strict Content Security Policy lets it through
    # One bar a value (8) plus the legend's swatches (2) and the background.
    assert svg.count("<rect") == 8 + 2 + 1


def test_the_png_is_a_picture_of_the_same_chart():
    png = charts.bar_chart_png(**CHART)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (charts.WIDTH * 2, charts.HEIGHT * 2)
    colours = {colour for _count, colour in image.getcolors(maxcolors=100_000)}
    assert (0x1D, 0x70, 0xB8) in colours and (0xF4, 0x77, 0x38) in colours  # both series


@pytest.mark.parametrize(
    ("labels", "series", "message"),
    [
        ([], SERIES, "at least one label"),
        (LABELS, [], "at least one series"),
        (LABELS, [("Police", [1, 2])], "has 2 values for 4 labels"),
        (LABELS, [("Police", [1, 2, -1, 0])], "whole numbers"),
    ],
)
def test_a_chart_refuses_numbers_that_do_not_fit_its_labels(labels, series, message):
    with pytest.raises(ValueError, match=message):
        charts.bar_chart_svg(title="T", labels=labels, series=series)


def test_an_empty_chart_still_draws_an_axis_from_zero():
    svg = charts.bar_chart_svg(title="T", labels=["A"], series=[("S", [0])])
    assert ">0</text>" in svg and ">1</text>" in svg


def _figure():
    return Figure(
        alt=charts.chart_description(**CHART),
        png=charts.bar_chart_png(**CHART),
        svg=charts.bar_chart_svg(**CHART),
    )


def test_render_docx_places_the_png_after_its_section_with_alt_text():
    data = render_docx(
        title="Report", sections=[("Grades", "Below."), ("Findings", "None.")],
        marking="OFFICIAL", draft=False, figures={"Grades": _figure()},
    )  # fmt: skip
    document = read_docx(io.BytesIO(data))
    assert len(document.inline_shapes) == 1
    properties = document.inline_shapes[0]._inline.docPr
    assert properties.get("descr") == charts.chart_description(**CHART)
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Below.") < texts.index("Findings")


def test_render_pdf_tags_the_chart_as_a_figure_with_its_description():
    data = render_pdf(
        title="Report", sections=[("Grades", "Below.")], marking="OFFICIAL", draft=True,
        figures={"Grades": _figure()},
    )  # fmt: skip
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Requires" in text and "Police" in text  # the SVG's words, drawn
    assert pdf_figure_alts(data) == [charts.chart_description(**CHART)]


def test_existing_callers_without_figures_are_unchanged():
    sections = [("Heading", "Body.")]
    document = read_docx(
        io.BytesIO(render_docx(title="T", sections=sections, marking="M", draft=False))
    )
    assert len(document.inline_shapes) == 0


def test_more_series_than_colours_are_refused_so_no_two_look_alike():
    series = [(f"Agency {n}", [1]) for n in range(len(charts.PALETTE) + 1)]
    with pytest.raises(ValueError, match="at most"):
        charts.bar_chart_svg(title="Too many", labels=["Good"], series=series)


def test_a_long_legend_makes_the_chart_taller_and_the_bars_stay_upright():
    name = "A very long agency name: Demoshire and Somewhere Else NHS Foundation Trust"
    series = [(f"{name} {n}", [n + 1]) for n in range(8)]
    svg = charts.bar_chart_svg(title="Many agencies", labels=["Good"], series=series)
    height = float(svg.split('viewBox="0 0 640 ')[1].split('"')[0])
    assert height > charts.HEIGHT
    bar_heights = [
        float(h)
        for h in re.findall(
            r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#', svg
        )
    ]
    assert bar_heights and all(h >= 0 for h in bar_heights)
    png = charts.bar_chart_png(title="Many agencies", labels=["Good"], series=series, scale=1)
    assert Image.open(io.BytesIO(png)).size == (640, round(height))
