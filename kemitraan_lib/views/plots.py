"""Pictures of a partner map: the network drawing and the power-interest grid.

Both functions return a :class:`matplotlib.figure.Figure` built without pyplot,
so nothing is shown or kept in pyplot's global figure list (no ``plt.show()``,
no figures piling up in memory). Show a figure in a notebook by leaving it as
the last expression of a cell, or turn it into PNG bytes with
:func:`figure_to_png`.

>>> from kemitraan_lib.network import PartnerNetwork
>>> net = PartnerNetwork()
>>> _ = net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=3)
>>> _ = net.add_partner(name="Pemerintah Desa", category="pemerintah", influence=5)
>>> _ = net.add_link("KTH Wana Lestari", "Pemerintah Desa", "pembinaan")
>>> fig = draw_network(net)
>>> figure_to_png(fig)[:4] == b"\\x89PNG"
True

Positions come from a :class:`StableLayout`: partners already on the map keep
their place and only new partners are placed, so the map does not jump around
while a facilitator adds partners one by one.
"""

from __future__ import annotations

import io
import math
import textwrap
import zlib

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kemitraan_lib import content
from kemitraan_lib.network import PartnerNetwork, normalize_name

__all__ = [
    "CATEGORY_COLOURS",
    "LINK_STYLES",
    "LABEL_LIMIT",
    "StableLayout",
    "draw_network",
    "draw_grid",
    "figure_to_png",
    "node_size",
]

# Okabe-Ito palette: distinguishable for colour-blind readers and on a projector.
CATEGORY_COLOURS: dict[str, str] = {
    "kelompok": "#009E73",    # green
    "tokoh": "#E69F00",       # orange
    "usaha": "#0072B2",       # blue
    "koperasi": "#CC79A7",    # pink
    "pemerintah": "#56B4E9",  # sky blue
    "lainnya": "#999999",     # grey
}

# Line style per link type: (colour, line style, base width).
LINK_STYLES: dict[str, tuple[str, object, float]] = {
    "informasi": ("#7f7f7f", "solid", 1.0),
    "dana": ("#1b7837", "solid", 1.8),
    "barang": ("#8c510a", "dashdot", 1.5),
    "pembinaan": ("#2166ac", (0, (1, 1.5)), 1.8),
    "kewenangan": ("#000000", (0, (6, 2)), 1.4),
    "konflik": ("#d62728", (0, (4, 2)), 2.0),
}

#: Above this many partners the drawing leaves names out (they would be an
#: unreadable blot) and says so on the picture.
LABEL_LIMIT = 120
#: Above this many partners the grid shows counts per cell instead of names.
GRID_LABEL_LIMIT = 60

_OUTLINE = [patheffects.withStroke(linewidth=2.5, foreground="white")]


def node_size(influence: int) -> float:
    """Marker area (points^2) of a partner with this influence (0..5).

    >>> node_size(0) < node_size(5)
    True
    """
    return 110.0 + 85.0 * int(influence)


def _label_of(collection, key: str) -> str:
    for item in collection:
        if item.key == key:
            return item.label
    return key


def _wrap(name: str, width: int = 16, lines: int = 3) -> str:
    """Wrap a long partner name into at most ``lines`` short lines."""
    return "\n".join(textwrap.wrap(name, width=width, max_lines=lines, placeholder="…")) or name


def _seed_of(key: str, seed: int) -> int:
    return (zlib.crc32(key.encode("utf-8")) ^ seed) & 0xFFFFFFFF


