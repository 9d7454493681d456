"""The power-interest grid (pengaruh x kepentingan) of a partner map."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from kemitraan_lib import content
from kemitraan_lib.network import PartnerNetwork

from .network import check_drawing, new_axes
from .style import CATEGORY_COLOURS, GRID_LABEL_LIMIT, HALO, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["draw_grid"]


def _spread(count: int) -> list[tuple[float, float]]:
    """Deterministic offsets for ``count`` partners sharing one grid cell."""
    if count == 1:
        return [(0.0, 0.0)]
    offsets = []
    for i in range(count):  # a sunflower spiral inside a circle of radius ~0.38
        r = 0.38 * math.sqrt((i + 0.5) / count)
        angle = i * 2.39996
        offsets.append((r * math.cos(angle), r * math.sin(angle)))
    return offsets


def draw_grid(network: PartnerNetwork, ax: Axes | None = None, *, advice: bool = True) -> Figure:
    """Draw the power-interest grid (pengaruh vs kepentingan) and return the figure.

    The four quadrants carry their Indonesian name and (with ``advice=True``,
    below the grid) their advice; each partner is a dot in the colour of its
    kind. Partners with the same scores are spread around their point so none
    hides another.
    """
    check_drawing(network, ax, advice=advice)
    own = ax is None and advice
    fig, ax = new_axes(ax, (8.5, 8.0) if own else (8.5, 6.6))
    if own:  # leave the bottom strip for the quadrant advice
        fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.24)
    elif len(fig.axes) == 1 and ax.get_subplotspec() is not None:
        fig.subplots_adjust(left=0.09, right=0.98, top=0.94, bottom=0.09)
    ax.set_xlim(-0.6, 5.6)
    ax.set_ylim(-1.15, 6.15)
    ax.set_xticks(range(6))
    ax.set_yticks(range(6))
    ax.axhspan(5.5, 6.15, color="#f2f2f2", zorder=0)
    ax.axhspan(-1.15, -0.5, color="#f2f2f2", zorder=0)
    ax.set_xlabel("Kepentingan (0 = tidak peduli, 5 = sangat berkepentingan)")
    ax.set_ylabel("Pengaruh (0 = kecil, 5 = sangat besar)")
    ax.set_title("Kisi Pengaruh–Kepentingan", fontsize=11)
    ax.axvline(2.5, color="#888888", linewidth=1)
    ax.axhline(2.5, color="#888888", linewidth=1)
    quadrants = {q.key: q for q in content.QUADRANTS}
    centres = {  # where each quadrant's name sits (faded, behind the dots); high = value >= 3
        "kelola-dekat": (4.0, 5.8, "kanan atas"),
        "jaga-kepuasan": (1.0, 5.8, "kiri atas"),
        "jaga-informasi": (4.0, -0.85, "kanan bawah"),
        "pantau": (1.0, -0.85, "kiri bawah"),
    }
    advice_lines = []
    for key, (x, y, where) in centres.items():
        q = quadrants.get(key)
        if q is None:
            continue
        ax.text(x, y, q.label.upper(), ha="center", va="center", fontsize=10,
                fontweight="bold", color="#666666", zorder=0)
        advice_lines.append(f"{q.label} ({where}): {q.advice}")
    if own:
        fig.text(0.02, 0.015, "\n".join(textwrap.fill(line, 120) for line in advice_lines),
                 fontsize=8, va="bottom", ha="left", color="#333333")
    cells: dict[tuple[int, int], list] = {}
    for p in network.partners:
        cells.setdefault((int(p.interest), int(p.influence)), []).append(p)
    many = len(network.partners) > GRID_LABEL_LIMIT
    name_font = 7.5 if len(network.partners) <= 30 else 6.5
    xs, ys, colours = [], [], []
    for (x, y), members in cells.items():
        for p, (dx, dy) in zip(members, _spread(len(members)), strict=True):
            xs.append(x + dx)
            ys.append(y + dy)
            colours.append(CATEGORY_COLOURS.get(p.category, CATEGORY_COLOURS["lainnya"]))
            if not many:
                ax.annotate(wrap(p.name, 14, 2), (x + dx, y + dy), xytext=(0, 5),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=name_font, bbox=HALO, zorder=4)
        if many:
            ax.annotate(str(len(members)), (x, y), xytext=(0, 14), textcoords="offset points",
                        ha="center", fontsize=8, fontweight="bold", bbox=HALO,
                        zorder=4)
    if xs:
        ax.scatter(xs, ys, c=colours, s=45, edgecolors="white", linewidths=0.8, zorder=3)
    else:
        ax.text(2.5, 2.5, "Belum ada mitra.", ha="center", va="center", color="#555555")
    if many:
        ax.set_title("Kisi Pengaruh–Kepentingan (angka = banyaknya mitra pada titik itu)",
                     fontsize=11)
    return fig
