"""A hostile contributor's catalog: every output context against every attack class.

Two tables:
- REJECTED: input the validator refuses, each with the exact `file:line:col: field: message`
  (never a traceback, never a raw control character on the terminal);
- the hostile build: text that is valid (plain text may hold anything printable) is
  built into a real site, and each context asserts the exact inert output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time

import pytest
from bs4 import BeautifulSoup

from fieldguide.catalog import escape
from fieldguide.site import prose
from fieldguide.site.verify import verify_site
from tests.conftest import FIXTURE, ROOT, CatalogCopy, mkdocs_build

MODEL = "models/mixtral-8x7b.yaml"
ORG = "organizations/mistral-ai.yaml"


from tests.test_validation import report as problems  # noqa: E402  (every problem, as printed)

# ---- input the validator refuses ------------------------------------------------------
# (attack class, edit: (file, old, new) or a callable, expected problems)

REJECTED = [
    ("id with a trailing newline", (MODEL, "id: mixtral-8x7b", 'id: "mixtral-8x7b\\n"'),
     ["data/models/mixtral-8x7b.yaml:2:5: id: must be lowercase letters and digits in words joined by single hyphens (e.g. 'llama-3')"]),
    ("id that Windows cannot check out", "reserved-device",
     ["data/models/con.yaml:2:5: id: 'con' is reserved (a site page or a file name Windows cannot use); choose another id"]),
    ("id shared with an entry of another kind", "shared-id",
     ["data/organizations/transformer.yaml:2:5: id: 'transformer' is already the id of a family; ids are unique across all kinds"]),
    ("carriage return escape in a plain-text field", (MODEL, "name: Mixtral 8x7B", 'name: "Mixtral\\r<b>8x7B</b>"'),
     ["data/models/mixtral-8x7b.yaml:3:7: name: contains U+000D (CARRIAGE RETURN); control, bidirectional and zero-width characters are not allowed in catalog text"]),
    ("carriage return in a vocabulary definition", ("dimensions.yaml", "definition: Natural-language text, read or written as a sequence of tokens.", 'definition: "Natural\\r-language text"'),
     ["data/dimensions.yaml:7:17: modalities[0].definition: contains U+000D (CARRIAGE RETURN); control, bidirectional and zero-width characters are not allowed in catalog text"]),
    ("bidirectional override in an alias", (MODEL, "aliases: [Mixtral,", 'aliases: ["Mix\\u202etral",'),
     ["data/models/mixtral-8x7b.yaml:4:11: aliases[0]: contains U+202E (RIGHT-TO-LEFT OVERRIDE); control, bidirectional and zero-width characters are not allowed in catalog text"]),
    ("zero-width space in a name", (ORG, "name: Mistral AI", "name: Mistral\u200bAI"),
     ["data/organizations/mistral-ai.yaml:3:14: contains U+200B (ZERO WIDTH SPACE); control, bidirectional and zero-width characters are not allowed in catalog files"]),
    ("raw control byte in the file", (MODEL, "name: Mixtral 8x7B", "name: Mixtral\x078x7B"),
     ["data/models/mixtral-8x7b.yaml:3:14: contains U+0007 (control character); control, bidirectional and zero-width characters are not allowed in catalog files"]),
    ("terminal escape sequence in the file", (MODEL, "name: Mixtral 8x7B", "name: \x1b[2J\x1b[31mMixtral"),
     ["data/models/mixtral-8x7b.yaml:3:7: contains U+001B (ESCAPE); control, bidirectional and zero-width characters are not allowed in catalog files",
      "data/models/mixtral-8x7b.yaml:3:11: contains U+001B (ESCAPE); control, bidirectional and zero-width characters are not allowed in catalog files"]),
    ("number too large to be finite", (MODEL, "  value: 46.7", "  value: 1e309"),
     ["data/models/mixtral-8x7b.yaml:33:10: parameters.value: is too large to be a finite number"]),
    ("number too small to chart", (MODEL, "  value: 46.7", "  value: 0.0000001"),
     ["data/models/mixtral-8x7b.yaml:33:10: parameters.value: must be between 0.001 and 100,000 (billions of parameters: 1 million to 100 trillion)"]),
    ("context window beyond any model", (MODEL, "    value: 32768", "    value: 99999999999999999999"),
     ["data/models/mixtral-8x7b.yaml:40:12: limits.context_tokens.value: must be less than or equal to 100000000"]),
    ("year-1 date", (MODEL, "  date: 2023-12-11", "  date: 0001-01-01"),
     ["data/models/mixtral-8x7b.yaml:8:9: released.date: must not be before 1940-01"]),
    ("far-future last_verified", (MODEL, "last_verified: 2026-11-23", "last_verified: 2999-01-01"),
     ["data/models/mixtral-8x7b.yaml:{line}:16: last_verified: 2999-01-01 is in the future (latest allowed: 2026-12-01, the release or today)"]),
    ("source read after the entry was verified", (MODEL, "last_verified: 2026-11-23", "last_verified: 2026-11-01"),
     ["data/models/mixtral-8x7b.yaml:{accessed}:15: sources[0].accessed: 2026-11-23 is after last_verified (2026-11-01); a source cannot be read after the entry was verified",
      "data/models/mixtral-8x7b.yaml:{accessed2}:15: sources[1].accessed: 2026-11-23 is after last_verified (2026-11-01); a source cannot be read after the entry was verified"]),
    ("symlink to a file outside the catalog", "symlink-outside",
     ["data/models/stolen.yaml:1:1: is a symbolic link; catalog files must be regular files inside the catalog directory"]),
    ("symlink to a device", "symlink-device",
     ["data/models/zero.yaml:1:1: is a symbolic link; catalog files must be regular files inside the catalog directory"]),
    ("dangling symlink", "symlink-dangling",
     ["data/models/gone.yaml:1:1: is a symbolic link; catalog files must be regular files inside the catalog directory"]),
    ("directory named like a catalog file", "directory-yaml",
     ["data/models/folder.yaml:1:1: is a directory; a name ending in .yaml is for catalog files only"]),
    ("YAML file in a directory nobody reads", "unknown-directory",
     ["data/model/gpt-9.yaml:1:1: unexpected file; catalog entries belong in models/, families/, organizations/, guides/, comparisons/"]),
    ("file too large to read", "huge-file",
     ["data/models/huge.yaml:1:1: is 300 KB; a catalog file may be at most 256 KB"]),
    ("a JavaScript link in Markdown (second line of defence)", (MODEL, "  that it matches", "  that [it](javascript:alert(1)) matches"),
     ["data/models/mixtral-8x7b.yaml:26:13: description: link 'javascript:alert(1)' must start with http:// or https://"]),
]


def _apply(catalog_copy: CatalogCopy, edit, tmp_path) -> None:
    data = catalog_copy.path
    if isinstance(edit, tuple):
        catalog_copy.edit(*edit)
    elif edit == "reserved-device":
        text = catalog_copy.file(MODEL).read_text().replace("id: mixtral-8x7b", "id: con")
        catalog_copy.write("models/con.yaml", text)
    elif edit == "shared-id":
        text = catalog_copy.file(ORG).read_text().replace("id: mistral-ai", "id: transformer")
        catalog_copy.write("organizations/transformer.yaml", text)
    elif edit == "symlink-outside":
        secret = tmp_path / "secret.yaml"
        secret.write_text("id: stolen\nname: SECRET-VALUE\n")
        os.symlink(secret, data / "models" / "stolen.yaml")
    elif edit == "symlink-device":
        os.symlink("/dev/zero", data / "models" / "zero.yaml")
    elif edit == "symlink-dangling":
        os.symlink(tmp_path / "nowhere.yaml", data / "models" / "gone.yaml")
    elif edit == "directory-yaml":
        (data / "models" / "folder.yaml").mkdir()
    elif edit == "unknown-directory":
        (data / "model").mkdir()
        (data / "model" / "gpt-9.yaml").write_text("id: gpt-9\n")
    elif edit == "huge-file":
        catalog_copy.write("models/huge.yaml", "# " + "x" * (300 * 1024) + "\n")
    else:
        raise AssertionError(edit)


def _line(catalog_copy, needle: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(catalog_copy.file(MODEL).read_text().splitlines(), 1) if needle in line]
    return hits[nth - 1]


@pytest.mark.parametrize("attack, edit, expected", REJECTED, ids=[case[0] for case in REJECTED])
def test_validator_rejects_with_file_line_col(catalog_copy, tmp_path, monkeypatch, attack, edit, expected):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01: "today" wins, so the limit is the clock
    _apply(catalog_copy, edit, tmp_path)
    today = __import__("fieldguide.catalog.loader", fromlist=["x"]).latest_plausible_date().isoformat()
    lines = {"line": _line(catalog_copy, "last_verified"), "accessed": _line(catalog_copy, "accessed:"),
             "accessed2": _line(catalog_copy, "accessed:", 2)} if "{" in "".join(expected) else {}
    wanted = [e.format(**lines).replace("2026-12-01", today) for e in expected]
    assert problems(catalog_copy) == wanted


def test_validator_output_never_drives_the_terminal_and_never_tracebacks(catalog_copy, tmp_path):
    """The CLI on a catalog with every file-system and byte-level attack at once."""
    for edit in ("symlink-outside", "symlink-device", "symlink-dangling", "directory-yaml", "unknown-directory"):
        _apply(catalog_copy, edit, tmp_path)
    catalog_copy.edit(MODEL, "name: Mixtral 8x7B", "name: \x1b]0;owned\x07\x1b[31mMixtral")
    catalog_copy.edit(ORG, "name: Mistral AI", 'name: "Mistral \\e[2J AI"')
    result = subprocess.run([sys.executable, "-m", "fieldguide.cli", "--data", str(catalog_copy.path), "validate"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and "SECRET-VALUE" not in output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", output), "raw control characters reached the terminal"
    assert "contains U+001B (ESCAPE)" in output and "is a symbolic link" in output


def test_escaped_values_are_shown_escaped_on_the_terminal():
    assert escape.terminal("unknown access level 'x\x1b[31m'") == "unknown access level 'x\\x1b[31m'"
    assert escape.terminal("a\u202eb\rc\td\ne") == "a\\u202eb\\x0dc\td\ne"


# ---- the hostile build -------------------------------------------------------------------

SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(1)>'
ATTRIBUTE = '" onmouseover="alert(1)" x=\'<meta http-equiv="refresh" content="0;url=https://evil.example/">'
FORMULA = '=HYPERLINK("https://evil.example/","click")'
MARKDOWN_SYNTAX = '*em* [x](https://evil.example/) {: onclick="alert(1)" } { #hijack } !!! note --8<-- "/etc/passwd"'
JINJA = "{{ config.site_name }} {% raw %}"
PLACEHOLDER = "<!--fg:0000000000000000:1-->"

NAME = f"Evil {SCRIPT} {ATTRIBUTE}"
SUMMARY = f"{FORMULA} {ATTRIBUTE} {JINJA} {PLACEHOLDER}"
ORG_NAME = f"Org {SCRIPT}"
FAMILY_NAME = f"Family {SCRIPT} & {ATTRIBUTE}"
DEFINITION = f"Term {SCRIPT} {ATTRIBUTE}"
SOURCE_URL = 'https://example.org/a?b=1&c="><script>alert(1)</script>'
DESCRIPTION = f"""Prose with a **bold** word, `code <b>x</b>` and {MARKDOWN_SYNTAX} {JINJA}.

