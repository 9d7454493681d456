"""The drawing of a partner map: who is on it, and the links between them.

:func:`draw_network` returns a :class:`matplotlib.figure.Figure` built without
pyplot (nothing is shown or kept in pyplot's figure list). matplotlib is
imported only when something is drawn; :func:`legend_html` and
:func:`caption_text` need no matplotlib at all.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from kemitraan_lib import content
from kemitraan_lib.errors import InvalidValueError, check_type, show
from kemitraan_lib.network import PartnerNetwork, normalize_name

from .labels import (
    HALO_GID,
    LABEL_FONT,
    LABEL_GID,
    LabelPlacer,
    NameOutlines,
    label_extent,
    name_paths,
)
from .layout import StableLayout
from .style import (
    CATEGORY_COLOURS,
    HALO,
    LABEL_LIMIT,
    LINK_STYLES,
    figure_size,
    label_of,
    node_size,
    wrap,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["draw_network", "caption_text", "legend_html", "new_axes", "check_drawing",
           "map_limits"]


def check_drawing(network, ax=None, **flags) -> PartnerNetwork:
    """Refuse what a drawing cannot use: no network, no Axes, flags that are not True/False."""
    check_type(network, PartnerNetwork, "Yang digambar", "sebuah peta mitra (PartnerNetwork)")
    if ax is not None:
        from matplotlib.axes import Axes

        check_type(ax, Axes, "ax", "sebuah Axes matplotlib (atau None)")
    for name, value in flags.items():
        if value is not None and not isinstance(value, bool):
            raise InvalidValueError(f"'{name}' harus True atau False; nilai {show(value)} tidak "
                                    "diterima.", field=name, value=value, allowed=(True, False))
    return network


def new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """``ax`` and its figure, or a new figure (without pyplot) of ``size`` inches."""
    from matplotlib.figure import Figure

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
    size: str | tuple[float, float] = "layar",
    placer: LabelPlacer | None = None,
    limits: tuple[float, float, float, float] | None = None,
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

    Names are :data:`LABEL_FONT` points and placed beside their circle so that
    they do not cover each other (:mod:`kemitraan_lib.drawing.labels`; pass a
    :class:`LabelPlacer` to keep places between redraws). ``size``: a key of
    :data:`FIGURE_SIZES` ("layar", "proyektor", "cetak") or (width, height) in
    inches. ``limits`` (x0, x1, y0, y1) fixes the part of the map shown (default:
    :func:`map_limits`; a live view keeps them steady while partners are added, so
    names keep their places).
    """
    check_drawing(network, ax, labels=labels, legend=legend, caption=caption)
    if positions is not None and not isinstance(positions, (StableLayout, dict)):
        raise InvalidValueError(f"Letak mitra harus StableLayout atau kamus nama -> (x, y); "
                                f"nilai {show(positions)} tidak diterima.", field="positions",
                                value=positions, allowed=("StableLayout", "dict"))
    if placer is not None and not isinstance(placer, LabelPlacer):
        raise InvalidValueError(f"'placer' harus LabelPlacer atau None; nilai {show(placer)} "
                                "tidak diterima.", field="placer", value=placer,
                                allowed=("LabelPlacer",))
    own = ax is None
    fig, ax = new_axes(ax, figure_size(size))
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
    by_key, xy = _positions_array(network, positions)
    _draw_links(ax, network, by_key)
    _draw_nodes(ax, partners, xy)

    many = len(partners)
    show_labels = many <= LABEL_LIMIT if labels is None else labels
    x0, x1, y0, y1 = map_limits(xy) if limits is None else _limits(limits)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    if show_labels:
        _draw_labels(ax, partners, xy, placer)
    elif caption:
        ax.text(0.01, 0.01, caption_text(network).split("\n")[1], transform=ax.transAxes,
                fontsize=8, color="#555555")

    if legend:
        _legend(ax, network)
    return fig


def _positions_array(network: PartnerNetwork, positions) -> tuple[dict, np.ndarray]:
    """Positions by name (also by normalised name) and as an (n, 2) array in the
    partners' order; an Indonesian error when a partner has no usable position."""
    partners = network.partners
    pos = positions.positions(network) if isinstance(positions, StableLayout) else positions
    by_key = {normalize_name(name): xy for name, xy in pos.items() if isinstance(name, str)}
    by_key.update(pos)
    try:
        xy = np.array([by_key[p.name] if p.name in by_key else by_key[normalize_name(p.name)]
                       for p in partners], dtype=float).reshape(-1, 2)
        ok = xy.shape == (len(partners), 2) and bool(np.isfinite(xy).all())
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise InvalidValueError("Letak mitra harus berisi (x, y) berupa angka untuk setiap mitra "
                                "di peta.", field="positions", value=positions,
                                allowed=("nama -> (x, y)",))
    return by_key, xy


