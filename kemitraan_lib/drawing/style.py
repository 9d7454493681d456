"""How a partner map looks: colours per kind of partner, line styles per kind of link.

Shared by every drawing (network, grid, and what later pictures add), so a
kind of partner has one colour everywhere.
"""

from __future__ import annotations

import textwrap
import zlib
from functools import lru_cache

__all__ = [
    "CATEGORY_COLOURS",
    "LINK_STYLES",
    "LABEL_LIMIT",
    "GRAVITY",
    "GRID_LABEL_LIMIT",
    "HALO",
    "node_size",
    "label_of",
    "wrap",
    "seed_of",
    "FIGURE_SIZES",
    "figure_size",
]

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
HALO = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


def node_size(influence: int) -> float:
    """Marker area (points^2) of a partner with this influence (0..5).

    >>> node_size(0) < node_size(5)
    True
    """
    if isinstance(influence, bool) or not isinstance(influence, int) or not 0 <= influence <= 5:
        from kemitraan_lib.errors import InvalidValueError, show

        raise InvalidValueError(f"Pengaruh harus bilangan bulat 0 sampai 5; nilai {show(influence)}"
                                " tidak diterima.", field="pengaruh", value=influence,
                                allowed=(0, 5))
    # From a dot (0) to a big disc (5): diameters 7 to 27 points, visible at a glance.
    return 50.0 + 130.0 * influence


#: Picture sizes in inches (width, height): the live view, a projector (16:9), A4 paper.
FIGURE_SIZES: dict[str, tuple[float, float]] = {
    "layar": (10.0, 8.0),
    "proyektor": (16.0, 9.0),
    "cetak": (11.69, 8.27),
}


def figure_size(size) -> tuple[float, float]:
    """``size`` as (width, height) inches: a key of :data:`FIGURE_SIZES` or a pair.

    >>> figure_size("proyektor")
    (16.0, 9.0)
    """
    if isinstance(size, str) and size in FIGURE_SIZES:
        return FIGURE_SIZES[size]
    if isinstance(size, (tuple, list)) and len(size) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 2 <= v <= 40
            for v in size):
        return float(size[0]), float(size[1])
    from kemitraan_lib.errors import InvalidValueError, show

    raise InvalidValueError(f"Ukuran gambar harus salah satu dari {', '.join(FIGURE_SIZES)} atau "
                            f"(lebar, tinggi) dalam inci 2 sampai 40; nilai {show(size)} tidak "
                            "diterima.", field="ukuran", value=size,
                            allowed=tuple(FIGURE_SIZES))


def label_of(collection, key: str) -> str:
    for item in collection:
        if item.key == key:
            return item.label
    return key


@lru_cache(maxsize=8192)
def wrap(name: str, width: int = 16, lines: int = 3) -> str:
    """Wrap a long partner name into at most ``lines`` short lines."""
    return "\n".join(textwrap.wrap(name, width=width, max_lines=lines, placeholder="…")) or name


def seed_of(key: str, seed: int) -> int:
    return (zlib.crc32(key.encode("utf-8")) ^ seed) & 0xFFFFFFFF
