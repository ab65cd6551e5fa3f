"""The catalog schema: the one source of truth for what a data file may contain.

The JSON Schema files under docs/schema/ are generated from these models
(`make schema`), and a test fails when the committed copies drift.
Rules that involve other fields or other files (cross-references, status and
successor, cited sources, ...) are checked by catalog.py; here each value is
checked on its own.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from fieldguide.catalog import mdsubset

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # JSON Schema (ECMA) syntax: there `$` never matches before a newline
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# Ids become directory names and URL segments: never a name Windows cannot check out, nor
# a page the site already has under the same section.
RESERVED_IDS = frozenset(
    {"con", "prn", "aux", "nul", "clock$"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
    | {"index", "404", "api", "assets", "search", "schema", "tables", "tags", "feed", "llms", "sitemap", "versions"}
)
# The oldest date a catalog fact may carry (the field's history starts in the 1940s).
EARLIEST_DATE = dt.date(1940, 1, 1)
# Parameter counts in billions: from one million (0.001) to a hundred trillion.
MIN_BILLIONS, MAX_BILLIONS = 0.001, 100_000
MAX_CONTEXT_TOKENS = 100_000_000
_TODO = re.compile(r"\bTODO\b")


def _fail(message: str):
    raise PydanticCustomError("fieldguide", message)


# ---- scalar types --------------------------------------------------------------


def _check_id(value: str) -> str:
    if _TODO.search(value):
        _fail("still contains a TODO marker; replace it with real content")
    if not _ID.match(value):
        _fail("must be lowercase letters and digits in words joined by single hyphens (e.g. 'llama-3')")
    return value


def _check_entry_id(value: str) -> str:
    """An entry's id is also a directory name and a URL segment."""
    if value in RESERVED_IDS:
        _fail(f"'{value}' is reserved (a site page or a file name Windows cannot use); choose another id")
    return value


def _check_todo(value: str) -> str:
    if _TODO.search(value):
        _fail("still contains a TODO marker; replace it with real content")
    return value


def _check_plain(value: str) -> str:
    """One line of plain text: escaped for wherever it lands (escape.py), never parsed as
    Markdown or HTML, so '<', '&' and quotes are fine and show as typed."""
    if not value.strip():
        _fail("must not be empty")
    if "\n" in value.strip():
        _fail("must be a single line")
    return _check_todo(value.strip())


def _check_markdown(value: str) -> str:
    if not value.strip():
        _fail("must not be empty")
    found = mdsubset.problems(value)
    if found:
        line, col, message = found[0]
        raise PydanticCustomError("fieldguide", message, {"line": line, "col": col})
    return _check_todo(value)


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value):
        _fail("must be a web address starting with http:// or https://")
    return value


def _check_date(value: object) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if date < EARLIEST_DATE:
                _fail(f"must not be before {EARLIEST_DATE.isoformat()}")
            return date
    _fail("must be a date in YYYY-MM-DD format")


