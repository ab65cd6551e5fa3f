"""Charts in real Chromium: text never drawn below 12px at any width, no sideways scroll, marks
that stand out from both palettes' backgrounds, and every mark reachable and readable by
keyboard, pointer and touch."""

from itertools import combinations

import pytest

from fieldguide.views.charts import text_width
from tests.test_browser import wait_until

pytestmark = pytest.mark.browser

PAGES = {"parameters-by-date": "taxonomy/scale/", "release-timeline": "timeline/",
         "entries-per-family": "families/", "entries-per-access": "taxonomy/access/"}
SCHEMES = {"default": "light", "slate": "dark"}  # Material palette: the prefers-color-scheme that selects it

# Everything the tests read from a chart, in one round trip: the layout shown, every text
# with its drawn size, every mark's colour, and the background behind them.
MEASURE = """id => {
  const chart = document.getElementById('chart-' + id);
  const shown = [...chart.querySelectorAll('svg[role=group]')].filter(s => getComputedStyle(s).display !== 'none');
  const svg = shown[0], box = svg.getBoundingClientRect();
  let node = svg, bg = 'rgba(0, 0, 0, 0)';
  while (node && (bg = getComputedStyle(node).backgroundColor) === 'rgba(0, 0, 0, 0)') node = node.parentElement;
  const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    shown: shown.map(s => s.getAttribute('class')),
    scheme: document.body.getAttribute('data-md-color-scheme'),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    svg: [box.left, box.top, box.right, box.bottom],
    background: bg,
    texts: [...svg.querySelectorAll('text')].map(t => ({
      text: t.textContent, kind: t.getAttribute('class'), colour: getComputedStyle(t).fill, rect: rect(t),
      px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
      lines: (t.querySelector('tspan') ? [...t.querySelectorAll('tspan')] : [t])
        .map(l => [l.textContent, l.getComputedTextLength()]),  // in viewBox units, as text_width
    })),
    html: [...chart.querySelectorAll('li, figcaption, summary, th, td')].map(e => [e.tagName, parseFloat(getComputedStyle(e).fontSize)]),
    marks: [...svg.querySelectorAll('path.fg-chart-mark:not(.fg-chart-knockout)')].map(p => {
      const style = getComputedStyle(p);
      return p.classList.contains('fg-chart-hollow') ? style.stroke : style.fill;
    }),
    keys: [...chart.querySelectorAll('.fg-chart-key path:not(.fg-chart-knockout)')].map(p => {
      const style = getComputedStyle(p);
      return p.classList.contains('fg-chart-hollow') ? style.stroke : style.fill;
    }),
    links: svg.querySelectorAll('a').length,
  };
}"""

# The same, reduced to what a width sweep needs: the layouts shown, the smallest drawn text, the overflow.
SWEEP = """id => {
  const chart = document.getElementById('chart-' + id);
  const shown = [...chart.querySelectorAll('svg[role=group]')].filter(s => getComputedStyle(s).display !== 'none');
  const sizes = shown.flatMap(svg => [...svg.querySelectorAll('text')])
    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)
    .concat([...chart.querySelectorAll('li, figcaption, summary, th, td')].map(e => parseFloat(getComputedStyle(e).fontSize)));
  return [shown.length, Math.min(...sizes), document.documentElement.scrollWidth - window.innerWidth];
}"""