```python
print("<script>alert(1)</script>")  # a fenced block stays code, never a placeholder
```

~~~
{{{{ 7*7 }}}} <!-- comment --> &amp; &#60;script&#62;
~~~

- a list item with R&D and A&amp;B
- {"[" * 2000}
"""


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile") / "data"
    import shutil

    shutil.copytree(FIXTURE, data)
    copy = CatalogCopy(data)
    copy.edit(MODEL, "name: Mixtral 8x7B", f"name: {json.dumps(NAME)}")
    copy.write(MODEL, re.sub(r"(?m)^summary: .*$", lambda m: f"summary: {json.dumps(SUMMARY)}", copy.file(MODEL).read_text()))
    copy.edit(ORG, "name: Mistral AI", f"name: {json.dumps(ORG_NAME)}")
    copy.edit("families/transformer.yaml", "name: Transformer-based models", f"name: {json.dumps(FAMILY_NAME)}")
    copy.edit("dimensions.yaml", "definition: Natural-language text, read or written as a sequence of tokens.",
              f"definition: {json.dumps(DEFINITION)}")
    text = copy.file(MODEL).read_text()
    start = text.index("description: |")
    end = text.index("architecture: |")
    indented = "".join(f"  {line}\n" if line else "\n" for line in DESCRIPTION.splitlines())
    copy.write(MODEL, text[:start] + "description: |\n" + indented + text[end:])
    copy.edit(MODEL, "    url: https://mistral.ai/news/mixtral-of-experts/", f"    url: {json.dumps(SOURCE_URL)}")
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, hostile_data):
    site = tmp_path_factory.mktemp("hostile-site") / "site"
    result = mkdocs_build(site, hostile_data)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_hostile_site_passes_the_verifier_and_holds_no_live_markup(hostile_site):
    assert verify_site(hostile_site) == []
    for page in hostile_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "evil.example/\">" not in html
        soup = BeautifulSoup(html, "html.parser")
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (page, element)
        assert not soup.find_all("img", src="x"), page
        assert not soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}) or "/models/" in str(page)


# (output context, page, how to read the value, what the reader must see)
CONTEXTS = [
    ("HTML text: entry heading", "models/mixtral-8x7b/index.html", lambda s: s.find("h1").get_text().rstrip("¶"), NAME),
    ("HTML text: summary paragraph", "models/mixtral-8x7b/index.html", lambda s: s.find(class_="fg-summary").get_text(), SUMMARY),
    ("HTML text: organization link on the entry", "models/mixtral-8x7b/index.html",
     lambda s: s.find("a", href="../../organizations/mistral-ai/").get_text(), ORG_NAME),
    ("HTML text: models table", "models/index.html", lambda s: s.find("a", href="../models/mixtral-8x7b/").get_text(), NAME),
    ("HTML attribute: meta description", "models/mixtral-8x7b/index.html",
     lambda s: s.find("meta", attrs={"name": "description"})["content"], SUMMARY),
    ("HTML attribute: Open Graph description", "models/mixtral-8x7b/index.html",
     lambda s: s.find("meta", attrs={"property": "og:description"})["content"], SUMMARY),
    ("HTML attribute: Twitter title", "models/mixtral-8x7b/index.html",
     lambda s: s.find("meta", attrs={"name": "twitter:title"})["content"], f"{NAME} - Generative Model Field Guide"),
    ("HTML attribute: vocabulary term's title on every page that uses it", "models/mixtral-8x7b/index.html",
     lambda s: s.find("span", class_="fg-term", string="Text")["title"], DEFINITION),
    ("HTML title element", "models/mixtral-8x7b/index.html", lambda s: s.find("title").get_text(), f"{NAME} - Generative Model Field Guide"),
    ("URL in an attribute", "models/mixtral-8x7b/index.html", lambda s: s.find(id="source-announcement").find("a")["href"], SOURCE_URL),
    ("SVG text: family tree label", "taxonomy/index.html",
     lambda s: [t.get_text() for t in s.find("svg", class_="fg-tree-diagram").find_all("text")][0], FAMILY_NAME),
    ("Markdown: fenced code stays code", "models/mixtral-8x7b/index.html",
     lambda s: s.find(id="overview").find_next("pre").get_text(), 'print("<script>alert(1)</script>")  # a fenced block stays code, never a placeholder\n'),
    ("Markdown: extension and Jinja syntax stay text", "models/mixtral-8x7b/index.html",
     lambda s: s.find(id="overview").find_next("p").get_text(),
     'Prose with a bold word, code <b>x</b> and em x {: onclick="alert(1)" } { #hijack } !!! note --8<-- "/etc/passwd" '
     "{{ config.site_name }} {% raw %}."),
    ("Markdown: entities and & survive as written", "models/mixtral-8x7b/index.html",
     lambda s: s.find(id="overview").find_next("li").get_text(), "a list item with R&D and A&B"),
]


@pytest.mark.parametrize("context, page, read, expected", CONTEXTS, ids=[c[0] for c in CONTEXTS])
def test_each_output_context_shows_the_text_inert(hostile_site, context, page, read, expected):
    assert read(_soup(hostile_site / page)) == expected


def test_markdown_links_only_to_the_web_and_never_sets_attributes(hostile_site):
    overview = _soup(hostile_site / "models/mixtral-8x7b/index.html").find(class_="fg-prose")
    assert [a["href"] for a in overview.find_all("a") if "fg-glossary" not in a.get("class", [])] == ["https://evil.example/"]
    assert overview.find(id="hijack") is None and "wzxhzdk" not in str(overview)


def test_json_exports_are_strict_and_hold_the_text_as_data(hostile_site):
    for name in ("catalog.json", "compare.json", "choose.json"):
        text = (hostile_site / "api" / name).read_text(encoding="utf-8")
        json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    catalog = json.loads((hostile_site / "api/catalog.json").read_text())
    assert {m["name"] for m in catalog["models"]} >= {NAME}


def test_csv_cells_cannot_run_as_formulas(hostile_site):
    rows = list(csv.DictReader(io.StringIO((hostile_site / "api/models.csv").read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 2
    row = next(r for r in rows if r["id"] == "mixtral-8x7b")
    assert row["summary"] == "'" + SUMMARY and row["name"] == NAME
    for table in (hostile_site / "compare" / "tables").glob("*.csv"):
        for cells in csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline="")):
            assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells), (table, cells)


@pytest.mark.parametrize("cell, shown", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-1.5", "-1.5"), ("12", "12"), ("a=b", "a=b"),
])
def test_csv_cell_neutralising(cell, shown):
    assert escape.csv_cell(cell) == shown


def test_csv_quotes_line_breaks_so_no_row_is_forged():
    text = escape.csv_document(["a", "b"], [["x\ry", "z\nw"]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a", "b"], ["x\ry", "z\nw"]]
    assert text == '"a","b"\n"x\ry","z\nw"\n'


def test_json_for_script_cannot_end_the_script():
    assert escape.json_for_script({"a": "</script><!--\u2028&"}) == '{"a":"\\u003c/script\\u003e\\u003c!--\\u2028\\u0026"}'
    with pytest.raises(ValueError):
        escape.json_for_script({"a": float("inf")})


def test_markdown_heading_text_is_only_letters_digits_and_references():
    assert re.fullmatch(r"[A-Za-z0-9 &#;]*", escape.markdown_heading(NAME))


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)", "<javascript:alert(1)>", "[x][r]\n\n[r]: javascript:alert(1)",
    "![x](https://evil.example/x.png)", '<a href="https://x" onclick="alert(1)">x</a>', "`` <script> ``",
    "| a |\n|---|\n| <svg onload=alert(1)> |", "<!--fg:0000:1-->", "x\n\n    <script>indented</script>",
])
def test_restricted_renderer_never_emits_live_markup(source):
    html = prose.to_html(source)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "svg", "iframe", "style"])
    assert all(not name.startswith("on") for el in soup.find_all(True) for name in el.attrs)
    assert all(a["href"].startswith("https://") for a in soup.find_all("a")), html
    assert "<!--" not in html


def test_restricted_renderer_is_linear_in_the_input():
    """Long runs of '[' (and other unclosed syntax): ten times the input costs about ten
    times the time, not a hundred (measured as a ratio in one run, not a time limit)."""
    def cost(n: int) -> float:
        start = time.perf_counter()
        for text in ("[" * n, "[a](" * (n // 4), "*a_" * (n // 3), "`" * n):
            prose.to_html(text)
        return time.perf_counter() - start

    cost(2_000)  # warm up
    small = min(cost(2_000) for _ in range(3))
    large = min(cost(20_000) for _ in range(3))
    assert large / small < 35, f"{large / small:.1f}x the time for 10x the input"


def test_glossary_links_never_split_entities_or_touch_code():
    links = prose.GlossaryLinks(re.compile(r"(?<![\w-])(amp|GAN|D)(?![\w-])"), {"amp": "g/#amp", "GAN": "g/#gan", "D": "g/#d"})
    html = prose.to_html("R&D and &amp; and `GAN` and [GAN](https://x.org/) then GAN", links)
    assert html == ('<p>R&amp;<a class="fg-glossary" href="g/#d" rel="noopener noreferrer">D</a> and &amp; and '
                    '<code>GAN</code> and <a href="https://x.org/" rel="noopener noreferrer">GAN</a> then '
                    '<a class="fg-glossary" href="g/#gan" rel="noopener noreferrer">GAN</a></p>\n')


def _cli(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "fieldguide.cli", *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_pages_written_for_another_builder_hold_no_live_markdown_or_template_syntax(hostile_data, tmp_path):
    """`fieldguide pages` output is parsed again by some other Markdown pipeline: the
    catalog's HTML inside must give it no fence, attribute list or template to act on."""
    result = _cli("--data", str(hostile_data), "pages", str(tmp_path / "pages"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "pages" / "models" / "mixtral-8x7b.md").read_text()
    body = page.split("---\n", 2)[2]
    assert "```" not in body and "~~~" not in body and "{{" not in body and "{%" not in body and "{:" not in body
    assert "&#96;&#96;&#96;" not in body  # the fence was rendered as <pre><code>, never left as syntax
    assert '<pre><code>print("&lt;script&gt;alert(1)&lt;/script&gt;")' in body and "&#123;&#123; 7*7" in body
    assert json.loads(page.split("\n")[1][len("title: "):]) == NAME  # front matter is quoted YAML (JSON)


def test_choose_shows_catalog_text_on_the_terminal_escaped(hostile_data):
    result = _cli("--data", str(hostile_data), "choose", "--task", "chat")
    assert result.returncode == 0, result.stderr
    assert f"{NAME} (mixtral-8x7b)" in result.stdout
    from fieldguide.cli import format_decision
    from fieldguide.views.choose import Decision, Pick, Requirements

    # Validation keeps control characters out of the catalog; the output escapes them anyway.
    shown = format_decision(Decision(Requirements(), [Pick("x", "Evil\x1b[2J", 50, ["licence \x07"])], [], {}))
    assert shown == " 1. Evil\\x1b[2J (x), score 50\n      licence \\x07"
