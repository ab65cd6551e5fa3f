"""/choose/ in a real headless Chromium: the form by keyboard, the answers in the address, the
ranked shortlist and its record, and parity with `fieldguide choose` (the Python engine)."""

from __future__ import annotations

import random
import re
from dataclasses import fields, replace

import pytest

from fieldguide.catalog.loader import load_catalog
from fieldguide.views.choose import BUDGETS, DEPLOYMENTS, LATENCIES, Requirements, choose
from tests.conftest import ROOT
from tests.test_browser import wait_until
from tests.test_choose import SCENARIOS

SCENARIOS_FOR_LINKS = SCENARIOS[:6] + [("everything confirmed only", Requirements(
    task="chat", deployment="vendor-api", commercial_use=True, min_context=128_000, latency="interactive",
    budget="moderate", confirmed_only=True))]

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
PINNED = "https://fieldguide.example.org/2026.11/choose/"  # site_url in mkdocs.yml + version in pyproject.toml

# Everything the page shows, read once: ranked ids with scores and reasons, near misses, exclusions.
READ = """() => ({
  search: location.search,
  status: document.getElementById("choose-status").textContent,
  shortlist: Array.from(document.querySelectorAll("#choose-results li.fg-pick")).map(li => ({
    id: li.querySelector("a").getAttribute("href").split("/").slice(-2)[0],
    score: Number(li.querySelector(".fg-score").textContent.replace("score ", "")),
    reasons: Array.from(li.querySelectorAll(".fg-reasons > li")).map(r => r.textContent)})),
  near: Array.from(document.querySelectorAll(".fg-near-misses > li")).map(li => li.textContent),
  excluded: Array.from(document.querySelectorAll(".fg-excluded li")).map(li => li.textContent),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""
READY = "document.getElementById('choose-status').textContent.includes('models meet')"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "data")


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def tab(request, browser, site_url):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert not errors


def load(page, site_url, query: str = "") -> dict:
    page.goto(site_url + "choose/" + (f"?{query}" if query else ""))
    wait_until(page, READY)
    return page.evaluate(READ)


def expected(catalog, requirements: Requirements) -> dict:
    """What the Python engine (the CLI's) decides, in the page's shape."""
    decision = choose(catalog, requirements)
    return {
        "search": f"?{requirements.query()}" if requirements.query() else "",
        "shortlist": [{"id": p.id, "score": p.score, "reasons": p.reasons} for p in decision.shortlist],
        "near": [m["id"] for m in decision.near_misses],
        "excluded": [f"{catalog.models[i].name}: {'; '.join(reasons)}" for i, reasons in decision.excluded.items()],
    }


def shown(page: dict) -> dict:
    near = [re.search(r"relax it to get (.*)$", text).group(1) for text in page["near"]]
    return {"search": page["search"], "shortlist": page["shortlist"], "near": near, "excluded": page["excluded"]}


# ---- parity: the page and the CLI decide alike --------------------------------------------


def _combinations(catalog, count: int, seed: int = 13) -> list[Requirements]:
    """Answers around a random model (its task, sometimes its modalities), with every other
    answer drawn at random: most shortlists are non-empty and most rules are exercised."""
    rng = random.Random(seed)
    models = list(catalog.models.values())
    out = []
    for _ in range(count):
        m = rng.choice(models)
        out.append(Requirements(
            task=rng.choice(m.tasks.ids) if rng.random() < .8 else None,
            input=rng.choice(m.modalities.input) if rng.random() < .3 else None,
            output=rng.choice(m.modalities.output) if rng.random() < .3 else None,
            deployment=rng.choice(DEPLOYMENTS), open_weights=rng.random() < .25, commercial_use=rng.random() < .4,
            min_context=rng.choice([None, None, None, 8192, 32_768, 128_000, 200_000, 1_000_000]),
            latency=rng.choice(LATENCIES), budget=rng.choice(["any", "any", *BUDGETS]), confirmed_only=rng.random() < .4))
    return out


# The answers as a person gives them: every control set, then the form's input event.
ANSWER = """(answers) => {
  const form = document.querySelector("#choose-tool form");
  for (const [name, value] of Object.entries(answers)) {
    const control = form.elements[name];
    if (control.type === "checkbox") control.checked = value === "yes"; else control.value = value;
  }
  form.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def _form_values(requirements: Requirements) -> dict[str, str]:
    return {f.name.replace("_", "-"): "yes" if v is True else "" if v in (None, False) else str(v)
            for f in fields(requirements) for v in [getattr(requirements, f.name)]}


def test_page_and_cli_give_the_same_ranked_ids_scores_and_reasons(page, site_url, catalog):
    """About 150 answer sets through the page's form and through the engine: the same ranked
    ids, scores, reasons, near misses and exclusions, and the address the CLI would print."""
    cases = [s[1] for s in SCENARIOS] + _combinations(catalog, 100)
    cases += [replace(s[1], confirmed_only=True) for s in SCENARIOS]
    load(page, site_url)
    nonempty = 0
    for requirements in cases:
        page.evaluate(ANSWER, _form_values(requirements))
        want = expected(catalog, requirements)
        want["near"] = [catalog.models[i].name for i in want["near"]]  # the near-miss text offers the name back
        assert shown(page.evaluate(READ)) == want, requirements
        nonempty += bool(want["shortlist"])
    assert nonempty >= 90  # the sample exercises real rankings, not only empty lists


@pytest.mark.parametrize("requirements", [s[1] for s in SCENARIOS_FOR_LINKS], ids=[s[0] for s in SCENARIOS_FOR_LINKS])
def test_a_link_reproduces_the_cli_shortlist(page, site_url, catalog, requirements):
    want = expected(catalog, requirements)
    want["near"] = [catalog.models[i].name for i in want["near"]]
    assert shown(load(page, site_url, requirements.query())) == want


# ---- the form, the address and the shortlist ------------------------------------------------


def test_answer_by_keyboard_and_the_address_reproduces_the_shortlist(tab, site_url, catalog):
    load(tab, site_url)
    tab.focus("#choose-task")
    tab.keyboard.type("summ")  # a closed select picks the option whose label starts so
    walk = []
    for key in ("Tab", "Tab", "Tab", "ArrowDown", "Tab", "Tab", "Tab", "Space", "Tab", "Space"):
        tab.keyboard.press(key)
        walk.append(tab.evaluate("document.activeElement.name + '=' + document.activeElement.value"))
    assert walk == ["input=", "output=", "deployment=any", "deployment=self-hosted", "latency=batch", "budget=any",
                    "open-weights=yes", "open-weights=yes", "commercial-use=yes", "commercial-use=yes"]
    query = "task=summarization&deployment=self-hosted&open-weights=yes&commercial-use=yes"
    wait_until(tab, f"location.search === '?{query}'")
    first = tab.evaluate(READ)
    want = expected(catalog, Requirements(task="summarization", deployment="self-hosted", open_weights=True, commercial_use=True))
    assert first["shortlist"] == want["shortlist"] and len(first["shortlist"]) == 10
    assert re.fullmatch(r"\d+ of 258 models meet every answer; the 10 highest scores are ranked below\. .*", first["status"])
    tab.keyboard.press("Enter")  # submitting moves focus to the shortlist
    wait_until(tab, "document.activeElement.id === 'choose-shortlist'")

    tab.reload()
    wait_until(tab, READY)
    again = tab.evaluate(READ)
    assert again["shortlist"] == first["shortlist"] and again["search"] == f"?{query}"
    assert tab.locator("#choose-task").input_value() == "summarization"
    assert tab.locator("input[name=deployment][value=self-hosted]").is_checked()
    assert tab.locator("#choose-open-weights").is_checked() and not tab.locator("#choose-confirmed-only").is_checked()
    assert again["overflow"] <= 0

    tab.click("text=Clear answers")
    wait_until(tab, "location.search === ''")
    assert tab.locator("#choose-task").input_value() == "" and not tab.locator("#choose-open-weights").is_checked()


def test_unknown_answers_in_a_link_are_ignored_with_a_note(tab, site_url):
    page = load(tab, site_url, "task=smelling&deployment=self-hosted&residency=own-infra&min-context=lots&open-weights=maybe")
    note = tab.locator("#choose-ignored")
    assert note.is_visible()
    assert note.inner_text() == ("Ignored from this link, as no question here takes it: task=smelling, residency=own-infra, "
                                 "min-context=lots, open-weights=maybe.")
    assert page["search"] == "?deployment=self-hosted" and page["shortlist"]  # the address keeps what the page understood
    load(tab, site_url, "deployment=self-hosted")
    assert not tab.locator("#choose-ignored").is_visible()


def test_near_misses_say_which_answer_to_relax_and_link_to_it(tab, site_url):
    page = load(tab, site_url, "task=video-generation&open-weights=yes")
    assert len(page["near"]) == 5
    for text in page["near"]:
        assert re.fullmatch(r"(.+) is ruled out only by open weights \(weights are not downloadable\): relax it to get \1", text)
    relax = tab.locator(".fg-relax").first
    name = relax.inner_text().removeprefix("relax it to get ")
    relax.click()
    wait_until(tab, "location.search === '?task=video-generation'")
    wait_until(tab, READY)
    assert not tab.locator("#choose-open-weights").is_checked()
    assert not [text for text in tab.evaluate(READ)["excluded"] if text.startswith(name + ":")]  # it meets every answer now


def test_ruled_out_models_are_collapsed_with_their_reasons(tab, site_url):
    load(tab, site_url, "task=summarization&deployment=self-hosted&open-weights=yes")
    excluded = tab.locator(".fg-excluded")
    assert excluded.get_attribute("open") is None and not excluded.locator("li").first.is_visible()
    assert re.fullmatch(r"Ruled out: \d+ models, each with the reason", excluded.locator("summary").inner_text())
    excluded.locator("summary").click()
    assert "BERT: its sources do not name summarization as a task" in tab.evaluate(READ)["excluded"]
    assert excluded.locator("li").first.is_visible()
    assert tab.evaluate(READ)["overflow"] <= 0  # the long list of reasons wraps at 390 px too


# ---- the three wrong answers ----------------------------------------------------------


def test_contracts_on_premises_with_open_weights_give_no_encoders_code_models_or_llava(tab, site_url, catalog):
    page = load(tab, site_url, "task=summarization&deployment=self-hosted&open-weights=yes")
    ids = [p["id"] for p in page["shortlist"]]
    assert ids and not {"bert", "llava", "clip", "encodec"} & set(ids)
    assert all(catalog.models[i].tasks.ids[0] != "code-generation" for i in ids), ids


def test_interactive_product_images_do_not_keep_gemini_for_being_on_device(tab, site_url):
    page = load(tab, site_url, "task=image-generation&output=image&latency=interactive")
    assert page["shortlist"] and "gemini" not in [p["id"] for p in page["shortlist"]]
    reasons = [r for p in page["shortlist"] for r in p["reasons"]]
    assert not [r for r in reasons if "device" in r]
    assert any(r in ("+3 hosted API with streaming",) or r.endswith(": quick to serve") for r in reasons)


def test_speech_to_speech_does_not_return_encodec(tab, site_url):
    page = load(tab, site_url, "input=speech&output=speech")
    assert page["shortlist"] and "encodec" not in [p["id"] for p in page["shortlist"]]
    assert any(text.startswith("EnCodec: a neural codec") for text in page["excluded"])


# ---- the decision record ----------------------------------------------------------------------


def _record(tab) -> str:
    tab.click("#choose-copy")
    wait_until(tab, "document.getElementById('choose-status').textContent.startsWith('Copied')")
    return tab.evaluate("navigator.clipboard.readText()")


def test_decision_record_holds_answers_shortlist_sources_and_the_pinned_link(tab, site_url, catalog):
    query = "task=image-editing&commercial-use=yes&latency=interactive"
    load(tab, site_url, query)
    record = _record(tab)
    decision = choose(catalog, Requirements(task="image-editing", commercial_use=True, latency="interactive"))
    assert record.startswith("## Choosing a model: decision record\n\n**Question:** task: image editing; commercial use: yes; "
                             "latency: interactive. Every other question: no preference.\n")
    assert re.search(r"^Decided on \d{4}-\d\d-\d\d with the Generative Model Field Guide, release 2026\.11\.$", record, re.M)
    assert f"**Reproduce:** <{PINNED}?{query}>, or `fieldguide choose --task image-editing --commercial-use --latency interactive`" in record
    # Catalog text is escaped for Markdown: FLUX.1 Kontext [dev] cannot become a link.
    assert "1. **FLUX.1 Kontext \\[dev\\]** (flux-1-kontext-dev), score " in record
    for rank, pick in enumerate(decision.shortlist, start=1):
        assert re.search(rf"^{rank}\. \*\*.+\*\* \({pick.id}\), score {pick.score}$", record, re.M)
    assert ("- FLUX.1 Kontext \\[dev\\]: [black-forest-labs/flux commit 57ce405 \\(Kontext release\\)]"
            "(https://github.com/black-forest-labs/flux/commit/57ce405) (release date); [FLUX.1 Kontext \\[dev\\] model card]"
            "(https://github.com/black-forest-labs/flux/blob/main/model_cards/FLUX.1-kontext-dev.md) (tasks, parameter count)") in record
    sources = record.split("**Sources of the facts used:**\n\n")[1].split("\n\n")[0].splitlines()
    assert len(sources) == len(decision.shortlist)
    for line, pick in zip(sources, decision.shortlist, strict=True):
        assert line.count("](") == len(pick.sources) and all(s["url"] in line.replace("%28", "(").replace("%29", ")") for s in pick.sources)
        assert all(f"({', '.join(s['facts'])})" in line for s in pick.sources)


def test_decision_record_without_a_clipboard_appears_in_a_text_box(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page = context.new_page()
    load(page, site_url, "task=speech-recognition&deployment=self-hosted&confirmed-only=yes")
    page.click("#choose-copy")
    box = page.locator("#choose-record")
    box.wait_for()
    text = box.input_value()
    assert "**Question:** task: speech recognition; deployment: self-hosted; confirmed only: yes." in text
    assert f"<{PINNED}?task=speech-recognition&deployment=self-hosted&confirmed-only=yes>" in text
    assert page.evaluate("document.activeElement.id") == "choose-record"
    assert page.evaluate(READ)["overflow"] <= 0
    context.close()


def test_confirmed_only_switch_changes_the_answer_and_says_why(tab, site_url):
    load(tab, site_url, "task=chat&min-context=1000000")
    tab.locator("#choose-confirmed-only").check()
    wait_until(tab, "location.search.endsWith('&confirmed-only=yes')")
    page = tab.evaluate(READ)
    assert "gemini-2-5-flash" not in [p["id"] for p in page["shortlist"]]
    assert "Gemini 2.5 Flash: context window 1,048,576 tokens is estimated, not confirmed" in page["excluded"]
