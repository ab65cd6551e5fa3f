"""Charts computed from the catalog: plain geometry that a template draws as SVG.

No charting library. Each chart is laid out once for a narrow and once for a wide column,
and the page shows the one that fits without shrinking it, so chart text stays at TEXT px
on any screen. Colour and shape give a model's access level, a filled mark a confirmed
figure and a hollow one an estimate; every mark is a link to its entry whose accessible
name says all the mark shows, read out across the top of the chart on hover and focus
(docs/assets/charts.js lets a first tap focus), and a data table is the text alternative.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from fieldguide.catalog.kinds import taxonomy_url, url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.views import format

TEXT = 12  # px, every chart text, in viewBox units: a layout is never drawn smaller than its width
LINE = 16  # px from one line of text to the next
# (name, width): the page shows the wide layout in a column at least this wide (the
# @container rule in docs/assets/fieldguide.css); a 360 px phone has a 328 px column.
LAYOUTS = (("narrow", 300), ("wide", 660))
MARK = 5.0  # radius of a point
PITCH = 2 * MARK + 2  # distance between stacked points
BAR = 16  # height of a bar
DECADE = 34  # height of a power of ten on the parameters scale
# One colour (fieldguide.css .fg-chart-c0 to c5) and one shape per access level, most closed first.
SHAPES = ("square", "circle", "triangle", "diamond", "triangle-down", "hexagon")


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom

    def within(self, other: Box) -> bool:
        return other.left <= self.left and self.right <= other.right and other.top <= self.top and self.bottom <= other.bottom


@dataclass(frozen=True)
class Shape:
    d: str  # SVG path data
    colour: str  # "c0".."c5" (an access level), "neutral", or "knockout" (the page background, over a bar)
    hollow: bool = False  # an outline: the figure is estimated or speculative


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    anchor: str = "start"
    kind: str = "axis"  # axis (ticks, bar names and values), heading, label (a direct label), readout, hint

    @property
    def box(self) -> Box:
        width = text_width(self.text, bold=self.kind == "heading")
        left = self.x - {"start": 0, "middle": width / 2, "end": width}[self.anchor]
        return Box(left, self.y - 0.95 * TEXT, left + width, self.y + 0.25 * TEXT)


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str = "grid"  # grid, or leader (from a direct label to its point)


@dataclass(frozen=True)
class Mark:
    """One link: a model's point, or a bar."""

    href: str
    name: str  # the accessible name, also shown as the readout
    x: float
    y: float
    shapes: tuple[Shape, ...]
    readout: tuple[Text, ...]  # the name in lines across the top of the chart, shown on hover and focus
    area: Box | None = None  # a bar's whole row, its name included: a target larger than the bar


@dataclass(frozen=True)
class Label:
    text: Text
    href: str  # the labelled mark
    leader: Rule | None = None


@dataclass(frozen=True)
class Layout:
    name: str
    width: float
    height: float
    rules: tuple[Rule, ...]
    texts: tuple[Text, ...]
    marks: tuple[Mark, ...]
    labels: tuple[Label, ...]
    hint: tuple[Text, ...]  # in the readout's place while no mark is pointed at or focused


@dataclass(frozen=True)
class Key:
    label: str
    shapes: tuple[Shape, ...]  # drawn around 0,0


@dataclass(frozen=True)
class Row:
    label: str
    href: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    legend: tuple[Key, ...]
    layouts: tuple[Layout, ...]
    columns: tuple[str, ...]  # of the data table; the first names the linked entry
    rows: tuple[Row, ...]
    noun: str = "mark"  # what a link is drawn as
    labelled: str = ""  # which points carry a direct label


# ---- text and shapes ------------------------------------------------------------------

_THIN, _WIDE = set("fIijlrt.,:;'\"!|()[]{}-/ "), set("mwMW@%#&+=~<>")


def text_width(text: str, bold: bool = False) -> float:
    """Width of a line of chart text, rounded up from DejaVu Sans, the widest common sans-serif
    (the site uses the reader's system font)."""
    return TEXT * (1.15 if bold else 1) * sum(0.45 if c in _THIN else 1.0 if c in _WIDE else 0.8 if c.isupper() else 0.66
                                               for c in text)


