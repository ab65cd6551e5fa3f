"""Quality report for the built site, printed by `make audit`.

  * Lighthouse (npm, pinned in tools/audit/package.json), run against Debian's headless
    Chromium with the desktop preset: performance, accessibility, best practices and SEO
    on five representative pages. Target: 100 each.
  * axe-core (npm, pinned) injected with Playwright into the same pages, once with the
    light palette and once with the dark one (prefers-color-scheme emulated; the page's
    palette is checked). Target: zero violations.
  * The Nu HTML Checker (npm vnu-jar, run with the system Java) on every *.html file of
    the site, errors only. Target: zero errors.

It is a report, not a test: it exits 0 whatever the scores (non-zero only when the site
cannot be built or the tools cannot be set up).

    .venv/bin/python tools/audit/audit.py [--site DIR] [--only lighthouse|axe|vnu ...] [--runs N] [--reports DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402

NODE_MODULES = HERE / "node_modules"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGES = {
    "home": "",
    "model": "models/mixtral-8x7b/",
    "family": "families/transformer/",
    "models": "models/",
    "compare": "compare/",
    "choose": "choose/",
    "timeline": "timeline/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PALETTES = {"light": ("light", "default"), "dark": ("dark", "slate")}  # name: (prefers-color-scheme, Material scheme)
# Lighthouse starts its own Chromium; the same flags as the browser tests, headless.
LIGHTHOUSE_CHROME_FLAGS = ["--headless=new", *CHROMIUM_FLAGS]
VNU_BATCH = 60  # files per java run
SHOW = 3  # examples printed per finding
DISTINCT = 8  # ... unless more of them differ (another contrast ratio, another reason): up to this many


def distinct(items: list, signature) -> list:
    """Examples to print: every differing one (by signature, up to DISTINCT), else the first SHOW."""
    seen, first, rest = set(), [], []
    for item in items:
        key = signature(item)
        (rest if key in seen else first).append(item)
        seen.add(key)
    return first[:DISTINCT] if len(first) >= SHOW else (first + rest)[:SHOW]


def heading(text: str) -> None:
    print(f"\n== {text} " + "=" * max(0, 76 - len(text)), flush=True)


def clip(text: str, width: int = 150) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------- setup

def ensure_tools() -> None:
    if not all(p.exists() for p in (LIGHTHOUSE, AXE, VNU)):
        print("tools/audit/node_modules is missing or incomplete: running `npm ci`", flush=True)
        # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; the system Java is used.
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def build_site(dest: Path) -> None:
    print(f"Building the site into {dest}", flush=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "0")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"the strict build failed (exit {result.returncode})")


# ---------------------------------------------------------------------- lighthouse

def describe_item(item: dict) -> str:
    """One line for an entry of a Lighthouse audit's details table."""
    if isinstance(item.get("relatedNode"), dict):
        return clip(f"related: {item['relatedNode'].get('selector', '')}")
    node = item.get("node") if isinstance(item.get("node"), dict) else item if item.get("type") == "node" else None
    if node:
        text = f"{node.get('selector', '')}  {node.get('snippet', '')}"
        explanation = node.get("explanation", "").split("\n")
        # The first line only repeats "Fix any of the following:"; the second carries the ratio or reason.
        reason = next((line for line in explanation[1:] if line.strip()), "")
        return clip(text) + (f"\n      {clip(reason, 200)}" if reason else "")
    for key in ("description", "url", "source", "label", "text"):
        value = item.get(key)
        if isinstance(value, str) and value:
            extra = item.get("sourceLocation", {}).get("url", "") if key == "description" else ""
            return clip(f"{value} {extra}".strip())
    return clip(json.dumps(item, default=str))


def audit_examples(audit: dict) -> list[str]:
    items = [i for i in (audit.get("details") or {}).get("items") or [] if isinstance(i, dict)]
    # Lighthouse's explanation (with the contrast ratio or the reason) tells failures apart.
    examples = distinct(items, lambda i: (i.get("node") or {}).get("explanation") or i.get("description") or "")
    lines = []
    for item in examples:
        # Grouped tables (e.g. target-size) nest their nodes under subItems.
        lines.append(describe_item(item))
        sub = (item.get("subItems") or {}).get("items") or []
        lines += ["  ↳ " + describe_item(s) for s in sub[:1] if isinstance(s, dict)]
    more = len(items) - len(examples)
    if more > 0:
        lines.append(f"… {more} more")
    return lines


def lighthouse_once(url: str, out: Path) -> dict | None:
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--preset=desktop", "--quiet", "--output=json",
         f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}",
         f"--chrome-flags={' '.join(LIGHTHOUSE_CHROME_FLAGS)}"],
        cwd=HERE, env=dict(os.environ, CHROME_PATH=chromium_path()), capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        print(f"Lighthouse failed (exit {result.returncode}): {clip(result.stderr, 600)}")
        return None
    return json.loads(out.read_text())


