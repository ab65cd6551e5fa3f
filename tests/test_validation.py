"""Every class of bad input gives one `file:line:col: field: message` line, all at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fieldguide.catalog.loader import CatalogError, load_catalog
from tests.conftest import ROOT

MODEL = "models/mixtral-8x7b.yaml"
FAMILY = "families/mixture-of-experts.yaml"


def report(catalog_copy) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_copy.path, root=catalog_copy.path.parent)
    return [str(p) for p in info.value.problems]


def where(catalog_copy, rel: str, needle: str, col_of: str | None = None) -> str:
    """'data/<rel>:LINE:COL' of the first line containing needle (column of col_of, default needle)."""
    for number, line in enumerate(catalog_copy.file(rel).read_text().splitlines(), start=1):
        if needle in line:
            return f"data/{rel}:{number}:{line.index(col_of or needle) + 1}"
    raise AssertionError(needle)


def test_fixture_catalog_is_valid(catalog_copy):
    catalog = load_catalog(catalog_copy.path)
    assert set(catalog.models) == {"mixtral-8x7b", "le-chat"}
    assert catalog.children("transformer")[0].id == "mixture-of-experts"


def test_duplicate_key(catalog_copy):
    catalog_copy.edit(MODEL, "status: active\n", "status: active\nstatus: deprecated\n")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'status: deprecated')}: duplicate key 'status' (an earlier line already sets it)"]


def test_unknown_key_suggests_the_right_name(catalog_copy):
    catalog_copy.edit(MODEL, "status: active\n", "status: active\nsucessor: mistral-large\n")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'sucessor')}: sucessor: unknown field 'sucessor'; did you mean 'successor'?"]


def test_unknown_nested_key(catalog_copy):
    catalog_copy.edit(MODEL, "  active: 12.9\n", "  active: 12.9\n  activ: 3\n")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'activ: 3')}: parameters.activ: unknown field 'activ'; did you mean 'active'?"]


def test_wrong_type(catalog_copy):
    catalog_copy.edit(MODEL, "  supported: true", "  supported: yes")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'supported: yes', 'yes')}: fine_tuning.supported: must be true or false"]


def test_number_where_text_is_expected(catalog_copy):
    catalog_copy.edit(MODEL, "name: Mixtral 8x7B", "name: 1.10")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'name: 1.10', '1.10')}: name: must be text; put it in quotes"]


def test_unknown_enum_value(catalog_copy):
    catalog_copy.edit(MODEL, "status: active", "status: discontinued")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, 'status: discontinued', 'discontinued')}: status: 'discontinued' is not allowed; use one of 'active', 'deprecated', 'superseded' or 'retired'"
    ]


def test_unknown_dimension_value(catalog_copy):
    catalog_copy.edit(MODEL, "access: open-source", "access: open-sauce")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, 'access: open-sauce', 'open-sauce')}: access: unknown access level 'open-sauce'; did you mean 'open-source'?"
    ]


def test_dangling_references_are_all_reported(catalog_copy):
    catalog_copy.edit(MODEL, "organization: mistral-ai", "organization: mistral")
    catalog_copy.edit(FAMILY, "parent: transformer", "parent: transformers")
    catalog_copy.edit("models/le-chat.yaml", "powered_by: [mixtral-8x7b]", "powered_by: [mixtral-8x22b]")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, FAMILY, 'parent: transformers', 'transformers')}: parent: unknown family 'transformers'; did you mean 'transformer'?",
        f"{where(catalog_copy, 'models/le-chat.yaml', 'powered_by', 'mixtral')}: powered_by[0]: unknown model 'mixtral-8x22b'; did you mean 'mixtral-8x7b'?",
        f"{where(catalog_copy, MODEL, 'organization: mistral', 'mistral')}: organization: unknown organization 'mistral'; did you mean 'mistral-ai'?",
    ]


def test_uncited_source_id(catalog_copy):
    catalog_copy.edit(MODEL, "  source: paper\n  note:", "  source: papr\n  note:")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, 'source: papr', 'papr')}: parameters.source: unknown source id (see this file's 'sources') 'papr'; did you mean 'paper'?"
    ]


def test_bad_id(catalog_copy):
    catalog_copy.edit(MODEL, "id: mixtral-8x7b", "id: Mixtral_8x7B")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, 'id: Mixtral', 'Mixtral')}: id: must be lowercase letters and digits in words joined by single hyphens (e.g. 'llama-3')"
    ]


def test_file_name_must_match_id(catalog_copy):
    catalog_copy.file(MODEL).rename(catalog_copy.file("models/mixtral.yaml"))
    catalog_copy.edit("models/le-chat.yaml", "powered_by: [mixtral-8x7b]", "powered_by: []")
    assert report(catalog_copy) == ["data/models/mixtral.yaml:2:5: id: id 'mixtral-8x7b' must match the file name 'mixtral.yaml'"]


def test_unsafe_tag(catalog_copy):
    catalog_copy.edit(MODEL, "name: Mixtral 8x7B", "name: !!python/object/apply:os.system ['touch /tmp/pwned']")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, 'name: !!', '!!')}: tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed"
    ]


def test_anchor_and_alias(catalog_copy):
    catalog_copy.edit(MODEL, "  input: [text, code]\n  output: [text, code]", "  input: &io [text, code]\n  output: *io")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, '&io')}: anchors (&io) are not allowed; write the value out",
        f"{where(catalog_copy, MODEL, '*io')}: aliases (*io) are not allowed; write the value out",
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x", "//example.org/x"])
def test_bad_url_scheme_in_source(catalog_copy, url):
    catalog_copy.edit(MODEL, "url: https://arxiv.org/abs/2401.04088", f"url: '{url}'")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, url, chr(39) + url)}: sources[0].url: must be a web address starting with http:// or https://"]


def test_bad_link_scheme_in_markdown(catalog_copy):
    catalog_copy.edit(MODEL, "  that it matches", "  that [it](javascript:alert(1)) matches")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'javascript:')}: description: link 'javascript:alert(1)' must start with http:// or https://"]


def test_raw_html_in_markdown(catalog_copy):
    catalog_copy.edit(MODEL, "  that it matches", "  that <img src=x onerror=alert(1)> matches")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, '<img')}: description: raw HTML is not allowed; write Markdown instead (put code in `backticks`)"]


def test_markup_in_plain_text_is_accepted_as_text(catalog_copy):
    # Plain text is escaped where it lands (tests/test_hostile.py shows each context).
    catalog_copy.edit(MODEL, "name: Mixtral 8x7B", "name: Mixtral <script>alert(1)</script>")
    assert load_catalog(catalog_copy.path).models["mixtral-8x7b"].name == "Mixtral <script>alert(1)</script>"


def test_jinja_in_text_is_accepted_as_plain_text(catalog_copy):
    catalog = load_catalog(catalog_copy.path)
    assert catalog.models["le-chat"].name == "Le Chat {{ 7*7 }}"


def test_missing_field_and_bad_date(catalog_copy):
    catalog_copy.edit(MODEL, "status: active\n", "")
    catalog_copy.edit(MODEL, "last_verified: 2026-11-23", "last_verified: 23/11/2026")
    assert report(catalog_copy) == [
        f"data/{MODEL}:2:1: status: is required",
        f"{where(catalog_copy, MODEL, 'last_verified', '23/')}: last_verified: must be a date in YYYY-MM-DD format",
    ]


def test_superseded_needs_successor(catalog_copy):
    catalog_copy.edit(MODEL, "status: active", "status: superseded")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'status: superseded', 'superseded')}: status: a superseded model needs a 'successor'"]


def test_family_loop(catalog_copy):
    catalog_copy.edit("families/transformer.yaml", "name: Transformer-based models", "name: Transformer-based models\nparent: mixture-of-experts")
    lines = report(catalog_copy)
    assert f"{where(catalog_copy, 'families/transformer.yaml', 'parent:', 'mixture')}: parent: families form a loop through their parents" in lines


def test_schema_line_is_required(catalog_copy):
    text = catalog_copy.file(MODEL).read_text().split("\n", 1)[1]
    catalog_copy.write(MODEL, "# a comment\n" + text)
    assert report(catalog_copy) == [
        f"data/{MODEL}:1:1: first line must be '# yaml-language-server: $schema=../../docs/schema/model.schema.json' so editors can check the file"
    ]


def test_todo_marker_is_rejected(catalog_copy):
    catalog_copy.edit(MODEL, "  - Code generation\n", "  - TODO add more\n")
    assert report(catalog_copy) == [f"{where(catalog_copy, MODEL, 'TODO', 'TODO')}: use_cases[2]: still contains a TODO marker; replace it with real content"]


def test_every_problem_is_reported_at_once(catalog_copy):
    catalog_copy.edit(MODEL, "status: active", "status: discontinued")
    catalog_copy.edit(FAMILY, "name: Mixture-of-experts transformers", "name: [not, text]")
    catalog_copy.write("organizations/broken.yaml", "# yaml-language-server: $schema=../../docs/schema/organization.schema.json\nid: broken\nid: again\n")
    files = {line.split(":")[0] for line in report(catalog_copy)}
    assert files == {f"data/{MODEL}", f"data/{FAMILY}", "data/organizations/broken.yaml"}


def test_cli_prints_problems_and_exits_1_without_traceback(catalog_copy):
    catalog_copy.edit(MODEL, "status: active", "status: discontinued")
    result = subprocess.run(
        [sys.executable, "-m", "fieldguide.cli", "--data", str(catalog_copy.path), "validate"],
        cwd=catalog_copy.path.parent, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"data/{MODEL}:")
    assert "Traceback" not in result.stderr and "1 problem(s) found." in result.stderr


def test_cli_exit_codes(catalog_copy):
    ok = subprocess.run([sys.executable, "-m", "fieldguide.cli", "--data", str(catalog_copy.path), "validate"],
                        cwd=ROOT, capture_output=True, text=True)
    usage = subprocess.run([sys.executable, "-m", "fieldguide.cli", "frobnicate"], cwd=ROOT, capture_output=True, text=True)
    assert (ok.returncode, usage.returncode) == (0, 2)


def test_a_derived_value_cannot_be_confirmed(catalog_copy):
    catalog_copy.edit(MODEL, "  active: 12.9\n", "  active: 12.9\n  derived: true\n")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, '  confidence: confirmed', 'confirmed')}: parameters.confidence: a value the catalog derived (a sum, a component's size) "
        "cannot be 'confirmed'; use 'estimated' and say how it was derived in 'note'"]


def test_an_event_must_agree_with_its_sources_publication_date(catalog_copy):
    # Falcon's mistake: a date labelled as the paper's, citing a paper published months later.
    catalog_copy.edit(MODEL, "  source: announcement\nstatus", "  event: paper\n  source: paper\nstatus")
    catalog_copy.edit(MODEL, "    url: https://arxiv.org/abs/2401.04088\n", "    url: https://arxiv.org/abs/2401.04088\n    published: 2024-01-08\n")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, '  date: 2023-12-11', '2023')}: released.date: 2023-12-11 is labelled 'paper', "
        "but the cited source 'paper' was published 2024-01-08: cite the source of this date, or correct the date"]


def test_a_relation_names_a_catalog_entry_or_a_release_not_both(catalog_copy):
    catalog_copy.edit(MODEL, "status: active\n", "status: active\nrelations:\n  - type: sibling\n    source: paper\n")
    assert report(catalog_copy) == [
        f"{where(catalog_copy, MODEL, '  - type: sibling', 'type')}: relations[0]: give either 'target' (a model id in the "
        "catalog) or 'name' (a release without an entry yet), not both or neither"]
