"""Charts: every model a labelled link, coloured and shaped by access level, filled when its
figure is confirmed; direct labels that do not collide; text that fits; no script."""

import re
from itertools import combinations, pairwise

import pytest

from fieldguide.catalog.loader import load_catalog
from fieldguide.site.render import Renderer
from fieldguide.views.charts import (
    LAYOUTS,
    MARK,
    SHAPES,
    TEXT,
    _shape,
    _time_axis,
    entries_per_access,
    entries_per_family,
    parameters_by_date,
    release_timeline,
    text_width,
)
from tests.conftest import FIXTURE, ROOT

CHARTS = (parameters_by_date, release_timeline, entries_per_family, entries_per_access)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "data")


def _models_by_href(catalog):
    return {f"models/{m.id}/": m for m in catalog.models.values()}


def test_legend_names_every_access_level_with_its_own_colour_and_shape(catalog):
    levels = [t.name for t in catalog.dimensions.access_levels]
    for build in CHARTS:
        chart = build(catalog)
        keys = chart.legend[:len(levels)]
        assert [k.label for k in keys] == levels, chart.id
        colours = [k.shapes[0].colour for k in keys]
        shapes = [k.shapes[-1].d for k in keys]  # a point's shape, or the shape knocked out of a bar
        assert len(set(colours)) == len(set(shapes)) == len(levels), chart.id
        assert all(re.fullmatch(r"c\d", c) for c in colours)
    for build, what in ((parameters_by_date, "size"), (release_timeline, "date")):
        filled, hollow = build(catalog).legend[len(levels):]
        assert filled.label == f"filled: {what} confirmed" and not filled.shapes[0].hollow
        assert hollow.label == f"hollow: {what} estimated or speculative" and hollow.shapes[0].hollow


def test_every_model_is_a_link_named_with_all_its_mark_shows(catalog):
    models = _models_by_href(catalog)
    access = {t.id: t.name for t in catalog.dimensions.access_levels}
    for layout in parameters_by_date(catalog).layouts:
        assert len(layout.marks) == sum(1 for m in catalog.models.values() if m.parameters)
        for mark in layout.marks:
            m = models[mark.href]
            size = "size undisclosed" if m.parameters.value == "undisclosed" else "parameters"
            assert mark.name.startswith(f"{m.name}: ") and size in mark.name and f"({m.parameters.confidence})" in mark.name
            assert f"released {m.released.date}" in mark.name and mark.name.endswith(access[m.access])
    mixtral = next(mk for mk in parameters_by_date(catalog).layouts[0].marks if mk.href == "models/mixtral-8x7b/")
    assert mixtral.name == "Mixtral 8x7B: 46.7B parameters (confirmed); released 2023-12-11; Open source"
    for layout in release_timeline(catalog).layouts:
        assert sorted(mk.href for mk in layout.marks) == sorted(models)
        for mark in layout.marks:
            m = models[mark.href]
            assert f"{m.name}: released {m.released.date} ({m.released.confidence}); {access[m.access]}; " in mark.name
    for build in CHARTS:
        for layout in build(catalog).layouts:
            assert all(mark.name and mark.href for mark in layout.marks)
            # The readout shows the accessible name, line by line.
            assert all(" ".join(t.text for t in mark.readout) == mark.name for mark in layout.marks)


def test_marks_take_their_access_levels_colour_and_shape_and_are_hollow_unless_confirmed(catalog):
    models = _models_by_href(catalog)
    place = {t.id: i for i, t in enumerate(catalog.dimensions.access_levels)}
    for build, confidence in ((parameters_by_date, lambda m: m.parameters.confidence),
                              (release_timeline, lambda m: m.released.confidence)):
        chart = build(catalog)
        key_shapes = [k.shapes[0] for k in chart.legend]
        for layout in chart.layouts:
            hollow = 0
            for mark in layout.marks:
                m, (shape,) = models[mark.href], mark.shapes
                assert shape.colour == f"c{place[m.access]}" == key_shapes[place[m.access]].colour
                assert shape.d == _shape(SHAPES[place[m.access]], mark.x, mark.y)
                assert shape.hollow == (confidence(m) != "confirmed")
                hollow += shape.hollow
            assert hollow > 0, (chart.id, layout.name)  # the catalog has estimates: they show


def test_undisclosed_sizes_sit_in_their_own_band_above_the_scale(catalog):
    for layout in parameters_by_date(catalog).layouts:
        undisclosed = [mk for mk in layout.marks if "size undisclosed" in mk.name]
        sized = [mk for mk in layout.marks if mk not in undisclosed]
        assert len(undisclosed) == sum(1 for m in catalog.models.values() if m.parameters and m.parameters.value == "undisclosed")
        assert max(mk.y for mk in undisclosed) < min(mk.y for mk in sized)
        by_name = {mk.name.split(":")[0]: mk for mk in sized}
        assert by_name["GPT-3"].y < by_name["Mixtral 8x7B"].y  # 175B above 46.7B on the log scale
        assert by_name["GPT-3"].x < by_name["Mixtral 8x7B"].x  # 2020 before 2023


def test_no_two_marks_of_a_dot_plot_overlap(catalog):
    """The timeline and the undisclosed band stack their points: each one can be seen and pointed at."""
    for layout in release_timeline(catalog).layouts + parameters_by_date(catalog).layouts:
        stacked = [mk for mk in layout.marks if "released" in mk.name.split(";")[0] or "size undisclosed" in mk.name]
        for a, b in combinations(stacked, 2):
            assert abs(a.x - b.x) >= 2 * MARK or abs(a.y - b.y) >= 2 * MARK, (a.name, b.name)


