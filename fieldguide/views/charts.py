"""Charts computed from the catalog: plain geometry that a template draws as SVG.

No charting library and no script: each chart is a handful of positioned shapes with
links and <title>s, plus a data table as its text alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fieldguide.catalog.kinds import taxonomy_url, url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.views import format

WIDTH, PLOT_LEFT, PLOT_RIGHT = 720, 70, 700


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    href: str
    detail: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Scatter:
    id: str
    title: str
    description: str
    height: int
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    bands: tuple[Tick, ...] = ()  # labelled horizontal rows (e.g. "undisclosed")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float
    href: str


@dataclass(frozen=True)
class Bars:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]


def _year_fraction(date: str) -> float:
    year, month = int(date[:4]), int(date[5:7]) if len(date) >= 7 else 6
    return year + (month - 0.5) / 12


def _x_scale(years: list[float]):
    low, high = math.floor(min(years)), math.floor(max(years)) + 1
    span = max(high - low, 1)

    def x(value: float) -> float:
        return PLOT_LEFT + (value - low) / span * (PLOT_RIGHT - PLOT_LEFT)

    # At most about a dozen labels, whatever the span (dates go back to 1940).
    step = next(step for step in (1, 2, 5, 10, 20, 25, 50, 100) if span / step <= 14)
    ticks = tuple(Tick(x(year), str(year)) for year in range(low - low % step, high + 1, step) if year >= low)
    return x, ticks


def release_timeline(catalog: Catalog) -> Scatter:
    """Release dates, one row per output modality group."""
    groups = [("text", "Text and code", {"text", "code"}), ("image", "Image", {"image", "3d"}),
              ("audio", "Audio, speech, music", {"audio", "speech", "music"}), ("video", "Video", {"video"}),
              ("other", "Other", None)]
    models = list(catalog.models.values())
    x, x_ticks = _x_scale([_year_fraction(m.released.date) for m in models])
    row_height, top = 36, 20
    points, bands, used = [], [], {}
    for m in sorted(models, key=lambda m: (m.released.date, m.id)):
        row = next((i for i, (_, _, mods) in enumerate(groups) if mods and mods & set(m.modalities.output)), len(groups) - 1)
        stack = used.setdefault((row, round(x(_year_fraction(m.released.date)) / 9)), 0)
        used[(row, round(x(_year_fraction(m.released.date)) / 9))] += 1
        y = top + row * row_height + 10 + (stack % 3) * 7
        points.append(Point(x(_year_fraction(m.released.date)), y, m.name, url_for("model", m.id), m.released.date))
    for i, (_, label, _) in enumerate(groups):
        bands.append(Tick(top + i * row_height + 17, label))
    return Scatter("release-timeline", "Release timeline", f"Release dates of {len(models)} models and products, "
                   "one row per kind of output.", top + len(groups) * row_height + 30, tuple(points), x_ticks, (), tuple(bands))


def parameters_by_date(catalog: Catalog) -> Scatter:
    """Parameter count (log scale) against release date; undisclosed counts in their own band."""
    models = [m for m in catalog.models.values() if m.parameters is not None]
    x, x_ticks = _x_scale([_year_fraction(m.released.date) for m in models] or [2020.0])
    known = [m.parameters.value for m in models if m.parameters.value != "undisclosed"]
    low = 10 ** math.floor(math.log10(min(known))) if known else 0.01
    high = 10 ** (math.floor(math.log10(max(known))) + 1) if known else 1000  # the largest sits below the band
    top, plot_bottom = 60, 330  # the band above `top` holds the undisclosed counts

    def y(value: float) -> float:
        return plot_bottom - (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low)) * (plot_bottom - top)

    points, stacks = [], {}
    for m in sorted(models, key=lambda m: (m.released.date, m.id)):
        value = m.parameters.value
        if value == "undisclosed":
            key = round(x(_year_fraction(m.released.date)) / 9)
            stacks[key] = stacks.get(key, 0) + 1
            points.append(Point(x(_year_fraction(m.released.date)), 22 + (stacks[key] - 1) % 4 * 7, m.name,
                                url_for("model", m.id), f"{m.released.date}, undisclosed"))
        else:
            note = "" if m.parameters.confidence == "confirmed" else f" ({m.parameters.confidence})"
            points.append(Point(x(_year_fraction(m.released.date)), y(value), m.name, url_for("model", m.id),
                                f"{m.released.date}, {format.billions(value)}{note}"))
    y_ticks = tuple(Tick(y(10 ** e), format.billions(10 ** e)) for e in range(round(math.log10(low)), round(math.log10(high)) + 1))
    return Scatter("parameters-by-date", "Parameters against release date",
                   "Total parameters on a logarithmic scale against release date; models whose size is "
                   "undisclosed sit in the band at the top.", plot_bottom + 40, tuple(points), x_ticks, y_ticks,
                   (Tick(30, "undisclosed"),))


def _bars(chart_id: str, title: str, description: str, rows: list[tuple[str, int, str]]) -> Bars:
    largest = max((value for _, value, _ in rows), default=1) or 1
    return Bars(chart_id, title, description,
                tuple(Bar(label, value, value / largest * 330, href) for label, value, href in rows))


def entries_per_family(catalog: Catalog) -> Bars:
    rows = [(f.name, len(catalog.models_in_family(f.id)), url_for("family", f.id)) for f in catalog.families.values()]
    return _bars("entries-per-family", "Models per architecture family",
                 "Number of catalog models that list each family (a model can list several).",
                 sorted(rows, key=lambda r: (-r[1], r[0])))


def entries_per_access(catalog: Catalog) -> Bars:
    rows = [(t.name, sum(1 for m in catalog.models.values() if m.access == t.id), taxonomy_url("access", t.id))
            for t in catalog.dimensions.access_levels]
    return _bars("entries-per-access", "Models per access level",
                 "Number of catalog models at each access level, from most closed to most open.", rows)
