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
