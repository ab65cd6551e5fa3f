"""The compare builder (/compare/#builder) in real Chromium, at phone and desktop widths.

Expected values are read from the YAML under data/, not from the builder's own JSON.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from markdown_it import MarkdownIt

from tests.conftest import ROOT
from tests.test_browser import wait_until

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1280
# (width, palette): every behaviour at both widths, each width in another palette; the look in all four.
SIZES = [(PHONE, "light"), (DESKTOP, "dark")]
LOOKS = [(w, p) for w in (PHONE, DESKTOP) for p in ("light", "dark")]


def entry(kind: str, entry_id: str) -> dict:
    """A catalog file as written: every scalar a string (`yes` stays "yes")."""
    return yaml.load((ROOT / "data" / kind / f"{entry_id}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture
def open_tab(browser, site_url):
    """open_tab(path, width, palette): a fresh page at that size (with the builder loaded, on /compare/)."""
    contexts = []

    def open_(path: str, width: int = DESKTOP, palette: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=palette,
                                      is_mobile=width < 600, has_touch=width < 600)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        contexts.append(context)
        tab = context.new_page()
        tab.errors = []
        tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
        tab.goto(site_url + path)
        if path.startswith("compare/"):
            loaded(tab)
        scheme = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == {"light": "default", "dark": "slate"}[palette]
        return tab

    yield open_
    for context in contexts:
        context.close()


def loaded(tab):
    wait_until(tab, "!document.getElementById('compare-controls').hidden")


def chips(tab) -> list[str]:
    return tab.locator("#compare-chips .fg-chip-name").all_inner_texts()


def columns(tab) -> list[str]:
    return tab.locator("#compare-table thead th").all_inner_texts()[1:]


def models_in_address(tab) -> list[str]:
    match = re.search(r"[?&]models=([^&#]*)", tab.url)
    return match.group(1).split(",") if match else []


def row(tab, label: str):
    """The table row headed `label` (the header may add "differs")."""
    header = tab.locator("th[scope=row]", has_text=re.compile("^" + re.escape(label) + r"(\s+differs)?$"))
    return tab.locator("#compare-table tbody tr").filter(has=header)


def cells(tab, label: str) -> list[str]:
    return row(tab, label).locator("td").all_inner_texts()


def copied_markdown(tab) -> str:
    tab.locator("#compare-copy").focus()
    tab.keyboard.press("Enter")
    wait_until(tab, "document.getElementById('compare-status').textContent.startsWith('Copied')")
    return tab.evaluate("navigator.clipboard.readText()")


def markdown_rows(markdown: str) -> dict[str, list[str]]:
    """The Markdown table as a CommonMark parser with GFM tables reads it: first cell -> other cells."""
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    from bs4 import BeautifulSoup

    table = BeautifulSoup(html, "html.parser").find("table")
    return {tr.find_all(["th", "td"])[0].get_text(): [c.get_text() for c in tr.find_all(["th", "td"])[1:]]
            for tr in table.find_all("tr")}


def typed(tab, text: str) -> list[str]:
    """Type into the combobox from the keyboard; the options offered, in order."""
    tab.keyboard.type(text, delay=15)
    wait_until(tab, "!document.getElementById('compare-options').hidden")
    return tab.locator("#compare-options [role=option]").evaluate_all("os => os.map(o => o.getAttribute('data-id'))")


@pytest.mark.parametrize("width, palette", SIZES)
def test_type_ahead_picks_by_keyboard_only_and_keeps_the_order(open_tab, width, palette):
    tab = open_tab("compare/#builder", width, palette)
    box = tab.locator("#compare-search")
    assert tab.evaluate("document.activeElement.id") == "compare-search"  # #builder focuses the type-ahead
    assert tab.locator("#compare-builder select").count() == 0  # no Ctrl-click list any more
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    assert tab.locator("label[for=compare-search]").inner_text().startswith("Add a model")

    # By name: the best match is highlighted first, arrows move, Enter adds the highlighted one.
    offered = typed(tab, "mixtral")
    assert offered[0] == "mixtral-8x7b" and "mixtral-8x22b" in offered
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == "compare-option-mixtral-8x7b"
    tab.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == f"compare-option-{offered[1]}"
    assert tab.locator(f"#compare-option-{offered[1]}").get_attribute("aria-selected") == "true"
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("Enter")
    assert chips(tab) == ["Mixtral 8x7B"] and box.input_value() == ""
    assert box.get_attribute("aria-expanded") == "false"

    # By alias (an API id of Llama 3), and by organization.
    alias = entry("models", "llama-3")["aliases"][2]
    assert typed(tab, alias)[0] == "llama-3"
    tab.keyboard.press("Escape")  # closes the list, keeps the text
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == alias
    tab.keyboard.press("Escape")  # clears the text
    assert box.input_value() == ""
    offered = typed(tab, "OpenAI")
    assert "whisper" in offered and all(entry("models", m)["organization"] == "openai" for m in offered)
    tab.keyboard.press("Escape")
    tab.keyboard.press("Escape")
    assert typed(tab, "whisper")[0] == "whisper"
    tab.keyboard.press("Enter")
    tab.keyboard.type(alias, delay=15)
    tab.keyboard.press("Enter")
    offered = typed(tab, "mixtral")
    assert offered and "mixtral-8x7b" not in offered  # a chosen model is not offered again
    tab.keyboard.press("Escape")
    tab.keyboard.press("Escape")

    # The order picked, everywhere: chips, columns, address.
    assert chips(tab) == ["Mixtral 8x7B", "Whisper", "Llama 3"]
    assert columns(tab) == ["Mixtral 8x7B", "Whisper", "Llama 3"]
    assert models_in_address(tab) == ["mixtral-8x7b", "whisper", "llama-3"]
    assert "models=mixtral-8x7b,whisper,llama-3#builder" in tab.url

    # Reorder from the keyboard: the focus stays on the moved chip's button.
    tab.locator("#compare-chips [data-id=mixtral-8x7b][data-action=later]").focus()
    tab.keyboard.press("Enter")
    assert chips(tab) == ["Whisper", "Mixtral 8x7B", "Llama 3"] == columns(tab)
    assert tab.evaluate("document.activeElement.dataset.id + ' ' + document.activeElement.dataset.action") == "mixtral-8x7b later"
    tab.keyboard.press("Enter")  # now last: its "later" button is disabled and the focus moves to "earlier"
    assert models_in_address(tab) == ["whisper", "llama-3", "mixtral-8x7b"]
    assert tab.evaluate("document.activeElement.dataset.action") == "earlier"
    tab.locator("#compare-chips [data-id=whisper][data-action=remove]").focus()
    tab.keyboard.press("Enter")
    assert chips(tab) == columns(tab) == ["Llama 3", "Mixtral 8x7B"]
    assert tab.evaluate("document.activeElement.id") == "compare-search"

    # The address alone restores the same comparison.
    tab.reload()
    loaded(tab)
    assert chips(tab) == columns(tab) == ["Llama 3", "Mixtral 8x7B"]
    assert tab.errors == []


@pytest.mark.parametrize("query, expected", [
    ("models=mixtral-8x7b,gpt-4", ["mixtral-8x7b", "gpt-4"]),
    ("models=llama-3%2Cwhisper", ["llama-3", "whisper"]),  # the builder used to write encoded commas
    ("models=mixtral-8x7b&models=gpt-4", ["mixtral-8x7b", "gpt-4"]),  # the form without JavaScript repeated the name
    ("models=midjourney,gpt-4,no-such-model,gpt-4", ["midjourney-app", "gpt-4"]),  # renamed id, unknown id, duplicate
])
def test_old_links_keep_working(open_tab, query, expected):
    tab = open_tab(f"compare/?{query}#builder")
    names = [entry("models", m)["name"] for m in expected]
    assert columns(tab) == chips(tab) == names
    assert models_in_address(tab) == expected


@pytest.mark.parametrize("width, palette", SIZES)
def test_compare_with_link_from_an_entry_page_opens_the_builder_focused(open_tab, width, palette):
    """Entry pages link `compare/?models=<id>#builder`; Material follows the link without a page load."""
    tab = open_tab("models/mixtral-8x7b/", width, palette)
    tab.evaluate("""() => {
        const link = document.createElement('a');
        link.href = '../../compare/?models=mixtral-8x7b#builder';
        link.id = 'compare-with';
        link.textContent = 'Compare with...';
        document.querySelector('article').prepend(link);
    }""")
    tab.click("#compare-with")
    tab.wait_for_url(re.compile(r"/compare/\?models=mixtral-8x7b#builder$"))
    loaded(tab)
    assert chips(tab) == columns(tab) == ["Mixtral 8x7B"]
    assert tab.evaluate("document.activeElement.id") == "compare-search"
    assert typed(tab, "gpt-4o")[0] == "gpt-4o"
    option = tab.locator("#compare-option-gpt-4o")
    option.tap() if width == PHONE else option.click()  # a pointer picks too, and the focus stays in the box
    assert models_in_address(tab) == ["mixtral-8x7b", "gpt-4o"]
    assert tab.evaluate("document.activeElement.id") == "compare-search"


def test_without_javascript_the_builder_explains_itself(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "compare/?models=mixtral-8x7b#builder")
    shown = tab.locator("#compare-builder").inner_text()
    links = tab.locator("#compare-builder a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    context.close()
    assert "needs JavaScript" in shown and links == ["../models/", "../api/compare.json"]
    assert "Add a model" not in shown  # the controls that cannot work stay hidden


@pytest.mark.parametrize("width, palette", SIZES)
def test_differences_are_marked_in_words_and_can_be_shown_alone(open_tab, width, palette):
    llama, mixtral = entry("models", "llama-3"), entry("models", "mixtral-8x7b")
    assert llama["modalities"]["output"] == mixtral["modalities"]["output"] and llama["organization"] != mixtral["organization"]
    tab = open_tab("compare/?models=llama-3,mixtral-8x7b", width, palette)
    differs = row(tab, "Organization")
    assert "fg-differs" in differs.get_attribute("class")
    assert differs.locator("th").inner_text().endswith("differs")
    same = row(tab, "Output")
    assert same.count() == 1 and "differs" not in same.inner_text() and not same.get_attribute("class")
    total = tab.locator("#compare-table tbody tr th[scope=row]").count()
    marked = tab.locator("#compare-table tbody tr.fg-differs").count()
    assert 0 < marked < total
    assert f"{marked} of {total} rows differ" in tab.locator("#compare-status").inner_text()

    tab.locator("#compare-differences").focus()
    tab.keyboard.press("Space")
    wait_until(tab, "location.search.includes('differences=only')")
    assert tab.locator("#compare-table tbody tr th[scope=row]").count() == marked
    assert all(t.endswith("differs") for t in tab.locator("#compare-table th[scope=row]").all_inner_texts())
    assert row(tab, "Output").count() == 0
    assert tab.locator("#compare-table th[scope=colgroup]").all_inner_texts() == ["Facts", "Licence terms", "Traits of the main family"]
    markdown = copied_markdown(tab)
    assert "| Output |" not in markdown and "| Organization (differs) | Meta | Mistral AI |" in markdown
    tab.reload()
    loaded(tab)
    assert tab.locator("#compare-differences").is_checked()
    assert tab.locator("#compare-table tbody tr th[scope=row]").count() == marked
    tab.locator("#compare-differences").focus()
    tab.keyboard.press("Space")
    assert tab.locator("#compare-table tbody tr th[scope=row]").count() == total
    assert "differences" not in tab.url


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgba(text):
    parts = [float(x) for x in re.findall(r"[\d.]+", text)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def contrast(tab, selector: str) -> float:
    """Contrast of an element's text with what is painted behind it: the background colours and
    colour gradients of it and its ancestors, composited from the page down."""
    layers = tab.locator(selector).first.evaluate("""node => {
        const colour = getComputedStyle(node).color, layers = [];
        for (let n = node; n; n = n.parentElement) {
            const style = getComputedStyle(n);
            layers.push([style.backgroundImage, style.backgroundColor]);
        }
        return [colour, layers];
    }""")
    colour, stack = layers
    painted = (255.0, 255.0, 255.0)
    for image, background in reversed(stack):
        for layer in [background] + re.findall(r"rgba?\([^)]*\)", image)[:1]:
            r, g, b, a = _rgba(layer)
            painted = tuple(a * c + (1 - a) * p for c, p in zip((r, g, b), painted, strict=True))
    r, g, b, a = _rgba(colour)
    text = tuple(a * c + (1 - a) * p for c, p in zip((r, g, b), painted, strict=True))
    light, dark = sorted((_luminance(text), _luminance(painted)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("width, palette", LOOKS)
def test_the_marks_are_readable_in_both_palettes(open_tab, width, palette):
    tab = open_tab("compare/?models=llama-3,phi-3-5-moe&confirmed=only", width, palette)
    assert contrast(tab, "#compare-table tr.fg-differs .fg-differs-mark") >= 4.5
    assert contrast(tab, "#compare-table tr.fg-differs td") >= 4.5
    assert contrast(tab, "#compare-table .fg-withheld") >= 4.5
    tab.locator("#compare-confirmed").uncheck()
    assert contrast(tab, "#compare-table .fg-confidence--estimated") >= 4.5
    tab.locator("#compare-search").focus()
    typed(tab, "gemma")
    assert contrast(tab, "#compare-options [aria-selected=true]") >= 4.5
    assert contrast(tab, "#compare-chips .fg-chip-button:not(:disabled)") >= 4.5


@pytest.mark.parametrize("width, palette", SIZES)
def test_trait_and_licence_rows_show_the_catalog_values(open_tab, width, palette):
    ids = ["llama-3", "mixtral-8x7b", "whisper"]
    models = [entry("models", m) for m in ids]
    families = [entry("families", m["families"][0]) for m in models]
    tab = open_tab("compare/?models=" + ",".join(ids), width, palette)
    sections = tab.locator("#compare-table th[scope=colgroup]").all_inner_texts()
    assert sections == ["Facts", "Licence terms", "Traits of the main family"]

    assert cells(tab, "Main family") == [f["name"] for f in families]
    for trait in ("training_stability", "sample_quality", "sampling_speed", "exact_likelihood", "data_needs", "interpretability"):
        label = trait.replace("_", " ").capitalize()
        assert cells(tab, label) == [f["traits"][trait]["rating"] for f in families], label

    licences = [m["license"] for m in models]
    assert cells(tab, "Licence") == [lic["name"] for lic in licences]
    for key, label in [("user_threshold", "User threshold"), ("revenue_threshold", "Revenue threshold"),
                       ("attribution", "Attribution"), ("derivative_naming", "Derivative naming"),
                       ("acceptable_use_policy", "Acceptable-use policy"), ("output_restrictions", "Output restrictions")]:
        assert cells(tab, label) == [lic.get(key, "not recorded") for lic in licences], label
    commercial = {"yes": "allowed", "no": "not allowed", "conditional": "with conditions"}
    assert cells(tab, "Commercial use") == [commercial[lic["commercial_use"]] for lic in licences]
    policy = row(tab, "Acceptable-use policy").locator("td").first.locator("a")
    assert policy.get_attribute("href") == licences[0]["acceptable_use_policy"]
    assert row(tab, "Licence").locator("td a").first.get_attribute("href") == licences[0]["url"]


@pytest.mark.parametrize("width, palette", SIZES)
def test_copy_as_markdown_follows_the_table(open_tab, width, palette):
    ids = ["llama-3", "whisper"]
    llama, whisper = (entry("models", m) for m in ids)
    tab = open_tab("compare/?models=" + ",".join(ids), width, palette)
    markdown = copied_markdown(tab)
    assert markdown.startswith("| Field | Llama 3 | Whisper |\n| --- | --- | --- |\n| **Facts** |  |  |\n")
    rows = markdown_rows(markdown)
    table = tab.locator("#compare-table")
    for tr in table.locator("tbody tr").all():
        header = tr.locator("th").first.inner_text()
        if tr.locator("th[scope=colgroup]").count():
            assert rows[header] == ["", ""]
        else:
            key = header.replace("differs", "(differs)") if header.endswith("differs") else header
            assert rows[re.sub(r"\s+", " ", key)] == tr.locator("td").all_inner_texts(), header
    # Catalog text that holds Markdown syntax is escaped: quotes stay, and an acceptable-use
    # policy URL is text, never a live link.
    assert rows["Attribution (differs)"] == [llama["license"]["attribution"], whisper["license"]["attribution"]]
    assert "https\\://llama.meta.com/llama3/use-policy" in markdown


HOSTILE = {
    "name": "Evil | <img src=x onerror=alert(1)> *Model*",
    "attribution": "a | b\nsecond line <script>alert(1)</script> [x](https://evil.example/) ![i](https://evil.example/i.png)",
    "summary": "`code` **bold** _em_ ~~gone~~ <https://evil.example/> https://evil.example/ www.evil.example ping@evil.example &amp; \\| $x$ {: #id }",
}


@pytest.mark.parametrize("width, palette", SIZES)
def test_catalog_text_never_becomes_markup_in_the_table_or_the_markdown(open_tab, site_url, width, palette):
    """compare.json served with hostile text in one model: the table shows it as text, and the
    copied Markdown renders back to exactly that text, with no link, emphasis, code or HTML."""
    tab = open_tab("compare/", width, palette)

    def hostile(route):
        data = json.loads(route.fetch().text())
        model = data["models"]["mixtral-8x7b"]
        model["name"] = HOSTILE["name"]
        model["facts"]["attribution"] = HOSTILE["attribution"]
        model["facts"]["summary"] = HOSTILE["summary"]
        route.fulfill(json=data)

    tab.route("**/api/compare.json", hostile)
    tab.goto(site_url + "compare/?models=mixtral-8x7b,gpt-4")
    loaded(tab)
    table = tab.locator("#compare-table")
    assert table.locator("img, script, em, strong, code").count() == 0
    assert columns(tab)[0] == HOSTILE["name"]
    assert cells(tab, "Summary")[0] == HOSTILE["summary"]

    markdown = copied_markdown(tab)
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    assert not re.search(r"<(?!/?(table|thead|tbody|tr|th|td|strong)\b)", html), html
    assert "<strong>" not in html.replace("<strong>Facts</strong>", "").replace("<strong>Licence terms</strong>", "").replace(
        "<strong>Traits of the main family</strong>", "")
    rows = markdown_rows(markdown)
    assert list(rows)[0] == "Field" and rows["Field"][0] == HOSTILE["name"]
    assert rows["Summary (differs)"][0] == HOSTILE["summary"]
    assert rows["Attribution (differs)"][0] == " ".join(HOSTILE["attribution"].split())
    # GFM also links bare URLs, www. and e-mail addresses: each is broken by an escape.
    assert not re.search(r"[^\\]://", markdown) and "www." not in markdown and "ping@" not in markdown
    assert tab.errors == []


@pytest.mark.parametrize("width", [360, PHONE])
def test_no_page_level_horizontal_scroll_the_table_scrolls_in_its_box(open_tab, width):
    ids = ["llama-3", "mixtral-8x7b", "gpt-4", "whisper", "codestral"]
    tab = open_tab("compare/?models=" + ",".join(ids) + "#builder", width)
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert tab.evaluate(overflow) <= 0
    box = tab.locator(".fg-compare-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # five columns do not fit: the box scrolls
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    header = tab.locator("#compare-table th[scope=row]").first
    assert abs(header.bounding_box()["x"] - box.bounding_box()["x"]) < 2  # the field names stay in view
    typed(tab, "a")  # the open suggestion list does not widen the page either
    assert tab.evaluate(overflow) <= 0
    assert tab.errors == []


@pytest.mark.parametrize("width, palette", SIZES)
def test_confirmed_only_withholds_values_that_are_not_confirmed(open_tab, width, palette):
    phi, mixtral = entry("models", "phi-3-5-moe"), entry("models", "mixtral-8x7b")
    assert phi["parameters"]["confidence"] == "estimated" and mixtral["parameters"].get("confidence", "confirmed") == "confirmed"
    tab = open_tab("compare/?models=phi-3-5-moe,mixtral-8x7b", width, palette)
    shown = cells(tab, "Parameters")
    assert shown[0] == "42B (6.6B active) estimated" and shown[1] == "46.7B (12.9B active)"
    assert "| 42B (6.6B active) (estimated) |" in copied_markdown(tab)

    tab.locator("#compare-confirmed").focus()
    tab.keyboard.press("Space")
    wait_until(tab, "location.search.includes('confirmed=only')")
    assert cells(tab, "Parameters") == ["not confirmed", "46.7B (12.9B active)"]
    assert cells(tab, "Scale tier")[0] == "not confirmed"  # derived from the estimated count
    assert cells(tab, "Licence") == [phi["license"]["name"], mixtral["license"]["name"]]  # confirmed values stay
    assert "values not confirmed are withheld" in tab.locator("#compare-status").inner_text()
    markdown = copied_markdown(tab)
    assert "| Parameters (differs) | _not confirmed_ | 46.7B (12.9B active) |" in markdown and "42B (6.6B active)" not in markdown
    tab.reload()
    loaded(tab)
    assert tab.locator("#compare-confirmed").is_checked() and cells(tab, "Parameters")[0] == "not confirmed"
