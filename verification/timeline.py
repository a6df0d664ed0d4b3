"""A figure's timeline as an inline SVG: each source's value or interval over time.

Pure module (standard library only): the story page passes plain points and embeds the
returned markup, so the chart needs no JavaScript, no CDN and no chart library. Every text is
escaped here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from html import escape

# Colour-blind-safe palette (Okabe-Ito), one colour per source in order of appearance.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
CONTRADICTION = "#C0392B"
UPDATE = "#1E8449"


@dataclass(frozen=True, slots=True)
class Point:
    at: datetime
    source: str
    low: float | None  # None: open below ("up to 40")
    high: float | None  # None: open above ("more than a dozen")
    label: str  # the tooltip: version and the claim's words
    mark: str = ""  # "contradiction", "update" or ""


def _fmt(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 10_000:
        return f"{value / 1_000:g}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high <= low:
        return [low]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step / 2:
        ticks.append(value)
        value += step
    return ticks


def timeline_svg(title: str, points: list[Point], *, width: int = 560, height: int = 250) -> str:
    """The SVG markup (a string) of one figure's timeline; an empty string without points."""
    if not points:
        return ""
    left, right, top, bottom = 56, 14, 30, 72
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for p in points for v in (p.low, p.high) if v is not None]
    y_min = min(values + [0.0]) if values else 0.0
    y_max = max(values) if values else 1.0
    if y_max == y_min:
        y_max = y_min + 1
    if any(p.high is None for p in points):
        y_max += (y_max - y_min) * 0.15  # room for the "at least" arrows
    ticks = _nice_ticks(y_min, y_max)
    y_min, y_max = min(ticks[0], y_min), max(ticks[-1], y_max)
    times = [p.at.timestamp() for p in points]
    t_min, t_max = min(times), max(times)
    if t_max == t_min:
        t_min, t_max = t_min - 3600, t_max + 3600
    pad = (t_max - t_min) * 0.05
    t_min, t_max = t_min - pad, t_max + pad

    def x(at: datetime) -> float:
        return left + (at.timestamp() - t_min) / (t_max - t_min) * plot_w

    def y(value: float) -> float:
        return top + plot_h - (value - y_min) / (y_max - y_min) * plot_h

    sources = list(dict.fromkeys(p.source for p in sorted(points, key=lambda p: p.at)))
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources)}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ct-timeline" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    # Axes and grid.
    for tick in ticks:
        ty = y(tick)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" '
            f'fill="#555">{escape(_fmt(tick))}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="#888"/>'
    )
    labelled: list[float] = []
    for at in sorted({p.at for p in points}):
        tx = x(at)
        if any(abs(tx - seen) < 70 for seen in labelled):
            continue
        labelled.append(tx)
        out.append(
            f'<text x="{tx:.1f}" y="{top + plot_h + 14}" text-anchor="middle" fill="#555">'
            f"{escape(at.strftime('%d %b %H:%M'))}</text>"
        )
    # Two sources reporting at one moment are drawn side by side, not on top of each other.
    at_moment: dict[datetime, list[str]] = {}
    for p in points:
        at_moment.setdefault(p.at, [])
        if p.source not in at_moment[p.at]:
            at_moment[p.at].append(p.source)

    def px_of(p: Point) -> float:
        present = at_moment[p.at]
        return x(p.at) + (present.index(p.source) - (len(present) - 1) / 2) * 9

    def anchor(p: Point) -> float:
        """Where a point sits: its value, the middle of a closed interval, its finite bound."""
        if p.low is not None and p.high is not None:
            return y((p.low + p.high) / 2)
        bound = p.low if p.low is not None else p.high
        return y(bound) if bound is not None else y((y_min + y_max) / 2)

    # One line per source through its points, then the points themselves.
    for source in sources:
        own = sorted((p for p in points if p.source == source), key=lambda p: p.at)
        if len(own) > 1:
            path = " ".join(f"{px_of(p):.1f},{anchor(p):.1f}" for p in own)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour[source]}" '
                f'stroke-width="1.5" stroke-opacity="0.6"/>'
            )
    for p in points:
        px, py, c = px_of(p), anchor(p), colour[p.source]
        tip = f"<title>{escape(p.source)}: {escape(p.label)}</title>"
        if p.low is not None and p.high is not None and p.low == p.high:
            shape = f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{c}"/>'
        elif p.low is not None and p.high is not None:
            y_low, y_high = y(p.low), y(p.high)
            shape = (
                f'<g stroke="{c}" stroke-width="3">'
                f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{y_low:.1f}" y2="{y_high:.1f}"/>'
                f'<line x1="{px - 5:.1f}" x2="{px + 5:.1f}" y1="{y_low:.1f}" y2="{y_low:.1f}"/>'
                f'<line x1="{px - 5:.1f}" x2="{px + 5:.1f}" y1="{y_high:.1f}" y2="{y_high:.1f}"/>'
                "</g>"
            )
        else:
            # "At least 7", "up to 40": a hollow point at the bound, an arrow to the open side.
            step = -18 if p.high is None else 18
            tip_y = py + step
            head = 5 if step < 0 else -5
            shape = (
                f'<g stroke="{c}" stroke-width="2" fill="none">'
                f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{py:.1f}" y2="{tip_y:.1f}"/>'
                f'<path d="M{px - 4:.1f},{tip_y + head:.1f} L{px:.1f},{tip_y:.1f} '
                f'L{px + 4:.1f},{tip_y + head:.1f}"/>'
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="#fff"/></g>'
            )
        mark = ""
        if p.mark == "contradiction":
            mark = (
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9" fill="none" '
                f'stroke="{CONTRADICTION}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
        elif p.mark == "update":
            mark = (
                f'<path d="M{px - 5:.1f},{py + 16:.1f} L{px:.1f},{py + 9:.1f} '
                f'L{px + 5:.1f},{py + 16:.1f} Z" fill="{UPDATE}"/>'
            )
        out.append(f'<g class="ct-point">{tip}{shape}{mark}</g>')
    # Legend: sources, then the two marks.
    lx, ly = left, height - 28
    for source in sources:
        name = source if len(source) <= 28 else source[:27] + "…"
        out.append(
            f'<circle cx="{lx + 5}" cy="{ly - 4}" r="4.5" fill="{colour[source]}"/>'
            f'<text x="{lx + 13}" y="{ly}">{escape(name)}</text>'
        )
        lx += 24 + 7 * len(name)
    lx, ly = left, height - 8
    if any(p.mark == "contradiction" for p in points):
        out.append(
            f'<circle cx="{lx + 5}" cy="{ly - 4}" r="6" fill="none" stroke="{CONTRADICTION}" '
            f'stroke-width="2" stroke-dasharray="3 2"/><text x="{lx + 15}" y="{ly}">'
            f"contradiction</text>"
        )
        lx += 100
    if any(p.mark == "update" for p in points):
        out.append(
            f'<path d="M{lx},{ly} L{lx + 5},{ly - 8} L{lx + 10},{ly} Z" fill="{UPDATE}"/>'
            f'<text x="{lx + 15}" y="{ly}">update (figure rose)</text>'
        )
        lx += 140
    if any(p.low is None or p.high is None for p in points):
        out.append(
            f'<circle cx="{lx + 5}" cy="{ly - 4}" r="4" fill="#fff" stroke="#555" '
            f'stroke-width="2"/><text x="{lx + 13}" y="{ly}">↑ at least / ↓ at most</text>'
        )
    out.append("</svg>")
    return "".join(out)
