"""Server-side SVG charts for the dashboard: no JavaScript, no CDN, presentation attributes only (CSP)."""

from __future__ import annotations

from markupsafe import Markup, escape

__all__ = ["bar_chart", "column_chart"]

PALETTE = ("#2b6cb0", "#2f855a", "#c05621", "#6b46c1", "#b83280", "#2c7a7b", "#975a16", "#4a5568")


def _text_width(text: str, size: int = 13) -> float:
    """Rough rendered width: CJK characters are square, Latin ones about half as wide."""
    return sum(size if ord(c) > 0x2E80 else size * 0.58 for c in text)


def _fit(text: str, limit: float) -> str:
    while len(text) > 1 and _text_width(text) > limit:
        text = text[:-2] + "…"
    return text


def bar_chart(
    items: list[tuple[str, int]],
    *,
    title: str,
    width: int = 460,
    colors: list[str] | None = None,
) -> Markup:
    """Horizontal bars, one per (label, value), with the value at the end of each bar."""
    row, pad = 26, 8
    widest = max((_text_width(label) for label, _v in items), default=0)
    label_w = int(min(max(widest + 14, 60), width * 0.45))
    items = [(_fit(label, label_w - 10), value) for label, value in items]
    height = max(len(items), 1) * row + 2 * pad
    top = max((v for _l, v in items), default=0) or 1
    bar_space = width - label_w - 60
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    if not items:
        parts.append(f'<text x="{pad}" y="{pad + 16}" fill="#718096" font-size="13">—</text>')
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        length = round(bar_space * value / top)
        color = colors[i] if colors and i < len(colors) else PALETTE[i % len(PALETTE)]
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="13" fill="#2d3748">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{max(length, 1)}" height="{row - 8}" rx="3" '
            f'fill="{color}"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{label_w + length + 6}" y="{y + 17}" font-size="12" fill="#4a5568">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(
    items: list[tuple[str, int]], *, title: str, width: int = 920, height: int = 220
) -> Markup:
    """Vertical columns over time (label = ISO date), with a y-axis maximum and a few x labels."""
    pad_l, pad_b, pad_t = 40, 28, 12
    plot_w, plot_h = width - pad_l - 8, height - pad_b - pad_t
    top = max((v for _l, v in items), default=0) or 1
    step = plot_w / max(len(items), 1)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - 8}" y2="{pad_t + plot_h}" stroke="#a0aec0"/>',
        f'<text x="{pad_l - 6}" y="{pad_t + 10}" text-anchor="end" font-size="11" fill="#4a5568">{top}</text>',
        f'<text x="{pad_l - 6}" y="{pad_t + plot_h}" text-anchor="end" font-size="11" fill="#4a5568">0</text>',
    ]
    every = max(len(items) // 6, 1)
    for i, (label, value) in enumerate(items):
        h = round(plot_h * value / top)
        x = pad_l + i * step
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{pad_t + plot_h - h}" width="{max(step - 2, 1):.1f}" height="{h}" '
            f'fill="#2b6cb0"><title>{escape(label)}: {value}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" '
                f'fill="#4a5568">{escape(label[5:])}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
