"""Citations of entries and facts: BibTeX and CSL-JSON escaped for their own format, pinned to
the frozen copy of the release, and shown on the page as text only."""

import datetime as dt
import json
import os
import re
import subprocess
import sys

from bs4 import BeautifulSoup

from fieldguide.catalog.loader import load_catalog
from fieldguide.views import cite
from tests.conftest import FIXTURE, ROOT

EDITION = cite.Edition("Generative Model Field Guide", "https://fieldguide.example.org/", "2026.11", dt.date(2026, 11, 30))
PINNED = "https://fieldguide.example.org/2026.11/models/evil/"
HOSTILE = 'Evil {{ 7*7 }} \\input{/etc/passwd} "quoted" 100% #1 & co_op ~x^2 $5 <b>'


def fields(entry: str) -> dict[str, str]:
    """The fields of one BibTeX entry, read the way BibTeX reads quoted values: a double quote
    ends the value only outside braces, and braces must balance (raises if they do not)."""
    out = {}
    for match in re.finditer(r'^  (\w+) = "', entry, re.M):
        depth, at = 0, match.end()
        while entry[at] != '"' or depth:
            depth += {"{": 1, "}": -1}.get(entry[at], 0)
            assert depth >= 0, f"unbalanced braces in {match.group(1)}"
            at += 1
        out[match.group(1)] = entry[match.end():at]
    return out


def test_bibtex_escapes_every_special_character_and_keeps_braces_balanced():
    entry = cite.bibtex(EDITION, "model", "evil", HOSTILE)
    assert entry.startswith("@misc{fieldguide-evil-2026.11,\n") and entry.endswith("\n}\n")
    found = fields(entry)
    assert set(found) == {"author", "title", "howpublished", "version", "year", "url", "urldate", "note"}
    assert found["title"] == ("{Evil \\textbraceleft{}\\textbraceleft{} 7*7 \\textbraceright{}\\textbraceright{} "
                              "\\textbackslash{}input\\textbraceleft{}/etc/passwd\\textbraceright{} {\"}quoted{\"} 100\\% \\#1 "
                              "\\& co\\_op \\textasciitilde{}x\\textasciicircum{}2 \\$5 \\textless{}b\\textgreater{}}")
    assert found["author"] == "{Generative Model Field Guide}"  # one brace group: not split into persons
    assert found["url"] == PINNED and found["urldate"] == "2026-11-30" and found["version"] == "2026.11"
    # Nothing of the name is left for LaTeX to run: every backslash starts one of our escapes.
    assert set(re.findall(r"\\[a-z]+", found["title"])) <= {"\\textbraceleft", "\\textbraceright", "\\textbackslash",
                                                           "\\textasciitilde", "\\textasciicircum", "\\textless", "\\textgreater"}


def test_bibtex_key_and_url_stay_inside_their_syntax():
    odd = cite.Edition("Guide", 'https://example.org/a b"{c}/', "2026.11 rc", dt.date(2026, 11, 30))
    entry = cite.bibtex(odd, "model", "evil", "Evil")
    assert entry.startswith("@misc{fieldguide-evil-2026.11-rc,\n")
    assert fields(entry)["url"] == "https://example.org/a%20b%22%7Bc%7D/2026.11%20rc/models/evil/"


def test_csl_json_parses_and_pins_the_release():
    items = json.loads(cite.csl_json(EDITION, "model", "evil", HOSTILE))
    assert len(items) == 1
    item = items[0]
    assert item["title"] == HOSTILE  # JSON escaping round-trips the name exactly
    assert item["URL"] == PINNED and "latest" not in item["URL"]
    assert item["type"] == "entry-encyclopedia" and item["container-title"] == "Generative Model Field Guide"
    assert item["version"] == "2026.11" and item["id"] == "fieldguide-evil-2026.11"
    assert item["accessed"] == item["issued"] == {"date-parts": [[2026, 11, 30]]}


def test_a_fact_citation_names_value_confidence_source_and_pinned_row():
    catalog = load_catalog(FIXTURE)
    model = catalog.models["mixtral-8x7b"]
    facts = cite.model_facts(catalog, model)
    parameters = facts["parameters"]
    assert parameters.anchor == "fact-parameters" and parameters.value == "46.7B total, 12.9B active per token"
    text = cite.fact_citation(EDITION, "model", model.id, model.name, parameters)
    source = parameters.source
    assert text == (f"Mixtral 8x7B, parameters: 46.7B total, 12.9B active per token [confirmed]. Source: {source.title}"
                    + (f", {source.publisher}" if source.publisher else "") + f", {source.url}. Generative Model Field Guide, "
                    "release 2026.11, https://fieldguide.example.org/2026.11/models/mixtral-8x7b/#fact-parameters, accessed 2026-11-30.")
    # A fact with no source of its own says so by naming none.
    kind = cite.fact_citation(EDITION, "model", model.id, model.name, facts["kind"])
    assert "Source:" not in kind and kind.startswith("Mixtral 8x7B, kind: Model. ")
    assert list(facts)[:4] == ["kind", "organization", "released", "status"]


def test_the_page_shows_citations_as_text_never_as_markup(fixture_site):
    page = BeautifulSoup((fixture_site / "models" / "le-chat" / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find(id="cite").find_next_sibling("div")
    blocks = section.select("pre > code")
    assert len(blocks) == 2  # code blocks: Material adds a copy button to each
    bibtex, csl = (block.get_text() for block in blocks)
    assert '"{Le Chat \\textbraceleft{}\\textbraceleft{} 7*7 \\textbraceright{}\\textbraceright{}}"' in bibtex
    assert json.loads(csl)[0]["title"] == "Le Chat {{ 7*7 }}"
    assert re.search(r'url = "https://fieldguide\.example\.org/[0-9][^/"]*/models/le-chat/"', bibtex)
    assert not section.find_all(["script", "b", "iframe"])
    for button in page.select("button[data-fg-cite]"):
        row = button.find_parent("tr")
        assert button["data-fg-cite"].startswith("Le Chat {{ 7*7 }}, ")
        assert button["data-fg-cite"].endswith(f"/models/le-chat/#{row['id']}, accessed 2023-11-14.")


def test_a_build_by_mike_pins_citations_to_mikes_version_at_the_site_root(tmp_path):
    """mike names the release (MIKE_DOCS_VERSION) and rewrites site_url to the `latest` alias;
    citations still point at <site root>/<version>/, never at latest."""
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000", FIELDGUIDE_DATA=str(FIXTURE),
               MIKE_DOCS_VERSION="2030.01")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((site / "models" / "mixtral-8x7b" / "index.html").read_text(encoding="utf-8"), "html.parser")
    csl = json.loads(page.find(id="cite").find_next_sibling("div").select("pre > code")[1].get_text())
    assert csl[0]["URL"] == "https://fieldguide.example.org/2030.01/models/mixtral-8x7b/"
    assert page.select_one("#fact-kind button")["data-fg-cite"].endswith(
        "https://fieldguide.example.org/2030.01/models/mixtral-8x7b/#fact-kind, accessed 2023-11-14.")
