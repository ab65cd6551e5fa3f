"""Selection v2 on the real catalog: realistic scenarios, and answers that must never appear."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fieldguide.catalog.loader import load_catalog
from fieldguide.views.choose import Requirements, choose
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "data")


ENCODERS_AND_CODECS = {"bert", "clip", "clip-vit-l-14", "encodec", "vit"}

# (scenario, requirements, at least one of these in the top 5, never in the shortlist)
SCENARIOS = [
    ("summarise contracts on-premises with open weights",
     Requirements(task="summarization", deployment="self-hosted", open_weights=True, commercial_use=True),
     {"granite-4-0", "llama-3-3", "llama-3-2", "phi-4-multimodal", "gemma-3n"},
     ENCODERS_AND_CODECS | {"llava", "code-llama", "claude-opus-5", "chatgpt"}),
    ("translate speech", Requirements(task="speech-translation"), {"seamless-m4t-v2", "gemma-3n", "phi-4-multimodal"},
     {"encodec", "audiocraft"}),
    ("product images, interactive", Requirements(task="image-generation", latency="interactive", output="image"),
     {"gpt-image-1-5", "flux-2", "flux-1-krea-dev", "stable-diffusion-3"}, {"gemini", "gemma-3n", "gpt-4o-mini"}),
    ("chat on a phone", Requirements(task="chat", deployment="on-device"), {"gemma-4", "ministral-3", "phi-4-mini", "gemma-3n"},
     {"gpt-4", "claude-opus-4", "llama-3-1"}),
    ("code assistant on our servers, commercial", Requirements(task="code-generation", deployment="self-hosted", commercial_use=True),
     {"qwen3-coder", "devstral-2", "minimax-m2", "deepseek-coder-v2"}, {"github-copilot", "codex-mini", "openai-codex"}),
    ("protein structure", Requirements(task="protein-structure"), {"alphafold-3", "alphafold", "esm3"}, {"gpt-5"}),
    ("music for a commercial product", Requirements(task="music-generation", commercial_use=True),
     {"eleven-music", "suno-app", "stable-audio-2"}, {"musicgen", "audiocraft", "magnet", "jasco"}),
    ("self-hosted text to speech", Requirements(task="text-to-speech", deployment="self-hosted"), {"kokoro-82m", "csm-1b"},
     {"elevenlabs-app", "gpt-4o-mini-tts", "eleven-flash-v2-5"}),
    ("transcribe calls on our servers", Requirements(task="speech-recognition", deployment="self-hosted"),
     {"whisper-large-v3-turbo", "whisper-large-v3"}, {"gpt-4o-transcribe", "scribe-v1"}),
    ("open video generation", Requirements(task="video-generation", open_weights=True), {"wan-2-2", "ltx-2", "hunyuanvideo"},
     {"sora-2", "veo-3", "runway-gen-4"}),
    ("a million-token context", Requirements(task="chat", min_context=1_000_000), {"gpt-4-1", "gemini-3-1-pro", "claude-opus-5"},
     {"gpt-4", "llama-3"}),
    ("hosted reasoning", Requirements(task="reasoning", deployment="vendor-api"), {"o3", "o4-mini", "gpt-oss-120b", "claude-opus-5"},
     ENCODERS_AND_CODECS),
    ("edit images", Requirements(task="image-editing"), {"flux-1-kontext-dev", "gpt-image-1-5", "flux-2"}, ENCODERS_AND_CODECS),
    ("search embeddings", Requirements(task="embedding"), {"clip", "clip-vit-l-14", "bert"}, {"gpt-5", "stable-diffusion"}),
    ("translation with open weights for a business", Requirements(task="translation", open_weights=True, commercial_use=True),
     {"qwen3-5", "llama-4-maverick", "command-a-plus", "gemma-3n"}, {"gpt-4o", "seamless-m4t-v2"}),
    ("3D assets", Requirements(task="3d-generation"), {"trellis-2", "hunyuan3d-2-1"}, {"stable-diffusion-xl"}),
    ("read scanned documents on-premises", Requirements(task="image-understanding", input="image", deployment="self-hosted"),
     {"qwen3-vl", "qwen2-5-vl", "llama-3-2-vision", "gemma-4"}, {"gpt-4v", "claude-opus-4", "gemini-2-5-pro"}),
]


@pytest.mark.parametrize("scenario, requirements, top, never", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenarios_rank_sensible_models_and_never_absurd_ones(catalog, scenario, requirements, top, never):
    decision = choose(catalog, requirements)
    ids = [p.id for p in decision.shortlist]
    assert ids, scenario
    assert top & set(ids[:5]), (scenario, ids)
    assert not never & set(ids), (scenario, never & set(ids))


@pytest.mark.parametrize("scenario, requirements, top, never", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_every_shortlisted_model_meets_every_requirement(catalog, scenario, requirements, top, never):
    decision = choose(catalog, requirements, limit=1000)
    for pick in decision.shortlist:
        m = catalog.models[pick.id]
        assert m.status != "retired"
        if requirements.task:
            assert requirements.task in m.tasks.ids
        if requirements.output:
            assert requirements.output in m.modalities.output
        if requirements.deployment == "self-hosted":
            assert m.kind != "product" and m.access in {"open-source", "open-weights-restricted"}
        if requirements.commercial_use:
            assert m.access != "research-only" and m.license.commercial_use != "no"
        assert pick.reasons and 0 <= pick.score <= 100
    scores = [p.score for p in decision.shortlist]
    assert scores == sorted(scores, reverse=True)
    rank = {p.id: i for i, p in enumerate(decision.shortlist)}
    for pick in decision.shortlist:  # never above the successor that replaced it
        successor = catalog.models[pick.id].successor
        if successor in rank:
            assert rank[successor] < rank[pick.id], (pick.id, successor)


def test_near_misses_name_the_one_requirement_to_relax(catalog):
    decision = choose(catalog, Requirements(task="video-generation", open_weights=True))
    misses = {m["id"]: m for m in decision.near_misses}
    assert "sora-2" in misses or "veo-3" in misses
    for miss in misses.values():
        assert miss["ruled_out_by"] == "open-weights" and miss["relax"].startswith("relax 'open-weights'")
        assert decision.excluded[miss["id"]] == [miss["why"]]


def test_unknown_answers_are_errors(catalog):
    with pytest.raises(ValueError):
        choose(catalog, Requirements(task="smelling"))
    with pytest.raises(ValueError):
        choose(catalog, Requirements(deployment="moon"))


def test_cli_json_holds_shortlist_near_misses_and_excluded():
    result = subprocess.run([sys.executable, "-m", "fieldguide.cli", "choose", "--task", "speech-translation",
                             "--deployment", "self-hosted", "--json"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"shortlist", "near_misses", "excluded"}
    assert data["shortlist"][0].keys() >= {"id", "score", "reasons"}
    assert "encodec" in data["excluded"] and all(p["id"] != "encodec" for p in data["shortlist"])
    usage = subprocess.run([sys.executable, "-m", "fieldguide.cli", "choose", "--task", "nope"], cwd=ROOT,
                           capture_output=True, text=True)
    assert usage.returncode == 2 and "unknown task 'nope'" in usage.stderr