def test_direct_labels_mark_the_notable_points_and_never_collide(catalog):
    for build in CHARTS:
        for layout in build(catalog).layouts:
            boxes = [lb.text.box for lb in layout.labels]
            for a, b in combinations(boxes, 2):
                assert not a.overlaps(b)
            labelled = {lb.href for lb in layout.labels}
            for lb in layout.labels:
                assert 0 <= lb.text.box.left and lb.text.box.right <= layout.width and lb.text.box.bottom <= layout.height
                for mark in layout.marks:
                    if mark.href in labelled:  # no label covers a labelled point
                        assert not lb.text.box.overlaps(type(lb.text.box)(mark.x - MARK, mark.y - MARK, mark.x + MARK, mark.y + MARK))
    wide = parameters_by_date(catalog).layouts[-1]
    assert {lb.text.text for lb in wide.labels} == {"BERT (340M)", "T5 (11B)", "GPT-3 (175B)", "Kimi K2 (1T)"}
    timeline = release_timeline(catalog).layouts[-1]
    assert [lb.text.text for lb in timeline.labels][:2] == ["BERT, 2018", "DCGAN, 2015"]  # the first of each row
    assert len(timeline.labels) == 5


def test_every_text_fits_its_layout_at_the_chart_text_size(catalog):
    for build in CHARTS:
        for layout in build(catalog).layouts:
            texts = [*layout.texts, *layout.hint, *(lb.text for lb in layout.labels)]
            texts += [t for mark in layout.marks for t in mark.readout]
            for t in texts:
                assert -0.5 <= t.box.left and t.box.right <= layout.width + 0.5, (build.__name__, layout.name, t.text)
            # The readout band holds the longest readout above everything else.
            lowest_readout = max(t.y for mark in layout.marks for t in mark.readout)
            assert all(t.box.top > lowest_readout for t in layout.texts)


def test_layout_widths_fit_the_columns_they_are_shown_in():
    """The CSS shows the wide layout from a column of its width and the narrow one below:
    neither is ever drawn smaller than its viewBox, so TEXT px stays TEXT px."""
    css = (ROOT / "docs" / "assets" / "fieldguide.css").read_text()
    (_, narrow), (_, wide) = LAYOUTS
    assert f"@container (min-width: {wide}px)" in css
    assert narrow <= 328 - 15  # a 360 px phone's column, less a classic scrollbar
    assert TEXT >= 12


def test_bars_count_every_model_by_access_level(catalog):
    access = entries_per_access(catalog)
    (layout, _) = access.layouts
    assert sum(int(r.cells[0]) for r in access.rows) == len(catalog.models)
    assert all(len(mark.shapes) >= 1 for mark, r in zip(layout.marks, access.rows, strict=True) if int(r.cells[0]))
    family = entries_per_family(catalog)
    rows = {r.label: r for r in family.rows}
    moe = catalog.models_in_family("mixture-of-experts")
    assert int(rows["Mixture-of-experts transformers"].cells[0]) == len(moe)
    assert sum(int(n) for n in rows["Mixture-of-experts transformers"].cells[1:]) == len(moe)
    bar = next(mk for mk in family.layouts[-1].marks if mk.href == "families/mixture-of-experts/")
    open_source = sum(1 for m in moe if m.access == "open-source")
    assert bar.name.startswith(f"Mixture-of-experts transformers: {len(moe)} models (") and f"{open_source} Open source" in bar.name
    # One coloured piece per access level that has models, in the legend's order.
    pieces = [s.colour for s in bar.shapes if s.colour != "knockout"]
    assert pieces == sorted(pieces) and len(pieces) == len({m.access for m in moe})


def test_axes_stay_readable_at_the_widest_allowed_ranges():
    """Dates reach back to 1940: year labels never crowd, whatever the span and width."""
    for _, width in LAYOUTS:
        for years in ([1940.5, 2026.5], [2020.1, 2020.2], [1999.0, 2026.9], [2015.9, 2026.6]):
            _, ticks = _time_axis(years, 20, width - 20)
            assert len(ticks) >= 1
            assert all(b - a >= text_width("0000") + TEXT for (a, _), (b, _) in pairwise(ticks)), (years, width)


def test_chart_html_is_links_in_an_svg_group_with_a_table_and_no_script():
    renderer = Renderer(load_catalog(FIXTURE), placeholders=False)
    for chart_id in renderer.CHARTS:
        html = renderer.chart(chart_id)
        assert "<script" not in html and "style=" not in html
        assert html.count('role="group"') == len(LAYOUTS) and "The data as a table" in html
        links = re.findall(r'<a xlink:href="[^"]+" role="link" aria-label="([^"]+)">', html)
        assert links and all(links)
    html = renderer.chart("release-timeline")
    assert 'aria-label="Le Chat {{ 7*7 }}: released 2024-02 (confirmed); Product only; text and code output"' in html
    assert html.count('<a xlink:href="../models/le-chat/"') == len(LAYOUTS)  # a mark per layout
    assert html.count('<a href="../models/le-chat/"') == 1  # and the table's row
    assert len(SHAPES) >= len(load_catalog(FIXTURE).dimensions.access_levels)