def _draw_nodes(ax: Axes, partners, xy: np.ndarray):
    """The partners' circles: colour = kind, size = influence (one collection)."""
    colours = [CATEGORY_COLOURS.get(p.category, CATEGORY_COLOURS["lainnya"]) for p in partners]
    sizes = [node_size(p.influence) for p in partners]
    return ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, edgecolors="white",
                      linewidths=1.2, zorder=3)


def map_limits(xy) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) showing every position of ``xy`` (n, 2) with room for the names
    around the outermost circles."""
    try:
        if isinstance(xy, (str, bytes, dict)):
            raise TypeError
        xy = np.asarray(xy, dtype=float)
        ok = (xy.ndim == 2 and xy.shape[1] == 2 or xy.size == 0) and \
            bool(np.isfinite(xy).all()) and bool((np.abs(xy) < 1e12).all())
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise InvalidValueError(f"Letak mitra harus daftar (x, y) berupa angka biasa; nilai "
                                f"{show(xy)} tidak diterima.", field="positions", value=xy,
                                allowed=("[(x, y), ...]",))
    if xy.size == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = np.maximum((hi - lo) * 0.12, 0.25)
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]),
            float(hi[1] + pad[1]))


def _limits(limits) -> tuple[float, float, float, float]:
    try:
        x0, x1, y0, y1 = (float(v) for v in limits)
        ok = all(math.isfinite(v) and abs(v) < 1e12 for v in (x0, x1, y0, y1)) and \
            x0 < x1 and y0 < y1 and not isinstance(limits, (str, bytes))
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise InvalidValueError(f"Batas gambar harus empat angka (x0, x1, y0, y1) dengan "
                                f"x0 < x1 dan y0 < y1; nilai {show(limits)} tidak diterima.",
                                field="limits", value=limits, allowed=("(x0, x1, y0, y1)",))
    return x0, x1, y0, y1


def _draw_labels(ax: Axes, partners, xy: np.ndarray, placer: LabelPlacer | None) -> list:
    """Every partner's name beside its circle, placed clear of the other names (returns
    the artists: leader lines, halos, names)."""
    fig = ax.figure
    width_pt, height_pt = fig.get_size_inches() * 72.0
    box = ax.get_position()  # figure fractions
    frame = (box.x0 * width_pt, box.y0 * height_pt, box.x1 * width_pt, box.y1 * height_pt)
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    centres = np.column_stack([
        frame[0] + (xy[:, 0] - x_lo) / (x_hi - x_lo) * (frame[2] - frame[0]),
        frame[1] + (xy[:, 1] - y_lo) / (y_hi - y_lo) * (frame[3] - frame[1])])
    texts = [wrap(p.name) for p in partners]
    radii = np.array([math.sqrt(node_size(p.influence)) / 2 + 0.6 for p in partners])
    extents = [label_extent(text, LABEL_FONT) for text in texts]
    # Big circles first: the most influential names get the best places.
    order = sorted(range(len(partners)), key=lambda i: (-partners[i].influence, i))
    placer = placer if placer is not None else LabelPlacer()
    places = placer.place([p.name for p in partners], centres, radii, extents, frame, order)
    # A name set farther out gets a thin leader line from its circle, so it is
    # clear whose name it is (one line artist for all of them: cheap to draw).
    sx = (x_hi - x_lo) / (frame[2] - frame[0])
    sy = (y_hi - y_lo) / (frame[3] - frame[1])
    leaders = [(x, y, x + place.dx * sx, y + place.dy * sy, np.nan, np.nan)
               for (x, y), place, r in zip(xy, places, radii, strict=True)
               if math.hypot(place.dx, place.dy) > r + 10]
    drawn = []
    if leaders:
        from matplotlib.lines import Line2D

        flat = np.array(leaders, dtype=float).reshape(-1, 2)
        drawn.append(ax.add_artist(Line2D(flat[:, 0], flat[:, 1], color="#555555", linewidth=0.7,
                             alpha=0.8, zorder=2.5)))
    # The white halos behind the names: one collection of boxes (a box per text
    # would make matplotlib lay out every text twice).
    from matplotlib.collections import PolyCollection

    halos = []
    for (x, y), place, (w, h) in zip(xy, places, extents, strict=True):
        ax_x = x + place.dx * sx
        ax_y = y + place.dy * sy
        fx = {"center": 0.5, "right": 1.0, "left": 0.0}[place.ha]
        fy = {"center": 0.5, "top": 1.0, "bottom": 0.0}[place.va]
        x0, y0 = ax_x - fx * w * sx, ax_y - fy * h * sy
        x1, y1 = x0 + w * sx, y0 + h * sy
        halos.append(((x0, y0), (x1, y0), (x1, y1), (x0, y1)))
    drawn.append(ax.add_collection(
        PolyCollection(halos, facecolors=HALO["facecolor"], edgecolors="none",
                       alpha=HALO["alpha"], zorder=3.9, gid=HALO_GID), autolim=False))
    # The names: one collection of outlines (a Text per name costs several times more
    # to draw); the outlines of each name are made once and kept.
    # (Not a PathCollection, so the only PathCollection on the axes stays the circles.)
    from matplotlib.transforms import Affine2D

    names = NameOutlines(name_paths(texts, places, extents), offsets=xy,
                         offset_transform=ax.transData,
                         transform=Affine2D().scale(1 / 72) + fig.dpi_scale_trans,
                         facecolors="#111111", edgecolors="none", zorder=4, gid=LABEL_GID)
    names.partner_names = texts  # what the outlines say (for tests and checks)
    drawn.append(ax.add_collection(names, autolim=False))
    return drawn


def caption_text(network: PartnerNetwork) -> str:
    """The drawing's title line, plus a second line when names are left out.

    >>> caption_text(PartnerNetwork(title="Desa Uji"))
    'Desa Uji — 0 mitra, 0 hubungan'
    """
    check_drawing(network)
    title = network.title or "Peta Mitra"
    many = len(network)
    text = f"{title} — {many} mitra, {len(network.links)} hubungan"
    if many > LABEL_LIMIT:
        text += f"\nNama mitra tidak ditampilkan: terlalu banyak ({many} mitra)."
    return text


def _draw_links(ax: Axes, network: PartnerNetwork, by_key: dict) -> list:
    """The links as a few artists (returned): a polyline per kind and strength, and
    the arrows of one-way links."""
    from matplotlib.lines import Line2D

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
    drawn = []
    for (kind, strength), flat in groups.items():
        colour, style, base = LINK_STYLES.get(kind, LINK_STYLES["informasi"])
        xy = np.array(flat, dtype=float).reshape(-1, 2)
        # add_artist: the limits are set by hand, so no data limits to update
        drawn.append(ax.add_artist(Line2D(xy[:, 0], xy[:, 1], color=colour, linestyle=style,
                                          linewidth=base * (0.7 + 0.3 * strength), alpha=0.85,
                                          zorder=1)))
    if arrows:
        arr = np.array(arrows, dtype=float)
        start = arr[:, :2] + 0.45 * (arr[:, 2:] - arr[:, :2])
        vec = 0.12 * (arr[:, 2:] - arr[:, :2])
        drawn.append(ax.quiver(start[:, 0], start[:, 1], vec[:, 0], vec[:, 1], angles="xy",
                               scale_units="xy", scale=1, color="#333333", width=0.004,
                               headwidth=5, headlength=6, headaxislength=5, zorder=2))
    return drawn


def _legend(ax: Axes, network: PartnerNetwork) -> None:
    from matplotlib.lines import Line2D

    used_kinds = {p.category for p in network.partners}
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colour,
               markeredgecolor="white", label=label_of(content.CATEGORIES, key))
        for key, colour in CATEGORY_COLOURS.items() if key in used_kinds
    ]
    used_links = {link.type for link in network.links}
    for key, (colour, style, width) in LINK_STYLES.items():
        if key in used_links:
            handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=width,
                                  label=f"Hubungan: {label_of(content.LINK_TYPES, key)}"))
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

    check_drawing(network)
    kinds = "".join(
        f'<span style="white-space:nowrap;margin-right:12px"><span style="display:inline-block;'
        f'width:12px;height:12px;border-radius:6px;background:{colour};vertical-align:middle">'
        f'</span> {html.escape(label_of(content.CATEGORIES, key))}</span> '
        for key, colour in CATEGORY_COLOURS.items())
    links = "".join(
        f'<span style="white-space:nowrap;margin-right:12px">{_swatch_line(colour, style)} '
        f'{html.escape(label_of(content.LINK_TYPES, key))}</span> '
        for key, (colour, style, _) in LINK_STYLES.items())
    return (f'<div class="pm-keterangan" style="font-size:13px;line-height:1.6">'
            f'<b>Warna = jenis mitra:</b> {kinds}<br><b>Garis = jenis hubungan:</b> {links}<br>'
            f'<b>Besar lingkaran</b> = pengaruh (0–5); <b>panah</b> di tengah garis = '
            f'hubungan satu arah.</div>')
