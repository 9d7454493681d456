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

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kemitraan_lib import content
from kemitraan_lib.network import PartnerNetwork, normalize_name

__all__ = [
    "CATEGORY_COLOURS",
    "LINK_STYLES",
    "LABEL_LIMIT",
    "StableLayout",
    "spring_positions",
    "draw_network",
    "draw_grid",
    "figure_to_png",
    "legend_html",
    "caption_text",
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
#: Pull towards the middle in :func:`spring_positions` (0 = networkx's plain spring layout).
GRAVITY = 1.0
#: Above this many partners the grid shows counts per cell instead of names.
GRID_LABEL_LIMIT = 60

# A white, half-transparent box behind each name keeps it readable over lines. (A white
# stroke outline looks similar but makes matplotlib draw every letter as a path: ~10x slower.)
_HALO = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


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
        if len(keys) == 1:
            self._pos[keys[0]] = (0.0, 0.0)
            return
        index = {key: i for i, key in enumerate(keys)}
        edges = sorted({(min(index[a], index[b]), max(index[a], index[b]))
                        for a, others in neighbours.items() for b in others if a != b})
        pos = spring_positions(len(keys), edges, seed=self.seed)
        for key, (x, y) in zip(keys, pos.tolist(), strict=True):
            self._pos[key] = (round(x, 4), round(y, 4))

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


def spring_positions(n: int, edges: list[tuple[int, int]], *, seed: int = 7,
                     iterations: int | None = None) -> np.ndarray:
    """Force-directed (Fruchterman-Reingold) positions of ``n`` nodes, scaled to [-1, 1].

    The same algorithm as networkx's ``spring_layout`` (linked nodes attract,
    all nodes repel, the step size cools down), written with numpy only: the
    networkx version needs scipy for graphs of 500 nodes or more, which the
    course does not install. The optimal distance is 1.8/sqrt(n) (networkx:
    1/sqrt(n)) to leave room for names. Deterministic for a given ``seed``.

    >>> spring_positions(3, [(0, 1), (1, 2)]).shape
    (3, 2)
    """
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, size=(n, 2)).astype(np.float32)
    if n < 2:
        return np.zeros((n, 2))
    if iterations is None:  # each step is O(n^2): fewer steps on big maps
        iterations = 50 if n <= 300 else (30 if n <= 800 else 20)
    k = np.float32(1.8 / math.sqrt(n))
    src = np.array([a for a, _ in edges], dtype=np.intp)
    dst = np.array([b for _, b in edges], dtype=np.intp)
    temperature = 0.2
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = np.maximum((delta**2).sum(axis=2), np.float32(1e-4))
        # Repulsion k^2/d along the unit vector = delta * k^2 / d^2.
        disp = (delta * (k * k / dist2)[:, :, None]).sum(axis=1)
        if len(src):
            d = pos[src] - pos[dst]
            length = np.sqrt((d**2).sum(axis=1))[:, None]
            pull = d * length / k  # attraction d^2/k along the unit vector
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        # Gentle gravity towards the middle: partners without links stay near the
        # others instead of drifting to the edge and squeezing the rest together.
        disp -= np.float32(GRAVITY) * pos
        size = np.maximum(np.sqrt((disp**2).sum(axis=1)), np.float32(1e-4))[:, None]
        pos += disp / size * np.float32(temperature)
        temperature -= cooling
    pos = pos.astype(float)
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


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
    legend: bool = True,
    caption: bool = True,
) -> Figure:
    """Draw the partner map and return the figure.

    Colour shows the kind of partner (legend in Indonesian), marker size the
    influence (0..5), the line style the kind of link (a conflict is a red
    dashed line); an arrow in the middle of a line marks a one-way link
    (``satu-arah``, from ``dari`` to ``ke``). ``positions`` is a dict of
    ``name -> (x, y)`` or a :class:`StableLayout` (default: a fresh one).
    Names are wrapped and outlined in white so they stay readable with 40
    partners; above :data:`LABEL_LIMIT` partners they are left out.
    ``legend=False`` and ``caption=False`` leave out the legend and the
    title line (a live view shows :func:`legend_html` and :func:`caption_text`
    beside the picture instead: text is the slowest part of a redraw).
    """
    own = ax is None
    fig, ax = _new_axes(ax, (10.0, 8.0))
    if own:  # leave the bottom strip for the legend
        fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.16 if legend else 0.01)
    ax.set_axis_off()
    partners = network.partners
    if caption:
        # A text, not ax.set_title: placing a title measures the axes each draw (slow).
        ax.text(0.5, 1.0, caption_text(network).split("\n")[0], transform=ax.transAxes,
                ha="center", va="bottom", fontsize=11)
    if not partners:
        ax.text(0.5, 0.5, "Peta masih kosong.\nTambahkan mitra pertama lewat formulir.",
                ha="center", va="center", fontsize=12, color="#555555", transform=ax.transAxes)
        return fig
    if positions is None:
        positions = StableLayout()
    pos = positions.positions(network) if isinstance(positions, StableLayout) else positions
    by_key = {normalize_name(name): xy for name, xy in pos.items()}
    by_key.update(pos)
    xy = np.array([by_key[p.name] if p.name in by_key else by_key[normalize_name(p.name)]
                   for p in partners], dtype=float)

    _draw_links(ax, network, by_key)

    colours = [CATEGORY_COLOURS.get(p.category, CATEGORY_COLOURS["lainnya"]) for p in partners]
    sizes = [node_size(p.influence) for p in partners]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, edgecolors="white", linewidths=1.2,
               zorder=3)

    many = len(partners)
    show_labels = many <= LABEL_LIMIT if labels is None else labels
    if show_labels:
        font = 10 if many <= 15 else (8.5 if many <= 45 else 6.5)
        for p, (x, y) in zip(partners, xy, strict=True):
            # Below the marker: the offset grows with the marker size.
            offset = math.sqrt(node_size(p.influence)) / 2 + 2
            ax.annotate(_wrap(p.name), (x, y), xytext=(0, -offset), textcoords="offset points",
                        ha="center", va="top", fontsize=font, zorder=4, bbox=_HALO)
    elif caption:
        ax.text(0.01, 0.01, caption_text(network).split("\n")[1], transform=ax.transAxes,
                fontsize=8, color="#555555")

    # Room for labels under the lowest markers.
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = np.maximum((hi - lo) * 0.12, 0.25)
    ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
    ax.set_ylim(lo[1] - pad[1] * 1.4, hi[1] + pad[1])
    if legend:
        _legend(ax, network)
    return fig


