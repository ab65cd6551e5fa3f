"""Issue 3's coverage list: every family, model and product the source documents name."""

import pytest

from fieldguide.catalog.loader import load_catalog
from tests.conftest import ROOT

FAMILIES = [
    "transformer", "decoder-only-llm", "encoder-decoder", "encoder-only", "mixture-of-experts",
    "vision-transformer", "multimodal-fusion", "autoregressive", "diffusion", "latent-diffusion",
    "diffusion-transformer", "gan", "vae", "normalizing-flow", "energy-based", "neuro-symbolic",
]

MODELS = [
    "gpt-3", "gpt-4", "gpt-4v", "gpt-5", "chatgpt", "openai-codex", "github-copilot", "dall-e-2",
    "dall-e-3", "sora", "whisper", "clip", "bert", "t5", "bart", "vit", "imagen", "gemini",
    "gemini-1-5-pro", "flamingo", "musiclm", "alphafold", "llama-2", "llama-3", "code-llama",
    "audiocraft", "musicgen", "audiogen", "encodec", "claude-3-opus", "claude-3-sonnet",
    "claude-3-haiku", "claude-3-5-sonnet", "mistral-7b", "mixtral-8x7b", "mistral-large", "falcon",
    "qwen", "vicuna", "llava", "stable-diffusion", "stable-diffusion-xl", "stable-diffusion-3",
    "stablecode", "midjourney-app", "amazon-codewhisperer", "amazon-q-developer", "elevenlabs-app", "suno-app",
    "audioldm", "runway-gen-2", "modelscope-text-to-video", "stylegan", "stylegan2", "dcgan",
    "cyclegan", "wgan", "pix2pix", "pixelrnn", "pixelcnn", "realnvp", "glow",
]

PRODUCTS = ["chatgpt", "github-copilot", "midjourney-app", "elevenlabs-app", "suno-app", "amazon-codewhisperer", "amazon-q-developer"]

GUIDES = ["generative-vs-discriminative", "lifecycle", "production-layers", "risks", "use-case-patterns",
          "open-vs-closed", "emerging-directions", "selection-framework"]

GLOSSARY_TERMS = ["RLHF", "DPO", "MoE", "GQA", "LoRA", "RAG", "quantization", "distillation", "KV cache", "FID", "WER", "MOS"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "data")


def test_every_named_family_exists(catalog):
    assert [f for f in FAMILIES if f not in catalog.families] == []


def test_every_named_model_and_product_exists(catalog):
    assert [m for m in MODELS if m not in catalog.models] == []


def test_products_are_marked_and_linked_to_their_models(catalog):
    assert [p for p in PRODUCTS if catalog.models[p].kind != "product"] == []
    unlinked = [p for p in PRODUCTS if not catalog.models[p].powered_by and catalog.models[p].families]
    assert unlinked == []


def test_every_entry_has_sources_and_a_verification_date(catalog):
    for group in (catalog.models, catalog.families, catalog.organizations, catalog.guides):
        for entry in group.values():
            assert entry.sources and entry.last_verified, entry.id


def test_known_seed_errors_are_corrected(catalog):
    gpt4 = catalog.models["gpt-4"].parameters
    assert gpt4.value == "undisclosed" and all(e.confidence == "speculative" for e in gpt4.estimates)
    mixtral = catalog.models["mixtral-8x7b"].parameters
    assert 45 < mixtral.value < 48 and 12 < mixtral.active < 14
    assert catalog.models["amazon-codewhisperer"].successor == "amazon-q-developer"
    for claude in ("claude-3-opus", "claude-3-sonnet", "claude-3-haiku"):
        assert catalog.models[claude].parameters.value == "undisclosed"
        assert catalog.scale_tier(catalog.models[claude]).id == "undisclosed"


def test_concepts_glossary_and_timeline_exist(catalog):
    assert [g for g in GUIDES if g not in catalog.guides] == []
    names = {t.term for t in catalog.glossary.terms} | {a for t in catalog.glossary.terms for a in t.aliases}
    assert [t for t in GLOSSARY_TERMS if t not in names and t.lower() not in {n.lower() for n in names}] == []
    dates = sorted(m.date for m in catalog.timeline.milestones)
    assert dates[0] <= "2014-06" and len(dates) >= 25


# ---- catalog v2 (issue 12) ---------------------------------------------------------------

LABS = ["openai", "anthropic", "google-deepmind", "meta", "microsoft", "amazon", "mistral-ai", "cohere", "xai",
        "deepseek", "alibaba", "moonshot-ai", "zhipu-ai", "minimax", "nvidia", "ibm", "ai21-labs", "tii",
        "black-forest-labs", "stability-ai", "runway", "kuaishou", "elevenlabs", "suno", "midjourney"]
NAMED_RELEASES = ["gpt-4-1", "o3", "o4-mini", "gpt-oss-120b", "gpt-oss-20b", "claude-3-7-sonnet", "claude-opus-4",
                  "claude-sonnet-4", "claude-sonnet-4-5", "gemini-2-5-pro", "gemini-3-pro", "llama-4-scout",
                  "llama-4-maverick", "deepseek-v3", "deepseek-r1", "kimi-k2", "grok-4", "flux-1", "veo-3"]


def test_catalog_v2_is_large_and_current(catalog):
    assert len(catalog.models) >= 180
    assert [r for r in NAMED_RELEASES if r not in catalog.models] == []
    assert max(m.released.date for m in catalog.models.values()) >= "2026-06"


def test_every_major_lab_has_a_current_entry(catalog):
    current = {m.organization for m in catalog.models.values() if m.status == "active"}
    assert [lab for lab in LABS if lab not in current] == []


def test_every_task_has_a_model_and_every_model_a_task(catalog):
    used = {t for m in catalog.models.values() for t in m.tasks.ids}
    assert [t for t in catalog.terms["tasks"] if t not in used] == []
    assert all(m.tasks.ids for m in catalog.models.values())


def test_every_organization_has_an_entry(catalog):
    assert [o for o in catalog.organizations if not catalog.models_of(o)] == []


def test_blended_entries_describe_one_release(catalog):
    llama3 = catalog.models["llama-3"]
    assert llama3.released.date.startswith("2024-04") and llama3.parameters.value < 100
    assert llama3.limits.context_tokens.value == 8192
    assert catalog.models["qwen"].released.date.startswith("2023")
    assert catalog.models["qwen"].parameters is None or catalog.models["qwen"].parameters.value < 100
    assert catalog.models["mistral-large"].access == "closed-api"
    for entry in ("imagen", "dall-e-2"):
        p = catalog.models[entry].parameters
        assert p is None or p.value == "undisclosed" or p.confidence != "confirmed" or p.derived is False


def test_every_release_in_a_series_is_linked_from_each_other(built_site, catalog):
    from bs4 import BeautifulSoup

    for model in catalog.models.values():
        if not model.series:
            continue
        page = BeautifulSoup((built_site / "models" / model.id / "index.html").read_text(), "html.parser")
        row = next(tr for tr in page.find(class_="fg-facts").find_all("tr") if tr.th.get_text() == "Series")
        linked = {a["href"].split("/")[-2] for a in row.find_all("a")}
        assert linked == {m.id for m in catalog.series(model.series)} - {model.id}, model.id
