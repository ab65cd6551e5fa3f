"""Screenshots of every page type at a phone and a desktop width, in both palettes, for review.

Usage: python tools/screenshots.py SITE_DIR OUT_DIR   (make screenshots builds the site first)
Writes OUT_DIR/<page>-<width>-<palette>.png (full page) and prints each file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402

PAGES = {
    "home": "", "models": "models/", "model": "models/mixtral-8x7b/", "families": "families/",
    "family": "families/transformer/", "organization": "organizations/mistral-ai/", "compare": "compare/?models=gpt-4o,llama-3-1-405b,mixtral-8x7b",
    "choose": "choose/?task=summarization&deployment=self-hosted&open-weights=yes", "taxonomy": "taxonomy/architecture/",
    "scale": "taxonomy/scale/", "timeline": "timeline/", "glossary": "glossary/",
}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
PALETTES = {"light": "light", "dark": "dark"}


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for width_name, (width, height) in WIDTHS.items():
            for palette in PALETTES:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=palette)
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name}-{width_name}-{palette}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
