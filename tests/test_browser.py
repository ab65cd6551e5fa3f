"""Behaviour in a real headless Chromium (Debian's package) against the built site."""

import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = ["", "models/", "models/mixtral-8x7b/", "families/", "families/transformer/", "organizations/mistral-ai/",
              "compare/", "compare/by-modality/", "choose/", "taxonomy/", "taxonomy/architecture/", "concepts/", "glossary/", "timeline/"]


def wait_until(page, expression: str, seconds: float = 15) -> None:
    """Poll from Python: Playwright's wait_for_function evaluates strings in the page, which
    the site's Content-Security-Policy (no 'unsafe-eval') refuses."""
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def search(page, query):
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)  # Material searches on key events, not on fill()


@pytest.mark.parametrize("query, expected", [
    ("Mixtral 8x7B", "models/mixtral-8x7b/"), ("Kokoro", "models/kokoro-82m/"), ("SDXL", "models/stable-diffusion-xl/"),
    ("Llama 4 Maverick", "models/llama-4-maverick/"), ("Codestral", "models/codestral/"),
])
def test_an_entrys_own_page_ranks_first_for_its_name_or_alias(page, site_url, query, expected):
    page.goto(site_url)
    search(page, query)
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15_000)
    # Results update per keystroke in a worker: read until the list has settled.
    seen, stable = None, 0
    for _ in range(100):
        href = first.get_attribute("href")
        stable = stable + 1 if href == seen else 0
        seen = href
        if stable >= 5:
            break
        page.wait_for_timeout(100)
    assert seen.split("#")[0].split("?")[0].endswith(expected), seen


def test_search_finds_a_model_by_name_and_by_alias(page, site_url):
    page.goto(site_url)
    for query in ("Mixtral", "Mixtral-8x7B-v0.1", "gemini-pro-vision"):
        search(page, query)
        expected = "models/gemini/" if query.startswith("gemini") else "models/mixtral-8x7b/"
        page.locator(f".md-search-result__item a[href*='{expected}']").first.wait_for(timeout=15_000)
    search(page, "Mixtral")
    page.locator(".md-search-result__item a[href*='models/mixtral-8x7b/']").first.click()
    page.wait_for_url("**/models/mixtral-8x7b/**")
    assert page.locator("h1").inner_text().startswith("Mixtral 8x7B")


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_request_leaves_the_site_and_the_csp_blocks_nothing_of_ours(page, site_url, path):
    errors, refused = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.outside_requests == []
    assert errors == []
    assert refused == []
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_csp_stops_markup_forced_into_a_built_page(browser, built_site, tmp_path):
    """An event handler and an inline script injected after the build do not run; the same
    page with its CSP removed does run them, so the test can tell the difference."""
    import re
    import shutil

    from tests.browser import serve

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page_file = site / "models" / "gpt-4" / "index.html"
    attack = ('<img src="data:," onerror="window.__pwned = 1">'
              '<script>window.__pwned_script = 1</script><div id="fg-attack" onclick="window.__pwned_click = 1">x</div>')
    html = page_file.read_text(encoding="utf-8").replace("<article", attack + "<article", 1)
    page_file.write_text(html, encoding="utf-8")
    (site / "models" / "gpt-4-open").mkdir()
    (site / "models" / "gpt-4-open" / "index.html").write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html), encoding="utf-8")
    with serve(site) as root:
        tab = browser.new_page()
        violations = []
        tab.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
        tab.goto(root + "models/gpt-4/")
        tab.locator("#fg-attack").click()
        tab.wait_for_load_state("networkidle")
        ran = tab.evaluate("[window.__pwned, window.__pwned_script, window.__pwned_click]")
        assert ran == [None, None, None]
        assert len(violations) >= 2
        # The page still works under its policy: Material's own scripts ran.
        assert tab.evaluate("typeof __md_get") == "function"
        tab.goto(root + "models/gpt-4-open/")
        tab.locator("#fg-attack").click()
        tab.wait_for_function("window.__pwned === 1 && window.__pwned_script === 1 && window.__pwned_click === 1")
        tab.close()


def test_redirect_page_keeps_the_anchor_under_the_csp(page, site_url):
    page.goto(site_url + "models/suno/#facts")
    page.wait_for_url("**/models/suno-app/#facts")


def test_tables_sort_and_filter_after_instant_navigation(page, site_url):
    page.goto(site_url)
    page.locator("a.md-tabs__link", has_text="Compare").click()
    page.wait_for_url("**/compare/")
    header = page.locator("#tbl-family-traits th", has_text="Family")
    first = page.locator("#tbl-family-traits tbody tr td:first-child")
    header.click()
    ascending = first.all_inner_texts()
    assert ascending == sorted(ascending, key=str.lower)
    header.click()
    assert first.all_inner_texts() == list(reversed(ascending))
    box = page.locator("input[data-table='tbl-family-traits']")
    box.fill("diffusion")
    visible = page.locator("#tbl-family-traits tbody tr:visible td:first-child").all_inner_texts()
    assert visible and all("diffusion" in v.lower() for v in visible)
    # numeric sort: parameter counts, undisclosed sorts below every number
    page.goto(site_url + "compare/by-modality/")
    params = page.locator("#tbl-models-text th", has_text="Parameters")
    params.click()
    values = [float(v) for v in page.locator("#tbl-models-text tbody tr td:nth-child(6)").evaluate_all("cells => cells.map(c => c.dataset.sort)")]
    assert values == sorted(values) or values == sorted(values, reverse=True)




def test_dark_mode_toggle(page, site_url):
    page.goto(site_url)
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    before = scheme()
    page.locator("label.md-header__button.md-icon[for^='__palette']:visible").first.click()
    assert scheme() != before and scheme() in ("slate", "default")


@pytest.mark.parametrize("path", ["models/gpt-4/", "families/diffusion/", "choose/", "compare/"])
def test_phone_viewport_has_no_horizontal_scroll(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + path)
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_version_selector_lists_releases(browser, built_site, tmp_path):
    # mike's layout: one folder per release and versions.json beside them.
    from tests.browser import serve

    (tmp_path / "2026.11").symlink_to(built_site, target_is_directory=True)
    (tmp_path / "2026.10").symlink_to(built_site, target_is_directory=True)
    (tmp_path / "versions.json").write_text(
        '[{"version": "2026.11", "title": "2026.11", "aliases": ["latest"]},'
        ' {"version": "2026.10", "title": "2026.10", "aliases": []}]')
    with serve(tmp_path) as root:
        tab = browser.new_page()
        tab.goto(root + "2026.11/models/gpt-4/")
        current = tab.locator(".md-version__current")
        current.wait_for(timeout=15_000)
        assert "2026.11" in current.inner_text()
        assert current.get_attribute("aria-label").endswith(": select version")
        versions = tab.locator(".md-version__list .md-version__link").all_inner_texts()
        assert versions[0].startswith("2026.11") and versions[1].startswith("2026.10")
        tab.close()
