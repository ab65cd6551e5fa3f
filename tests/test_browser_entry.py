"""Entry pages in a real headless Chromium, at a phone's and a laptop's width, in both palettes:
the facts a reader needs first, tags after the content, the compare action and the lineage diagram."""

import re
from contextlib import contextmanager

import pytest

from tests.browser import serve
from tests.test_browser import wait_until

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


PINNED = re.compile(r"(https://fieldguide\.example\.org/)([^/]+)/(models/mixtral-8x7b/)#(fact-parameters)")


@pytest.mark.parametrize("width, scheme", [(390, "light"), (1280, "dark")])
def test_a_fact_citation_is_copied_and_its_pinned_url_resolves(browser, built_site, site_url, tmp_path, width, scheme):
    with tab(browser, width, scheme) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        open_entry(page, site_url + "models/mixtral-8x7b/", scheme)
        page.locator("#fact-parameters button", has_text="Cite").click()
        wait_until(page, "document.querySelector('#facts ~ .fg-cite-status').textContent.startsWith('Copied')")
        text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("Mixtral 8x7B, parameters: 46.7B total, 12.9B active per token [confirmed]. Source: Mixtral of Experts")
    found = PINNED.search(text)
    assert found, text
    site, version, path, anchor = found.groups()
    assert version != "latest" and text.endswith(", accessed 2023-11-14.")  # the build's date (SOURCE_DATE_EPOCH)
    # The frozen copy of this release, laid out as mike publishes it, answers the address.
    (tmp_path / version).symlink_to(built_site, target_is_directory=True)
    with serve(tmp_path) as root, tab(browser, width, scheme) as page:
        page.goto(root + version + "/" + path + "#" + anchor)
        row = page.locator(f"[id='{anchor}']")
        assert row.count() == 1 and row.locator("th").inner_text() == "Parameters"


def test_without_the_clipboard_the_citation_is_shown_selected(browser, site_url):
    with tab(browser, 390, "dark") as page:
        page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
        page.goto(site_url + "families/diffusion/")
        page.locator("#trait-sample-quality button", has_text="Cite").click()
        area = page.locator("#traits ~ textarea.fg-copy-area")
        area.wait_for()
        assert area.input_value().startswith("Diffusion models, sample quality: high (Diffusion models surpassed ")
        assert "/families/diffusion/#trait-sample-quality, accessed " in area.input_value()
        assert page.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart") == len(area.input_value())
        assert "Copy the selected citation" in page.locator("#traits ~ .fg-cite-status").inner_text()


@pytest.mark.parametrize("width, scheme", [(390, "dark"), (1280, "light")])
def test_cite_section_offers_bibtex_and_csl_json_with_copy_buttons(browser, site_url, width, scheme):
    with tab(browser, width, scheme) as page:
        open_entry(page, site_url + "families/transformer/", scheme)
        blocks = page.locator("#cite ~ div [data-fg-code]")
        assert blocks.count() == 2
        wait_until(page, "document.querySelectorAll('[data-fg-code] .md-code__nav[aria-label]').length === 2")
        names = [blocks.nth(i).locator(".md-code__nav").get_attribute("aria-label") for i in range(2)]
        assert names == ["BibTeX code tools", "CSL-JSON code tools"]  # each code tools landmark has its own name
        assert blocks.nth(0).locator("button.md-code__button").count() == 1
        assert blocks.nth(0).locator("code").inner_text().startswith("@misc{fieldguide-transformer-")
        assert '"URL": "https://fieldguide.example.org/' in blocks.nth(1).locator("code").inner_text()
