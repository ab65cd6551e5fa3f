"""Selection v2: requirements in, a ranked shortlist out, every place explained.

    decision = choose(catalog, Requirements(task="summarization", deployment="self-hosted",
                                            open_weights=True, commercial_use=True))

Requirements are hard constraints: a model that fails one is excluded with the reason; a
model that fails exactly one is also a near miss ("ruled out only by X"). The models that
pass are scored, and every point of the score has a reason. Retired models never appear,
and a model never ranks above the successor that replaced it. Pure Python over a Catalog:
`fieldguide choose` and (next) the /choose/ page use the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldguide.catalog.loader import Catalog
from fieldguide.catalog.schema import Model
from fieldguide.views.selection import OPEN_WEIGHTS, SMALL_TIERS

DEPLOYMENTS = ("any", "self-hosted", "vendor-api", "on-device")


@dataclass(frozen=True)
class Requirements:
    task: str | None = None
    input: str | None = None  # a modality id
    output: str | None = None
    deployment: str = "any"  # any | self-hosted | vendor-api | on-device
    open_weights: bool = False
    commercial_use: bool = False
    min_context: int | None = None  # tokens
    latency: str = "batch"  # batch | interactive


@dataclass
class Pick:
    id: str
    name: str
    score: int
    reasons: list[str]
    sources: list[str] = field(default_factory=list)


@dataclass
class Decision:
    requirements: Requirements
    shortlist: list[Pick]
    near_misses: list[dict]
    excluded: dict[str, list[str]]

    def as_json(self) -> dict:
        return {
            "requirements": self.requirements.__dict__,
            "shortlist": [{"id": p.id, "name": p.name, "score": p.score, "reasons": p.reasons, "sources": p.sources}
                          for p in self.shortlist],
            "near_misses": self.near_misses,
            "excluded": self.excluded,
        }


def _term(catalog: Catalog, vocabulary: str, term_id: str) -> str:
    return catalog.terms[vocabulary][term_id].name.lower()


def _context(m: Model) -> int | None:
    return m.limits.context_tokens.value if m.limits and m.limits.context_tokens else None


def _self_hostable(m: Model) -> bool:
    return m.kind != "product" and m.access in OPEN_WEIGHTS


def _failures(catalog: Catalog, m: Model, r: Requirements) -> list[tuple[str, str]]:
    """(requirement, why it fails) for every requirement the model does not meet."""
    out = []
    if r.task and r.task not in m.tasks.ids:
        out.append(("task", f"its sources do not name {_term(catalog, 'tasks', r.task)} as a task"))
    if r.input and r.input not in m.modalities.input:
        out.append(("input", f"does not accept {_term(catalog, 'modalities', r.input)}"))
    if r.output and r.output not in m.modalities.output:
        out.append(("output", f"does not produce {_term(catalog, 'modalities', r.output)}"))
    if r.deployment == "self-hosted" and not _self_hostable(m):
        out.append(("deployment", "cannot run on your own servers (no downloadable weights)"))
    if r.deployment == "vendor-api" and not {"cloud-api", "managed-cloud"} & set(m.deployment):
        out.append(("deployment", "not offered as a vendor API"))
    if r.deployment == "on-device":
        tier = catalog.scale_tier(m)
        if "edge" not in m.deployment and not (_self_hostable(m) and tier and tier.id in SMALL_TIERS):
            out.append(("deployment", "not small or downloadable enough to run on a device"))
    if r.open_weights and m.access not in OPEN_WEIGHTS:
        out.append(("open-weights", "weights are not downloadable"))
    if r.commercial_use and (m.access == "research-only" or m.license.commercial_use == "no"):
        out.append(("commercial-use", f"its licence ({m.license.name}) does not allow commercial use"))
    if r.min_context:
        context = _context(m)
        if context is None:
            out.append(("min-context", "no published context window"))
        elif context < r.min_context:
            out.append(("min-context", f"context window {context:,} tokens, under {r.min_context:,}"))
    if m.status == "retired":
        out.append(("status", "retired: no longer offered"))
    return out


def _score(catalog: Catalog, m: Model, r: Requirements, newest: str) -> tuple[int, list[str]]:
    """A score out of 100 with a reason for every part of it."""
    score, reasons = 50, []
    if r.task:
        if m.tasks.ids[0] == r.task:
            score += 10
            reasons.append(f"+10 {_term(catalog, 'tasks', r.task)} is its first-listed task")
        else:
            reasons.append(f"+0 names {_term(catalog, 'tasks', r.task)} among its tasks")
    years_behind = int(newest[:4]) - int(m.released.date[:4])
    recency = max(0, 20 - 5 * years_behind)
    score += recency
    reasons.append(f"+{recency} released {m.released.date}" + (" (recent)" if recency >= 15 else ""))
    status = {"active": 10, "deprecated": -10, "superseded": -15}[m.status]
    score += status
    reasons.append(f"{status:+d} {m.status}" + (f", replaced by {catalog.models[m.successor].name}" if m.successor else ""))
    if r.commercial_use and m.license.commercial_use == "yes":
        score += 5
        reasons.append("+5 licence allows commercial use without conditions")
    elif r.commercial_use and m.license.commercial_use == "conditional":
        reasons.append(f"+0 commercial use with conditions: {m.license.user_threshold or m.license.name}")
    if r.latency == "interactive":
        tier = catalog.scale_tier(m)
        if tier and tier.id in SMALL_TIERS:
            score += 5
            reasons.append(f"+5 {tier.name.lower()}: quick to serve")
        elif {"cloud-api", "managed-cloud"} & set(m.deployment):
            score += 3
            reasons.append("+3 hosted API with streaming")
    if r.min_context and _context(m):
        reasons.append(f"+0 context window {_context(m):,} tokens")
    return max(0, min(100, score)), reasons


def choose(catalog: Catalog, r: Requirements, *, limit: int = 10) -> Decision:
    if r.deployment not in DEPLOYMENTS:
        raise ValueError(f"unknown deployment '{r.deployment}'; use one of {', '.join(DEPLOYMENTS)}")
    for vocabulary, value in (("tasks", r.task), ("modalities", r.input), ("modalities", r.output)):
        if value and value not in catalog.terms[vocabulary]:
            raise ValueError(f"unknown {vocabulary[:-1] if vocabulary == 'tasks' else 'modality'} '{value}'")
    newest = max(m.released.date for m in catalog.models.values())
    passed, excluded, near = {}, {}, []
    for m in catalog.models.values():
        failures = _failures(catalog, m, r)
        if failures:
            excluded[m.id] = [why for _, why in failures]
            if len(failures) == 1 and failures[0][0] not in ("task", "status"):
                near.append((m, failures[0]))
        else:
            passed[m.id] = _score(catalog, m, r, newest)
    # A model never ranks above the successor that replaced it, when both are on the list.
    for model_id in sorted(passed, key=lambda i: catalog.models[i].released.date, reverse=True):
        successor = catalog.models[model_id].successor
        if successor in passed and passed[model_id][0] >= passed[successor][0]:
            passed[model_id] = (passed[successor][0] - 1,
                                passed[model_id][1] + [f"ranked below its successor {catalog.models[successor].name}"])
    # Highest score first; among equal scores, the newer release (two stable sorts).
    ranked = sorted(passed.items(), key=lambda kv: catalog.models[kv[0]].released.date, reverse=True)
    ranked.sort(key=lambda kv: -kv[1][0])
    shortlist = [Pick(i, catalog.models[i].name, s, reasons, [src.url for src in catalog.models[i].sources[:2]])
                 for i, (s, reasons) in ranked[:limit]]
    near.sort(key=lambda item: item[0].released.date, reverse=True)
    near_misses = [{"id": m.id, "name": m.name, "ruled_out_by": requirement, "why": why,
                    "relax": f"relax '{requirement}' to include {m.name}"} for m, (requirement, why) in near[:5]]
    return Decision(r, shortlist, near_misses, excluded)
