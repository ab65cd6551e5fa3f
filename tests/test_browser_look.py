"""The finished look and the listings, in headless Chromium at phone and desktop widths, in both palettes."""

import csv
import io

import pytest

from tests.test_browser import wait_until

pytestmark = pytest.mark.browser

EVERY_PAGE_TYPE = [
    "", "models/", "models/mixtral-8x7b/", "models/gpt-4o/", "families/", "families/transformer/", "organizations/",
    "organizations/mistral-ai/", "compare/", "compare/by-modality/", "choose/", "taxonomy/", "taxonomy/architecture/",
    "taxonomy/scale/", "taxonomy/task/", "concepts/", "glossary/", "timeline/", "changelog/", "maintainers/", "tags/",
]
VIEWS = {"360-light": (360, "light"), "390-light": (390, "light"), "390-dark": (390, "dark"), "1280-light": (1280, "light"),
         "1280-dark": (1280, "dark")}
PHONES = pytest.mark.parametrize("view", ["360-light", "390-dark"], indirect=True)
BOTH = pytest.mark.parametrize("view", ["390-dark", "1280-light"], indirect=True)
BOTH_OTHER_PALETTE = pytest.mark.parametrize("view", ["390-light", "1280-dark"], indirect=True)

# Elements that reach past the right edge of the window without being inside a box that
# scrolls them (Material hides the page's own horizontal overflow, so this is what clips).
OVERFLOWING = """() => Array.from(document.querySelectorAll('.md-content *')).filter(e => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.right <= innerWidth + 0.5) return false;
  for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
    const o = getComputedStyle(a).overflowX;
    if ((o === 'auto' || o === 'scroll') && a.getBoundingClientRect().right <= innerWidth + 0.5) return false;
  }
  return true;
}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture(scope="module")
def view(request, browser):
    width, palette = VIEWS[request.param]
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=palette)
    tab = context.new_page()
    tab.width, tab.palette = width, palette
    yield tab
    context.close()


@PHONES
def test_no_page_type_overflows_the_window(view, site_url):
    problems = {}
    for path in EVERY_PAGE_TYPE:
        view.goto(site_url + path)
        view.wait_for_load_state("networkidle")
        scheme = view.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == ("slate" if view.palette == "dark" else "default")
        if found := view.evaluate(OVERFLOWING):
            problems[path or "home"] = found
    assert problems == {}


@BOTH
def test_listing_tables_have_the_finished_look(view, site_url):
    view.goto(site_url + "models/")
    table = view.locator("#tbl-models")
    style = lambda selector, prop: table.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")  # noqa: E731
    assert style("thead th", "position") == "sticky"
    assert style("td.fg-num", "textAlign") == "right" and style("th.fg-num", "textAlign") == "right"
    assert style("td.fg-date", "whiteSpace") == "nowrap"
    assert style("td", "wordBreak") == "normal" and style("td", "overflowWrap") == "normal"
    assert style("tbody tr:nth-child(2)", "backgroundColor") != style("tbody tr:nth-child(1)", "backgroundColor")  # striped
    assert style("td", "borderTopStyle") == "solid" and style("td", "paddingLeft") != "0px"
    # every date sits on one line
    lines = table.locator("td.fg-date").evaluate_all("""cells => cells.map(c => {
      const r = document.createRange(); r.selectNodeContents(c);
      return new Set(Array.from(r.getClientRects(), rect => Math.round((rect.top + rect.bottom) / 16))).size; })""")
    assert lines and set(lines) == {1}
    # links where they help: a model's name and its organization, nothing else
    linked = table.locator("tbody tr").first.locator("td").evaluate_all("cells => cells.map(c => !!c.querySelector('a'))")
    assert linked == [True, False, True, False, False, False, False, False]
    # the header stays in view while the table box scrolls
    box = view.locator("#table-models .fg-scroll")
    box.evaluate("b => b.scrollTop = 2000")
    head = table.locator("thead th").first.bounding_box()
    frame = box.bounding_box()
    assert abs(head["y"] - frame["y"]) <= 2


@BOTH_OTHER_PALETTE
def test_models_listing_facets_counts_url_state_and_csv(view, site_url):
    view.goto(site_url + "models/")
    count = view.locator("#table-models .fg-row-count")
    total = int(count.inner_text().split()[0])
    access = view.locator("#table-models details.fg-facet", has_text="Access")
    access.locator("summary").click()
    open_source = access.locator("label", has_text="Open source")
    expected = int(open_source.locator(".fg-count").inner_text())
    assert 0 < expected < total
    open_source.locator("input").check()
    wait_until(view, "location.search.includes('access=open-source')")
    assert count.inner_text() == f"{expected} of {total} rows"
    rows = view.locator("#tbl-models tbody tr:visible")
    assert rows.count() == expected
    # counts in the other facets follow the choice: each is what that choice would leave
    year = view.locator("#table-models details.fg-facet", has_text="Year")
    year.locator("summary").click()
    year_counts = [int(c) for c in year.locator(".fg-count").all_inner_texts()]
    assert sum(year_counts) == expected
    # text filter and sort join the state in the address
    view.locator("#table-models input.fg-filter").fill("mistral")
    wait_until(view, "location.search.includes('filter=mistral')")
    view.locator("#tbl-models thead th", has_text="Released").locator("button").press("Enter")  # keyboard sorts too
    wait_until(view, "location.search.includes('sort=3')")
    assert all("mistral" in text.lower() for text in rows.all_text_contents())
    shown = rows.evaluate_all("rows => rows.map(r => r.cells[0].textContent)")
    dates = rows.evaluate_all("rows => rows.map(r => r.cells[3].textContent)")
    assert shown and dates in (sorted(dates), sorted(dates, reverse=True))
    url = view.url
    # the link reproduces the listing
    view.goto(site_url)
    view.goto(url)
    wait_until(view, "document.querySelector('#table-models .fg-row-count').textContent.includes(' of ')")
    assert rows.evaluate_all("rows => rows.map(r => r.cells[0].textContent)") == shown
    assert view.locator("#table-models input.fg-filter").input_value() == "mistral"
    # CSV of the rows shown, neutralised like the published CSVs
    with view.expect_download() as download:
        view.locator("#table-models a.fg-download").press("Enter")
    records = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert records[0][:4] == ["Model", "Kind", "Organization", "Released"]
    assert [r[0] for r in records[1:]] == shown
    # clearing the facets restores every row
    view.locator("#table-models .fg-facets-clear").press("Enter")
    view.locator("#table-models input.fg-filter").press("Control+a")
    view.locator("#table-models input.fg-filter").press("Backspace")
    wait_until(view, f"document.querySelector('#table-models .fg-row-count').textContent === '{total} rows'")
    assert "access=" not in view.url and "filter=" not in view.url


@pytest.mark.parametrize("view", ["1280-light"], indirect=True)
def test_facets_work_from_the_keyboard(view, site_url):
    view.goto(site_url + "models/")
    summary = view.locator("#table-models details.fg-facet summary", has_text="Kind")
    summary.focus()
    view.keyboard.press("Enter")
    view.keyboard.press("Tab")
    view.keyboard.press("Space")
    wait_until(view, "location.search.includes('kind=')")
    assert "of" in view.locator("#table-models .fg-row-count").inner_text()


@pytest.mark.parametrize("view", ["390-dark"], indirect=True)
def test_several_tables_on_a_page_keep_separate_state(view, site_url):
    view.goto(site_url + "compare/by-modality/")
    view.locator("#table-models-image input.fg-filter").fill("stable")
    wait_until(view, "location.search.includes('models-image.filter=stable')")
    view.goto(view.url)
    wait_until(view, "document.querySelector('#table-models-image .fg-row-count').textContent.includes(' of ')")
    assert view.locator("#table-models-text .fg-row-count").inner_text().endswith(" rows")
    assert " of " not in view.locator("#table-models-text .fg-row-count").inner_text()


@BOTH
def test_home_page_search_field_whats_new_and_three_ways_in(view, site_url):
    view.goto(site_url)
    # the search field in the page hands its query to the site search
    view.locator("#home-search").fill("Mixtral")
    view.locator("#home-search").press("Enter")
    wait_until(view, "document.querySelectorAll('.md-search-result__item').length > 0")
    assert view.locator(".md-search__input").input_value() == "Mixtral"
    first = view.locator(".md-search-result__item a").first.get_attribute("href")
    assert "models/mixtral" in first
    view.goto(site_url)
    # what's new: the newest releases, newest first, each linked to its entry
    dates = view.locator(".fg-new-list .fg-nowrap").all_inner_texts()
    assert len(dates) == 8 and dates == sorted(dates, reverse=True)
    view.locator(".fg-new-list a").first.click()
    view.wait_for_url("**/models/**")
    view.goto(site_url)
    # the three ways in, each with working example links
    cards = view.locator(".grid.cards > ul > li")
    assert [c.split()[0] for c in cards.all_inner_texts()] == ["Explain", "Compare", "Choose"]
    for href in cards.locator("a").evaluate_all("links => links.map(a => a.href)"):
        response = view.request.get(href)
        assert response.ok, href
    assert view.locator(".grid.cards a[href*='compare/?models=']").count() == 1
    assert view.locator(".grid.cards a[href*='choose/?task=']").count() == 1


@BOTH
def test_confirmed_only_switch_withholds_estimates(view, site_url):
    view.goto(site_url + "models/")
    estimated = view.locator("#tbl-models td[data-confidence]").first
    original = estimated.inner_text()
    assert original.endswith(("estimated", "speculative"))
    confirmed_cells = view.locator("#tbl-models td.fg-num:not([data-confidence])")
    kept = confirmed_cells.first.inner_text()
    view.locator("#table-models input.fg-confirmed-only").check()
    wait_until(view, "location.search.includes('confirmed=1')")
    assert estimated.inner_text() == "not confirmed" and confirmed_cells.first.inner_text() == kept
    with view.expect_download() as download:
        view.locator("#table-models a.fg-download").press("Enter")
    text = open(download.value.path(), encoding="utf-8").read()
    assert "not confirmed" in text and "estimated" not in text
    view.goto(view.url)  # the switch is part of the link
    wait_until(view, "document.querySelector('#table-models input.fg-confirmed-only').checked")
    assert view.locator("#tbl-models td[data-confidence]").first.inner_text() == "not confirmed"
    view.locator("#table-models input.fg-confirmed-only").uncheck()
    assert view.locator("#tbl-models td[data-confidence]").first.inner_text() == original