class StableLayout:
    """Node positions that stay put: old partners keep their place.

    The first call lays out the whole map with networkx's ``spring_layout``
    (fixed ``seed``, so the same map always looks the same). Later calls keep
    every known position and only place partners that are new: next to the
    partners they are linked to, or in the emptiest spot of the map when they
    have no links yet. :meth:`reset` forgets everything (a "tidy up" button).

    >>> from kemitraan_lib.network import PartnerNetwork
    >>> net = PartnerNetwork()
    >>> _ = net.add_partner(name="A", category="kelompok")
    >>> _ = net.add_partner(name="B", category="tokoh")
    >>> layout = StableLayout()
    >>> before = layout.positions(net)
    >>> _ = net.add_partner(name="C", category="usaha")
    >>> after = layout.positions(net)
    >>> after["A"] == before["A"] and after["B"] == before["B"]
    True
    """

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed
        self._pos: dict[str, tuple[float, float]] = {}

    def reset(self) -> None:
        """Forget all positions; the next call lays the whole map out again."""
        self._pos.clear()

    def rename(self, old: str, new: str) -> None:
        """Keep the place of a partner that was renamed."""
        old_key, new_key = normalize_name(old), normalize_name(new)
        if old_key in self._pos and old_key != new_key:
            self._pos[new_key] = self._pos.pop(old_key)

    def positions(self, network: PartnerNetwork) -> dict[str, tuple[float, float]]:
        """Return ``{partner name: (x, y)}`` for every partner of ``network``."""
        names = [p.name for p in network.partners]
        keys = [normalize_name(n) for n in names]
        live = set(keys)
        for key in [k for k in self._pos if k not in live]:
            del self._pos[key]  # removed partners give their place back
        new = [k for k in keys if k not in self._pos]
        if new:
            neighbours: dict[str, list[str]] = {k: [] for k in keys}
            for link in network.links:
                a, b = normalize_name(link.source), normalize_name(link.target)
                if a in neighbours and b in neighbours:
                    neighbours[a].append(b)
                    neighbours[b].append(a)
            if not self._pos:
                self._initial(keys, neighbours)
            else:
                self._place_new(new, neighbours)
        return {name: self._pos[key] for name, key in zip(names, keys, strict=True)}

    # -- internals ---------------------------------------------------------
    def _initial(self, keys: list[str], neighbours: dict[str, list[str]]) -> None:
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(keys)
        for key, others in neighbours.items():
            graph.add_edges_from((key, o) for o in others)
        if len(keys) == 1:
            self._pos[keys[0]] = (0.0, 0.0)
            return
        # Dense Fruchterman-Reingold is O(n^2) per step: fewer steps on big maps.
        iterations = 50 if len(keys) <= 300 else 25
        # A larger optimal distance than networkx's 1/sqrt(n) leaves room for names.
        k = 1.8 / math.sqrt(len(keys))
        pos = nx.spring_layout(graph, k=k, seed=self.seed, iterations=iterations)
        for key in keys:
            x, y = pos[key]
            self._pos[key] = (round(float(x), 4), round(float(y), 4))

    def _place_new(self, new: list[str], neighbours: dict[str, list[str]]) -> None:
        for key in new:  # one at a time, so new partners also avoid each other
            placed = np.array(list(self._pos.values()), dtype=float)
            n = len(placed)
            span = max(float(np.ptp(placed[:, 0])), float(np.ptp(placed[:, 1])), 1.0)
            spacing = span / math.sqrt(n + 1)
            rng = np.random.default_rng(_seed_of(key, self.seed))
            linked = [self._pos[o] for o in neighbours[key] if o in self._pos]
            if linked:
                centre = np.mean(np.array(linked, dtype=float), axis=0)
                radius = 1.5 * spacing
                angles = rng.uniform(0, 2 * math.pi, 96)
                dist = radius * np.sqrt(rng.uniform(0.15, 1.0, 96))
                cand = centre + np.column_stack([np.cos(angles), np.sin(angles)]) * dist[:, None]
            else:
                lo = placed.min(axis=0) - 0.25 * spacing
                hi = placed.max(axis=0) + 0.25 * spacing
                cand = rng.uniform(lo, hi, size=(160, 2))
            # The candidate furthest from every partner already placed wins.
            diff = cand[:, None, :] - placed[None, :, :]
            nearest = np.sqrt((diff**2).sum(axis=2)).min(axis=1)
            if linked:  # stay close to the linked partners, but not on top of anyone
                nearest = np.minimum(nearest, spacing) - 0.05 * np.hypot(*(cand - centre).T)
            best = cand[int(np.argmax(nearest))]
            self._pos[key] = (round(float(best[0]), 4), round(float(best[1]), 4))


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=size, dpi=100)
    return fig, fig.add_subplot(1, 1, 1)


