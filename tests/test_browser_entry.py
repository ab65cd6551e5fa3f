"""Entry pages in a real headless Chromium, at a phone's and a laptop's width, in both palettes:
the facts a reader needs first, tags after the content, the compare action and the lineage diagram."""

from contextlib import contextmanager

import pytest

pytestmark = pytest.mark.browser

VIEWPORTS = {390: 844, 1280: 800}  # width: height (the fold)
LOOKS = [(width, scheme) for width in VIEWPORTS for scheme in ("light", "dark")]
# A superseded model with a long summary and many aliases, models with and without lineage,
# a family and an organization.
ENTRY_PAGES = ["models/stablecode/", "models/ministral-3/", "models/llama-3/", "models/mixtral-8x7b/",
               "families/diffusion/", "organizations/meta/"]


@contextmanager
def tab(browser, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": VIEWPORTS[width]}, color_scheme=scheme)
    try:
        yield context.new_page()
    finally:
        context.close()


def href(link) -> str:
    """Where a link leads (absolute: Material's instant navigation rewrites relative hrefs)."""
    return link.evaluate("a => a.href")


def open_entry(page, url, scheme):
    page.goto(url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")


@pytest.mark.parametrize("width, scheme", LOOKS)
def test_header_facts_are_above_the_fold(browser, site_url, width, scheme):
    with tab(browser, width, scheme) as page:
        for path in ENTRY_PAGES:
            open_entry(page, site_url + path, scheme)
            strip = page.locator("article dl.fg-strip")
            labels = strip.locator("dt").all_inner_texts()
            if path.startswith("models/"):
                assert [label.lower() for label in labels] == ["kind", "organization", "released", "access", "status"]
            for item in strip.locator("dt, dd").all():
                box = item.bounding_box()
                assert box is not None and box["y"] + box["height"] <= VIEWPORTS[width], (path, item.inner_text())
    # The organization and a superseded model's successor are links.
    with tab(browser, width, scheme) as page:
        open_entry(page, site_url + "models/stablecode/", scheme)
        strip = page.locator("article dl.fg-strip")
        assert href(strip.locator("dd a", has_text="Stability AI")) == site_url + "organizations/stability-ai/"
        status = strip.locator("div", has=page.locator("dt", has_text="Status")).locator("dd")
        assert status.inner_text().startswith("Superseded")
        assert href(status.locator("a")) == site_url + "models/stable-code-3b/"


@pytest.mark.parametrize("width, scheme", LOOKS)
def test_tags_come_after_the_content_grouped_by_kind(browser, site_url, width, scheme):
    with tab(browser, width, scheme) as page:
        open_entry(page, site_url + "models/llama-3/", scheme)
        assert page.locator("article .md-tags").count() == 0  # nothing above the title any more
        groups = page.locator("article dl.fg-tag-groups")
        assert groups.locator("dt").all_inner_texts() == ["Kind", "Access", "Modality", "Architecture", "Task"]
        # After the content: below the sources, the last section of the article.
        assert groups.bounding_box()["y"] > page.locator("#sources").bounding_box()["y"]
        assert page.evaluate("document.querySelector('#sources').compareDocumentPosition("
                             "document.querySelector('.fg-tag-groups')) & Node.DOCUMENT_POSITION_FOLLOWING")
        modality = groups.locator("div", has=page.locator("dt", has_text="Modality")).locator("dd a")
        assert modality.all_inner_texts() == ["Text", "Code"]
        links = groups.locator("a.md-tag").evaluate_all("links => links.map(a => a.href)")
        assert len(links) >= 8
    # Every tag still leads to its list on the tags index, at the anchor Material gives it.
    with tab(browser, width, scheme) as page:
        page.goto(site_url + "tags/")
        for link in links:
            assert link.startswith(site_url + "tags/#tag:")
            anchor = link.split("#", 1)[1]
            assert page.evaluate("id => document.getElementById(id) !== null", anchor), anchor


def test_compare_with_opens_the_builder_with_the_model(browser, site_url):
    with tab(browser, 390, "light") as page:
        page.goto(site_url + "models/llama-3/")
        action = page.locator("article .fg-actions a", has_text="Compare with")
        assert href(action) == site_url + "compare/?models=llama-3#builder"
        action.click()
        page.wait_for_url("**/compare/?models=llama-3#builder")
        page.locator("#compare-table").wait_for()
        assert page.locator("#compare-table thead th").all_inner_texts() == ["Field", "Llama 3"]


@pytest.mark.parametrize("width, scheme", LOOKS)
def test_lineage_diagram_is_readable_and_linked(browser, site_url, width, scheme):
    with tab(browser, width, scheme) as page:
        open_entry(page, site_url + "models/llama-3/", scheme)
        diagram = page.locator("article .fg-lineage")
        rows = diagram.locator("ul.fg-lineage-row")
        assert rows.count() == 3  # before, the entry itself, after
        assert diagram.locator(".fg-lineage-arrow").count() == 2
        assert href(rows.nth(0).locator("a")) == site_url + "models/llama-2/"
        assert "Llama 3 8B" in rows.nth(1).inner_text()  # its variants, in the entry's own box
        assert href(rows.nth(2).locator("a")) == site_url + "models/llama-3-1/"
        sizes = diagram.evaluate("d => [...d.querySelectorAll('*')].filter(e => e.childNodes.length && "
                                 "[...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))"
                                 ".map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 12
        box = diagram.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        # An entry with no recorded lineage says so, and draws nothing.
        open_entry(page, site_url + "models/mixtral-8x7b/", scheme)
        assert page.locator("article .fg-lineage").count() == 0
        assert "No recorded predecessors" in page.locator("#lineage + p").inner_text()


@pytest.mark.parametrize("width, scheme", LOOKS)
def test_entry_pages_do_not_scroll_sideways(browser, site_url, width, scheme):
    with tab(browser, width, scheme) as page:
        for path in ENTRY_PAGES + ["models/whisper/", "models/gpt-4/"]:
            open_entry(page, site_url + path, scheme)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, path