def _check_month_or_day(value: object) -> str:
    """Release dates are often known only to the month."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        try:
            date = dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
        except ValueError:
            pass
        else:
            if date < EARLIEST_DATE:
                _fail(f"must not be before {EARLIEST_DATE.isoformat()[:7]}")
            return value
    _fail("must be a date in YYYY-MM-DD or YYYY-MM format")


def _check_billions(value: object) -> float | str:
    if value == "undisclosed":
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if MIN_BILLIONS <= value <= MAX_BILLIONS:
            return float(value)
        _fail(f"must be between {MIN_BILLIONS} and {MAX_BILLIONS:,} (billions of parameters: 1 million to 100 trillion)")
    _fail("must be a number of billions of parameters, or 'undisclosed'")


Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]


@dataclass(frozen=True)
class Ref:
    """Declares what an id field points to; one generic walker (loader.py) checks them all.

    target: "organization", "family", "model", "entry" (a model or a family), or
    "vocabulary" (a term of `vocabulary` in data/dimensions.yaml). A field that classifies
    models names its taxonomy `dimension` (the /taxonomy/<dimension>/ page), with the
    page's `title` and a one-line `blurb`.
    """

    target: str
    vocabulary: str | None = None
    dimension: str | None = None
    title: str = ""
    blurb: str = ""
    order: int = 100  # position on /taxonomy/


def ref(target: str, vocabulary: str | None = None, **dimension):
    """An id field that points to another entry or to a vocabulary term."""
    what = f"a term of '{vocabulary}' in data/dimensions.yaml" if vocabulary else f"the id of a {target}"
    return Annotated[str, AfterValidator(_check_id), Ref(target, vocabulary, **dimension),
                     WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "description": what,
                                     "x-ref": vocabulary or target})]


OrganizationRef = ref("organization")
FamilyRef = ref("family")
ModelRef = ref("model")
EntryRef = ref("entry")
ModalityRef = ref("vocabulary", "modalities")
EntryId = Annotated[str, AfterValidator(_check_id), AfterValidator(_check_entry_id),
                    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "not": {"enum": sorted(RESERVED_IDS)}})]
# The two kinds of catalog text, declared here once and published in the JSON Schemas as
# "x-text": every text field is one or the other (ids, URLs and dates are not text).
_PLAIN = {"x-text": "plain"}
_MARKDOWN = {"x-text": "markdown"}
PlainText = Annotated[str, AfterValidator(_check_plain), Field(min_length=1, max_length=200, json_schema_extra=_PLAIN)]
LongText = Annotated[str, AfterValidator(_check_plain), Field(min_length=1, max_length=400, json_schema_extra=_PLAIN)]
Summary = Annotated[str, AfterValidator(_check_plain), Field(min_length=10, max_length=240, json_schema_extra=_PLAIN)]
Markdown = Annotated[str, AfterValidator(_check_markdown), Field(min_length=1, max_length=20000, json_schema_extra=_MARKDOWN)]
Url = Annotated[str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": r"^https?://\S+$"})]
Date = Annotated[
    dt.date,
    PlainValidator(_check_date),
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"}),
]
MonthOrDay = Annotated[
    str,
    PlainValidator(_check_month_or_day),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$", "description": "YYYY-MM-DD or YYYY-MM"}),
]
Billions = Annotated[
    float | str,
    PlainValidator(_check_billions),
    WithJsonSchema(
        {
            "description": "Billions of parameters, or 'undisclosed'",
            "anyOf": [{"type": "number", "minimum": MIN_BILLIONS, "maximum": MAX_BILLIONS}, {"const": "undisclosed"}],
        }
    ),
]
Confidence = Literal["confirmed", "estimated", "speculative"]


class Strict(BaseModel):
    """Unknown keys are errors, values are never coerced, entries are immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# ---- shared parts ----------------------------------------------------------------


class Source(Strict):
    id: Id = Field(description="Short handle that facts use to cite this source, e.g. 'model-card'")
    title: PlainText = Field(description="The source's own title")
    url: Url = Field(description="Where the source can be read (http or https)")
    publisher: PlainText | None = Field(default=None, description="Who published it, e.g. 'Meta' or 'arXiv'")
    published: MonthOrDay | None = Field(default=None, description="When the source itself was published (YYYY-MM or YYYY-MM-DD), if stated")
    accessed: Date = Field(description="When we read it")


class Sourced(Strict):
    """A fact with the source it comes from and how sure we are of it."""

    source: Id = Field(description="The id of an entry in this file's `sources`")
    confidence: Confidence = Field(default="confirmed", description="confirmed (a primary source states it), estimated, or speculative")
    derived: bool = Field(default=False, description="true when the catalog computed the value (a sum, a component's size): never 'confirmed'")
    note: PlainText | None = None


EventKind = Literal["announcement", "paper", "weights", "api", "product", "preview", "update", "deprecation", "retirement"]