def draw_network(
    network: PartnerNetwork,
    *,
    positions: dict[str, tuple[float, float]] | StableLayout | None = None,
    ax: Axes | None = None,
    labels: bool | None = None,
) -> Figure:
    """Draw the partner map and return the figure.

    Colour shows the kind of partner (legend in Indonesian), marker size the
    influence (0..5), the line style the kind of link (a conflict is a red
    dashed line); an arrow in the middle of a line marks a one-way link
    (``satu-arah``, from ``dari`` to ``ke``). ``positions`` is a dict of
    ``name -> (x, y)`` or a :class:`StableLayout` (default: a fresh one).
    Names are wrapped and outlined in white so they stay readable with 40
    partners; above :data:`LABEL_LIMIT` partners they are left out.
    """
    own = ax is None
    fig, ax = _new_axes(ax, (10.0, 8.0))
    if own:  # leave the bottom strip for the legend
        fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.16)
    ax.set_axis_off()
    partners = network.partners
    title = getattr(network, "title", "") or "Peta Mitra"
    ax.set_title(f"{title} — {len(partners)} mitra, {len(network.links)} hubungan", fontsize=11)
    if not partners:
        ax.text(0.5, 0.5, "Peta masih kosong.\nTambahkan mitra pertama lewat formulir.",
                ha="center", va="center", fontsize=12, color="#555555", transform=ax.transAxes)
        return fig
    if positions is None:
        positions = StableLayout()
    pos = positions.positions(network) if isinstance(positions, StableLayout) else positions
    by_key = {normalize_name(name): xy for name, xy in pos.items()}
    xy = np.array([by_key[normalize_name(p.name)] for p in partners], dtype=float)

    _draw_links(ax, network, by_key)

    colours = [CATEGORY_COLOURS.get(p.category, CATEGORY_COLOURS["lainnya"]) for p in partners]
    sizes = [node_size(p.influence) for p in partners]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, edgecolors="white", linewidths=1.2,
               zorder=3)

    many = len(partners)
    show_labels = many <= LABEL_LIMIT if labels is None else labels
    if show_labels:
        font = 9 if many <= 15 else (7.5 if many <= 45 else 6)
        for p, (x, y) in zip(partners, xy, strict=True):
            # Below the marker: the offset grows with the marker size.
            offset = math.sqrt(node_size(p.influence)) / 2 + 2
            ax.annotate(_wrap(p.name), (x, y), xytext=(0, -offset), textcoords="offset points",
                        ha="center", va="top", fontsize=font, zorder=4, path_effects=_OUTLINE)
    else:
        ax.text(0.01, 0.01, f"Nama mitra tidak ditampilkan: terlalu banyak ({many} mitra).",
                transform=ax.transAxes, fontsize=8, color="#555555")

    # Room for labels under the lowest markers.
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = np.maximum((hi - lo) * 0.12, 0.25)
    ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
    ax.set_ylim(lo[1] - pad[1] * 1.4, hi[1] + pad[1])
    _legend(ax, network)
    return fig


def _draw_links(ax: Axes, network: PartnerNetwork, by_key: dict) -> None:
    segments: dict[str, list] = {}
    widths: dict[str, list[float]] = {}
    arrows: list[tuple[float, float, float, float]] = []
    for link in network.links:
        a = by_key.get(normalize_name(link.source))
        b = by_key.get(normalize_name(link.target))
        if a is None or b is None:
            continue
        segments.setdefault(link.type, []).append((a, b))
        base = LINK_STYLES.get(link.type, LINK_STYLES["informasi"])[2]
        widths.setdefault(link.type, []).append(base * (0.7 + 0.3 * int(link.strength)))
        if link.direction == "satu-arah":
            arrows.append((a[0], a[1], b[0], b[1]))
    for kind, segs in segments.items():
        colour, style, _ = LINK_STYLES.get(kind, LINK_STYLES["informasi"])
        ax.add_collection(LineCollection(segs, colors=colour, linestyles=style,
                                         linewidths=widths[kind], alpha=0.85, zorder=1))
    if arrows:
        arr = np.array(arrows, dtype=float)
        start = arr[:, :2] + 0.45 * (arr[:, 2:] - arr[:, :2])
        vec = 0.12 * (arr[:, 2:] - arr[:, :2])
        ax.quiver(start[:, 0], start[:, 1], vec[:, 0], vec[:, 1], angles="xy",
                  scale_units="xy", scale=1, color="#333333", width=0.004, headwidth=5,
                  headlength=6, headaxislength=5, zorder=2)


