"""One formatter per value type, used by pages, tables, charts, CSV and JSON alike."""

from __future__ import annotations


def billions(value: float) -> str:
    """Parameter counts in billions, readable: 0.34 -> 340M, 46.7 -> 46.7B, 1760 -> 1.76T."""
    if value < 1:
        return f"{value * 1000:.3g}M"
    if value >= 1000:
        return f"{value / 1000:.3g}T"
    return f"{value:.3g}B"


def parameters(p, *, with_confidence: bool = True) -> str:
    """A model's parameter fact: 'n/a', 'undisclosed', '46.7B (12.9B active) [estimated]'."""
    if p is None:
        return "n/a"
    if p.value == "undisclosed":
        return "undisclosed"
    text = billions(p.value) + (f" ({billions(p.active)} active)" if p.active and p.active < p.value else "")
    return text + (f" [{p.confidence}]" if with_confidence and p.confidence != "confirmed" else "")


def tokens(count: int | None) -> str:
    """A context window: '32,768 tokens', or 'n/a'."""
    return "n/a" if count is None else f"{count:,} tokens"
