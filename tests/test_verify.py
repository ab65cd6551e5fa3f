"""The site verifier and the Content-Security-Policy: one hostile snippet per rule, clean
snippets (real Material 9.8.1 markup) that must pass, and the CSP meta of a real page."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

from fieldguide.site.verify import (
    THEME_SCRIPT_SHAPES,
    add_csp,
    csp_meta,
    inline_script_hashes,
    is_theme_script,
    verify_csv,
    verify_json,
    verify_page,
    verify_site,
)

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = Path(importlib.util.find_spec("material").submodule_search_locations[0]).parent

# Material's inline scripts exactly as a page two levels deep (models/<id>/) carries them.
BASE_SCRIPT = THEME_SCRIPT_SHAPES["material/templates/partials/javascripts/base.html"].replace("{base}", "../..")
PALETTE_SCRIPT = THEME_SCRIPT_SHAPES["material/templates/partials/javascripts/palette.html"]
OUTDATED_SCRIPT = THEME_SCRIPT_SHAPES["overrides/partials/javascripts/outdated.html"].replace("{base}", "../..")
TARGET_SCRIPT = THEME_SCRIPT_SHAPES["material/templates/partials/javascripts/content.html"]

# Cut down from models/gpt-4/index.html of a real build: every inline script, both forms.
MATERIAL_PAGE = f"""<!doctype html>
<html lang="en" class="no-js">
  <head>
      <meta charset="utf-8">
      <link rel="stylesheet" href="../../assets/stylesheets/main.css">
    <script>{BASE_SCRIPT}</script>
  </head>
  <body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">
    <script>{PALETTE_SCRIPT}</script>
      <div data-md-color-scheme="default" data-md-component="outdated" hidden>
          <aside class="md-banner md-banner--warning">
            <div class="md-banner__inner md-grid md-typeset">
  <a href="../../.." data-fg-latest><strong>Read this page in the latest release.</strong></a>
            </div>
            <script>{OUTDATED_SCRIPT}</script>
          </aside>
      </div>
<header class="md-header" data-md-component="header">
        <form class="md-header__option" data-md-component="palette">
    <input class="md-option" data-md-color-media="(prefers-color-scheme: light)" aria-label="Switch to dark mode"  type="radio" name="__palette" id="__palette_0">
      <label class="md-header__button md-icon" title="Switch to dark mode" for="__palette_1" hidden>
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>
      </label>
</form>
    <form class="md-search__form" name="search">
      <input type="text" class="md-search__input" name="query" aria-label="Search" placeholder="Search" autocomplete="off" required>
      <button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" tabindex="-1"></button>
    </form>
</header>
<main class="md-main" data-md-component="main"><article class="md-content__inner md-typeset">
<h1 id="gpt-4">GPT&#45;4</h1><p><a href="https://openai.com/research/gpt-4" rel="noopener">source</a></p>
</article>
<script>{TARGET_SCRIPT}</script>
</main>
      <script id="__config" type="application/json">{{"base": "../..", "search": "../../assets/javascripts/workers/search.a7633da7.min.js"}}</script>
      <script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>
  </body>
