"""Selection v2: requirements in, a ranked shortlist out, every place explained.

    decision = choose(catalog, Requirements(task="summarization", deployment="self-hosted",
                                            open_weights=True, commercial_use=True))

Requirements are hard constraints (latency only ranks): a model that fails one is excluded
with the reason; a model that fails exactly one is also a near miss ("ruled out only by X").
The models that pass are scored, and every point of the score has a reason. Retired models
never appear, and a model never ranks above the successor that replaced it.

Two steps, so that `fieldguide choose` and the /choose/ page share the rules: `profile()`
reads what the catalog says about one model (every judgement about the catalog: which access
levels are downloadable, which facts are confirmed, the reason for each verdict), and
`decide()` combines the profiles with the answers. /api/choose.json carries the profiles;
docs/assets/choose.js holds the same `decide` in JavaScript, and
tests/test_browser_choose.py requires both to give the same shortlist for many answers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from urllib.parse import urlencode

from fieldguide.catalog.kinds import url_for
from fieldguide.catalog.loader import Catalog
from fieldguide.catalog.schema import Model
from fieldguide.views import format

OPEN_WEIGHTS = {"open-source", "open-weights-restricted"}
SMALL_TIERS = {"tiny", "small"}
HOSTED = {"cloud-api", "managed-cloud"}
# Tasks whose output only reconstructs the input (a neural codec): such a model is a part of
# other models, shortlisted only when its task is asked for, never for "speech in, speech out".
CODEC_TASKS = {"audio-compression"}

DEPLOYMENTS = ("any", "self-hosted", "vendor-api", "on-device")
LATENCIES = ("batch", "interactive")
# The largest scale tier a budget allows, judged on the parameters used per token: the
# catalog holds no prices, and compute per token is what a request costs to serve.
BUDGETS = {"any": None, "moderate": "medium", "low": "small"}
SHORTLIST = 10
NEAR_MISSES = 5

# Reasons that name an answer, filled in by decide() here and in choose.js ("{}" in order).
MESSAGES = {
    "task": "its sources do not name {} as a task",
    "input": "does not accept {}",
    "output": "does not produce {}",
    "no-context": "no published context window",
    "short-context": "context window {} tokens, under {}",
    "first-task": "{} is its first-listed task",
    "other-task": "names {} among its tasks",
    "context": "context window {} tokens",
    "below-successor": "ranked below its successor {}",
}


@dataclass(frozen=True)
class Requirements:
    """The answers. As a query string (`query()`) they use the CLI's flag names and values,
    with `yes` for a switch: /choose/?task=summarization&open-weights=yes."""

    task: str | None = None
    input: str | None = None  # a modality id
    output: str | None = None
    deployment: str = "any"  # one of DEPLOYMENTS
    open_weights: bool = False
    commercial_use: bool = False
    min_context: int | None = None  # tokens
    latency: str = "batch"  # batch | interactive: ranks, never excludes
    budget: str = "any"  # one of BUDGETS
    confirmed_only: bool = False  # only facts with confidence `confirmed` count

    def query(self) -> str:
        return urlencode([(f.name.replace("_", "-"), "yes" if value is True else value)
                          for f in fields(self) if (value := getattr(self, f.name)) != f.default])


@dataclass(frozen=True)
class Profile:
    """One model as the rules see it, under one reading of confidence."""

    id: str
    name: str
    released: str
    successor: str | None
    tasks: tuple[str, ...]
    input: tuple[str, ...]
    output: tuple[str, ...]
    context: int | None
    fails: dict[str, str]  # answer ("open-weights", "budget=low" ...) -> why the model fails it
    points: dict[str, list]  # answer -> [points, why] it earns; "" holds what every model earns
    sources: dict[str, list]  # fact ("tasks" ...) -> [title, url] of the source that states it


@dataclass
class Pick:
    id: str
    name: str
    score: int
    reasons: list[str]
    sources: list[dict] = field(default_factory=list)  # {title, url, facts}: the facts the answers used


@dataclass
class Decision:
    requirements: Requirements
    shortlist: list[Pick]
    near_misses: list[dict]
    excluded: dict[str, list[str]]

    def as_json(self) -> dict:
        return {
            "requirements": asdict(self.requirements),
            "query": self.requirements.query(),
            "shortlist": [asdict(p) for p in self.shortlist],
            "near_misses": self.near_misses,
            "excluded": self.excluded,
        }


# ---- what the catalog says about one model ------------------------------------------------


def _counts(fact, confirmed_only: bool) -> bool:
    return fact is not None and (not confirmed_only or fact.confidence == "confirmed")


def _small(tier) -> bool:
    return tier is not None and tier.id in SMALL_TIERS


def _tier(catalog: Catalog, m: Model, confirmed_only: bool):
    return catalog.scale_tier(m) if _counts(m.parameters, confirmed_only) else None


def _per_token(m: Model, confirmed_only: bool) -> tuple[float | None, str]:
    """Billions of parameters used per token (the active ones of a mixture of experts), or
    None with the reason it cannot be judged."""
    p = m.parameters
    if p is None or p.value == "undisclosed":
        return None, "parameter count undisclosed, so its cost cannot be judged"
    if not _counts(p, confirmed_only):
        return None, f"parameter count is {p.confidence}, not confirmed"
    per_token = p.active or p.value
    return per_token, f"{format.billions(per_token)} parameters per token"


def budget_ceiling(catalog: Catalog, budget: str) -> float | None:
    return catalog.terms["scale_tiers"][BUDGETS[budget]].max_billions if BUDGETS[budget] else None


def _licence(m: Model, confirmed_only: bool) -> tuple[str | None, list]:
    """(why commercial use fails, or None; [points, why] when it passes)."""
    lic = m.license
    if m.access == "research-only" or (lic.commercial_use == "no" and _counts(lic, confirmed_only)):
        return f"its licence ({lic.name}) does not allow commercial use", []
    if confirmed_only and lic.confidence != "confirmed":
        return f"its licence terms ({lic.name}) are {lic.confidence}, not confirmed", []
    if lic.commercial_use == "yes":
        return None, [5, "licence allows commercial use without conditions"]
    if lic.commercial_use == "conditional":
        return None, [0, f"commercial use with conditions: {lic.user_threshold or lic.name}"]
    if confirmed_only:
        return f"the catalog does not record whether its licence ({lic.name}) allows commercial use", []
    return None, [0, f"commercial use not recorded in the catalog: read its licence ({lic.name})"]


def profile(catalog: Catalog, m: Model, newest: str, confirmed_only: bool = False) -> Profile:
    fails: dict[str, str] = {}
    points: dict[str, list] = {}
    self_hostable = m.kind != "product" and m.access in OPEN_WEIGHTS
    tier = _tier(catalog, m, confirmed_only)

    if confirmed_only and m.tasks.confidence != "confirmed":
        fails["task"] = f"its task list is {m.tasks.confidence}, not confirmed"
    if set(m.tasks.ids) <= CODEC_TASKS:
        fails["codec"] = "a neural codec (a part of other models): shortlisted only when audio compression is the task"
    if not self_hostable:
        fails["deployment=self-hosted"] = "cannot run on your own servers (no downloadable weights)"
    if not HOSTED & set(m.deployment):
        fails["deployment=vendor-api"] = "not offered as a vendor API"
    if "edge" not in m.deployment and not (self_hostable and _small(tier)):
        if self_hostable and tier is None and _small(catalog.scale_tier(m)):
            fails["deployment=on-device"] = f"not listed for devices, and its parameter count is {m.parameters.confidence}, not confirmed"
        else:
            fails["deployment=on-device"] = "not small or downloadable enough to run on a device"
    if m.access not in OPEN_WEIGHTS:
        fails["open-weights"] = "weights are not downloadable"
    why, earned = _licence(m, confirmed_only)
    if why:
        fails["commercial-use"] = why
    else:
        points["commercial-use"] = earned
    context = m.limits.context_tokens if m.limits else None
    if context and not _counts(context, confirmed_only):
        fails["min-context"] = f"context window {context.value:,} tokens is {context.confidence}, not confirmed"
    if m.status == "retired":
        fails["status"] = "retired: no longer offered"

    size, size_text = _per_token(m, confirmed_only)
    for budget in BUDGETS:
        ceiling = budget_ceiling(catalog, budget)
        if ceiling is None:
            continue
        if size is None:
            fails[f"budget={budget}"] = size_text
        elif size >= ceiling:
            fails[f"budget={budget}"] = f"{size_text}: over the {budget} budget (under {format.billions(ceiling)})"
        else:
            points[f"budget={budget}"] = [0, f"{size_text}: within the {budget} budget"]

    if _small(tier):
        points["latency=interactive"] = [5, f"{tier.name}: quick to serve"]
    elif HOSTED & set(m.deployment):
        points["latency=interactive"] = [3, "hosted API with streaming"]

    dated = _counts(m.released, confirmed_only)
    recency = max(0, 20 - 5 * (int(newest[:4]) - int(m.released.date[:4]))) if dated else 0
    note = " (recent)" if recency >= 15 else "" if dated else f" ({m.released.confidence} date, not counted)"
    status = {"active": 10, "deprecated": -10, "superseded": -15, "retired": -15}[m.status]
    points[""] = [[recency, f"released {m.released.date}{note}"],
                  [status, m.status + (f", replaced by {catalog.models[m.successor].name}" if m.successor else "")]]

    cited = {s.id: [s.title, s.url] for s in m.sources}
    facts = {"release date": m.released.source, "tasks": m.tasks.source, "licence": m.license.source,
             "context window": context.source if context else None,
             "parameter count": m.parameters.source if m.parameters else None}
    return Profile(m.id, m.name, m.released.date, m.successor, m.tasks.ids, m.modalities.input, m.modalities.output,
                   context.value if context else None, fails, points,
                   {fact: cited[source] for fact, source in facts.items() if source})


def profiles(catalog: Catalog, confirmed_only: bool = False) -> list[Profile]:
    newest = max(m.released.date for m in catalog.models.values())
    return [profile(catalog, m, newest, confirmed_only) for m in catalog.models.values()]


def names(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Vocabulary names as the reasons use them."""
    return {vocabulary: {t.id: t.name.lower() for t in catalog.terms[vocabulary].values()}
            for vocabulary in ("tasks", "modalities")}


