"""Server-rendered SVG bar charts: no JavaScript, a <title> and <desc> for assistive technology, each
segment titled with its figure. Every chart is drawn beside a table holding the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe–Ito), dark enough against white for the 3:1 of non-text contrast.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#6f5b00", "#3d4448")

LABEL_WIDTH = 280
BAR_AREA = 380
VALUE_WIDTH = 60
ROW_HEIGHT = 26
LEGEND_HEIGHT = 28


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int]


def _fmt(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _n(value: float) -> str:
    """A coordinate with one decimal at most."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(*, chart_id: str, title: str, description: str, categories: Sequence[str],
              series: Sequence[Series], stacked: bool = True) -> SafeString:
    """Horizontal bars, one row per category: segments stacked (parts of a whole) or side by side
    (figures to compare, e.g. planned against delivered)."""
    per_row = 1 if stacked else max(len(series), 1)
    row_h = ROW_HEIGHT if stacked else max(ROW_HEIGHT, 14 * per_row + 8)
    if stacked:
        peak = max((sum(s.values[i] for s in series) for i in range(len(categories))), default=0)
    else:
        peak = max((v for s in series for v in s.values), default=0)
    peak = peak or 1
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    # The legend wraps onto as many lines as it needs (about 7.5 units a character at this size).
    legend: list[tuple[int, int, int, Series]] = []
    x, line = 8, 0
    for index, s in enumerate(series):
        needed = 26 + int(7.5 * len(s.label))
        if x > 8 and x + needed > width:
            x, line = 8, line + 1
        legend.append((x, line, index, s))
        x += needed + 12
    legend_h = LEGEND_HEIGHT * (line + 1)
    height = legend_h + row_h * max(len(categories), 1) + 8
    parts: list[str] = [
        format_html('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {} {}" '
                    'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{}-t {}-d" '
                    'font-family="system-ui, sans-serif" font-size="13">', width, height, chart_id, chart_id),
        format_html('<title id="{}-t">{}</title><desc id="{}-d">{}</desc>', chart_id, title, chart_id, description),
    ]
    for x, line, index, s in legend:
        top = 6 + line * LEGEND_HEIGHT
        parts.append(format_html('<rect x="{}" y="{}" width="14" height="14" fill="{}"/>'
                                 '<text x="{}" y="{}" fill="#1b1b1b">{}</text>',
                                 x, top, PALETTE[index % len(PALETTE)], x + 18, top + 12, s.label))
    if not categories:
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped by format_html
    for row, category in enumerate(categories):
        top = legend_h + row * row_h
        parts.append(format_html('<g><title>{}</title><text x="{}" y="{}" text-anchor="end" fill="#1b1b1b">{}</text>',
                                 category, LABEL_WIDTH - 8, _n(top + row_h / 2 + 4), _clip(category)))
        offset = 0.0
        total = 0.0
        for index, s in enumerate(series):
            value = float(s.values[row] or 0)
            total += value
            length = BAR_AREA * value / peak
            colour = PALETTE[index % len(PALETTE)]
            if stacked:
                y, h = top + 4, row_h - 8
                bar_x = LABEL_WIDTH + offset
                offset += length
            else:
                h = 12
                y = top + 4 + index * 14
                bar_x = LABEL_WIDTH
            if length > 0:
                parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                                         '<title>{}: {}</title></rect>',
                                         _n(bar_x), _n(y), _n(length), _n(h), colour, s.label, _fmt(value)))
            if not stacked:
                parts.append(format_html('<text x="{}" y="{}" fill="#1b1b1b">{}</text>',
                                         _n(LABEL_WIDTH + length + 4), _n(y + 10), _fmt(value)))
        if stacked:
            parts.append(format_html('<text x="{}" y="{}" fill="#1b1b1b">{}</text>',
                                     _n(LABEL_WIDTH + offset + 4), _n(top + row_h / 2 + 4), _fmt(total)))
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped by format_html

