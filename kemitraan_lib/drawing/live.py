"""A partner-map drawing kept alive between edits (the Peta Mitra widget's picture).

:func:`kemitraan_lib.drawing.draw_network` builds a new figure each time. While a
facilitator edits a map, most of the picture stays as it was: the partners keep
their positions (:class:`StableLayout`), and the part of the map shown is kept
steady too, so every name that was clear stays where it was
(:class:`LabelPlacer`) and only a new or moved name is placed. The figure and its
axes are made once and reused; each redraw swaps the artists.

The part of the map shown grows (with some room to spare) when a partner lands
outside it, and shrinks back when the partners fill less than half of it;
:meth:`LiveDrawing.reset` ("Rapikan", a new map) starts afresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kemitraan_lib.errors import InvalidValueError, check_type, show
from kemitraan_lib.network import PartnerNetwork

from .labels import LabelPlacer
from .layout import StableLayout
from .network import _draw_labels, _draw_links, _draw_nodes, _positions_array, map_limits, new_axes
from .png import rgba_to_png
from .style import CATEGORY_COLOURS, LABEL_LIMIT, figure_size, node_size

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["LiveDrawing"]

_SPARE = 0.10  # room added on each side when the part shown has to grow (of its span)
_LOOSE = 0.5  # shrink back when the partners span less than this share of it


class LiveDrawing:
    """The drawing of one map as it is edited: positions, names and figure kept.

    >>> from kemitraan_lib.network import PartnerNetwork
    >>> net = PartnerNetwork()
    >>> _ = net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=3)
    >>> live = LiveDrawing()
    >>> live.png(net)[:4] == b"\\x89PNG"
    True
    """

    def __init__(self, size: str | tuple[float, float] = "layar") -> None:
        self.size = figure_size(size)
        self.layout = StableLayout()
        self.placer = LabelPlacer()
        self.limits: tuple[float, float, float, float] | None = None
        self._fig: Figure | None = None
        self._link_key: object = None
        self._link_artists: list = []
        self._nodes = None  # the circles (a PathCollection), updated in place
        self._labels: list = []
        self._background = None  # (what it shows, the rendered links) for blitting

    def reset(self) -> None:
        """Forget positions, names' places and the part shown (a fresh layout)."""
        self.layout.reset()
        self.placer.reset()
        self.limits = None

    def forget_drawn(self) -> None:
        """Draw everything again next time, on a new figure (positions and names' places
        are kept; for measuring a full redraw)."""
        self._fig = None
        self._link_key, self._link_artists, self._nodes, self._labels = None, [], None, []
        self._background = None

    def rename(self, old: str, new: str) -> None:
        """A renamed partner keeps its place."""
        self.layout.rename(old, new)

    def positions(self, network: PartnerNetwork) -> dict[str, tuple[float, float]]:
        return self.layout.positions(network)

    def _steady_limits(self, xy: np.ndarray) -> tuple[float, float, float, float]:
        want = map_limits(xy)
        old = self.limits
        if old is not None:
            inside = old[0] <= want[0] and want[1] <= old[1] and old[2] <= want[2] and \
                want[3] <= old[3]
            loose = (want[1] - want[0]) < _LOOSE * (old[1] - old[0]) or \
                (want[3] - want[2]) < _LOOSE * (old[3] - old[2])
            if inside and not loose:
                return old
        if old is None:
            self.limits = want
        else:  # grow (or shrink) with room to spare, so the next partners fit as well
            sx, sy = (want[1] - want[0]) * _SPARE, (want[3] - want[2]) * _SPARE
            self.limits = (want[0] - sx, want[1] + sx, want[2] - sy, want[3] + sy)
        return self.limits

    def figure(self, network: PartnerNetwork) -> Figure:
        """The drawing of ``network`` (no legend or title: shown beside it as text).

        The same figure each time. The links are drawn again only when they or
        their ends moved; the circles are updated in place; the names are placed
        by the kept :class:`LabelPlacer`.
        """
        check_type(network, PartnerNetwork, "Yang digambar", "sebuah peta mitra (PartnerNetwork)")
        partners = network.partners
        if self._fig is None:
            self._fig, ax = new_axes(None, self.size)
            self._fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.01)
            ax.set_axis_off()
        ax = self._fig.axes[0]
        for artist in self._labels:
            artist.remove()
        self._labels = []
        if not partners:
            self._forget_links()
            if self._nodes is not None:
                self._nodes.remove()
                self._nodes = None
            return self._fig
        by_key, xy = _positions_array(network, self.layout)
        limits = self._steady_limits(xy)
        if limits != (*ax.get_xlim(), *ax.get_ylim()):
            ax.set_xlim(limits[0], limits[1])
            ax.set_ylim(limits[2], limits[3])
            self._forget_links()  # arrows are sized for the part shown
        ends = tuple((link, by_key.get(link.source), by_key.get(link.target))
                     for link in network.links)
        if ends != self._link_key:
            self._forget_links()
            self._link_artists = _draw_links(ax, network, by_key)
            self._link_key = ends
        if self._nodes is None:
            self._nodes = _draw_nodes(ax, partners, xy)
        else:
            self._nodes.set_offsets(xy)
            self._nodes.set_sizes([node_size(p.influence) for p in partners])
            self._nodes.set_facecolor([CATEGORY_COLOURS.get(p.category,
                                                            CATEGORY_COLOURS["lainnya"])
                                       for p in partners])
        if len(partners) <= LABEL_LIMIT:
            self._labels = _draw_labels(ax, partners, xy, self.placer)
        return self._fig

    def _forget_links(self) -> None:
        for artist in self._link_artists:
            artist.remove()
        self._link_artists = []
        self._link_key = None

    def png(self, network: PartnerNetwork, dpi: int = 80) -> bytes:
        """PNG bytes of :meth:`figure`.

        The links (and the empty frame) are rendered once into a background that is
        kept while they do not change; each redraw pastes it and renders only the
        circles and the names on top (matplotlib's blitting, on the Agg canvas).
        """
        if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 600:
            raise InvalidValueError(f"dpi harus bilangan bulat 10 sampai 600; nilai {show(dpi)} "
                                    "tidak diterima.", field="dpi", value=dpi, allowed=(10, 600))
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = self.figure(network)
        if fig.dpi != dpi or not isinstance(fig.canvas, FigureCanvasAgg):
            fig.dpi = dpi
            FigureCanvasAgg(fig)
            self._background = None
        canvas = fig.canvas
        moving = [a for a in (self._nodes, *self._labels) if a is not None]
        hinting = matplotlib.rcParams["text.hinting"]
        matplotlib.rcParams["text.hinting"] = "none"  # as figure_to_png
        try:
            key = (self._link_key, self.limits, dpi, id(canvas))
            if self._background is None or self._background[0] != key:
                for artist in moving:
                    artist.set_visible(False)
                try:
                    canvas.draw()
                finally:
                    for artist in moving:
                        artist.set_visible(True)
                self._background = (key, canvas.copy_from_bbox(fig.bbox))
            else:
                canvas.restore_region(self._background[1])
            renderer = canvas.get_renderer()
            for artist in sorted(moving, key=lambda a: a.get_zorder()):
                artist.draw(renderer)
        finally:
            matplotlib.rcParams["text.hinting"] = hinting
        return rgba_to_png(canvas.buffer_rgba())