FOCUSED = """() => {
  const a = document.activeElement, readout = a.nextElementSibling, svg = a.closest('svg');
  const style = getComputedStyle(a);
  return {
    tag: a.tagName, name: a.getAttribute('aria-label'), inChart: !!svg && getComputedStyle(svg).display !== 'none',
    outline: [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor],
    readout: readout && readout.classList.contains('fg-chart-readout')
      ? [getComputedStyle(readout).visibility, [...readout.children].map(line => line.textContent).join(' ')] : null,
    hint: svg ? getComputedStyle(svg.querySelector('.fg-chart-hint')).visibility : null,
    opacity: svg ? [...svg.querySelectorAll('a .fg-chart-mark')].map(p => [p.closest('a') === a, parseFloat(getComputedStyle(p).opacity)]) : [],
  };
}"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def contrast(colour: str, background: str) -> float:
    """WCAG contrast ratio of a CSS rgb()/rgba() colour drawn over an opaque background."""
    fg, bg = _rgba(colour), _rgba(background)
    mixed = [fg[3] * f + (1 - fg[3]) * b for f, b in zip(fg[:3], bg[:3], strict=False)]

    def luminance(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    light, dark = sorted((luminance(mixed), luminance(bg[:3])), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(params=[(390, "default"), (390, "slate"), (1280, "default"), (1280, "slate")], ids=lambda p: f"{p[0]}px-{p[1]}")
def view(request, browser):
    width, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=SCHEMES[scheme],
                                  is_mobile=width < 600, has_touch=width < 600)
    tab = context.new_page()
    tab.width, tab.scheme = width, scheme
    yield tab
    context.close()


def _open(tab, site_url, chart_id):
    tab.goto(site_url + PAGES[chart_id])
    tab.locator(f"#chart-{chart_id}").scroll_into_view_if_needed()
    return tab.evaluate(MEASURE, chart_id)


@pytest.mark.parametrize("chart_id", PAGES)
def test_chart_text_is_12px_and_marks_stand_out_in_both_palettes(view, site_url, chart_id):
    m = _open(view, site_url, chart_id)
    assert m["scheme"] == view.scheme
    assert m["shown"] == ["fg-chart-narrow" if view.width < 600 else "fg-chart-wide"]
    assert m["overflow"] <= 0
    assert m["texts"] and min(t["px"] for t in m["texts"]) >= 12
    assert min(px for _, px in m["html"]) >= 12
    for t in m["texts"]:
        assert contrast(t["colour"], m["background"]) >= 4.5, t
        # The layout was computed with text_width: no drawn line is wider, so nothing computed to fit overflows.
        for line, drawn in t["lines"]:
            assert drawn <= text_width(line, bold=t["kind"] == "fg-chart-heading") + 0.5, line
        left, _, right, _ = t["rect"]
        assert m["svg"][0] - 1 <= left and right <= m["svg"][2] + 1, t["text"]
    assert m["marks"] and m["keys"]
    for colour in m["marks"] + m["keys"]:
        assert contrast(colour, m["background"]) >= 3, colour
    labels = [t["rect"] for t in m["texts"] if t["kind"] == "fg-chart-label"]
    for a, b in combinations(labels, 2):  # direct labels as drawn never overlap
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


@pytest.mark.parametrize("chart_id", PAGES)
def test_tab_reaches_marks_with_a_visible_ring_and_readout(view, site_url, chart_id):
    m = _open(view, site_url, chart_id)
    view.locator(f"#chart-{chart_id} .fg-chart-skip").focus()
    names = []
    for _ in range(min(m["links"], 12)):
        view.keyboard.press("Tab")
        f = view.evaluate(FOCUSED)
        assert f["tag"] == "a" and f["inChart"] and f["name"]
        style, width, colour = f["outline"]
        assert style == "solid" and width >= 2 and contrast(colour, m["background"]) >= 3
        assert f["readout"] == ["visible", f["name"]] and f["hint"] == "hidden"
        # The other marks fade, so none painted after it hides its ring.
        assert {opacity for mine, opacity in f["opacity"] if mine} == {1}
        assert {opacity for mine, opacity in f["opacity"] if not mine} == {0.3}
        names.append(f["name"])
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("chart_id", PAGES)
def test_every_mark_is_one_tab_stop_and_the_skip_link_jumps_past_them(browser, site_url, chart_id):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    m = _open(tab, site_url, chart_id)
    skip = tab.locator(f"#chart-{chart_id} .fg-chart-skip")
    skip.focus()
    assert skip.bounding_box()["width"] > 1  # shown while focused
    seen = []
    for _ in range(m["links"]):
        tab.keyboard.press("Tab")
        f = tab.evaluate(FOCUSED)
        assert f["inChart"], f
        seen.append(f["name"])
    assert len(set(seen)) == m["links"]
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('.fg-chart-data') !== null")
    skip.focus()
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('.fg-chart-data') !== null")
    context.close()


def test_pointing_at_or_tapping_a_mark_shows_its_readout_and_a_click_or_second_tap_opens_its_entry(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    _open(tab, site_url, "parameters-by-date")
    gpt3 = "#chart-parameters-by-date svg.fg-chart-wide a[*|href$='models/gpt-3/']"
    tab.locator(gpt3).hover()
    readout = tab.locator(gpt3 + " + .fg-chart-readout")
    assert readout.evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert readout.text_content().startswith("GPT-3: 175B parameters (confirmed); released 2020-05-28")
    tab.locator(gpt3).click()
    tab.wait_for_url("**/models/gpt-3/")
    context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    _open(tab, site_url, "release-timeline")
    dcgan = "#chart-release-timeline svg.fg-chart-narrow a[*|href$='models/dcgan/']"
    tab.locator(dcgan).tap()  # charts.js: the first tap reads the mark ...
    wait_until(tab, "document.activeElement.getAttribute('aria-label')?.startsWith('DCGAN: released 2015-11-19') === true")
    assert tab.locator(dcgan + " + .fg-chart-readout").evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert tab.url.endswith("/timeline/")
    tab.locator(dcgan).tap()  # ... the second opens it
    tab.wait_for_url("**/models/dcgan/")
    context.close()


@pytest.mark.parametrize("chart_id", PAGES)
def test_text_stays_12px_without_sideways_scroll_at_every_width(browser, site_url, chart_id):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + PAGES[chart_id])
    widths = sorted({*range(360, 1281, 20), 659, 660, 661, 691, 692, 959, 960, 1219, 1220})
    for width in widths:
        tab.set_viewport_size({"width": width, "height": 900})
        shown, smallest, overflow = tab.evaluate(SWEEP, chart_id)
        assert shown == 1 and smallest >= 12 and overflow <= 0, (width, shown, smallest, overflow)
    context.close()


def test_instant_navigation_into_a_chart_and_out_through_a_mark_raises_no_error(page, site_url):
    """Material's instant navigation rewrites every [href] on a page; the marks' xlink:href
    keeps it from tripping over SVG links (whose href cannot be written)."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "compare/")
    page.locator("a[href$='#chart-parameters-by-date']").click()
    wait_until(page, "document.querySelector('#chart-parameters-by-date') !== null")
    page.locator("#chart-parameters-by-date svg.fg-chart-wide a[*|href$='models/gpt-3/']").click()
    page.wait_for_url("**/models/gpt-3/")
    page.locator("a.md-tabs__link", has_text="Compare").click()
    page.wait_for_url("**/compare/")
    assert errors == []
