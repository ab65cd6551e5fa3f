"""The catalog for programs and language models: /feed.xml, /llms.txt, /llms-full.txt,
each entry's Markdown beside its page and its JSON under /api/, all inert and valid."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import jsonschema
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from fieldguide.catalog import escape, mdsubset, schema
from fieldguide.catalog.kinds import KINDS, url_for
from fieldguide.catalog.loader import load_catalog
from fieldguide.site import verify
from fieldguide.views import markdown
from tests import test_hostile
from tests.conftest import FIXTURE, ROOT
from tests.test_hostile import DESCRIPTION, NAME, SUMMARY

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
SITE = "https://fieldguide.example.org/"  # mkdocs.yml's site_url
ENTRY_KINDS = ("model", "family", "organization")
hostile_data = test_hostile.hostile_data  # the hostile catalog and its site, built for this module too
hostile_site = test_hostile.hostile_site
HOSTILE_ORG = 'Example Lab <b>x</b> & {{ 7*7 }} ]]> <!--'


def commonmark() -> MarkdownIt:
    """A parser that knows raw HTML and any link: what another tool might read our Markdown with."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    md.validateLink = lambda url: True
    return md


# ---- an Atom checker, written from RFC 4287 (independent of feedgen) -----------------------------


def atom_problems(xml: str) -> list[str]:
    """What RFC 4287 requires of a feed and its entries (sections 4.1.1, 4.1.2, 3.3, 4.2.6)."""
    root = ElementTree.fromstring(xml.encode("utf-8"))
    problems = [] if root.tag == f"{ATOM}feed" else [f"root element is {root.tag}"]

    def one(element, name: str, where: str):
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} <{name}> elements, need exactly one")
            return None
        return found[0]

    def check_common(element, where: str) -> str | None:
        ident, _, updated = one(element, "id", where), one(element, "title", where), one(element, "updated", where)
        if ident is not None and not re.match(r"[a-z][a-z0-9+.-]*:", ident.text or ""):
            problems.append(f"{where}: id {ident.text!r} is not an absolute IRI")
        for date in [updated, *element.findall(f"{ATOM}published")]:
            if date is not None and not RFC3339.match(date.text or ""):
                problems.append(f"{where}: date {date.text!r} is not RFC 3339")
        return ident.text if ident is not None else None

    check_common(root, "feed")
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author") and not all(e.findall(f"{ATOM}author") for e in entries):
        problems.append("feed: no author, and not every entry has one")
    if not any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link")):
        problems.append("feed: no rel=self link")
    ids = []
    for n, entry in enumerate(entries):
        ids.append(check_common(entry, f"entry {n}"))
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if not alternates and entry.find(f"{ATOM}content") is None:
            problems.append(f"entry {n}: neither an alternate link nor content")
        if any(not re.match(r"https?://", link.get("href", "")) for link in alternates):
            problems.append(f"entry {n}: alternate link is not absolute")
    problems += [f"duplicate entry id {i!r}" for i in set(ids) if ids.count(i) > 1]
    return problems


# ---- a catalog repository with two release tags, built for real -----------------------------------