# ---- combining profiles with the answers (mirrored in docs/assets/choose.js) --------------


def _failures(p: Profile, r: Requirements, terms: dict) -> list[tuple[str, str]]:
    """(requirement, why) for every requirement the model does not meet."""
    def missing(value, have, message, vocabulary):
        return MESSAGES[message].format(terms[vocabulary][value]) if value and value not in have else None

    def short_context():
        if p.context is None:
            return MESSAGES["no-context"]
        return MESSAGES["short-context"].format(f"{p.context:,}", f"{r.min_context:,}") if p.context < r.min_context else None

    checks = [
        ("task", (p.fails.get("task") or missing(r.task, p.tasks, "task", "tasks")) if r.task else p.fails.get("codec")),
        ("input", missing(r.input, p.input, "input", "modalities")),
        ("output", missing(r.output, p.output, "output", "modalities")),
        ("deployment", p.fails.get(f"deployment={r.deployment}")),
        ("open-weights", r.open_weights and p.fails.get("open-weights")),
        ("commercial-use", r.commercial_use and p.fails.get("commercial-use")),
        ("min-context", r.min_context and (p.fails.get("min-context") or short_context())),
        ("budget", p.fails.get(f"budget={r.budget}")),
        ("status", p.fails.get("status")),
    ]
    return [(requirement, why) for requirement, why in checks if why]