class Released(Sourced):
    date: MonthOrDay
    event: EventKind = Field(default="announcement", description="What happened on this date: the release the entry describes")


class Event(Sourced):
    """Another dated event of the same release: the paper, the weights, an API launch, an updated checkpoint."""

    date: MonthOrDay
    event: EventKind
    what: PlainText | None = Field(default=None, description="One line, e.g. 'weights on Hugging Face' or 'retired from the API'")


class Limit(Sourced):
    value: int = Field(gt=0, le=MAX_CONTEXT_TOKENS, description="Tokens")
    stated: PlainText | None = Field(default=None, description="As the vendor states it, e.g. '128K' or '1M'")


class Cutoff(Sourced):
    value: MonthOrDay = Field(description="Knowledge cut-off, YYYY-MM or YYYY-MM-DD")


class Limits(Strict):
    """Limits as published (only what a source states)."""

    context_tokens: Limit | None = None
    max_output_tokens: Limit | None = None
    knowledge_cutoff: Cutoff | None = None


class Tasks(Sourced):
    """What the release is used for, from the controlled vocabulary, with the source that says so."""

    ids: tuple[ref("vocabulary", "tasks", dimension="task", order=3, title="Task",
                   blurb="What a model is used for"), ...] = Field(min_length=1)


class Relation(Sourced):
    """A link to another release: in the catalog (target) or not yet (name)."""

    type: Literal["base-model", "fine-tune-of", "distilled-from", "teacher-of", "sibling", "predecessor", "variant-of"]
    target: ModelRef | None = Field(default=None, description="A model id in the catalog")
    name: PlainText | None = Field(default=None, description="The release's name when it has no entry yet")


class Estimate(Sourced):
    value: float = Field(ge=MIN_BILLIONS, le=MAX_BILLIONS, description="Billions of parameters")
    confidence: Literal["estimated", "speculative"]


class Parameters(Sourced):
    value: Billions = Field(description="Total parameters in billions, or 'undisclosed'")
    active: float | None = Field(default=None, ge=MIN_BILLIONS, le=MAX_BILLIONS, description="Billions active per token (mixture-of-experts)")
    estimates: tuple[Estimate, ...] = Field(default=(), description="Outside estimates of an undisclosed count")




class License(Strict):
    name: PlainText = Field(description="e.g. 'Apache-2.0', 'Llama 3 Community License', 'Proprietary'")
    url: Url | None = Field(default=None, description="Link to the licence text")
    source: Id | None = None
    confidence: Confidence = "confirmed"
    commercial_use: Literal["yes", "no", "conditional"] | None = Field(default=None, description="May the model (or its output) be used commercially?")
    user_threshold: PlainText | None = Field(default=None, description="e.g. '700M monthly active users need a separate licence'")
    revenue_threshold: PlainText | None = None
    attribution: PlainText | None = Field(default=None, description="What must be shown, e.g. 'Built with Llama'")
    derivative_naming: PlainText | None = Field(default=None, description="Rules for naming derived models")
    acceptable_use_policy: Url | None = None
    output_restrictions: PlainText | None = Field(default=None, description="e.g. 'outputs may not be used to improve other models'")


class FineTuning(Strict):
    supported: bool = Field(description="Can users adapt the weights themselves or through the vendor?")
    how: Markdown | None = None
    source: Id | None = None


class ModelVariant(Strict):
    """One size or tier of a release (e.g. FLUX.1 [dev] beside [pro]), with its own facts."""

    name: PlainText
    parameters: Parameters | None = None
    access: ref("vocabulary", "access_levels") | None = None
    license: License | None = None
    limits: Limits | None = Field(default=None, description="Input context, maximum output and knowledge cut-off, as published")
    summary: PlainText | None = None
    source: Id


class Modalities(Strict):
    input: tuple[ref("vocabulary", "modalities", dimension="modality", order=1, title="Modality", blurb="Input and output data types"), ...] = Field(min_length=1)
    output: tuple[ref("vocabulary", "modalities", dimension="modality", order=1, title="Modality", blurb="Input and output data types"), ...] = Field(min_length=1)