def _git(repo: Path, *args: str, date: str = "2026-10-01T12:00:00Z") -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "PATH": os.environ["PATH"], "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture(scope="module")
def released_site(tmp_path_factory):
    """The fixture catalog released twice: v1 (le-chat still called mistral-chat, mixtral's
    first name), then v2 (the rename, a new name, a new organization with hostile text)."""
    repo = tmp_path_factory.mktemp("released") / "repo"
    repo.mkdir()
    for name in ("mkdocs.yml", "pyproject.toml", "docs", "macros", "overrides"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, repo / name)
    data = repo / "data"
    shutil.copytree(FIXTURE, data)
    chat = (data / "models/le-chat.yaml").read_text()
    mixtral = (data / "models/mixtral-8x7b.yaml").read_text()
    (data / "models/le-chat.yaml").unlink()
    (data / "models/mistral-chat.yaml").write_text(chat.replace("id: le-chat\nprevious_ids: [mistral-chat]\n", "id: mistral-chat\n"))
    (data / "models/mixtral-8x7b.yaml").write_text(mixtral.replace("name: Mixtral 8x7B\n", "name: Mixtral 8x7B (first name)\n"))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "catalog v1")
    _git(repo, "tag", "v1")
    (data / "models/mistral-chat.yaml").unlink()
    (data / "models/le-chat.yaml").write_text(chat)
    (data / "models/mixtral-8x7b.yaml").write_text(mixtral)
    org = (data / "organizations/mistral-ai.yaml").read_text()
    (data / "organizations/example-lab.yaml").write_text(
        org.replace("id: mistral-ai", "id: example-lab").replace("name: Mistral AI", f"name: {json.dumps(HOSTILE_ORG)}"))
    late = "2026-11-02T09:30:00Z"
    _git(repo, "add", "-A", date=late)
    _git(repo, "commit", "-qm", "catalog v2", date=late)
    _git(repo, "tag", "-a", "v2", "-m", "release v2", date=late)  # annotated: the date is the commit's
    site = repo / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=_git(repo, "log", "-1", "--format=%ct").strip())
    env.pop("FIELDGUIDE_DATA", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return site


def test_feed_is_valid_atom_with_an_item_per_release_and_per_new_entry(released_site):
    xml = (released_site / "feed.xml").read_text(encoding="utf-8")
    assert atom_problems(xml) == []
    root = ElementTree.fromstring(xml)
    assert root.findtext(f"{ATOM}id") == SITE + "feed.xml"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE + "2/feed.xml"  # the copy of release v2
    assert root.findtext(f"{ATOM}updated") == "2026-11-02T09:30:00+00:00"  # the newest release
    items = [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"), e.findtext(f"{ATOM}updated"))
             for e in root.findall(f"{ATOM}entry")]
    v1, v2 = "2026-10-01T12:00:00+00:00", "2026-11-02T09:30:00+00:00"
    assert items == [
        ("Release v2: 1 added, 0 removed, 1 renamed, 1 changed", SITE + "2/changelog/", v2),
        (f"New organization: {HOSTILE_ORG}", SITE + "2/organizations/example-lab/", v2),
        ("Release v1: 5 added", SITE + "1/changelog/", v1),
        ("New architecture family: Mixture-of-experts transformers", SITE + "1/families/mixture-of-experts/", v1),
        ("New architecture family: Transformer-based models", SITE + "1/families/transformer/", v1),
        ("New model: Le Chat {{ 7*7 }}", SITE + "1/models/mistral-chat/", v1),
        ("New model: Mixtral 8x7B (first name)", SITE + "1/models/mixtral-8x7b/", v1),
        ("New organization: Mistral AI", SITE + "1/organizations/mistral-ai/", v1),
    ]
    release = root.find(f"{ATOM}entry")
    assert release.find(f"{ATOM}content").text.split("\n") == [
        "Changes since v1: 1 added, 0 removed, 1 renamed, 1 changed.",
        f"Added: organization {HOSTILE_ORG} (example-lab).",
        "Renamed: model mistral-chat is now le-chat.",
        "Changed: model mixtral-8x7b (name).",
    ]
    new_org = root.findall(f"{ATOM}entry")[1]
    assert new_org.findtext(f"{ATOM}summary").startswith("French AI company")
    assert len(new_org.find(f"{ATOM}title")) == 0  # hostile text stayed text: no child element
    assert verify.verify_xml("feed.xml", xml) == []


def test_atom_checker_catches_a_broken_feed(released_site):
    xml = (released_site / "feed.xml").read_text(encoding="utf-8")
    first_id = re.search(r"<entry>\s*<id>([^<]+)</id>", xml).group(1)
    broken = xml.replace("<updated>2026-10-01T12:00:00+00:00</updated>", "<updated>1 Oct 2026</updated>", 1)
    broken = re.sub(r"(<entry>\s*)<id>[^<]+</id>", rf"\1<id>{first_id}</id>", broken)  # every id the same
    problems = atom_problems(broken.replace("<title>Release v1: 5 added</title>", "", 1))
    assert "entry 2: date '1 Oct 2026' is not RFC 3339" in problems
    assert "entry 2: 0 <title> elements, need exactly one" in problems
    assert f"duplicate entry id {first_id!r}" in problems


def test_a_release_build_names_its_version_in_the_json(released_site):
    document = json.loads((released_site / "api/models/le-chat.json").read_text())
    assert document["catalog_version"] == "v2" and document["catalog_date"] == "2026-11-02"
    assert "(release v2)" in (released_site / "llms.txt").read_text()


def test_every_page_links_the_feed(built_site):
    pages = [p for p in built_site.rglob("*.html") if "http-equiv=\"refresh\"" not in p.read_text(encoding="utf-8")]
    assert len(pages) > 300
    for page in pages:
        links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(
            "link", rel="alternate", type="application/atom+xml")
        assert len(links) == 1 and links[0]["title"], page
        href = links[0]["href"]
        target = (built_site / "feed.xml") if href == "/feed.xml" else (page.parent / href).resolve()
        assert target == (built_site / "feed.xml").resolve(), (page, href)
    # with no release tag yet, the feed is valid and empty
    xml = (built_site / "feed.xml").read_text(encoding="utf-8")
    assert atom_problems(xml) == [] and "<entry>" not in xml


# ---- llms.txt and llms-full.txt -------------------------------------------------------------------


def _text(inline) -> str:
    """What a reader sees of an inline run: its text with every escape resolved."""
    return "".join(token.content for token in inline.children)


def _links(text: str) -> list[tuple[str, str]]:
    """(link text, href) of every link, as a CommonMark parser reads them."""
    out = []
    for block in commonmark().parse(text):
        children = block.children or []
        for i, token in enumerate(children):
            if token.type == "link_open":
                label = children[i + 1:[t.type for t in children].index("link_close", i)]
                out.append(("".join(t.content for t in label), token.attrs["href"]))
    return out


def test_llms_txt_follows_the_convention_and_every_link_resolves(built_site):
    text = (built_site / "llms.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "# Generative Model Field Guide" and lines[1] == "" and lines[2].startswith("> ")
    sections = [line[3:] for line in lines if line.startswith("## ")]
    assert sections == ["Models", "Architecture families", "Organizations", "Data", "Optional"]
    assert not [line for line in lines if line.startswith("#") and not line.startswith(("# ", "## "))]
    links = _links(text)
    for _, href in links:
        assert not href.startswith(("http:", "https:", "/")), href  # relative: each release's copy is whole
        assert (built_site / href).is_file(), href
    catalog = load_catalog(ROOT / "data")
    expected = {(e.name, url_for(kind, e.id) + "index.md")
                for kind in ENTRY_KINDS for e in getattr(catalog, KINDS[kind].attribute).values()}
    assert expected <= set(links)
    assert {href for _, href in links} >= {"llms-full.txt", "api/catalog.json", "api/models.csv", "feed.xml"}


def test_llms_full_holds_every_entry_with_its_facts(built_site):
    text = (built_site / "llms-full.txt").read_text(encoding="utf-8")
    catalog = load_catalog(ROOT / "data")
    tokens = commonmark().parse(text)
    headings = [(tokens[i].tag, _text(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"]
    entries = [e for kind in ENTRY_KINDS for e in getattr(catalog, KINDS[kind].attribute).values()]
    assert [name for tag, name in headings if tag == "h2"] == [e.name for e in entries]
    assert headings.count(("h3", "Sources")) == len(entries)
    assert text.count("\n- Released: ") == len(catalog.models)
    for _, href in _links(text):
        assert href.startswith(("https://", "http://")) or (built_site / href).is_file(), href


# ---- each entry's Markdown and JSON ---------------------------------------------------------------


def _stated(fact) -> str:
    """How the Markdown states a fact's confidence and source."""
    return f"({fact.confidence}{', derived by the catalog' if fact.derived else ''}; source: `{fact.source}`"


def test_every_entry_has_markdown_beside_its_page_with_every_fact(built_site):
    catalog = load_catalog(ROOT / "data")
    for kind in ENTRY_KINDS:
        for entry in getattr(catalog, KINDS[kind].attribute).values():
            page = built_site / url_for(kind, entry.id)
            text = (page / "index.md").read_text(encoding="utf-8")
            assert (page / "index.html").is_file()
            assert f"Last verified: {entry.last_verified.isoformat()}." in text
            for source in entry.sources:
                assert f"- `{source.id}`: [" in text and f"]({escape.markdown_url(source.url)})" in text
            for target in re.findall(r"\]\((\.\./\.\./[^)]+)\)", text):
                assert (page / target).resolve().is_file(), (entry.id, target)
            if kind == "model":
                line = next(line for line in text.split("\n") if line.startswith("- Released: "))
                assert line.startswith(f"- Released: {entry.released.date}, ") and _stated(entry.released) in line
                if entry.parameters:
                    line = next(line for line in text.split("\n") if line.startswith("- Parameters: "))
                    assert _stated(entry.parameters) in line
                limits = entry.limits
                if limits and limits.context_tokens:
                    line = next(line for line in text.split("\n") if line.startswith("- Context window: "))
                    assert f"{limits.context_tokens.value:,} tokens" in line and _stated(limits.context_tokens) in line
    mixtral = (built_site / "models/mixtral-8x7b/index.md").read_text()
    assert "- Parameters: 46.7B total, 12.9B active per token (confirmed; source: `paper`;" in mixtral


def test_renamed_entries_keep_their_markdown_and_json_addresses(fixture_site):
    assert (fixture_site / "models/mistral-chat/index.md").read_text() == (fixture_site / "models/le-chat/index.md").read_text()
    assert json.loads((fixture_site / "api/models/mistral-chat.json").read_text())["id"] == "le-chat"


def _validator(kind: str):
    return jsonschema.Draft202012Validator(json.loads((ROOT / "docs/schema" / f"{kind}.schema.json").read_text()),
                                           format_checker=jsonschema.FormatChecker())


def test_every_entry_json_follows_the_published_schema(built_site):
    catalog = load_catalog(ROOT / "data")
    for kind in ENTRY_KINDS:
        validator = _validator(kind)
        section = KINDS[kind].section
        files = sorted((built_site / "api" / section).glob("*.json"))
        entries = getattr(catalog, KINDS[kind].attribute)
        assert {f.stem for f in files} == set(entries) | {old for e in entries.values() for old in e.previous_ids}
        for path in files:
            document = json.loads(path.read_text(encoding="utf-8"))
            errors = [e.message for e in validator.iter_errors(document["entry"])]
            assert errors == [], (path.name, errors[:3])
            entry_id = document["entry"]["id"]
            assert document["kind"] == kind and document["id"] == entry_id and document["format_version"] == 1
            assert document["url"] == SITE + url_for(kind, entry_id)
            assert (path.parent / document["markdown"]).resolve() == (built_site / url_for(kind, entry_id) / "index.md").resolve()
            assert (path.parent / document["schema"]).resolve() == (built_site / "schema" / f"{kind}.schema.json").resolve()
            assert document["catalog_date"] == "2023-11-14"  # SOURCE_DATE_EPOCH of the test builds
    # the validator really looks inside: one bad value fails it
    document = json.loads((built_site / "api/models/mixtral-8x7b.json").read_text())
    document["entry"]["released"]["confidence"] = "certain"
    assert [e.message for e in _validator("model").iter_errors(document["entry"])] == [
        "'certain' is not one of ['confirmed', 'estimated', 'speculative']"]


# ---- catalog text stays inert in every one of these files -------------------------------------------


def _markdown_fields(catalog):
    for kind in ("model", "family", "organization", "guide"):
        fields = [path for path, text_kind in schema.text_fields(kind).items() if text_kind == "markdown"]
        for entry in getattr(catalog, KINDS[kind].attribute).values():
            for path in fields:
                yield from _values(entry.model_dump(), path.split("."))


def _values(value, parts):
    if not parts:
        yield value
        return
    name, many = parts[0].removesuffix("[]"), parts[0].endswith("[]")
    inner = value.get(name) if isinstance(value, dict) else None
    for item in (inner or ()) if many else ([inner] if inner is not None else []):
        yield from _values(item, parts[1:])


def test_catalog_markdown_is_rewritten_to_render_the_same():
    """Every Markdown field of the real catalog, and the hostile description: the rewritten
    Markdown renders (with the subset's parser) to exactly the HTML the original does."""
    parser = mdsubset.parser()
    texts = list(_markdown_fields(load_catalog(ROOT / "data")))
    assert len(texts) > 1000
    for text in texts:
        assert parser.render(markdown.prose(text)) == parser.render(text), text[:80]
    hostile = markdown.prose(DESCRIPTION)
    assert parser.render(hostile) == parser.render(DESCRIPTION).replace("{{ 7*7 }}", "{ { 7*7 }}")


@pytest.mark.parametrize("text", [
    NAME, SUMMARY, "<https://evil.example/>", "http://evil.example/ www.evil.example a@evil.example",
    "![x](https://evil.example/x.png)", "[x][r]\n\n[r]: https://evil.example/", "# heading", "1. list", "- item",
    "> quote", "| a | b |", "&amp; &#60;", "*em* __strong__ ~~del~~ ==mark== ^^ins^^ :smile:", "{{ x }} {% y %} {# z #}",
    "    indented", "---", "=====", "\\*escaped\\*", "`code`", "x\\\ny",
    "1986. A year", "12) twelve", " # spaced heading", "+ plus", "= equals", "-", "2.", "HTTPS://EVIL.EXAMPLE WWW.EVIL.EXAMPLE",
])
def test_plain_text_reads_back_as_exactly_itself(text):
    """escape.markdown_text: a CommonMark parser with raw HTML on sees one paragraph holding
    nothing but the text as typed (whitespace runs as one space)."""
    tokens = commonmark().parse(escape.markdown_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert {child.type for child in tokens[1].children} <= {"text", "text_special"}
    assert _text(tokens[1]) == " ".join(text.split())
    assert not re.search(r"\{[{%#]", escape.markdown_text(text))
    # the two bare-URL forms a GFM parser links never survive whole
    assert not re.search(r"(?<!\\)://|\bwww\.", escape.markdown_text(text), re.IGNORECASE)


def test_plain_text_keeps_prose_punctuation_readable():
    """Only what can act is escaped: hyphens, full stops, colons and brackets in prose stay."""
    prose = "Meta's open-weight model (8B, 70B): fine-tuned on 15T tokens. See the paper, e.g. section 3."
    assert escape.markdown_text(prose) == prose


def test_code_cannot_close_its_fence_or_hold_a_template_tag():
    block = markdown.code_block("```\n{{ x }}\n````", "python\"><script>")
    assert block == "`````\n```\n{ { x }}\n````\n`````"
    assert commonmark().render(block) == "<pre><code>```\n{ { x }}\n````\n</code></pre>\n"


def test_hostile_text_is_inert_in_the_markdown_files(hostile_site):
    page = (hostile_site / "models/mixtral-8x7b/index.md").read_text(encoding="utf-8")
    tokens = commonmark().parse(page)
    assert not [t for t in tokens if t.type == "html_block"]
    assert not [c for t in tokens for c in t.children or () if c.type in ("html_inline", "image")]
    assert tokens[0].tag == "h1" and _text(tokens[1]) == NAME
    assert tokens[3].type == "blockquote_open" and _text(tokens[5]) == SUMMARY
    assert "{{" not in page and "{%" not in page
    index = (hostile_site / "llms.txt").read_text(encoding="utf-8")
    assert (NAME, "models/mixtral-8x7b/index.md") in _links(index)
    assert verify.verify_markdown("llms.txt", index) == [] and verify.verify_markdown("x.md", page) == []
    full = (hostile_site / "llms-full.txt").read_text(encoding="utf-8")
    assert escape.markdown_text(NAME) in full and "{{" not in full


def test_hostile_text_is_data_in_the_entry_json(hostile_site):
    document = json.loads((hostile_site / "api/models/mixtral-8x7b.json").read_text(encoding="utf-8"))
    assert document["entry"]["name"] == NAME and document["entry"]["summary"] == SUMMARY
    assert _validator("model").is_valid(document["entry"])


# ---- the build verifier reads these files too --------------------------------------------------------


@pytest.mark.parametrize("name, text, problem", [
    ("feed.xml", "<feed><entry></feed>", "not well-formed XML"),
    ("feed.xml", '<!DOCTYPE x [<!ENTITY a "b">]><feed>&a;</feed>', "a DOCTYPE or entity declaration"),
    ("feed.xml", "<feed>\x1b[31m</feed>", "line 1: U+001B (ESCAPE), a control or invisible character"),
    ("x.md", "a <b onclick=x>b</b>", "line 1: raw HTML '<b onclick=x>'"),
    ("x.md", "text\n\n<div>\nx\n</div>", "line 3: raw HTML '<div>"),
    ("x.md", "see <https://evil.example/>", "line 1: autolink <https://evil.example/>"),
    ("x.md", "![x](https://evil.example/a.png)", "line 1: image"),
    ("x.md", "[x](javascript:alert(1))", "line 1: link to 'javascript:alert(1)'"),
    ("x.md", "[x](//evil.example/)", "line 1: link to '//evil.example/'"),
    ("llms.txt", "# T\n\n{{ config }}", "line 3: template delimiter '{{'"),
    ("llms.txt", "a\u202eb", "line 1: U+202E (RIGHT-TO-LEFT OVERRIDE), a control or invisible character"),
])
def test_verifier_finds_each_problem_in_xml_and_markdown(tmp_path, name, text, problem):
    (tmp_path / name).write_text(text, encoding="utf-8")
    problems = verify.verify_file(tmp_path, tmp_path / name)
    assert any(p.startswith(f"{name}: {problem}") for p in problems), problems


def test_verifier_passes_the_generated_files(fixture_site):
    files = [p for suffix in (".xml", ".txt", ".md") for p in fixture_site.rglob(f"*{suffix}")]
    assert {p.name for p in files} >= {"feed.xml", "sitemap.xml", "llms.txt", "llms-full.txt", "index.md"}
    assert [problem for p in files for problem in verify.verify_file(fixture_site, p)] == []


def test_feed_link_base_is_where_mike_publishes_a_release():
    from fieldguide.views.feed import release_root

    assert release_root("https://fieldguide.example.org/latest/", "v2026.11") == "https://fieldguide.example.org/2026.11/"
    assert urljoin(release_root(SITE, "v2026.11"), "changelog/") == SITE + "2026.11/changelog/"
