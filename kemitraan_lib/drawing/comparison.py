"""Two partner maps side by side, the same partner in the same place, changes highlighted.

:func:`draw_comparison` draws the earlier map on the left and the later one on
the right with one set of positions (laid out once over both maps). On the
right, new partners get a green ring, partners whose scores or quadrant
changed an orange ring, partners that were isolated and are now linked a
blue ring, and new links a thick green line; on the left, partners that are
gone get a red ring and links that are gone a thick red dashed line. Every
highlight carries a ``gid`` (``mitra-baru``, ``mitra-hilang``, ``mitra-berubah``,
``mitra-terhubung``, ``hubungan-baru``, ``hubungan-hilang``) so tests and
readers can find them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kemitraan_lib import peta_waktu
from kemitraan_lib.errors import InvalidValueError, KemitraanError
from kemitraan_lib.network import PartnerNetwork
from kemitraan_lib.texts import identity

from .layout import StableLayout
from .network import draw_network

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["HIGHLIGHT", "draw_comparison", "union_network", "comparison_html"]

HIGHLIGHT = {
    "mitra-baru": "#1b9e3a",
    "mitra-hilang": "#d62728",
    "mitra-berubah": "#ff7f0e",
    "mitra-terhubung": "#1f5fbf",
    "hubungan-baru": "#1b9e3a",
    "hubungan-hilang": "#d62728",
}


def union_network(before, after) -> PartnerNetwork:
    """Every partner and link of both maps (the later values win): the layout's basis."""
    old = peta_waktu._network(before, "Peta lama")
    new = peta_waktu._network(after, "Peta baru")
    both = new.copy()
    for p in old.partners:
        if p.name not in both:
            both.add_partner(p)
    for link in old.links:
        try:
            both.add_link(link.source, link.target, link.type, link.direction, link.strength)
        except KemitraanError:  # the same link already there: nothing to add
            continue
    return both


def _rings(ax, names, pos, gid, size=520):
    if not names:
        return
    xs = [pos[identity(n)][0] for n in names]
    ys = [pos[identity(n)][1] for n in names]
    ax.scatter(xs, ys, s=size, facecolors="none", edgecolors=HIGHLIGHT[gid], linewidths=2.6,
               zorder=4, gid=gid)


def _lines(ax, links, pos, gid, style):
    for link in links:
        (x1, y1), (x2, y2) = pos[identity(link.source)], pos[identity(link.target)]
        ax.plot([x1, x2], [y1, y2], color=HIGHLIGHT[gid], linewidth=3.2, linestyle=style,
                alpha=0.8, zorder=2, gid=gid)


def draw_comparison(before, after, *, labels: bool | None = None) -> Figure:
    """The earlier map (left) and the later map (right); see the module docs."""
    from matplotlib.figure import Figure

    old = peta_waktu._network(before, "Peta lama")
    new = peta_waktu._network(after, "Peta baru")
    change = peta_waktu.compare(old, new)
    pos = StableLayout().positions(union_network(old, new))
    fig = Figure(figsize=(14, 7.4), dpi=100)
    left, right = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    draw_network(old, positions=pos, ax=left, labels=labels, legend=False)
    draw_network(new, positions=pos, ax=right, labels=labels, legend=False)
    for ax, item in ((left, before), (right, after)):
        name = item.name if isinstance(item, peta_waktu.MapSnapshot) else ""
        ax.set_title(name or ("Sebelum" if ax is left else "Sesudah"), fontsize=11, pad=14)
    pos = {**pos, **{identity(n): xy for n, xy in pos.items()}}
    _rings(left, change.partners_removed, pos, "mitra-hilang")
    _lines(left, change.links_removed, pos, "hubungan-hilang", "dashed")
    _rings(right, change.partners_added, pos, "mitra-baru")
    _rings(right, change.changed_partners, pos, "mitra-berubah", 700)
    _rings(right, change.connected, pos, "mitra-terhubung", 880)
    _lines(right, change.links_added, pos, "hubungan-baru", "solid")
    xs = [x for x, _y in pos.values()] or [0]
    ys = [y for _x, y in pos.values()] or [0]
    for ax in (left, right):  # the same frame on both sides
        ax.set_xlim(min(xs) - 0.15, max(xs) + 0.15)
        ax.set_ylim(min(ys) - 0.15, max(ys) + 0.15)
    fig.text(0.5, 0.015,
             "Kanan: lingkar hijau = mitra baru, oranye = nilai atau kuadran berubah, biru = dulu "
             "terpencil kini terhubung, garis hijau tebal = hubungan baru. Kiri: lingkar merah = "
             "mitra hilang, garis merah putus-putus = hubungan hilang.",
             ha="center", fontsize=8.5, wrap=True)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.92, bottom=0.07, wspace=0.04)
    return fig


def comparison_html(rows) -> str:
    """An HTML table of :func:`kemitraan_lib.peta_waktu.comparison_rows` (text escaped;
    no matplotlib), each row tinted like its highlight in :func:`draw_comparison`."""
    import html

    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, dict) for r in rows):
        raise InvalidValueError("Baris perbandingan harus dibuat dengan comparison_rows().",
                                field="baris", value=rows)
    if not rows:
        return "<p>Tidak ada perubahan di antara kedua peta.</p>"
    tints = {"Mitra baru": "#e8f5e9", "Hubungan baru": "#e8f5e9", "Mitra hilang": "#fdecea",
             "Hubungan hilang": "#fdecea", "Dulu terpencil, kini terhubung": "#e3f2fd"}
    columns = peta_waktu.COMPARISON_COLUMNS
    head = "".join(f"<th>{html.escape(c.capitalize())}</th>" for c in columns)
    body = "".join(
        f'<tr style="background:{tints.get(str(r.get("perubahan")), "#fff8e1")}">'
        + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in columns) + "</tr>"
        for r in rows)
    return f'<table class="peta-waktu-tabel"><tr>{head}</tr>{body}</table>'