class Variant(Strict):
    name: PlainText
    summary: PlainText
    source: Id | None = None


class Trait(Strict):
    rating: Literal["low", "medium", "high"]
    why: PlainText = Field(description="One line that justifies the rating")
    source: Id | None = None


class Traits(Strict):
    training_stability: Trait
    sample_quality: Trait
    sampling_speed: Trait
    exact_likelihood: Trait
    data_needs: Trait
    interpretability: Trait


class Entry(Strict):
    id: EntryId = Field(description="The file name and URL slug; never changes meaning")
    previous_ids: tuple[EntryId, ...] = Field(default=(), description="Old ids that must keep working as redirects")
    name: PlainText = Field(description="The name readers know it by")
    summary: Summary = Field(description="One line, used in tables, search results and the page's meta description")
    description: Markdown = Field(description="A few paragraphs in catalog Markdown, in our own words")
    sources: tuple[Source, ...] = Field(min_length=1, description="Everything the entry's facts cite, by id")
    last_verified: Date = Field(description="The day the facts were last checked against their sources")



# ---- the three kinds of entry ---------------------------------------------------


class Organization(Entry):
    kind: Literal["company", "research-lab", "non-profit", "university", "community"]
    homepage: Url
    headquarters: PlainText | None = None
    founded: int | None = Field(default=None, ge=1800, le=2100, description="Year")


class Family(Entry):
    other_names: tuple[PlainText, ...] = ()
    parent: FamilyRef | None = Field(default=None, description="The broader family this one belongs to")
    introduced: Released | None = None
    mechanism: Markdown
    training_objective: Markdown
    sampling: Markdown = Field(description="How new samples are generated")
    strengths: tuple[PlainText, ...] = Field(min_length=1)
    limitations: tuple[PlainText, ...] = Field(min_length=1)
    modalities: tuple[ModalityRef, ...] = Field(min_length=1)
    variants: tuple[Variant, ...] = ()
    applications: tuple[PlainText, ...] = Field(min_length=1)
    traits: Traits
    pseudocode: str = Field(min_length=1, max_length=4000, json_schema_extra=_PLAIN,
                            description="Our own sketch; plain text shown as a highlighted code block")


class Model(Entry):
    aliases: tuple[PlainText, ...] = Field(default=(), description="Other names and API ids, found by search")
    kind: Literal["model", "model-family", "product"] = Field(description="A model release, a family of models, or a product (app or service)")
    organization: OrganizationRef = Field(description="Who made or sells it")
    released: Released = Field(description="The date of the one release this entry describes, and what happened then")
    status: Literal["active", "deprecated", "superseded", "retired"] = Field(
        description="active; deprecated (still offered, being phased out); superseded (a successor replaces it); retired (no longer offered)")
    successor: ModelRef | None = None
    access: ref("vocabulary", "access_levels", dimension="access", order=4, title="Access",
                blurb="How you can obtain and run a model") = Field(description="An access level from data/dimensions.yaml")
    license: License = Field(description="The licence or terms of the release, with its conditions")
    modalities: Modalities = Field(description="What it accepts and what it produces")
    families: tuple[ref("family", dimension="architecture", order=2, title="Architecture family", blurb="How a model generates"), ...] = Field(default=(), description="Architecture families, primary first; leave empty when the design is undisclosed (and say so in 'architecture')")
    architecture: Markdown | None = Field(default=None, description="How it is built, as far as published")
    parameters: Parameters | None = Field(default=None, description="Total (and active) parameters in billions, or 'undisclosed'")
    limits: Limits | None = Field(default=None, description="Input context, maximum output and knowledge cut-off, as published")
    tasks: Tasks = Field(description="What the release is used for, from the task vocabulary, with its source")
    events: tuple[Event, ...] = Field(default=(), description="Other dated events of this release")
    relations: tuple[Relation, ...] = Field(default=(), description="Links to other releases: base model, sibling, distilled from ...")
    variants: tuple[ModelVariant, ...] = Field(default=(), description="Sizes or tiers of this release, each with its own facts")
    series: Id | None = Field(default=None, description="The model line this release belongs to, e.g. 'llama' or 'claude'")
    training_data: Markdown | None = Field(default=None, description="What it was trained on, as published")
    alignment: tuple[PlainText, ...] = Field(default=(), description="Alignment and fine-tuning methods used")
    capabilities: tuple[ref("vocabulary", "capabilities", dimension="capability", order=6, title="Capability",
                            blurb="What a model can do"), ...] = Field(min_length=1)
    specializations: tuple[ref("vocabulary", "specializations", dimension="specialization", order=5, title="Specialization",
                               blurb="The domain a model is built for"), ...] = Field(min_length=1)
    use_cases: tuple[PlainText, ...] = Field(min_length=1, description="Typical uses, one line each")
    fine_tuning: FineTuning = Field(description="Whether and how users can adapt it")
    deployment: tuple[ref("vocabulary", "deployment_options", dimension="deployment", order=7, title="Deployment",
                          blurb="Where a model can run"), ...] = Field(min_length=1)
    base_models: tuple[ModelRef, ...] = Field(default=(), description="Models this one was built from")
    powered_by: tuple[ModelRef, ...] = Field(default=(), description="For products: the models behind them")



