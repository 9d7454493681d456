"""The traffic-light history of a monev plan: one row per indicator, one square per review.

Colours per light in :data:`LIGHT_COLOURS` (``""`` = not reviewed: grey). An
indicator that needs attention (red twice in a row, or worse than at the review
before; see :func:`kemitraan_lib.monev.history`) gets a red, bold name with "⚠".
Each square carries ``gid`` ``lampu-<status>`` so its colour can be checked.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from kemitraan_lib import monev

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["LIGHT_COLOURS", "FLAG_COLOUR", "draw_monev_history", "monev_history_html"]

LIGHT_COLOURS = {"hijau": "#2e7d32", "kuning": "#f9a825", "merah": "#c62828", "": "#d0d0d0"}
FLAG_COLOUR = "#b71c1c"
_WORDS = {"hijau": "H", "kuning": "K", "merah": "M", "": "–"}


def draw_monev_history(reviews) -> Figure:
    """The chart of :func:`kemitraan_lib.monev.history` (oldest review on the left)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    result = monev.history(reviews)
    rows, cols = len(result.names), len(result.dates)
    fig = Figure(figsize=(max(5.5, 2.6 + 1.1 * cols), max(2.2, 1.0 + 0.45 * rows)), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_xlim(-0.5, max(cols, 1) - 0.5)
    ax.set_ylim(max(rows, 1) - 0.5, -0.5)
    for y, name in enumerate(result.names):
        for x, status in enumerate(result.lights[name]):
            ax.add_patch(Rectangle((x - 0.4, y - 0.35), 0.8, 0.7,
                                   facecolor=LIGHT_COLOURS[status], edgecolor="white",
                                   gid=f"lampu-{status or 'belum'}"))
            ax.text(x, y, _WORDS[status], ha="center", va="center", fontsize=8,
                    color="white" if status in ("hijau", "merah") else "#333333")
    ax.set_xticks(range(cols))
    ax.set_xticklabels(result.dates, fontsize=8)
    ax.set_yticks(range(rows))
    ax.set_yticklabels([("⚠ " if n in result.flags else "") + textwrap.shorten(n, 40)
                        for n in result.names], fontsize=8)
    for label, name in zip(ax.get_yticklabels(), result.names, strict=True):
        if name in result.flags:
            label.set_color(FLAG_COLOUR)
            label.set_fontweight("bold")
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_title("Riwayat lampu monev", fontsize=10)
    ax.set_xlabel("H = hijau, K = kuning, M = merah, – = belum dinilai; ⚠ = perlu dibahas",
                  fontsize=7.5, color="#555555")
    if not rows:
        ax.text(0, 0, "Belum ada tinjauan monev yang tersimpan.", ha="center", va="center")
    fig.subplots_adjust(left=0.38, right=0.98, top=0.85, bottom=0.22)
    return fig


def monev_history_html(reviews) -> str:
    """The same history as an HTML table (no matplotlib): a cell per indicator and review in
    the light's colour (``class="lampu-<status>"``), flagged indicators marked "⚠"."""
    import html

    result = monev.history(reviews)
    if not result.dates:
        return "<p>Belum ada tinjauan monev yang tersimpan.</p>"
    head = "".join(f"<th>{html.escape(d)}</th>" for d in result.dates)
    body = []
    for name in result.names:
        flag = result.flags.get(name)
        title = (f'<td style="color:{FLAG_COLOUR};font-weight:bold">⚠ {html.escape(name)}</td>'
                 if flag else f"<td>{html.escape(name)}</td>")
        cells = "".join(
            f'<td class="lampu-{s or "belum"}" style="background:{LIGHT_COLOURS[s]};'
            f'color:{"#333333" if s in ("kuning", "") else "#ffffff"};text-align:center">'
            f"{_WORDS[s]}</td>" for s in result.lights[name])
        why = html.escape("; ".join(flag or ()))
        body.append(f"<tr>{title}{cells}<td>{why}</td></tr>")
    return ('<table class="riwayat-monev"><tr><th>Indikator</th>'
            f'{head}<th>Perlu dibahas</th></tr>{"".join(body)}</table>'
            "<p><small>H = hijau, K = kuning, M = merah, – = belum dinilai</small></p>")