</html>
"""
THEME_SCRIPTS = [BASE_SCRIPT, PALETTE_SCRIPT, OUTDATED_SCRIPT, TARGET_SCRIPT]
BARE_CSP = csp_meta("")  # the policy of a page without inline scripts


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


HOSTILE_PAGES = [
    ('<svg onload="alert(1)"></svg>', ["event handler attribute onload on <svg>"]),
    ("<img src=x OnError=alert(1)>", ["event handler attribute onerror on <img>"]),
    ('<a href="java&#x09;script:alert(1)">x</a>', ["href on <a> is a javascript: URL"]),
    ('<a href=" &#x0A;JaVaScRiPt&colon;alert(1)">x</a>', ["href on <a> is a javascript: URL"]),
    ('<iframe src="VBScript:msgbox(1)"></iframe>', ["src on <iframe> is a vbscript: URL", "<iframe> element"]),
    ('<svg><a xlink:href="data:text/html;base64,PHNjcmlwdD4=">x</a></svg>', ["xlink:href on <a> is a data: URL"]),
    ('<img src="a.png" srcset="a.png 1x, data:image/svg+xml,x 2x">', ["srcset on <img> is a data: URL"]),
    ('<button formaction="javascript:alert(1)">go</button>', ["formaction on <button> is a javascript: URL"]),
    ('<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>', ["to on <animate> is a javascript: URL"]),
    ('<svg><set attributeName="href" values="#a; javascript:alert(1)"/></svg>', ["values on <set> is a javascript: URL"]),
    ('<a href="/x/" ping="/count data:,x">x</a>', ["ping on <a> is a data: URL"]),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', ["meta refresh leaves the site: 'https://evil.example/'"]),
    ("<meta http-equiv=Refresh content=\"0;URL='//evil.example/'\">", ["meta refresh leaves the site: '//evil.example/'"]),
    ('<meta http-equiv="refresh" content="0; url=/\\evil.example">', ["meta refresh leaves the site: '/\\\\evil.example'"]),
    ('<meta http-equiv="Set-Cookie" content="a=b">', ["meta http-equiv='set-cookie'"]),
    (BARE_CSP + BARE_CSP, ["2 Content-Security-Policy metas"]),
    ('<meta http-equiv="Content-Security-Policy" content="default-src *">',
     ["Content-Security-Policy meta does not match the page's scripts"]),
    ('<script src="a.js"></script>' + BARE_CSP, ["Content-Security-Policy meta after a script, which it does not cover"]),
    ("<script>alert(1)</script>", ["inline script that is not the theme's: 'alert(1)'"]),
    ('<script type="module">import "./x.js"</script>', ["inline script that is not the theme's: 'import \"./x.js\"'"]),
    ('<script language="JavaScript">alert(1)</script>', ["inline script that is not the theme's: 'alert(1)'"]),
    ('<script type=" Text/JavaScript; charset=utf-8">alert(1)</script>', ["inline script that is not the theme's: 'alert(1)'"]),
    ("<script/>alert(1)</script>", ["inline script that is not the theme's: 'alert(1)'"]),
    ("<script>alert(1)", ["inline script that is not the theme's: 'alert(1)'"]),
    # A theme script with something added, or a base path that breaks out of its string.
    (f"<script>{TARGET_SCRIPT};alert(1)</script>", [f"inline script that is not the theme's: {(TARGET_SCRIPT + ';alert(1)')[:60]!r}"]),
    ("<script>" + BASE_SCRIPT.replace('"../.."', '"x",alert(1),"') + "</script>",
     [f"inline script that is not the theme's: {BASE_SCRIPT.replace(chr(34) + '../..' + chr(34), chr(34) + 'x' + chr(34) + ',alert(1),' + chr(34))[:60]!r}"]),
    ('<base href="https://evil.example/">', ["<base> element"]),
    ('<object data="x.swf"></object>', ["<object> element"]),
    ('<embed src="x.swf">', ["<embed> element"]),
    ('<form action="https://evil.example/collect"><input name="q"></form>', ["<form action> element"]),
    ('<p style="color: red">x</p>', ["style attribute on <p> (the CSP blocks inline style)"]),
    ("<style>p { color: red }</style>", ["<style> element (the CSP blocks inline style)"]),
    ('<h2 id="a"></h2><p id="a"></p><p id="a"></p><p id="b"></p><svg><g id="b"/></svg>', ["duplicate id 'a'", "duplicate id 'b'"]),
]


@pytest.mark.parametrize("html, expected", HOSTILE_PAGES)
def test_hostile_markup_is_reported(html, expected):
    assert verify_page("x/index.html", html) == [f"x/index.html: {problem}" for problem in expected]


CLEAN_PAGES = [
    MATERIAL_PAGE,
    add_csp(MATERIAL_PAGE),
    # 404.html: the theme's scripts with the site root as base.
    "<head><script>" + BASE_SCRIPT.replace('"../.."', '"/"') + "</script></head>"
    "<script>" + OUTDATED_SCRIPT.replace('"../.."', '"/"') + "</script>",
    # The home page: base ".".
    "<head><script>" + BASE_SCRIPT.replace('"../.."', '"."') + "</script></head>",
    # A redirect page inside the site.
    '<head><link rel="canonical" href="../le-chat/"><meta http-equiv="refresh" content="0; url=../le-chat/"></head>'
    '<p>This page has moved to <a href="../le-chat/">Le Chat</a>.</p>',
    '<meta http-equiv="refresh" content="5">',
    # Data blocks are never executed; external scripts are allowed by 'self'.
    '<script type="application/json">{"a": "alert(1)"}</script><script type="text/plain">alert(1)</script>',
    '<script src="../assets/fieldguide.js"></script>',
    # Lookalikes: an attribute value, a data- attribute, a URL with "javascript:" later on.
    '<img src="x.png" alt="onload=alert(1)" data-onclick="x"><a href="https://example.org/?u=javascript:x">x</a>',
    '<a href="../notes/data-sets/">data</a><a href="#javascript-basics">js</a>',
]


@pytest.mark.parametrize("html", CLEAN_PAGES)
def test_clean_markup_passes(html):
    assert verify_page("x/index.html", html) == []


def test_add_csp_puts_one_policy_first_in_head_with_exactly_the_theme_hashes():
    page = MATERIAL_PAGE.replace("</main>", "<script>alert(1)</script></main>")  # not allowed, so not hashed
    out = add_csp(page)
    assert out.count("Content-Security-Policy") == 1
    assert out.index("<head>") + len("<head>") == out.index('<meta http-equiv="Content-Security-Policy"')
    policy = re.search(r'content="([^"]*)"', out).group(1)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"].split() == ["'self'"] + [sha256(s) for s in THEME_SCRIPTS]
    assert "unsafe-inline" not in policy and "frame-ancestors" not in policy
    assert directives["style-src"] == "'self'" and directives["object-src"] == "'none'"
    assert inline_script_hashes(page) == [sha256(s) for s in THEME_SCRIPTS] + [sha256("alert(1)")]
    assert add_csp(out) == out  # applying it again changes nothing
    assert add_csp(page.replace("<head>", "<head>" + BARE_CSP)) == out  # an older policy is replaced


def test_add_csp_finds_the_real_head():
    page = '<!doctype html>\n<!-- <head> -->\n<html>\n  <HEAD data-x="1">\n<title>t</title></head><body></body></html>'
    assert add_csp(page) == page.replace('<HEAD data-x="1">', '<HEAD data-x="1">' + BARE_CSP)
    with pytest.raises(ValueError):
        add_csp("<p>no head</p>")


def test_script_hashes_follow_the_browser():
    # Only executable scripts, in order; CRLF is hashed as the LF the HTML parser makes of it.
    html = '<script>a()\r\nb()</script><script type="application/json">{}</script><script src="x.js"></script><script type="module">c()</script>'
    assert inline_script_hashes(html) == [sha256("a()\nb()"), sha256("c()")]


def test_theme_script_shapes_come_from_their_templates():
    # A Material upgrade that changes one of these scripts fails here, not in readers' browsers.
    for origin, shape in THEME_SCRIPT_SHAPES.items():
        template = (ROOT if origin.startswith("overrides/") else SITE_PACKAGES).joinpath(origin).read_text()
        rendered = [shape.replace("{base}", e) for e in ("{{ base_url }}", "{{ config.extra.scope | d(base_url) }}")]
        assert any(r in template for r in rendered), origin
    assert is_theme_script(TARGET_SCRIPT) and not is_theme_script(TARGET_SCRIPT + " ")


JSON_CASES = [
    ('{"a": NaN}', ["not strict JSON: NaN is not JSON"]),
    ("[Infinity]", ["not strict JSON: Infinity is not JSON"]),
    ("[-Infinity]", ["not strict JSON: -Infinity is not JSON"]),
    ('{"a": 1,}', ["not strict JSON: Expecting property name enclosed in double quotes: line 1 column 9 (char 8)"]),
    ("", ["not strict JSON: Expecting value: line 1 column 1 (char 0)"]),
    ('{"a": [1, -1.5e3, "NaN", null], "b": "Infinity"}', []),
]


@pytest.mark.parametrize("text, expected", JSON_CASES)
def test_json_must_be_strict(text, expected):
    assert verify_json("api/x.json", text) == [f"api/x.json: {problem}" for problem in expected]


CSV_CASES = [
    ("a,b\n=1+1,x\n", ["row 2 column 1: cell starts with '=': '=1+1'"]),
    ('a,"+cmd|\' /C calc\'!A0"\n', ["row 1 column 2: cell starts with '+': \"+cmd|' /C calc'!A0\""]),
    ("a,-2+3\n", ["row 1 column 2: cell starts with '-': '-2+3'"]),
    ("@SUM(A1:A2),b\n", ["row 1 column 1: cell starts with '@': '@SUM(A1:A2)'"]),
    ('"\tx","\ry"\n', ["row 1 column 1: cell starts with '\\t': '\\tx'", "row 1 column 2: cell starts with '\\r': '\\ry'"]),
    ("a,b\rc,d\n", ["bare carriage return outside a quoted field"]),
    ('a"b\rc\n', ["bare carriage return outside a quoted field"]),  # a quote inside a field quotes nothing
    # Clean: numbers, CR inside quotes, CRLF line ends, a minus inside a cell.
    ("name,delta,big\nx,-1.5,+2\ny,-3e5,.5\n", []),
    ('a,"b\rc"\r\nd,e-f\r\n', []),
]


@pytest.mark.parametrize("text, expected", CSV_CASES)
def test_csv_cells_cannot_be_formulas(text, expected):
    assert verify_csv("api/x.csv", text) == [f"api/x.csv: {problem}" for problem in expected]


def test_verify_site_walks_every_checked_file(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": [NaN]}')
    (tmp_path / "assets" / "vendor").mkdir(parents=True)
    (tmp_path / "assets" / "vendor" / "x.js").write_text("eval(location.hash)")  # JavaScript is not checked
    (tmp_path / "models.csv").write_text("=1\n")
    (tmp_path / "index.html").write_text(MATERIAL_PAGE + '<p id="gpt-4" onclick="x()"></p>')
    (tmp_path / "latin1.html").write_bytes(b"caf\xe9")
    assert verify_site(tmp_path) == [
        "index.html: duplicate id 'gpt-4'",
        "index.html: event handler attribute onclick on <p>",
        "index.html: no Content-Security-Policy meta",
        "latin1.html: not UTF-8: 'utf-8' codec can't decode byte 0xe9 in position 3: unexpected end of data",
        "models.csv: row 1 column 1: cell starts with '=': '=1'",
        "search/search_index.json: not strict JSON: NaN is not JSON",
    ]


def test_theme_scripts_of_a_real_build_are_all_recognised(fixture_site):
    # Every Material page, at every depth and 404.html included: all inline scripts are the
    # theme's, so the policy hashes each of them.
    pages = [p for p in fixture_site.rglob("*.html") if 'id="__config"' in p.read_text()]
    assert any(p.name == "404.html" for p in pages) and any(p.parent.parent.name == "models" for p in pages)
    for path in pages:
        html = path.read_text()
        hashes = inline_script_hashes(html)
        assert len(hashes) == 4, path
        assert re.findall(r"'sha256-[^']+'", csp_meta(html)) == hashes, path


def test_workers_find_the_same_problems(fixture_site):
    assert verify_site(fixture_site, workers=2) == verify_site(fixture_site)


def test_background_verifier_finds_what_verify_page_finds():
    """The build hands every page to a worker process; its answer must be the full check's."""
    from fieldguide.site.verify import BackgroundVerifier, add_csp_fast

    good = add_csp_fast(MATERIAL_PAGE)
    bad = add_csp_fast(MATERIAL_PAGE + '<p id="x" onclick="alert(1)"></p><p id="x"></p>')
    forged = MATERIAL_PAGE.replace("<head>", "<head>" + '<meta http-equiv="Content-Security-Policy" content="script-src *">', 1)
    verifier = BackgroundVerifier()
    for url, html in (("good.html", good), ("bad.html", bad), ("forged.html", forged)):
        verifier.submit(url, html)
    expected = [p for url, html in (("good.html", good), ("bad.html", bad), ("forged.html", forged))
                for p in verify_page(url, html, require_csp=True)]
    assert verifier.problems() == expected
    assert verify_page("good.html", good, require_csp=True) == []
    assert any("onclick" in p for p in expected) and any("does not match" in p for p in expected)