class Point(Strict):
    name: PlainText
    text: Markdown
    source: Id | None = None


class Section(Strict):
    id: Id = Field(description="Fixed anchor for the section; never change it once published")
    title: PlainText
    body: Markdown
    points: tuple[Point, ...] = Field(default=(), description="Optional named items, e.g. a risk's mitigations")


class Guide(Entry):
    """A concept page: prose in sections with fixed anchors (e.g. risks and mitigations)."""

    order: int = Field(ge=0, le=10_000, description="Position in the Concepts section")
    sections: tuple[Section, ...] = Field(min_length=1)
    related_families: tuple[FamilyRef, ...] = ()
    related_models: tuple[ModelRef, ...] = ()


class ComparisonColumn(Strict):
    id: Id
    title: PlainText


class ComparisonRow(Strict):
    cells: dict[str, LongText] = Field(description="Column id -> cell text; every column needs a cell")
    entries: tuple[EntryRef, ...] = Field(default=(), description="Model or family ids the row is about")
    source: Id


class Comparison(Entry):
    """A hand-curated comparison table for ideas that are not catalog entries."""

    order: int = Field(ge=0, le=10_000, description="Position on the /compare/ page")
    group: Id = Field(default="concepts", description="The group of tables on /compare/ it is shown with, e.g. 'concepts' or 'open-vs-closed'")
    columns: tuple[ComparisonColumn, ...] = Field(min_length=2)
    rows: tuple[ComparisonRow, ...] = Field(min_length=1)


class GlossaryTerm(Strict):
    id: Id
    term: PlainText
    expansion: PlainText | None = Field(default=None, description="What an abbreviation stands for")
    aliases: tuple[PlainText, ...] = Field(default=(), description="Other spellings that should link here")
    definition: Markdown
    source: Id | None = None


class Milestone(Strict):
    date: MonthOrDay
    title: PlainText
    summary: LongText
    entries: tuple[EntryRef, ...] = Field(default=(), description="Model or family ids this milestone is about")
    source: Id


class Reference(Strict):
    """Glossary and timeline: one file each, with shared sources."""

    sources: tuple[Source, ...] = Field(min_length=1)
    last_verified: Date


class Glossary(Reference):
    terms: tuple[GlossaryTerm, ...] = Field(min_length=1)


class Timeline(Reference):
    milestones: tuple[Milestone, ...] = Field(min_length=1)


# ---- controlled vocabularies ------------------------------------------------------


class Term(Strict):
    id: Id
    name: PlainText
    definition: LongText