def _wrap(text: str, width: float) -> list[str]:
    lines = [""]
    for word in text.split(" "):
        joined = f"{lines[-1]} {word}".strip()
        if lines[-1] and text_width(joined) > width:
            lines.append(word)
        else:
            lines[-1] = joined
    return lines


def _lines(text: str, width: float, kind: str) -> tuple[Text, ...]:
    return tuple(Text(0, (i + 1) * LINE - 4, line, kind=kind) for i, line in enumerate(_wrap(text, width)))


def _shape(kind: str, x: float, y: float, r: float = MARK) -> str:
    """Path data of a shape of about the same area as a circle of radius r, centred on x, y."""
    start, path = {
        "circle": ((-r, 0), f"a{r:g},{r:g} 0 1,0 {2 * r:g},0a{r:g},{r:g} 0 1,0 {-2 * r:g},0z"),
        "square": ((-0.9 * r, -0.9 * r), f"h{1.8 * r:g}v{1.8 * r:g}h{-1.8 * r:g}z"),
        "triangle": ((0, -1.25 * r), f"l{1.15 * r:g},{2 * r:g}h{-2.3 * r:g}z"),
        "diamond": ((0, -1.25 * r), f"l{1.25 * r:g},{1.25 * r:g}l{-1.25 * r:g},{1.25 * r:g}l{-1.25 * r:g},{-1.25 * r:g}z"),
        "triangle-down": ((0, 1.25 * r), f"l{1.15 * r:g},{-2 * r:g}h{-2.3 * r:g}z"),
        "hexagon": ((-r, 0), f"l{0.5 * r:g},{-0.87 * r:g}h{r:g}l{0.5 * r:g},{0.87 * r:g}l{-0.5 * r:g},{0.87 * r:g}h{-r:g}z"),
    }[kind]
    return f"M{x + start[0]:.1f},{y + start[1]:.1f}{path}"


@dataclass(frozen=True)
class _Access:
    name: str
    colour: str
    shape: str


def _access(catalog: Catalog) -> dict[str, _Access]:
    levels = catalog.dimensions.access_levels
    if len(levels) > len(SHAPES):
        raise ValueError(f"charts draw up to {len(SHAPES)} access levels, the catalog has {len(levels)}: "
                         "add a shape in fieldguide/views/charts.py and a colour in docs/assets/fieldguide.css")
    return {t.id: _Access(t.name, f"c{i}", SHAPES[i]) for i, t in enumerate(levels)}


def _access_keys(catalog: Catalog, bar: bool = False) -> list[Key]:
    if bar:  # a piece of bar with the shape knocked out, as the bars draw it
        return [Key(a.name, (Shape(f"M-8,-{BAR / 2:g}h16v{BAR:g}h-16z", a.colour), Shape(_shape(a.shape, 0, 0, 0.8 * MARK), "knockout")))
                for a in _access(catalog).values()]
    return [Key(a.name, (Shape(_shape(a.shape, 0, 0), a.colour),)) for a in _access(catalog).values()]


def _confidence_keys(what: str) -> list[Key]:
    return [Key(f"filled: {what} confirmed", (Shape(_shape("circle", 0, 0), "neutral"),)),
            Key(f"hollow: {what} estimated or speculative", (Shape(_shape("circle", 0, 0), "neutral", hollow=True),))]


# ---- points, axes and direct labels ---------------------------------------------------


@dataclass(frozen=True)
class _Point:
    """A model before layout."""

    href: str
    title: str  # the model's name
    name: str  # everything the mark shows, in words
    date: str
    access: _Access
    hollow: bool

    @property
    def when(self) -> float:
        """The release date as a fractional year."""
        year, month = int(self.date[:4]), int(self.date[5:7]) if len(self.date) >= 7 else 6
        return year + (month - 0.5) / 12


def _point_mark(p: _Point, x: float, y: float, width: float) -> Mark:
    x, y = round(x, 1), round(y, 1)
    return Mark(p.href, p.name, x, y, (Shape(_shape(p.access.shape, x, y), p.access.colour, p.hollow),), _lines(p.name, width, "readout"))


