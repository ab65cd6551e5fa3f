"""The changelog between two catalog states, and the `diff` command."""

import subprocess

from fieldguide.catalog.changes import compare, files_in_tree, read_entries
from tests.conftest import FIXTURE


def state(**files):
    return read_entries({path: text for path, text in files.items()})


def test_added_removed_renamed_and_changed():
    old = state(**{
        "models/a.yaml": "id: a\nname: A\nparameters: {value: 7}\n",
        "models/b.yaml": "id: b\nname: B\n",
        "models/old-c.yaml": "id: old-c\nname: C\n",
    })
    new = state(**{
        "models/a.yaml": "id: a\nname: A\nparameters: {value: 8}\n",
        "models/c.yaml": "id: c\nprevious_ids: [old-c]\nname: C2\n",
        "families/d.yaml": "id: d\nname: D\n",
    })
    changes = compare(old, new)
    assert changes.added == [("family", "d")]
    assert changes.removed == [("model", "b")]
    assert changes.renamed == [(("model", "c"), "old-c")]
    assert {k: [(c.path, c.old, c.new) for c in v] for k, v in changes.changed.items()} == {
        ("model", "a"): [("parameters.value", 7, 8)],
        ("model", "c"): [("name", "C", "C2")],
    }
    assert changes.lines() == ["added family d", "removed model b", "renamed model old-c -> c",
                               "changed model a: parameters.value", "changed model c: name"]


def test_same_catalog_has_no_changes():
    entries = read_entries(files_in_tree(FIXTURE))
    assert len(entries) == 5 and compare(entries, entries).empty


def test_diff_command_against_a_git_ref(catalog_copy, tmp_path):
    repo = catalog_copy.path.parent
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "data"], ["commit", "-qm", "one"], ["tag", "v1"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env)
    catalog_copy.edit("models/mixtral-8x7b.yaml", "status: active", "status: deprecated")
    from fieldguide.catalog import changes
    old = changes.read_entries(changes.files_at_ref(repo, "v1"))
    result = compare(old, read_entries(files_in_tree(catalog_copy.path)))
    assert result.lines() == ["changed model mixtral-8x7b: status"]