class CapabilityTerm(Term):
    modality: ModalityRef = Field(description="The output modality this capability belongs to")


class ScaleTier(Term):
    min_billions: float = Field(ge=0, le=MAX_BILLIONS)
    max_billions: float | None = Field(default=None, gt=0, le=MAX_BILLIONS)


class Dimensions(Strict):
    """The controlled vocabularies. Besides the named ones, any other key is a vocabulary of
    plain terms: a new taxonomy dimension needs only its list here, one model field declared
    with ref("vocabulary", "<key>", dimension=...) and one page under docs/taxonomy/."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    __pydantic_extra__: dict[str, tuple[Term, ...]] = Field(init=False)

    modalities: tuple[Term, ...] = Field(min_length=1)
    access_levels: tuple[Term, ...] = Field(min_length=1, description="From most closed to most open")
    scale_tiers: tuple[ScaleTier, ...] = Field(min_length=1)
    scale_caveat: LongText
    specializations: tuple[Term, ...] = Field(min_length=1)
    capabilities: tuple[CapabilityTerm, ...] = Field(min_length=1)
    deployment_options: tuple[Term, ...] = Field(min_length=1)
    traits: tuple[Term, ...] = Field(min_length=6, description="Meaning of each family trait")


def vocabularies(dimensions: Dimensions) -> dict[str, tuple]:
    """Every vocabulary by name: the named fields and any extra ones."""
    named = {name: getattr(dimensions, name) for name, info in Dimensions.model_fields.items()
             if typing.get_origin(info.annotation) is tuple}
    return {**named, **(dimensions.__pydantic_extra__ or {})}


def _ref_of(annotation: Any, metadata: list) -> Ref | None:
    """The Ref declared on a field: on the field itself, inside Optional, or on a tuple's items."""
    for item in metadata:
        if isinstance(item, Ref):
            return item
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _ref_of(None, list(typing.get_args(annotation)[1:]))
    for arg in typing.get_args(annotation):
        if arg is not type(None) and arg is not Ellipsis:
            found = _ref_of(arg, [])
            if found:
                return found
    return None


def references(model: type[BaseModel]) -> dict[str, Ref]:
    """Field name -> Ref for the fields of one schema model that point somewhere."""
    out = {}
    for name, info in model.model_fields.items():
        found = _ref_of(info.annotation, list(info.metadata))
        if found:
            out[name] = found
    return out


def classifying_fields() -> dict[str, list[tuple[tuple[str, ...], Ref]]]:
    """Taxonomy dimension -> the model fields (paths) that classify models along it."""
    out: dict[str, list] = {}

    def walk(model: type[BaseModel], path: tuple[str, ...]) -> None:
        found = references(model)
        for name, info in model.model_fields.items():
            if name in found and found[name].dimension:
                out.setdefault(found[name].dimension, []).append((path + (name,), found[name]))
            inner = info.annotation
            for candidate in (inner, *typing.get_args(inner)):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    walk(candidate, path + (name,))

    walk(KINDS["model"], ())
    return dict(sorted(out.items(), key=lambda item: item[1][0][1].order))


def text_fields(kind: str) -> dict[str, str]:
    """Field path ('sources[].title') -> 'plain' or 'markdown', for every text field of a kind."""
    document = KINDS[kind].model_json_schema()
    definitions = document.get("$defs", {})
    found: dict[str, str] = {}

    def walk(node: dict, path: str) -> None:
        if "$ref" in node:
            return walk(definitions[node["$ref"].rsplit("/", 1)[-1]], path)
        if "x-text" in node:
            found[path] = node["x-text"]
        for option in node.get("anyOf", ()):
            walk(option, path)
        if "items" in node:
            walk(node["items"], path + "[]")
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], path + ".*")
        for name, child in node.get("properties", {}).items():
            walk(child, f"{path}.{name}" if path else name)

    walk(document, "")
    return dict(sorted(found.items()))