def caption_text(network: PartnerNetwork) -> str:
    """The drawing's title line, plus a second line when names are left out.

    >>> caption_text(PartnerNetwork(title="Desa Uji"))
    'Desa Uji — 0 mitra, 0 hubungan'
    """
    title = getattr(network, "title", "") or "Peta Mitra"
    many = len(network)
    text = f"{title} — {many} mitra, {len(network.links)} hubungan"
    if many > LABEL_LIMIT:
        text += f"\nNama mitra tidak ditampilkan: terlalu banyak ({many} mitra)."
    return text


def _draw_links(ax: Axes, network: PartnerNetwork, by_key: dict) -> None:
    # One polyline per (type, strength) with NaN breaks between links: a few
    # artists instead of one path per link, which keeps big maps quick to draw.
    groups: dict[tuple[str, int], list[float]] = {}
    arrows: list[tuple[float, float, float, float]] = []
    for link in network.links:  # links carry the partners' own spelling: try that first
        a = by_key.get(link.source) or by_key.get(normalize_name(link.source))
        b = by_key.get(link.target) or by_key.get(normalize_name(link.target))
        if a is None or b is None:
            continue
        groups.setdefault((link.type, int(link.strength)), []).extend(
            (a[0], a[1], b[0], b[1], np.nan, np.nan))
        if link.direction == "satu-arah":
            arrows.append((a[0], a[1], b[0], b[1]))
    for (kind, strength), flat in groups.items():
        colour, style, base = LINK_STYLES.get(kind, LINK_STYLES["informasi"])
        xy = np.array(flat, dtype=float).reshape(-1, 2)
        ax.add_line(Line2D(xy[:, 0], xy[:, 1], color=colour, linestyle=style,
                           linewidth=base * (0.7 + 0.3 * strength), alpha=0.85, zorder=1))
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


def _swatch_line(colour: str, style) -> str:
    dash = {"solid": "", "dashdot": "6,2,1,2"}.get(style) if isinstance(style, str) else \
        ",".join(str(v) for v in style[1])
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="34" height="10" style="vertical-align:middle"><line x1="1" y1="5" '
            f'x2="33" y2="5" stroke="{colour}" stroke-width="2.5"{dash_attr}/></svg>')


def legend_html(network: PartnerNetwork) -> str:
    """The legend of :func:`draw_network` as HTML (for a live view next to the picture).

    >>> "Lembaga pemerintah" in legend_html(PartnerNetwork())
    True
    """
    import html

    kinds = "".join(
        f'<span style="white-space:nowrap;margin-right:12px"><span style="display:inline-block;'
        f'width:12px;height:12px;border-radius:6px;background:{colour};vertical-align:middle">'
        f'</span> {html.escape(_label_of(content.CATEGORIES, key))}</span> '
        for key, colour in CATEGORY_COLOURS.items())
    links = "".join(
        f'<span style="white-space:nowrap;margin-right:12px">{_swatch_line(colour, style)} '
        f'{html.escape(_label_of(content.LINK_TYPES, key))}</span> '
        for key, (colour, style, _) in LINK_STYLES.items())
    return (f'<div class="pm-keterangan" style="font-size:13px;line-height:1.6">'
            f'<b>Warna = jenis mitra:</b> {kinds}<br><b>Garis = jenis hubungan:</b> {links}<br>'
            f'<b>Besar lingkaran</b> = pengaruh (0–5); <b>panah</b> di tengah garis = '
            f'hubungan satu arah.</div>')


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
    own = ax is None and advice
    fig, ax = _new_axes(ax, (8.5, 8.0) if own else (8.5, 6.6))
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
        advice_lines.append(f"{q.label} ({where}): {getattr(q, 'advice', '')}")
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
                ax.annotate(_wrap(p.name, 14, 2), (x + dx, y + dy), xytext=(0, 5),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=name_font, bbox=_HALO, zorder=4)
        if many:
            ax.annotate(str(len(members)), (x, y), xytext=(0, 14), textcoords="offset points",
                        ha="center", fontsize=8, fontweight="bold", bbox=_HALO,
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
    """Render ``fig`` to PNG bytes without pyplot.

    The picture is reduced to a 256-colour palette (plenty for these diagrams):
    about three times smaller and quicker to encode and to send to the browser.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.dpi = dpi
    canvas = FigureCanvasAgg(fig)
    # Without font hinting, text draws about a third faster; at these sizes it
    # looks the same.
    with matplotlib.rc_context({"text.hinting": "none"}):
        canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB")
    image = image.quantize(256, method=Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