def run_lighthouse(base: str, workdir: Path, runs: int) -> dict:
    scores: dict[str, dict[str, int | None]] = {}
    for name, path in PAGES.items():
        heading(f"Lighthouse (desktop preset): {name} /{path}" + (f", median of {runs} runs" if runs > 1 else ""))
        outputs = [workdir / f"lighthouse-{name}{'-' + str(i + 1) if runs > 1 else ''}.json" for i in range(runs)]
        reports = [r for out in outputs if (r := lighthouse_once(base + path, out))]
        if not reports:
            scores[name] = {c: None for c in CATEGORIES}
            continue
        # The performance score varies from run to run (simulated throttling on a busy machine): take the median run.
        reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
        if len(reports) > 1:
            print("performance per run: " + ", ".join(str(round((r["categories"]["performance"]["score"] or 0) * 100))
                                                      for r in reports))
        report = reports[(len(reports) - 1) // 2]
        if report.get("runtimeError"):
            print(f"runtime error: {report['runtimeError']}")
        for warning in report.get("runWarnings", []):
            print(f"run warning: {clip(warning)}")
        cats = report["categories"]
        scores[name] = {c: None if cats[c]["score"] is None else round(cats[c]["score"] * 100) for c in CATEGORIES}
        print("  ".join(f"{c} {scores[name][c]}" for c in CATEGORIES))
        for c in CATEGORIES:
            for ref in cats[c]["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref.get("weight", 0) <= 0 or audit.get("score") is None or audit["score"] >= 1:
                    continue
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                print(f"- [{c}] {ref['id']}: score {audit['score']:.2f}{value}, weight {ref['weight']}: "
                      f"{clip(audit['title'], 90)}")
                for line in audit_examples(audit):
                    print(f"    {line}")
        # Performance hints: audits that estimate savings even when the metrics already pass.
        hints = [f"{a['id']}" + (f" ({a['displayValue']})" if a.get("displayValue") else "")
                 for a in report["audits"].values()
                 if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "metricSavings"]
        if hints:
            print(f"  performance hints: {'; '.join(hints)}")
    return scores


# ----------------------------------------------------------------------------- axe

def run_axe(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    counts: dict[tuple[str, str], int | None] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        version = None
        for palette, (media, scheme) in PALETTES.items():
            # bypass_csp: axe is injected as an inline script, which the pages' policy (rightly) refuses.
            context = browser.new_context(color_scheme=media, viewport={"width": 1280, "height": 900}, bypass_csp=True)
            for name, path in PAGES.items():
                page = context.new_page()
                key = (name, palette)
                try:
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(400)  # let Material settle (palette, tables, tabs)
                    actual = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                    page.add_script_tag(path=str(AXE))
                    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                except Exception as exc:  # a report, not a test: record and go on
                    heading(f"axe-core: {name} /{path}, {palette}")
                    print(f"axe could not run: {clip(exc, 400)}")
                    counts[key] = None
                    page.close()
                    continue
                page.close()
                version = result.get("testEngine", {}).get("version", version)
                violations = result["violations"]
                counts[key] = sum(len(v["nodes"]) for v in violations)
                heading(f"axe-core: {name} /{path}, {palette} palette")
                if actual != scheme:
                    print(f"WARNING: the page shows palette {actual!r}, expected {scheme!r}")
                if not violations:
                    print("no violations")
                for v in violations:
                    print(f"- {v['id']} ({v['impact']}), {len(v['nodes'])} node(s): {clip(v['help'], 90)}")
                    for node in distinct(v["nodes"], lambda n: n.get("failureSummary") or n.get("html", "")):
                        target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
                        print(f"    {clip(target, 80)}  {clip(node.get('html', ''), 110)}")
                        summary = node.get("failureSummary") or ""
                        for prefix in ("Fix any of the following:", "Fix all of the following:"):
                            summary = summary.replace(prefix, "")
                        if summary.strip():
                            print(f"      {clip(summary, 200)}")
                    shown = len(distinct(v["nodes"], lambda n: n.get("failureSummary") or n.get("html", "")))
                    if len(v["nodes"]) > shown:
                        print(f"    … {len(v['nodes']) - shown} more")
            context.close()
        browser.close()
    if version:
        print(f"\n(axe-core {version}, default rule set: WCAG 2.x A/AA and best practices)")
    return counts


# ----------------------------------------------------------------------------- vnu

def run_vnu(site: Path) -> tuple[int | None, int]:
    files = sorted(site.rglob("*.html"))
    heading(f"Nu HTML Checker: {len(files)} HTML files, errors only")
    messages = []
    for start in range(0, len(files), VNU_BATCH):
        batch = files[start:start + VNU_BATCH]
        result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, batch)],
                                capture_output=True, text=True, timeout=600)
        try:
            messages += json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
        except json.JSONDecodeError:
            print(f"vnu failed (exit {result.returncode}): {clip(result.stderr or result.stdout, 600)}")
            return None, len(files)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    by_message: dict[str, list[dict]] = defaultdict(list)
    for m in errors:
        by_message[m.get("message", "?")].append(m)
    pages = {m.get("url") for m in errors}
    print(f"{len(errors)} error(s) in {len(pages)} file(s), {len(by_message)} distinct message(s)")
    prefix = site.resolve().as_uri()
    for message, group in sorted(by_message.items(), key=lambda kv: -len(kv[1])):
        files_hit = sorted({g.get("url", "") for g in group})
        print(f"- {len(group)}× in {len(files_hit)} file(s): {clip(message, 200)}")
        for g in group[:SHOW]:
            where = g.get("url", "").replace(prefix, "").replace("file:" + str(site.resolve()), "")
            print(f"    {where}:{g.get('lastLine', '?')}: {clip(g.get('extract', ''), 120)}")
    return len(errors), len(files)


