"""Behaviour in a real headless Chromium against the built site."""

import pytest

pytestmark = pytest.mark.browser


def test_search_finds_a_model_by_name_and_by_alias(page, site_url):
    page.goto(site_url)
    for query in ("Mixtral", "Mixtral-8x7B-v0.1"):
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("")
        box.press_sequentially(query, delay=20)  # Material searches on key events, not on fill()
        result = page.locator(".md-search-result__item a[href*='models/mixtral-8x7b/']").first
        result.wait_for(timeout=15_000)
    result.click()
    page.wait_for_url("**/models/mixtral-8x7b/**")
    assert page.locator("h1").inner_text().startswith("Mixtral 8x7B")


def test_entry_page_loads_without_leaving_the_site(page, site_url):
    page.goto(site_url + "models/mixtral-8x7b/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#facts").count() == 1
    assert page.outside_requests == []
