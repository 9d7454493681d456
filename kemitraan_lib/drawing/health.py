"""Pictures of the partnership health check: a radar per party and a trend line.

* :func:`draw_radar`: one axis per principle (six), one closed line per party
  (colours in :data:`PARTY_COLOURS`); principles where two parties are two
  points or more apart get a red label.
* :func:`draw_health_trend`: the overall score and each principle over the
  dates of the saved checks, with the course's bands shaded.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from kemitraan_lib import content, kesehatan

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["PARTY_COLOURS", "GAP_COLOUR", "draw_radar", "draw_health_trend", "radar_svg"]

PARTY_COLOURS = {"kelompok": "#009E73", "mitra": "#0072B2", "fasilitator": "#E69F00",
                 "semua": "#333333"}
GAP_COLOUR = "#b71c1c"
BAND_COLOURS = {"sehat": "#e8f5e9", "cukup": "#f1f8e9", "rawan": "#fff3e0", "kritis": "#fdecea"}


def draw_radar(check) -> Figure:
    """The radar chart of one check (a :class:`~kemitraan_lib.kesehatan.Check` or its dict).

    Each line is labelled with its party in the legend; an unanswered principle
    of a party is drawn at the centre (0) and said so in the legend.
    """
    from matplotlib.figure import Figure

    result = kesehatan.scores(check)
    gap_keys = {g.principle.key for g in kesehatan.gaps(check)}
    principles = content.PRINCIPLES
    n = len(principles)
    angles = [2 * math.pi * i / n for i in range(n)]
    fig = Figure(figsize=(6.4, 5.6), dpi=100)
    ax = fig.add_subplot(1, 1, 1, projection="polar")
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=7, color="#666666")
    ax.set_xticks(angles)
    ax.set_xticklabels([textwrap.fill(p.label.split(" (")[0], 14) for p in principles],
                       fontsize=8)
    for label, p in zip(ax.get_xticklabels(), principles, strict=True):
        if p.key in gap_keys:
            label.set_color(GAP_COLOUR)
            label.set_fontweight("bold")
    labels = {p.key: p.label for p in kesehatan.PARTIES}
    for who, values in result.by_party.items():
        points = [values.get(p.key, 0) for p in principles]
        missing = sum(1 for p in principles if p.key not in values)
        name = labels[who] + (f" ({missing} prinsip belum dinilai)" if missing else "")
        ax.plot(angles + angles[:1], points + points[:1], color=PARTY_COLOURS[who],
                linewidth=2, label=name, gid=f"pihak-{who}")
        ax.fill(angles + angles[:1], points + points[:1], color=PARTY_COLOURS[who], alpha=0.08)
    title = f"Cek kesehatan {result.date}"
    if result.overall is not None:
        title += f": {result.overall:g} ({result.band.label})"
    ax.set_title(title, fontsize=10, pad=18)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize=8, ncol=2,
              frameon=False)
    if gap_keys:
        fig.text(0.5, 0.01, "Label merah: para pihak berbeda pandangan 2 poin atau lebih.",
                 ha="center", fontsize=8, color=GAP_COLOUR)
    fig.subplots_adjust(top=0.86, bottom=0.2)
    return fig


def draw_health_trend(checks) -> Figure:
    """The overall score (thick) and each principle (thin) over the saved checks."""
    from matplotlib.figure import Figure

    rows = kesehatan.trend(checks)
    fig = Figure(figsize=(7.5, 4.2), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    previous = 5.0
    for item in kesehatan.BANDS:  # shaded bands, highest first
        ax.axhspan(item.minimum, previous, color=BAND_COLOURS[item.key], zorder=0)
        ax.text(1.01, (item.minimum + previous) / 2, item.label, transform=ax.get_yaxis_transform(),
                fontsize=7, va="center", color="#555555")
        previous = item.minimum
    ax.set_ylim(1, 5)
    ax.set_ylabel("Nilai (1-5)")
    dates = [r["tanggal"] for r in rows]
    xs = list(range(len(rows)))
    for p in content.PRINCIPLES:
        ys = [r[p.key] if r[p.key] is not None else math.nan for r in rows]
        ax.plot(xs, ys, marker=".", linewidth=1, alpha=0.7, label=p.label.split(" (")[0])
    ax.plot(xs, [r["keseluruhan"] if r["keseluruhan"] is not None else math.nan for r in rows],
            color="#000000", linewidth=3, marker="o", label="Keseluruhan", gid="keseluruhan")
    ax.set_xticks(xs)
    ax.set_xticklabels(dates, fontsize=8)
    ax.set_title("Kesehatan kemitraan dari waktu ke waktu "
                 f"({kesehatan.BANDS_LABEL.lower()})", fontsize=9)
    if not rows:
        ax.text(0.5, 0.5, "Belum ada cek kesehatan yang tersimpan.", ha="center",
                transform=ax.transAxes)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.08, 1), frameon=False)
    fig.subplots_adjust(left=0.08, right=0.7, bottom=0.12)
    return fig


def radar_svg(check) -> str:
    """The radar chart as an SVG text (no matplotlib: quick enough for a notebook example).

    Same content as :func:`draw_radar`: six axes (``class="sumbu"``), a closed
    line per party (``class="pihak-<party>"``), gap principles labelled in red.
    """
    import html

    result = kesehatan.scores(check)
    gap_keys = {g.principle.key for g in kesehatan.gaps(check)}
    principles = content.PRINCIPLES
    n = len(principles)
    cx, cy, radius = 230, 175, 115

    def point(i, value):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return (cx + radius * value / 5 * math.cos(angle),
                cy + radius * value / 5 * math.sin(angle))

    height = 370 + 18 * len(result.by_party)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="460" height="{height}" '
             'font-family="sans-serif" font-size="11" role="img" '
             'aria-label="Radar cek kesehatan">']
    title = f"Cek kesehatan {result.date}"
    if result.overall is not None:
        title += f": {result.overall:g} ({result.band.label})"
    parts.append(f'<text x="{cx}" y="16" text-anchor="middle" font-size="13">'
                 f"{html.escape(title)}</text>")
    for ring in range(1, 6):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{points}" fill="none" stroke="#dddddd"/>')
    for i, p in enumerate(principles):
        x, y = point(i, 5)
        parts.append(f'<line class="sumbu" x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" '
                     'stroke="#bbbbbb"/>')
        lx, ly = point(i, 5.9)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        gap = p.key in gap_keys
        style = f' fill="{GAP_COLOUR}" font-weight="bold"' if gap else ' fill="#333333"'
        label = html.escape(p.label.split(" (")[0])
        parts.append(f'<text class="label{" selisih" if gap else ""}" x="{lx:.1f}" '
                     f'y="{ly + 4:.1f}" text-anchor="{anchor}"{style}>{label}</text>')
    labels = {p.key: p.label for p in kesehatan.PARTIES}
    for row, (who, values) in enumerate(result.by_party.items()):
        colour = PARTY_COLOURS[who]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                          (point(i, values.get(p.key, 0)) for i, p in enumerate(principles)))
        parts.append(f'<polygon class="pihak-{who}" points="{points}" fill="{colour}" '
                     f'fill-opacity="0.08" stroke="{colour}" stroke-width="2"/>')
        missing = sum(1 for p in principles if p.key not in values)
        name = labels[who] + (f" ({missing} prinsip belum dinilai)" if missing else "")
        y = 345 + 18 * row
        parts.append(f'<line x1="120" y1="{y - 4}" x2="145" y2="{y - 4}" stroke="{colour}" '
                     f'stroke-width="3"/><text x="152" y="{y}">{html.escape(name)}</text>')
    if gap_keys:
        y = 350 + 18 * len(result.by_party)
        parts.append(f'<text x="{cx}" y="{y}" text-anchor="middle" fill="{GAP_COLOUR}">'
                     "Label merah: para pihak berbeda pandangan 2 poin atau lebih.</text>")
    parts.append("</svg>")
    return "".join(parts)
