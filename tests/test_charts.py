"""Charts: every model placed, undisclosed sizes in their own band, no script."""

from fieldguide.catalog.loader import load_catalog
from fieldguide.site.render import Renderer
from fieldguide.views.charts import entries_per_access, entries_per_family, parameters_by_date, release_timeline
from tests.conftest import FIXTURE, ROOT


def test_parameters_chart_separates_undisclosed_counts():
    catalog = load_catalog(ROOT / "data")
    chart = parameters_by_date(catalog)
    with_params = [m for m in catalog.models.values() if m.parameters]
    assert len(chart.points) == len(with_params)
    band = [p for p in chart.points if p.detail.endswith("undisclosed")]
    assert {p.label for p in band} == {m.name for m in with_params if m.parameters.value == "undisclosed"}
    assert all(p.y < 60 for p in band) and all(p.y > 60 for p in chart.points if p not in band)
    mixtral = next(p for p in chart.points if p.label == "Mixtral 8x7B")
    gpt3 = next(p for p in chart.points if p.label == "GPT-3")
    assert gpt3.y < mixtral.y  # 175B sits above 46.7B on the log scale
    assert gpt3.x < mixtral.x  # 2020 before 2023


def test_timeline_and_bars_count_every_model():
    catalog = load_catalog(ROOT / "data")
    assert len(release_timeline(catalog).points) == len(catalog.models)
    assert sum(b.value for b in entries_per_access(catalog).bars) == len(catalog.models)
    family_bars = {b.label: b.value for b in entries_per_family(catalog).bars}
    assert family_bars["Mixture-of-experts transformers"] == len(catalog.models_in_family("mixture-of-experts"))


def test_chart_svg_has_text_alternative_and_no_script():
    html = Renderer(load_catalog(FIXTURE), placeholders=False).chart("parameters-by-date")
    assert "<title" in html and "<desc" in html and "The data as a table" in html
    assert "<script" not in html and "Le Chat {{ 7*7 }}" not in html  # le-chat has no parameters
    assert "Mixtral 8x7B: 2023-12-11, 46.7B" in html


def test_axes_stay_readable_at_the_widest_allowed_ranges():
    """Dates reach back to 1940 and sizes span 0.001 to 100,000 billion: a dozen labels, not hundreds."""
    from fieldguide.views.charts import _x_scale

    for years in ([1940.5, 2026.5], [2020.1, 2020.2], [1999.0, 2026.9]):
        _, ticks = _x_scale(years)
        assert 1 <= len(ticks) <= 15, (years, len(ticks))
