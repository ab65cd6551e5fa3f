"""Selection rules, table-driven on the fixture catalog, and their precomputed form."""

import pytest

from fieldguide.catalog.loader import load_catalog
from fieldguide.views.selection import precompute, questions, shortlist
from tests.conftest import FIXTURE, ROOT


@pytest.fixture(scope="module")
def fixture_catalog():
    return load_catalog(FIXTURE)


@pytest.fixture(scope="module")
def real_catalog():
    return load_catalog(ROOT / "data")


# answers -> (models kept, reason fragments that must explain an exclusion)
CASES = [
    ({}, {"mixtral-8x7b", "le-chat"}, {}),
    ({"output": "image"}, set(), {"mixtral-8x7b": "does not produce image", "le-chat": "does not produce image"}),
    ({"input": "code"}, {"mixtral-8x7b"}, {"le-chat": "does not accept code"}),
    ({"residency": "own-infra"}, {"mixtral-8x7b"}, {"le-chat": "cannot run on your own infrastructure"}),
    ({"licence": "open-source"}, {"mixtral-8x7b"}, {"le-chat": "not an open-source licence"}),
    ({"fine-tune": "yes"}, {"mixtral-8x7b"}, {"le-chat": "cannot be fine-tuned"}),
    ({"budget": "pay-per-use"}, {"mixtral-8x7b"}, {"le-chat": "no pay-per-use API"}),
    ({"budget": "lowest"}, {"mixtral-8x7b"}, {"le-chat": "large or undisclosed size"}),
    ({"edge": "yes"}, set(), {"mixtral-8x7b": "too large", "le-chat": "too large"}),
    ({"latency": "interactive"}, {"mixtral-8x7b"}, {"le-chat": "neither small nor offered as a hosted API"}),
]


@pytest.mark.parametrize("answers,kept,excluded", CASES)
def test_rules(fixture_catalog, answers, kept, excluded):
    models, _ = shortlist(fixture_catalog, answers)
    assert set(models.kept) == kept
    for model_id, fragment in excluded.items():
        assert any(fragment in reason for reason in models.excluded[model_id]), models.excluded[model_id]
    assert set(models.kept) | set(models.excluded) == set(fixture_catalog.models)


def test_every_inclusion_has_reasons_when_constrained(fixture_catalog):
    models, _ = shortlist(fixture_catalog, {"input": "text", "residency": "own-infra"})
    assert models.kept["mixtral-8x7b"] == [
        "accepts text", "weights can be run on your own infrastructure",
        "open source: usable commercially under its terms", "actively offered",
    ]


def test_family_rules(fixture_catalog):
    _, families = shortlist(fixture_catalog, {"output": "image"})
    assert set(families.kept) == {"transformer"} and "not typically used for image" in families.excluded["mixture-of-experts"][0]


def test_unknown_answer_is_an_error(fixture_catalog):
    with pytest.raises(ValueError):
        shortlist(fixture_catalog, {"output": "smell"})


def test_precomputed_verdicts_reproduce_the_python_shortlist(real_catalog):
    """The browser combines precomputed verdicts; that must equal evaluating the rules."""
    data = precompute(real_catalog)
    answer_sets = [{}, {"output": "image"}, {"input": "text", "residency": "own-infra", "licence": "open-weights"},
                   {"output": "code", "latency": "interactive", "fine-tune": "yes"}, {"edge": "yes", "retired": "yes"},
                   {"output": "audio", "budget": "pay-per-use"}, {"output": "text", "licence": "open-source", "budget": "lowest"}]
    for answers in answer_sets:
        expected, _ = shortlist(real_catalog, answers)
        kept = set()
        for model_id in data["models"]:
            verdicts = []
            for q in data["questions"]:
                option = next(o for o in q["options"] if o["id"] == answers.get(q["id"], q["default"]))
                if model_id in option["models"]:
                    verdicts.append(option["models"][model_id][0])
            if all(verdicts):
                kept.add(model_id)
        assert kept == set(expected.kept), answers


def test_every_single_answer_excludes_exactly_what_its_rule_rejects_with_its_reason(real_catalog):
    """For each answer alone (defaults elsewhere), an entry is excluded exactly when this
    answer's rule or a default rule rejects it, and the rule's own reason is given."""
    baseline, _ = shortlist(real_catalog, {})
    for q in questions(real_catalog):
        for option in q.options:
            if option.id in ("any", q.default):
                continue
            models, _ = shortlist(real_catalog, {q.id: option.id})
            default_of_q, _ = shortlist(real_catalog, {q.id: "any"}) if any(o.id == "any" for o in q.options) else (baseline, None)
            for m in real_catalog.models.values():
                verdict = option.model_rule(real_catalog, m)
                if not verdict.keep:
                    assert verdict.reason.strip() and verdict.reason in models.excluded.get(m.id, []), (q.id, option.id, m.id)
                elif m.id not in default_of_q.excluded:
                    assert m.id in models.kept, (q.id, option.id, m.id)