def _score(p: Profile, r: Requirements, terms: dict) -> tuple[int, list[str]]:
    """A score out of 100 with a reason for every part of it."""
    earned = []
    if r.task:
        first = p.tasks[0] == r.task
        earned.append([10 if first else 0, MESSAGES["first-task" if first else "other-task"].format(terms["tasks"][r.task])])
    earned += p.points[""]
    answers = (["commercial-use"] if r.commercial_use else []) + [f"latency={r.latency}", f"budget={r.budget}"]
    earned += [p.points[answer] for answer in answers if answer in p.points]
    if r.min_context:
        earned.append([0, MESSAGES["context"].format(f"{p.context:,}")])
    score = 50 + sum(points for points, _ in earned)
    return max(0, min(100, score)), [f"{points:+d} {why}" for points, why in earned]


def _sources(p: Profile, r: Requirements) -> list[dict]:
    """The sources of the facts these answers read, each once, with the facts it states."""
    used = ["release date", "tasks" if r.task else "", "licence" if r.commercial_use else "",
            "context window" if r.min_context else "",
            "parameter count" if r.deployment == "on-device" or r.budget != "any" or r.latency == "interactive" else ""]
    out: dict[str, dict] = {}
    for fact in used:
        if fact in p.sources:
            title, url = p.sources[fact]
            out.setdefault(url, {"title": title, "url": url, "facts": []})["facts"].append(fact)
    return list(out.values())