KINDS: dict[str, type[Strict]] = {
    "model": Model,
    "family": Family,
    "organization": Organization,
    "dimensions": Dimensions,
    "guide": Guide,
    "comparison": Comparison,
    "glossary": Glossary,
    "timeline": Timeline,
}


# Descriptions for properties that declare none above, by property name (or "Definition.property"),
# added to the published JSON Schemas so an editor explains every field.
FIELD_HELP = {
    "source": "The id of an entry in this file's `sources` that states this",
    "note": "One line of context, e.g. which snapshot or size a figure belongs to",
    "confidence": "confirmed (a primary source states it), estimated, or speculative",
    "id": "A lowercase id: letters and digits in words joined by hyphens",
    "name": "The name readers know it by",
    "title": "A short title",
    "definition": "What the term means, in one or two plain sentences",
    "summary": "One plain line",
    "sources": "The documents this file's facts cite, each with an id",
    "capabilities": "Capability ids from data/dimensions.yaml",
    "deployment": "Where it can be used: deployment option ids from data/dimensions.yaml",
    "specializations": "Specialization ids from data/dimensions.yaml",
    "successor": "The model id of the release that replaced it (with status superseded, deprecated or retired)",
    "modalities": "Modality ids from data/dimensions.yaml",
    "input": "Modality ids the model accepts",
    "output": "Modality ids the model produces",
    "ids": "Task ids from data/dimensions.yaml",
    "event": "What happened: announcement, paper, weights, api, product, preview, update, deprecation or retirement",
    "type": "How the two releases relate",
    "access": "An access level from data/dimensions.yaml",
    "license": "The licence of this variant, if it differs",
    "parameters": "Parameters in billions, with source and confidence",
    "how": "How users can adapt it (Markdown)",
    "context_tokens": "The input context window, in tokens, as the vendor states it",
    "max_output_tokens": "The most tokens one response may hold",
    "knowledge_cutoff": "The date its training data ends",
    "acceptable_use_policy": "Link to the acceptable-use policy the licence binds users to",
    "revenue_threshold": "A revenue limit above which other terms apply",
    "applications": "Typical applications, one line each",
    "strengths": "What the family is good at, one line each",
    "limitations": "Its known weaknesses, one line each",
    "mechanism": "How the family works (Markdown)",
    "training_objective": "What it is trained to do (Markdown)",
    "introduced": "When the family was introduced, with its source",
    "other_names": "Other names for the family",
    "traits": "Ratings of the six family traits, each justified and sourced",
    "variants": "Notable variants of the family",
    "rating": "low, medium or high",
    "why": "One line that justifies the rating",
    "terms": "The glossary's terms",
    "term": "The term as readers write it",
    "related_families": "Family ids this guide is about",
    "related_models": "Model ids this guide is about",
    "sections": "The guide's sections, each with a fixed anchor",
    "body": "The section's text (Markdown)",
    "text": "The point's text (Markdown)",
    "columns": "The table's columns",
    "rows": "The table's rows",
    "milestones": "The milestones, in date order",
    "headquarters": "City and country",
    "homepage": "The organization's web site",
    "kind": "What kind of organization it is",
    "scale_caveat": "Why parameter counts are only a rough guide",
    "scale_tiers": "Size tiers by parameter count",
    "min_billions": "Lower bound of the tier, in billions",
    "max_billions": "Upper bound of the tier, in billions (none for the top tier)",
    "deployment_options": "Where a model can be used",
    "data_needs": "How much training data the family needs",
    "exact_likelihood": "Whether the family gives exact likelihoods",
    "interpretability": "How easy it is to inspect or control",
    "sample_quality": "How good its samples are",
    "sampling_speed": "How fast it generates",
    "training_stability": "How reliably it trains",
    "format_version": "The export format's version",
    "dimensions": "The controlled vocabularies",
    "families": "Every architecture family",
    "models": "Every model and product",
    "organizations": "Every organization",
    "guides": "Every concept guide",
    "glossary": "The glossary",
    "timeline": "The timeline",
}