def _legend(ax: Axes, network: PartnerNetwork) -> None:
    used_kinds = {p.category for p in network.partners}
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colour,
               markeredgecolor="white", label=_label_of(content.CATEGORIES, key))
        for key, colour in CATEGORY_COLOURS.items() if key in used_kinds
    ]
    used_links = {link.type for link in network.links}
    for key, (colour, style, width) in LINK_STYLES.items():
        if key in used_links:
            handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=width,
                                  label=f"Hubungan: {_label_of(content.LINK_TYPES, key)}"))
    if any(link.direction == "satu-arah" for link in network.links):
        handles.append(Line2D([], [], color="#333333", marker=">", linestyle="",
                              label="Panah: hubungan satu arah"))
    handles.append(Line2D([], [], linestyle="", label="Besar lingkaran = pengaruh"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), fontsize=8.5,
              ncol=3, frameon=False, title="Keterangan", title_fontsize=9)


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


def draw_grid(network: PartnerNetwork, ax: Axes | None = None) -> Figure:
    """Draw the power-interest grid (pengaruh vs kepentingan) and return the figure.

    The four quadrants carry their Indonesian name and advice; each partner is
    a dot in the colour of its kind. Partners with the same scores are spread
    around their point so none hides another.
    """
    own = ax is None
    fig, ax = _new_axes(ax, (8.5, 8.0))
    if own:  # leave the bottom strip for the quadrant advice
        fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.24)
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
        advice_lines.append(f"{q.label} ({where}): {getattr(q, 'advice', '')}")
    if own:
        fig.text(0.02, 0.015, "\n".join(textwrap.fill(line, 120) for line in advice_lines),
                 fontsize=8, va="bottom", ha="left", color="#333333")
    cells: dict[tuple[int, int], list] = {}
    for p in network.partners:
        cells.setdefault((int(p.interest), int(p.influence)), []).append(p)
    many = len(network.partners) > GRID_LABEL_LIMIT
    xs, ys, colours = [], [], []
    for (x, y), members in cells.items():
        for p, (dx, dy) in zip(members, _spread(len(members)), strict=True):
            xs.append(x + dx)
            ys.append(y + dy)
            colours.append(CATEGORY_COLOURS.get(p.category, CATEGORY_COLOURS["lainnya"]))
            if not many:
                ax.annotate(_wrap(p.name, 14, 2), (x + dx, y + dy), xytext=(0, 5),
                            textcoords="offset points", ha="center", va="bottom", fontsize=6.5,
                            path_effects=_OUTLINE, zorder=4)
        if many:
            ax.annotate(str(len(members)), (x, y), xytext=(0, 14), textcoords="offset points",
                        ha="center", fontsize=8, fontweight="bold", path_effects=_OUTLINE,
                        zorder=4)
    if xs:
        ax.scatter(xs, ys, c=colours, s=45, edgecolors="white", linewidths=0.8, zorder=3)
    else:
        ax.text(2.5, 2.5, "Belum ada mitra.", ha="center", va="center", color="#555555")
    if many:
        ax.set_title("Kisi Pengaruh–Kepentingan (angka = banyaknya mitra pada titik itu)",
                     fontsize=11)
    return fig


def figure_to_png(fig: Figure, dpi: int = 80) -> bytes:
    """Render ``fig`` to PNG bytes (fast compression) without pyplot."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight",
                pil_kwargs={"compress_level": 1})
    return buffer.getvalue()

