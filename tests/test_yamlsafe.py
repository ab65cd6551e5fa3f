"""The strict YAML reader: no type guessing, no duplicate keys, no anchors, no tags, caps."""

import pytest

from fieldguide.catalog.yamlsafe import MAX_DEPTH, YamlError, parse


def problems(text):
    with pytest.raises(YamlError) as info:
        parse(text)
    return [(p.line, p.col, p.message) for p in info.value.problems]


def test_plain_values_are_not_guessed():
    doc = parse("a: yes\nb: no\nc: on\nd: 2024-01-01\ne: 1.10\nf: 3\ng: true\nh: null\ni: '5'\nj: 0x1F\n")
    assert doc.value == {
        "a": "yes", "b": "no", "c": "on", "d": "2024-01-01", "e": 1.1, "f": 3,
        "g": True, "h": None, "i": "5", "j": "0x1F",
    }


def test_positions_are_one_based_line_and_column():
    doc = parse("a:\n  - b: 1\n    c: [x, y]\n")
    assert doc.positions[("a", 0, "c", 1)] == (3, 12)
    assert doc.key_positions[("a", 0, "c")] == (3, 5)


def test_duplicate_key_is_rejected_with_its_line():
    assert problems("name: a\nid: b\nname: c\n") == [(3, 1, "duplicate key 'name' (an earlier line already sets it)")]


def test_anchor_and_alias_are_rejected():
    assert problems("a: &x 1\nb: *x\n") == [
        (1, 4, "anchors (&x) are not allowed; write the value out"),
        (2, 4, "aliases (*x) are not allowed; write the value out"),
    ]


def test_unsafe_tag_is_rejected_and_not_constructed():
    assert problems("a: !!python/object/apply:os.system ['true']\n") == [
        (1, 4, "tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed"),
    ]


def test_nesting_and_size_are_capped():
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert problems(deep)[0][2] == f"nesting is deeper than {MAX_DEPTH} levels"
    assert problems("a: '" + "x" * 300_000 + "'\n") == [(1, 1, "file is larger than 256 KB")]


def test_syntax_error_points_at_the_problem():
    [(line, col, message)] = problems("a: [1, 2\nb: 3\n")
    assert line == 2 and message.startswith("YAML syntax error:")


def test_multiple_documents_and_empty_files_are_rejected():
    assert problems("a: 1\n---\nb: 2\n") == [(2, 1, "only one YAML document per file (remove the extra '---')")]
    assert problems("# only a comment\n") == [(1, 1, "file is empty")]