# ------------------------------------------------------------------------- summary

def met(ok: bool | None) -> str:
    return "n/a (failed to run)" if ok is None else "met" if ok else "NOT met"


def summary(lh: dict | None, axe: dict | None, vnu: tuple | None) -> None:
    heading("Summary (targets: Lighthouse 100 x4, axe 0 violations, vnu 0 errors)")
    rows = []
    if lh is not None:
        for name, s in lh.items():
            values = [s[c] for c in CATEGORIES]
            ok = None if None in values else all(v == 100 for v in values)
            rows.append((f"Lighthouse {name} /{PAGES[name]}", " ".join(f"{c[:4]} {'-' if v is None else v}"
                                                                        for c, v in zip(CATEGORIES, values, strict=True)), met(ok)))
    if axe is not None:
        for (name, palette), n in axe.items():
            rows.append((f"axe {name} /{PAGES[name]} {palette}", "-" if n is None else f"{n} violating node(s)",
                         met(None if n is None else n == 0)))
    if vnu is not None:
        errors, files = vnu
        rows.append((f"vnu {files} HTML files", "-" if errors is None else f"{errors} error(s)",
                     met(None if errors is None else errors == 0)))
    width = max(len(r[0]) for r in rows) if rows else 10
    vwidth = max(len(r[1]) for r in rows) if rows else 10
    for check, value, verdict in rows:
        print(f"{check:<{width}}  {value:<{vwidth}}  {verdict}")
    missed = sum(r[2] != "met" for r in rows)
    print(f"\n{len(rows) - missed} of {len(rows)} targets met" + ("" if not missed else f", {missed} NOT met"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one into a temp dir)")
    parser.add_argument("--only", action="append", choices=["lighthouse", "axe", "vnu"],
                        help="run only this tool (repeatable)")
    parser.add_argument("--runs", type=int, default=1,
                        help="Lighthouse runs per page; the median one is reported (default 1)")
    parser.add_argument("--reports", type=Path, help="keep the full Lighthouse JSON reports in this directory")
    args = parser.parse_args(argv)
    tools = set(args.only or ["lighthouse", "axe", "vnu"])

    ensure_tools()
    with tempfile.TemporaryDirectory(prefix="fieldguide-audit-") as tmp:
        workdir = Path(tmp)
        site = workdir / "site"
        if args.site is None:
            build_site(site)
        elif not (args.site / "index.html").exists():
            raise SystemExit(f"{args.site} holds no built site (no index.html)")
        else:
            shutil.copytree(args.site, site)
        # Published with mike, every release sits beside a versions.json that Material's
        # version selector fetches; serve the audited build the same way.
        (site / "versions.json").write_text('[{"version": "audit", "title": "audit", "aliases": ["latest"]}]\n')
        lh = axe = vnu = None
        timings: dict[str, float] = {}
        with serve(site, compress=True) as base:  # gzip, as a real static host serves it
            print(f"Serving {site} at {base}", flush=True)
            if "lighthouse" in tools:
                started = time.monotonic()
                reports = args.reports.resolve() if args.reports else workdir
                reports.mkdir(parents=True, exist_ok=True)
                lh = run_lighthouse(base, reports, max(1, args.runs))
                timings["lighthouse"] = time.monotonic() - started
            if "axe" in tools:
                started = time.monotonic()
                axe = run_axe(base)
                timings["axe"] = time.monotonic() - started
        if "vnu" in tools:
            started = time.monotonic()
            vnu = run_vnu(site)
            timings["vnu"] = time.monotonic() - started
        summary(lh, axe, vnu)
        print("(" + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
