"""Pictures of a partner map (model side: no widgets; matplotlib only when drawing).

* :func:`draw_network`: the partners (colour = kind, size = influence) and their
  links (line style = kind of link, arrow = one-way);
* :func:`draw_grid`: the power-interest grid;
* :class:`StableLayout`: positions that stay put while partners are added;
* :class:`LiveDrawing`: the drawing of a map being edited, kept between edits so only
  what changed is drawn again (:mod:`.live`, the Peta Mitra widget's picture);
* :func:`figure_to_png`: PNG bytes of a figure;
* :func:`draw_radar`, :func:`draw_health_trend` (health check), :func:`draw_comparison`
  (two dated maps side by side), :func:`draw_monev_history` (traffic lights over time);
* :class:`LabelPlacer`, :func:`place_labels`, :func:`label_boxes`: names placed
  clear of each other, and their drawn boxes (:mod:`.labels`);
* :data:`FIGURE_SIZES`: screen, projector and print sizes;
* :func:`legend_html`, :func:`caption_text`: the legend and title as text
  (no matplotlib needed).

Both drawings return a :class:`matplotlib.figure.Figure` built without pyplot.
The look (colours, line styles) lives in :mod:`kemitraan_lib.drawing.style`;
a new kind of picture is a new module here that uses it.

>>> from kemitraan_lib.network import PartnerNetwork
>>> net = PartnerNetwork()
>>> _ = net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=3)
>>> _ = net.add_partner(name="Pemerintah Desa", category="pemerintah", influence=5)
>>> _ = net.add_link("KTH Wana Lestari", "Pemerintah Desa", "pembinaan")
>>> fig = draw_network(net)
>>> figure_to_png(fig)[:4] == b"\\x89PNG"
True
"""

from .comparison import comparison_html, draw_comparison
from .grid import draw_grid
from .health import draw_health_trend, draw_radar, radar_svg
from .labels import LABEL_FONT, LabelPlacer, count_overlaps, label_boxes, place_labels
from .layout import StableLayout, spring_positions
from .live import LiveDrawing
from .monev import draw_monev_history, monev_history_html
from .network import caption_text, draw_network, legend_html, map_limits
from .png import figure_to_png
from .style import CATEGORY_COLOURS, FIGURE_SIZES, LABEL_LIMIT, LINK_STYLES, figure_size, node_size

__all__ = [
    "CATEGORY_COLOURS",
    "LINK_STYLES",
    "LABEL_LIMIT",
    "StableLayout",
    "LiveDrawing",
    "map_limits",
    "spring_positions",
    "draw_network",
    "draw_grid",
    "figure_to_png",
    "legend_html",
    "caption_text",
    "node_size",
    "draw_radar",
    "draw_health_trend",
    "draw_comparison",
    "draw_monev_history",
    "radar_svg",
    "monev_history_html",
    "comparison_html",
    "FIGURE_SIZES",
    "figure_size",
    "LABEL_FONT",
    "LabelPlacer",
    "place_labels",
    "label_boxes",
    "count_overlaps",
]
