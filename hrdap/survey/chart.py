"""A small horizontal bar chart drawn as SVG on the server: no JavaScript, nothing from elsewhere.

The SVG is hidden from screen readers: pages put the same numbers in a table beside it.
"""
from __future__ import annotations

from markupsafe import Markup, escape

LABEL_WIDTH, BAR_WIDTH, ROW, PAD = 190, 220, 26, 6


def hbar_chart(items: list[tuple[str, float, str]], maximum: float, colour: str = "#0b4f8a") -> Markup:
    """Bars for ``items`` of (label, value, text shown after the bar), scaled to ``maximum``."""
    width = LABEL_WIDTH + BAR_WIDTH + 70
    height = ROW * len(items) + PAD
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-hidden="true" focusable="false" class="bars">']
    for index, (label, value, text) in enumerate(items):
        y = PAD + index * ROW
        length = 0 if not maximum else round(BAR_WIDTH * max(value, 0) / maximum)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end" font-size="12" '
                     f'fill="#1b1b1b">{escape(_shorten(label))}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="18" fill="#eef1f5"/>')
        if length:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="18" fill="{colour}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 14}" font-size="12" '
                     f'fill="#1b1b1b">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _shorten(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