_YEAR_MARGIN = max(MARK + 2, text_width("0000") / 2)  # room for a point or a year label at either end


def _time_axis(whens: list[float], left: float, right: float):
    """x for a fractional year, and year ticks far enough apart for their labels."""
    low, high = math.floor(min(whens)), math.floor(max(whens)) + 1
    per_year = (right - left) / (high - low)

    def x(when: float) -> float:
        return left + (when - low) * per_year

    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if s * per_year >= text_width("0000") + TEXT), 100)
    return x, [(x(year), str(year)) for year in range(-(-low // step) * step, high + 1, step)]


def _stacked(points: list[_Point], x, left: float, right: float) -> list[tuple[_Point, float, int]]:
    """Points put in columns PITCH apart, each with its place in its column (0, 1, ...): a dot
    plot in which no point hides another. A point takes the lowest of its own column and the
    two beside it, so a busy month spreads sideways before it grows tall."""
    last = int((right - left) // PITCH)
    heights: Counter = Counter()
    placed = []
    for p in points:
        ideal = min(max(round((x(p.when) - left) / PITCH), 0), last)
        column = min((c for c in (ideal, ideal - 1, ideal + 1) if 0 <= c <= last), key=lambda c: heights[c])
        placed.append((p, left + column * PITCH, heights[column]))
        heights[column] += 1
    return placed


_SPOTS = [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)]  # right, left, above, below, corners


def _place_labels(wanted: list[tuple[Mark, list[str]]], marks: tuple[Mark, ...], area: Box, obstacles: list[Box]) -> tuple[Label, ...]:
    """Direct labels for some marks, in order of importance, each with its texts from longest
    to shortest. A label takes the spot next to its mark (or, with a leader line, a little
    further) that covers the fewest other marks, inside `area` and clear of `obstacles`,
    other labels and labelled marks, in the longest text that covers none if one does;
    a label with no free spot is left out."""
    taken = list(obstacles) + [_around(m) for m, _ in wanted]
    labels = []
    for mark, texts in wanted:
        best = None  # (marks covered, text, distance)
        for text, distance, (dx, dy) in ((t, d, s) for t in texts for d in (1, 2.5, 4) for s in _SPOTS):
            gap = distance * (MARK + 3)
            x = mark.x + dx * (gap if dy == 0 else MARK if dx else 0)
            y = mark.y + (0.35 * TEXT if dy == 0 else dy * gap + (0.75 * TEXT if dy > 0 else 0))
            candidate = Text(round(x, 1), round(y, 1), text, {1: "start", 0: "middle", -1: "end"}[dx], "label")
            box = candidate.box
            if not box.within(area) or any(box.overlaps(t) for t in taken):
                continue
            covered = sum(1 for m in marks if m is not mark and box.overlaps(_around(m)))
            if best is None or covered < best[0]:
                best = (covered, candidate, distance)
            if covered == 0:
                break
        if best is None:
            continue
        _, text_at, distance = best
        box = text_at.box
        leader = None
        if distance > 1:  # from the mark's edge to the nearest point of the label
            nx, ny = min(max(mark.x, box.left), box.right), min(max(mark.y, box.top), box.bottom)
            length = math.hypot(nx - mark.x, ny - mark.y)
            leader = Rule(round(mark.x + (nx - mark.x) * MARK / length, 1), round(mark.y + (ny - mark.y) * MARK / length, 1),
                          round(nx, 1), round(ny, 1), "leader")
        taken.append(box)
        labels.append(Label(text_at, mark.href, leader))
    return tuple(labels)


def _around(m: Mark) -> Box:
    return Box(m.x - MARK, m.y - MARK, m.x + MARK, m.y + MARK)


def _hint(width: float, noun: str = "mark") -> tuple[Text, ...]:
    return _lines(f"Point at, tap or tab to a {noun} to read it here; each {noun} is a link.", width, "hint")


def _readout_height(names: list[str], width: float, noun: str = "mark") -> float:
    """The band across the top where the readout of the mark in hand shows."""
    return LINE * max([len(_wrap(name, width)) for name in names] + [len(_hint(width, noun))]) + 6


# ---- the charts -----------------------------------------------------------------------


def parameters_by_date(catalog: Catalog) -> Chart:
    """Parameter count (log scale) against release date; undisclosed counts in their own band."""
    access = _access(catalog)
    models = sorted((m for m in catalog.models.values() if m.parameters is not None), key=lambda m: (m.released.date, m.id))
    points, sizes = [], {}
    for m in models:
        value, confidence = m.parameters.value, m.parameters.confidence
        size = "size undisclosed" if value == "undisclosed" else f"{format.billions(value)} parameters"
        points.append(_Point(url_for("model", m.id), m.name, f"{m.name}: {size} ({confidence}); released {m.released.date}; "
                             f"{access[m.access].name}", m.released.date, access[m.access], confidence != "confirmed"))
        if value != "undisclosed":
            sizes[points[-1].href] = (value, m.name)
    layouts = tuple(_parameters_layout(name, width, points, sizes) for name, width in LAYOUTS)
    rows = tuple(Row(m.name, url_for("model", m.id), (m.released.date, format.parameters(m.parameters, with_confidence=False),
                                                      access[m.access].name, m.parameters.confidence)) for m in models)
    return Chart("parameters-by-date", "Parameters against release date",
                 "Total parameters on a logarithmic scale against release date; models whose size is "
                 "undisclosed sit in the band at the top.",
                 tuple(_access_keys(catalog) + _confidence_keys("size")), layouts,
                 ("Model", "Released", "Parameters", "Access", "Confidence"), rows,
                 labelled="Labelled: the first model to reach each power of ten, and the largest.")


def _size_milestones(sizes: dict[str, tuple[float, str]]) -> dict[str, str]:
    """href -> label: the largest model (the first of equals), then the first to reach each power of ten."""
    if not sizes:
        return {}
    largest = max(sizes, key=lambda href: sizes[href][0])  # dicts keep release order: ties go to the first
    notable, reached = {largest: None}, -math.inf
    for href, (value, _) in sizes.items():
        if math.floor(math.log10(value)) > reached:
            reached = math.floor(math.log10(value))
            notable[href] = None
    return {href: f"{sizes[href][1]} ({format.billions(sizes[href][0])})" for href in notable}


def _parameters_layout(name: str, width: float, points: list[_Point], sizes: dict[str, tuple[float, str]]) -> Layout:
    known = [value for value, _ in sizes.values()]
    low = 10 ** math.floor(math.log10(min(known))) if known else 1
    high = 10 ** (math.floor(math.log10(max(known))) + 1) if known else 1000
    decades = range(round(math.log10(low)), round(math.log10(high)) + 1)
    gutter = max(text_width(format.billions(10 ** e)) for e in decades) + 6
    left = gutter + MARK + 2
    x, x_ticks = _time_axis([p.when for p in points] or [2020.0], left, width - _YEAR_MARGIN)
    top = _readout_height([p.name for p in points], width)
    texts, rules, marks = [], [], []

    undisclosed = [p for p in points if p.href not in sizes]
    if undisclosed:
        texts.append(Text(0, top + TEXT, f"Size undisclosed ({len(undisclosed)})", kind="heading"))
        band = top + LINE + 2
        stacked = _stacked(undisclosed, x, left, width - _YEAR_MARGIN)
        marks += [_point_mark(p, cx, band + (k + 0.5) * PITCH, width) for p, cx, k in stacked]
        top = band + max(k for _, _, k in stacked) * PITCH + PITCH + 8

    texts.append(Text(0, top + TEXT, "Total parameters, log scale", kind="heading"))
    plot_top = top + LINE + 4
    plot_bottom = plot_top + (len(decades) - 1) * DECADE
    span = math.log10(high) - math.log10(low)

    def y(value: float) -> float:
        return plot_bottom - (math.log10(value) - math.log10(low)) / span * (plot_bottom - plot_top)

    for e in decades:
        rules.append(Rule(gutter, round(y(10 ** e), 1), width, round(y(10 ** e), 1)))
        texts.append(Text(gutter - 6, round(y(10 ** e) + 4, 1), format.billions(10 ** e), "end"))
    sized = [_point_mark(p, x(p.when), y(sizes[p.href][0]), width) for p in points if p.href in sizes]
    marks += sized
    for tx, label in x_ticks:
        rules.append(Rule(round(tx, 1), plot_top, round(tx, 1), plot_bottom))
        texts.append(Text(round(tx, 1), plot_bottom + LINE, label, "middle"))

    by_href = {m.href: m for m in sized}
    wanted = [(by_href[href], [label]) for href, label in _size_milestones(sizes).items()]
    labels = _place_labels(wanted, tuple(marks), Box(gutter, plot_top, width, plot_bottom), [])
    return Layout(name, width, round(plot_bottom + LINE + 6), tuple(rules), tuple(texts), tuple(marks), labels, _hint(width))


# Rows of the release timeline: output modalities grouped; a model goes in the first row it matches.
TIMELINE_ROWS = (("Text and code", {"text", "code"}), ("Image", {"image", "3d"}),
                 ("Audio, speech, music", {"audio", "speech", "music"}), ("Video", {"video"}), ("Other", set()))


def release_timeline(catalog: Catalog) -> Chart:
    """Release dates, one row per kind of output, each model a point of its own."""
    access = _access(catalog)
    models = sorted(catalog.models.values(), key=lambda m: (m.released.date, m.id))
    rows: list[list[_Point]] = [[] for _ in TIMELINE_ROWS]
    table = []
    for m in models:
        row = next((i for i, (_, outputs) in enumerate(TIMELINE_ROWS) if outputs & set(m.modalities.output)), len(TIMELINE_ROWS) - 1)
        confidence, kind = m.released.confidence, TIMELINE_ROWS[row][0]
        rows[row].append(_Point(url_for("model", m.id), m.name, f"{m.name}: released {m.released.date} ({confidence}); "
                                f"{access[m.access].name}; {kind.lower()} output", m.released.date, access[m.access],
                                confidence != "confirmed"))
        table.append(Row(m.name, url_for("model", m.id), (m.released.date, kind, access[m.access].name, confidence)))
    layouts = tuple(_timeline_layout(name, width, rows) for name, width in LAYOUTS)
    return Chart("release-timeline", "Release timeline",
                 f"Release dates of {len(models)} models and products, one row per kind of output.",
                 tuple(_access_keys(catalog) + _confidence_keys("date")), layouts,
                 ("Model", "Released", "Output", "Access", "Date confidence"), tuple(table),
                 labelled="Labelled: the first model in each row.")


def _timeline_layout(name: str, width: float, rows: list[list[_Point]]) -> Layout:
    everyone = [p for row in rows for p in row]
    left = _YEAR_MARGIN
    x, x_ticks = _time_axis([p.when for p in everyone], left, width - left)
    top = _readout_height([p.name for p in everyone], width)
    y = top
    texts, rules, marks, headings, wanted, areas = [], [], [], [], [], []
    for (title, _), row in zip(TIMELINE_ROWS, rows, strict=True):
        if not row:
            continue
        heading = Text(0, y + TEXT, f"{title} ({len(row)})", kind="heading")
        texts.append(heading)
        headings.append(heading.box)
        stacked = _stacked(row, x, left, width - left)
        baseline = y + LINE + 4 + (max(k for _, _, k in stacked) + 1) * PITCH
        row_marks = [_point_mark(p, cx, baseline - (k + 0.5) * PITCH, width) for p, cx, k in stacked]
        marks += row_marks
        rules.append(Rule(0, round(baseline + 1, 1), width, round(baseline + 1, 1)))
        first, year = row[0].title, row[0].date[:4]
        wanted.append((row_marks[0], [f"{first}, {year}", f"{first.split(' (')[0]}, {year}"]))  # "AudioGen (2022 paper)"
        areas.append(Box(0, y, width, baseline + 1))
        y = baseline + 10
    for tx, label in x_ticks:
        rules.append(Rule(round(tx, 1), top, round(tx, 1), y - 8))
        texts.append(Text(round(tx, 1), y + TEXT, label, "middle"))
    labels = []
    for want, area in zip(wanted, areas, strict=True):  # each row's first model, labelled inside its row
        labels += _place_labels([want], tuple(marks), area, headings + [lb.text.box for lb in labels])
    return Layout(name, width, round(y + LINE + 4), tuple(rules), tuple(texts), tuple(marks), tuple(labels), _hint(width))


@dataclass(frozen=True)
class _Bar:
    label: str
    href: str
    counts: tuple[tuple[_Access, int], ...]  # per access level, most closed first

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def name(self) -> str:
        parts = "; ".join(f"{n} {a.name}" for a, n in self.counts if n)
        return f"{self.label}: {self.total} model{'' if self.total == 1 else 's'}" + (f" ({parts})" if len(self.counts) > 1 and parts else "")


def _bars_layout(name: str, width: float, bars: list[_Bar]) -> Layout:
    """Horizontal bars, their names to the left if they fit in under half the width, else above."""
    label_width = max(text_width(b.label) for b in bars) + 8
    beside = label_width <= 0.45 * width
    start = label_width if beside else 0
    largest = max(b.total for b in bars) or 1
    scale = (width - start - text_width(str(largest)) - 8) / largest
    y, texts, marks = _readout_height([b.name for b in bars], width, "bar"), [], []
    for b in bars:
        top = y
        if beside:
            texts.append(Text(round(start - 8, 1), y + BAR / 2 + 4, b.label, "end"))
        else:
            lines = _wrap(b.label, width)
            texts += [Text(0, y + i * LINE + TEXT, line) for i, line in enumerate(lines)]
            y += len(lines) * LINE + 2
        shapes, x = [], start
        for a, n in b.counts:
            if not n:
                continue
            length = n * scale
            shapes.append(Shape(f"M{x:.1f},{y:.1f}h{max(length - 1, 1):.1f}v{BAR}h{-max(length - 1, 1):.1f}z", a.colour))
            if length >= 2 * MARK + 6:  # room for the level's shape, knocked out of the bar
                shapes.append(Shape(_shape(a.shape, x + length / 2, y + BAR / 2, 0.8 * MARK), "knockout"))
            x += length
        texts.append(Text(round(x + 6, 1), y + BAR / 2 + 4, str(b.total)))
        marks.append(Mark(b.href, b.name, round(start, 1), y, tuple(shapes), _lines(b.name, width, "readout"),
                          Box(4, top - 3, width - 4, y + BAR + 3)))  # inset: the focus ring stays inside the chart
        y += BAR + 10
    return Layout(name, width, round(y), (), tuple(texts), tuple(marks), (), _hint(width, "bar"))


def entries_per_family(catalog: Catalog) -> Chart:
    access = _access(catalog)
    bars = []
    for f in catalog.families.values():
        counts = Counter(m.access for m in catalog.models_in_family(f.id))
        bars.append(_Bar(f.name, url_for("family", f.id), tuple((a, counts[level]) for level, a in access.items())))
    bars.sort(key=lambda b: (-b.total, b.label))
    return Chart("entries-per-family", "Models per architecture family",
                 "Number of catalog models that list each family (a model can list several), by access level.",
                 tuple(_access_keys(catalog, bar=True)), tuple(_bars_layout(name, width, bars) for name, width in LAYOUTS),
                 ("Family", "Models", *(a.name for a in access.values())),
                 tuple(Row(b.label, b.href, (str(b.total), *(str(n) for _, n in b.counts))) for b in bars), noun="bar")


def entries_per_access(catalog: Catalog) -> Chart:
    access = _access(catalog)
    counts = Counter(m.access for m in catalog.models.values())
    bars = [_Bar(a.name, taxonomy_url("access", level), ((a, counts[level]),)) for level, a in access.items()]
    return Chart("entries-per-access", "Models per access level",
                 "Number of catalog models at each access level, from most closed to most open.",
                 tuple(_access_keys(catalog, bar=True)), tuple(_bars_layout(name, width, bars) for name, width in LAYOUTS),
                 ("Access level", "Models"), tuple(Row(b.label, b.href, (str(b.total),)) for b in bars), noun="bar")