def decide(all_profiles: list[Profile], r: Requirements, terms: dict, *, limit: int = SHORTLIST) -> Decision:
    by_id = {p.id: p for p in all_profiles}
    passed, excluded, near = {}, {}, []
    for p in all_profiles:
        failures = _failures(p, r, terms)
        if failures:
            excluded[p.id] = [why for _, why in failures]
            if len(failures) == 1 and failures[0][0] not in ("task", "status"):
                near.append((p, failures[0]))
        else:
            passed[p.id] = _score(p, r, terms)
    # A model never ranks above the successor that replaced it, when both are on the list.
    for model_id in sorted(passed, key=lambda i: by_id[i].released, reverse=True):
        successor = by_id[model_id].successor
        if successor in passed and passed[model_id][0] >= passed[successor][0]:
            passed[model_id] = (passed[successor][0] - 1,
                                passed[model_id][1] + [MESSAGES["below-successor"].format(by_id[successor].name)])
    # Highest score first; among equal scores, the newer release (two stable sorts).
    ranked = sorted(passed.items(), key=lambda kv: by_id[kv[0]].released, reverse=True)
    ranked.sort(key=lambda kv: -kv[1][0])
    shortlist = [Pick(i, by_id[i].name, s, reasons, _sources(by_id[i], r)) for i, (s, reasons) in ranked[:limit]]
    near.sort(key=lambda item: item[0].released, reverse=True)
    near_misses = [{"id": p.id, "name": p.name, "ruled_out_by": requirement, "why": why,
                    "relax": f"relax '{requirement}' to include {p.name}"} for p, (requirement, why) in near[:NEAR_MISSES]]
    return Decision(r, shortlist, near_misses, excluded)


def check(catalog: Catalog, r: Requirements) -> None:
    """ValueError for an answer the catalog does not know."""
    for name, value, allowed in (("deployment", r.deployment, DEPLOYMENTS), ("latency", r.latency, LATENCIES),
                                 ("budget", r.budget, tuple(BUDGETS))):
        if value not in allowed:
            raise ValueError(f"unknown {name} '{value}'; use one of {', '.join(allowed)}")
    for vocabulary, value in (("tasks", r.task), ("modalities", r.input), ("modalities", r.output)):
        if value and value not in catalog.terms[vocabulary]:
            raise ValueError(f"unknown {'task' if vocabulary == 'tasks' else 'modality'} '{value}'")
    if r.min_context is not None and r.min_context < 1:
        raise ValueError(f"min-context must be a positive number of tokens, not {r.min_context}")


def choose(catalog: Catalog, r: Requirements, *, limit: int = SHORTLIST) -> Decision:
    check(catalog, r)
    return decide(profiles(catalog, r.confirmed_only), r, names(catalog), limit=limit)


def page_data(catalog: Catalog) -> dict:
    """Everything /choose/ needs to decide in the browser: the profiles under both readings
    of confidence (the confirmed-only one only where it differs) and the reasons' words."""
    everything, confirmed = profiles(catalog), profiles(catalog, confirmed_only=True)
    models = []
    for p, c in zip(everything, confirmed, strict=True):
        entry = {**asdict(p), "url": url_for("model", p.id)}
        if c != p:
            entry["confirmed"] = {"fails": c.fails, "points": c.points}
        models.append(entry)
    return {"defaults": [[f.name, f.default] for f in fields(Requirements)], "messages": MESSAGES, "names": names(catalog),
            "limit": SHORTLIST, "near_misses": NEAR_MISSES, "models": models}
