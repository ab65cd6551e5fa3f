"""Per-entry history across published releases: the pure diff, and the states read from git tags."""

import os
import subprocess

from fieldguide.catalog.changes import read_entries
from fieldguide.catalog.history import entry_histories, release_states

MODEL = """id: {id}
name: {name}
status: {status}
summary: {summary}
description: {description}
parameters:
  value: {parameters}
  source: paper
sources:
  - id: paper
    title: Mixtral of Experts
last_verified: {verified}
"""


def model(**changes) -> str:
    fields = dict(id="a", name="A", status="active", summary="One line.", description="Prose.",
                  parameters="undisclosed", verified="2026-10-01") | changes
    return MODEL.format(**fields)


def shown(history):
    return [(c.release, c.label, c.before, c.after, c.source) for c in history.changes]


def test_fact_changes_per_release_with_their_source_and_renames_followed():
    states = [
        ("2026.10", read_entries({"models/a.yaml": model(), "models/old-b.yaml": model(id="old-b", name="B")})),
        ("2026.11", read_entries({
            # a: a figure is published; prose, summary and the verification date are not facts
            "models/a.yaml": model(parameters="46.7", summary="Another line.", description="New prose.", verified="2026-11-20"),
            # b: renamed (its old id is kept) and superseded
            "models/b.yaml": model(id="b", name="B", status="superseded").replace("name: B\n", "name: B\nprevious_ids: [old-b]\n"),
        })),
        ("2026.12", read_entries({
            "models/a.yaml": model(parameters="46.7", summary="Another line.", description="New prose.", verified="2026-11-20"),
            "models/b.yaml": model(id="b", name="B", status="superseded").replace("name: B\n", "name: B\nprevious_ids: [old-b]\n"),
            "models/c.yaml": model(id="c", name="C"),
        })),
    ]
    histories = entry_histories(states)
    assert set(histories) == {("model", "a"), ("model", "b"), ("model", "c")}
    a = histories[("model", "a")]
    assert a.added_in == "2026.10"
    assert shown(a) == [("2026.11", "parameters", "undisclosed", "46.7B", "Mixtral of Experts")]
    b = histories[("model", "b")]
    assert b.added_in == "2026.10" and shown(b) == [("2026.11", "status", "active", "superseded", None)]
    c = histories[("model", "c")]
    assert c.added_in == "2026.12" and c.changes == []


def test_history_read_from_two_release_tags_and_the_working_tree(catalog_copy):
    repo = catalog_copy.path.parent
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)

    git("init", "-q")
    git("add", "data")
    git("commit", "-qm", "first release")
    git("tag", "v2026.10")
    catalog_copy.edit("models/mixtral-8x7b.yaml", "    value: 32768\n", "    value: 65536\n")
    git("commit", "-qam", "second release")
    git("tag", "v2026.11")
    catalog_copy.edit("models/mixtral-8x7b.yaml", "status: active", "status: deprecated")  # not released yet

    states = release_states(repo, catalog_copy.path, "2026.12")
    assert [release for release, _ in states] == ["2026.10", "2026.11", "2026.12"]
    histories = entry_histories(states)
    mixtral = histories[("model", "mixtral-8x7b")]
    assert mixtral.added_in == "2026.10"
    assert [(c.release, c.label, c.before, c.after) for c in mixtral.changes] == [
        ("2026.11", "limits context tokens", "32768", "65536"), ("2026.12", "status", "active", "deprecated")]
    assert mixtral.changes[0].source is not None  # the title of the source the new figure cites
    assert histories[("model", "le-chat")].changes == []

    # Built at the tagged commit itself, that tag is the release being built, not a past one.
    git("commit", "-qam", "third release")
    git("tag", "v2026.12")
    assert [release for release, _ in release_states(repo, catalog_copy.path, "2026.12")] == ["2026.10", "2026.11", "2026.12"]


def test_outside_git_every_entry_is_new_in_this_release(catalog_copy):
    histories = entry_histories(release_states(catalog_copy.path.parent, catalog_copy.path, "2026.11"))
    assert histories and all(h.added_in == "2026.11" and not h.changes for h in histories.values())


def test_the_entry_page_lists_changes_newest_first_as_text():
    from fieldguide.catalog.history import EntryHistory, FactChange
    from fieldguide.catalog.loader import load_catalog
    from fieldguide.site.render import Renderer
    from tests.conftest import FIXTURE

    histories = {
        ("model", "mixtral-8x7b"): EntryHistory("2026.10", [
            FactChange("2026.11", "parameters.value", "undisclosed", 46.7, "Mixtral of Experts <script>x</script>"),
            FactChange("2026.12", "status", "active", "deprecated", None)]),
        ("model", "le-chat"): EntryHistory("2026.10"),
    }
    renderer = Renderer(load_catalog(FIXTURE), placeholders=False, histories=histories)
    page = renderer.model_page("mixtral-8x7b")
    assert "## History { #history data-search-exclude }" in page
    assert page.index("<li>status: active &rarr; deprecated in 2026.12</li>") < page.index(
        "<li>parameters: undisclosed &rarr; 46.7B in 2026.11, source: Mixtral of Experts &lt;script&gt;x&lt;/script&gt;</li>")
    assert "<p>Added in 2026.10.</p>" in page
    assert "<p>No changes since it was added in 2026.10.</p>" in renderer.model_page("le-chat")
