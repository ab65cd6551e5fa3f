"""The model-selection rules behind /choose/.

Each question's answer is judged on its own for every model and family: a rule returns
a Verdict (kept or excluded, and why). A shortlist is what no answer excludes, so
`shortlist(catalog, answers)` gives the same result as combining the per-answer
verdicts that `precompute(catalog)` writes for the browser: the page only intersects
them and shows the reasons. All rule logic lives here, in plain Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fieldguide.catalog.kinds import url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.catalog.schema import Family, Model

OPEN_WEIGHTS = {"open-source", "open-weights-restricted"}
SMALL_TIERS = {"tiny", "small"}


@dataclass(frozen=True)
class Verdict:
    keep: bool
    reason: str


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    model_rule: Callable[[Catalog, Model], Verdict]
    family_rule: Callable[[Catalog, Family], Verdict] | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    options: tuple[Option, ...]
    default: str


def _any(catalog: Catalog, model: Model) -> Verdict:
    return Verdict(True, "no constraint")


def _any_family(catalog: Catalog, family: Family) -> Verdict:
    return Verdict(True, "no constraint")


def _name(catalog: Catalog, vocabulary: str, term_id: str) -> str:
    return catalog.terms[vocabulary][term_id].name


def _modality(side: str, modality: str) -> Option:
    def model_rule(catalog, m):
        have = getattr(m.modalities, side)
        name = _name(catalog, "modalities", modality).lower()
        if modality in have:
            return Verdict(True, f"{'accepts' if side == 'input' else 'produces'} {name}")
        return Verdict(False, f"does not {'accept' if side == 'input' else 'produce'} {name}")

    def family_rule(catalog, f):
        name = _name(catalog, "modalities", modality).lower()
        if modality in f.modalities:
            return Verdict(True, f"typically handles {name}")
        return Verdict(False, f"not typically used for {name}")

    return Option(modality, "", model_rule, family_rule)


def _modality_question(catalog: Catalog, side: str) -> Question:
    options = [Option("any", "Any", _any, _any_family)]
    for term in catalog.dimensions.modalities:
        base = _modality(side, term.id)
        options.append(Option(term.id, term.name, base.model_rule, base.family_rule))
    word = "give the model" if side == "input" else "need back"
    return Question(f"{side}", f"What will you {word}?", "The main data type; pick Any if it does not matter.",
                    tuple(options), "any")


# ---- individual rules ------------------------------------------------------------------


def _not_retired(catalog, m):
    if m.status == "active":
        return Verdict(True, "actively offered")
    successor = f"; consider {catalog.models[m.successor].name}" if m.successor else ""
    return Verdict(False, f"{m.status}{successor}")


def _realtime(catalog, m):
    tier = catalog.scale_tier(m)
    if "edge" in m.deployment:
        return Verdict(True, "runs on devices, so latency is under your control")
    if "cloud-api" in m.deployment and m.access in ("closed-api", "product-only"):
        return Verdict(True, "vendor-hosted API with streaming responses")
    if tier and tier.id in SMALL_TIERS:
        return Verdict(True, f"{tier.name.lower()} model, fast to serve")
    if "cloud-api" in m.deployment:
        return Verdict(True, "available from a hosted API")
    return Verdict(False, "neither small nor offered as a hosted API, so fast responses need your own tuning")


def _realtime_family(catalog, f):
    if f.traits.sampling_speed.rating == "low":
        return Verdict(False, f"slow sampling: {f.traits.sampling_speed.why}")
    return Verdict(True, f"sampling speed is {f.traits.sampling_speed.rating}")


def _pay_per_use(catalog, m):
    if {"cloud-api", "managed-cloud"} & set(m.deployment):
        return Verdict(True, "billed per use through an API or managed service")
    return Verdict(False, "no pay-per-use API; you would host it yourself")


def _fixed_budget(catalog, m):
    if m.access in OPEN_WEIGHTS and "self-hosted" in m.deployment:
        return Verdict(True, "open weights: cost is your own hardware, not per call")
    return Verdict(False, "not available to run on your own hardware")


def _low_cost(catalog, m):
    tier = catalog.scale_tier(m)
    if tier and tier.id in SMALL_TIERS:
        return Verdict(True, f"{tier.name.lower()}: cheap to run")
    if m.parameters and m.parameters.active and m.parameters.active < 20:
        return Verdict(True, "mixture-of-experts with few active parameters per token")
    return Verdict(False, "large or undisclosed size; expect higher cost per request")


def _own_infra(catalog, m):
    if m.access in OPEN_WEIGHTS and {"self-hosted", "edge"} & set(m.deployment):
        return Verdict(True, "weights can be run on your own infrastructure")
    return Verdict(False, "cannot run on your own infrastructure")


def _own_cloud(catalog, m):
    if {"managed-cloud", "self-hosted", "edge"} & set(m.deployment) and m.access != "research-only":
        return Verdict(True, "can run inside your own cloud account")
    return Verdict(False, "only through the vendor's own service")


def _fine_tune(catalog, m):
    if m.fine_tuning.supported:
        return Verdict(True, "can be fine-tuned")
    return Verdict(False, "cannot be fine-tuned by users")


def _licence(level: str):
    def rule(catalog, m):
        access = _name(catalog, "access_levels", m.access)
        if level == "commercial":
            if m.access == "research-only":
                return Verdict(False, "research release; commercial use not permitted or not possible")
            if m.license.commercial_use == "no":
                return Verdict(False, f"its licence ({m.license.name}) does not allow commercial use")
            if m.license.commercial_use == "conditional":
                return Verdict(True, f"{access.lower()}: commercial use allowed with conditions ({m.license.name})")
            return Verdict(True, f"{access.lower()}: usable commercially under its terms")
        if level == "open-weights":
            if m.access in OPEN_WEIGHTS:
                return Verdict(True, f"{access.lower()} ({m.license.name})")
            return Verdict(False, f"{access.lower()}: no downloadable weights for commercial use")
        if m.access == "open-source":
            return Verdict(True, f"open source ({m.license.name})")
        return Verdict(False, f"{access.lower()}, not an open-source licence")

    return rule


def _edge(catalog, m):
    tier = catalog.scale_tier(m)
    if "edge" in m.deployment:
        return Verdict(True, "runs on devices")
    if m.access in OPEN_WEIGHTS and tier and tier.id in SMALL_TIERS:
        return Verdict(True, f"open weights at {tier.name.lower()} size, a candidate for on-device use")
    return Verdict(False, "too large or not downloadable for on-device use")


def _task(task: str):
    def rule(catalog, m):
        name = _name(catalog, "tasks", task).lower()
        if m.tasks and task in m.tasks.ids:
            return Verdict(True, f"its sources name {name} as a task")
        return Verdict(False, f"not documented for {name}")

    return rule


def _task_question(catalog: Catalog) -> Question:
    options = [Option("any", "Any task", _any, _any_family)]
    options += [Option(t.id, t.name, _task(t.id)) for t in catalog.terms.get("tasks", {}).values()]
    return Question("task", "What must it do?", "The job, from the catalog's task vocabulary; each model lists the "
                    "tasks its sources name.", tuple(options), "any")


def questions(catalog: Catalog) -> tuple[Question, ...]:
    return (
        _task_question(catalog),
        _modality_question(catalog, "input"),
        _modality_question(catalog, "output"),
        Question("latency", "How fast must answers come?", "Interactive products need first results within about a second.", (
            Option("batch", "Batch or offline is fine", _any, _any_family),
            Option("interactive", "Interactive: a person is waiting", _realtime, _realtime_family),
        ), "batch"),
        Question("budget", "How will you pay for it?", "Pay-per-use APIs cost nothing up front; your own hardware costs nothing per call.", (
            Option("any", "No preference", _any),
            Option("pay-per-use", "Pay per use (API)", _pay_per_use),
            Option("fixed", "Fixed budget on our own hardware", _fixed_budget),
            Option("lowest", "As cheap per request as possible", _low_cost),
        ), "any"),
        Question("residency", "Where may your data go?", "Data residency and confidentiality rules often decide this.", (
            Option("any", "A vendor's cloud is fine", _any),
            Option("own-cloud", "Only our own cloud account", _own_cloud),
            Option("own-infra", "Only our own servers", _own_infra),
        ), "any"),
        Question("fine-tune", "Must you fine-tune it on your own data?", "Prompting and retrieval are often enough; fine-tuning needs a model that allows it.", (
            Option("no", "No", _any),
            Option("yes", "Yes", _fine_tune),
        ), "no"),
        Question("licence", "What licence terms can you accept?", "Research releases cannot be used commercially.", (
            Option("commercial", "Any terms that allow commercial use", _licence("commercial")),
            Option("open-weights", "Downloadable weights, restrictions acceptable", _licence("open-weights")),
            Option("open-source", "An open-source licence only", _licence("open-source")),
            Option("research", "Research or evaluation only", _any),
        ), "commercial"),
        Question("edge", "Must it run on a phone, laptop or device?", "On-device use needs small models with downloadable weights.", (
            Option("no", "No", _any),
            Option("yes", "Yes", _edge),
        ), "no"),
        Question("retired", "Include deprecated and superseded models?", "Older models stay in the catalog for reference.", (
            Option("no", "No, current models only", _not_retired),
            Option("yes", "Yes", _any),
        ), "no"),
    )


# ---- evaluation ----------------------------------------------------------------------------


@dataclass
class Result:
    kept: dict[str, list[str]] = field(default_factory=dict)  # id -> reasons for keeping
    excluded: dict[str, list[str]] = field(default_factory=dict)  # id -> reasons for excluding


def _judge(catalog: Catalog, answers: dict[str, str], kind: str) -> Result:
    result = Result()
    entries = catalog.models if kind == "model" else catalog.families
    chosen = []
    for q in questions(catalog):
        option = next((o for o in q.options if o.id == answers.get(q.id, q.default)), None)
        if option is None:
            raise ValueError(f"unknown answer {answers.get(q.id)!r} to question {q.id!r}")
        rule = option.model_rule if kind == "model" else option.family_rule
        if rule is not None and option.id not in ("any",):
            chosen.append((q, rule))
    for entry_id, entry in entries.items():
        verdicts = [(q, rule(catalog, entry)) for q, rule in chosen]
        bad = [f"{v.reason}" for q, v in verdicts if not v.keep]
        good = [f"{v.reason}" for q, v in verdicts if v.keep and v.reason != "no constraint"]
        if bad:
            result.excluded[entry_id] = bad
        else:
            result.kept[entry_id] = good
    return result


def shortlist(catalog: Catalog, answers: dict[str, str]) -> tuple[Result, Result]:
    """(models, families) kept and excluded for one set of answers, with every reason."""
    return _judge(catalog, answers, "model"), _judge(catalog, answers, "family")


def precompute(catalog: Catalog) -> dict:
    """Every question, and every option's verdict on every model and family, for the page."""
    out = {"questions": [], "models": {}, "families": {}}
    for m in catalog.models.values():
        out["models"][m.id] = {"name": m.name, "url": url_for("model", m.id), "summary": m.summary}
    for f in catalog.families.values():
        out["families"][f.id] = {"name": f.name, "url": url_for("family", f.id), "summary": f.summary}
    for q in questions(catalog):
        options = []
        for o in q.options:
            entry = {"id": o.id, "label": o.label, "models": {}, "families": {}}
            if o.id != "any":
                for m in catalog.models.values():
                    v = o.model_rule(catalog, m)
                    if v.reason != "no constraint":
                        entry["models"][m.id] = [v.keep, v.reason]
                if o.family_rule is not None:
                    for f in catalog.families.values():
                        v = o.family_rule(catalog, f)
                        if v.reason != "no constraint":
                            entry["families"][f.id] = [v.keep, v.reason]
            options.append(entry)
        out["questions"].append({"id": q.id, "text": q.text, "help": q.help, "default": q.default, "options": options})
    return out
