"""Where the partners' names go on a drawing: beside their circle, clear of each other.

Our own greedy placement (numpy; text sizes measured once per name with
matplotlib's font metrics, no drawing needed): every name tries a ring of
places around its circle (below, above, right, left, the four corners, then
the same a little farther out) and takes the one that covers the fewest
other names and circles and stays inside the picture. Names of the most
influential partners are placed first. With 25 partners (the Mekarsari
example) no two names overlap; with 60 a few may touch.

A :class:`LabelPlacer` remembers its last placement: a partner whose circle
did not move and whose place is still clear keeps it, so only what moved is
placed again (cheap redraws while a map is edited).

* :func:`place_labels`: the placement for circles and label sizes in points;
* :func:`label_extent`: the size of a (wrapped) name in points;
* :func:`label_boxes`: the boxes of the names drawn on a figure (for tests and
  for pictures that check themselves).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kemitraan_lib.errors import InvalidValueError, check_type, show

__all__ = ["LABEL_FONT", "Placement", "LabelPlacer", "place_labels", "label_extent",
           "label_boxes", "count_overlaps", "LABEL_GID", "HALO_GID", "name_paths",
           "NameOutlines"]

#: Font size (points) of partner names on every drawing: readable on a projector.
LABEL_FONT = 10.0
#: ``gid`` of every name drawn by :func:`kemitraan_lib.drawing.draw_network`.
LABEL_GID = "nama-mitra"
#: ``gid`` of the one collection of white boxes behind the names.
HALO_GID = "halo-nama-mitra"
_LINESPACING = 1.2
_PAD = 0.15  # the halo box around a name, in font sizes (style.HALO)
_GAP = 1.5   # points between a circle and its name

# Unit directions (dx, dy) of the candidate places, best first, with the
# alignment of the name: (horizontal, vertical) in matplotlib's words.
_DIRECTIONS = (
    ((0.0, -1.0), ("center", "top")),
    ((0.0, 1.0), ("center", "bottom")),
    ((1.0, 0.0), ("left", "center")),
    ((-1.0, 0.0), ("right", "center")),
    ((0.71, -0.71), ("left", "top")),
    ((-0.71, -0.71), ("right", "top")),
    ((0.71, 0.71), ("left", "bottom")),
    ((-0.71, 0.71), ("right", "bottom")),
    ((0.0, -1.0), ("left", "top")),
    ((0.0, -1.0), ("right", "top")),
    ((0.0, 1.0), ("left", "bottom")),
    ((0.0, 1.0), ("right", "bottom")),
)
_RINGS = (0.0, 6.0, 14.0, 26.0, 40.0, 60.0)  # extra distance (points) of the farther rings


def _numbers(value, shape_name: str, columns: int | None, what: str) -> np.ndarray:
    """``value`` as a float array of rows of ``columns`` numbers (or a flat list), all finite."""
    try:
        if isinstance(value, (str, bytes, dict)) or value is None:
            raise TypeError
        arr = np.asarray(value, dtype=float)
        if columns is None:
            ok = arr.ndim == 1
        else:
            if arr.size == 0:
                arr = arr.reshape(0, columns)
            ok = arr.ndim == 2 and arr.shape[1] == columns
        ok = ok and bool(np.isfinite(arr).all()) and bool((np.abs(arr) < 1e7).all())
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise InvalidValueError(f"{what} harus daftar {shape_name} berupa angka biasa; nilai "
                                f"{show(value)} tidak diterima.", field=what, value=value,
                                allowed=(shape_name,))
    return arr


@lru_cache(maxsize=4096)
def _line_width(line: str, size: float) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width, _, _ = text_to_path.get_text_width_height_descent(
        line, FontProperties(size=size), ismath=False)
    return float(width)


@lru_cache(maxsize=4096)
def _name_path(text: str, ha: str, size: float):
    """The outline of ``text`` (lines aligned by ``ha``) in points, centred on (0, 0)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    prop = FontProperties(size=size)
    lines = text.split("\n")
    widths = [_line_width(line, size) for line in lines]
    full = max(widths)
    shift = {"center": 0.5, "right": 1.0}.get(ha, 0.0)
    parts = [TextPath(((full - w) * shift, -i * _LINESPACING * size), line, prop=prop)
             for i, (line, w) in enumerate(zip(lines, widths, strict=True)) if line]
    if not parts:
        return Path(np.zeros((1, 2)), [Path.MOVETO])
    path = Path.make_compound_path(*parts)
    # Centre the block on (0, 0) using the font's line box, not the ink (so "g" and
    # "T" sit alike): the lines' advance widths across, and top = ascent of the
    # first line, bottom = descent of the last (measuring the ink would cost more
    # than making the outline).
    top = 0.8 * size
    bottom = -(len(lines) - 1) * _LINESPACING * size - 0.25 * size
    return path.transformed(_translate(-full / 2, -(top + bottom) / 2))


def NameOutlines(paths, **kwargs):  # noqa: N802 - a class made on first use
    """A matplotlib collection of the names' outlines (``paths`` in points, one per name).

    Made from ready paths (a collection of patches would make a patch per name on
    every redraw). The class is built on first use so that importing this module
    needs no matplotlib.
    """
    return _outlines_class()(paths, **kwargs)


@lru_cache(maxsize=1)
def _outlines_class():
    from matplotlib.collections import Collection

    class _NameOutlines(Collection):
        def __init__(self, paths, **kwargs):
            super().__init__(**kwargs)
            self.set_paths(paths)

        def set_paths(self, paths):
            self._paths = list(paths)
            self.stale = True

    return _NameOutlines


def _translate(dx: float, dy: float):
    from matplotlib.transforms import Affine2D

    return Affine2D().translate(dx, dy)


def name_paths(texts, places, extents, size: float = LABEL_FONT):
    """Outlines of the names (points, relative to their circle's centre), each centred in
    its halo box: one path per name, for a single collection (much quicker to draw
    than a Text per name). A name drawn at the same place before costs nothing."""
    return [_placed_path(text, place, float(w), float(h), float(size))
            for text, place, (w, h) in zip(texts, places, extents, strict=True)]


@lru_cache(maxsize=4096)
def _placed_path(text: str, place: Placement, w: float, h: float, size: float):
    fx = {"center": 0.5, "right": 1.0, "left": 0.0}[place.ha]
    fy = {"center": 0.5, "top": 1.0, "bottom": 0.0}[place.va]
    cx = place.dx - fx * w + w / 2
    cy = place.dy - fy * h + h / 2
    return _name_path(text, "center", size).transformed(_translate(cx, cy))


def label_extent(text: str, size: float = LABEL_FONT) -> tuple[float, float]:
    """Width and height (points) of ``text`` (lines split at ``\\n``) with its halo box.

    >>> w, h = label_extent("KTH Wana\\nLestari")
    >>> w > h > 0
    True
    """
    check_type(text, str, "Nama", "sebuah teks")
    if isinstance(size, bool) or not isinstance(size, (int, float)) or not 1 <= size <= 200:
        raise InvalidValueError(f"Ukuran huruf harus angka 1 sampai 200; nilai {show(size)} "
                                "tidak diterima.", field="ukuran huruf", value=size,
                                allowed=(1, 200))
    lines = text.split("\n") or [""]
    width = max(_line_width(line, float(size)) for line in lines)
    height = size * (1.0 + _LINESPACING * (len(lines) - 1)) + 0.25 * size
    pad = 2 * _PAD * size + 1.0  # + a point of air between neighbouring names
    return width + pad, height + pad


@dataclass(frozen=True)
class Placement:
    """Where one name goes: offset (points) from its circle's centre and its alignment."""

    dx: float
    dy: float
    ha: str
    va: str


def _box(cx, cy, w, h, ha, va):
    """(x0, y0, x1, y1) of a w x h box whose anchor (ha, va) is at (cx, cy)."""
    x0 = cx - (w / 2 if ha == "center" else (w if ha == "right" else 0.0))
    y0 = cy - (h / 2 if va == "center" else (h if va == "top" else 0.0))
    return x0, y0, x0 + w, y0 + h


_CAND_UX = np.array([d[0][0] for d in _DIRECTIONS] * len(_RINGS))
_CAND_UY = np.array([d[0][1] for d in _DIRECTIONS] * len(_RINGS))
_CAND_EXTRA = np.repeat(np.array(_RINGS), len(_DIRECTIONS))
_CAND_ALIGN = [d[1] for d in _DIRECTIONS] * len(_RINGS)
# Where the anchor sits in the box, as fractions of width and height.
_FX = np.array([{"center": 0.5, "right": 1.0, "left": 0.0}[ha] for ha, _ in _CAND_ALIGN])
_FY = np.array([{"center": 0.5, "top": 1.0, "bottom": 0.0}[va] for _, va in _CAND_ALIGN])
_RANK = np.arange(len(_CAND_ALIGN), dtype=float)


def _candidate_boxes(cx, cy, r, w, h):
    """Offsets (k, 2) and boxes (k, 4) of every candidate place of one name."""
    dist = r + _GAP + _CAND_EXTRA
    dx, dy = _CAND_UX * dist, _CAND_UY * dist
    x0 = cx + dx - _FX * w
    y0 = cy + dy - _FY * h
    return dx, dy, np.column_stack([x0, y0, x0 + w, y0 + h])


def _overlaps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Overlap area of every box of ``a`` (n, 4) with every box of ``b`` (m, 4): (n, m)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def _outside(cands: np.ndarray, frame) -> np.ndarray:
    """Area of each box (k, 4) that lies outside ``frame``."""
    x0, y0, x1, y1 = frame
    area = (cands[:, 2] - cands[:, 0]) * (cands[:, 3] - cands[:, 1])
    inside = (np.clip(np.minimum(cands[:, 2], x1) - np.maximum(cands[:, 0], x0), 0, None)
              * np.clip(np.minimum(cands[:, 3], y1) - np.maximum(cands[:, 1], y0), 0, None))
    return area - inside


def _own_costs(boxes: np.ndarray, circles: np.ndarray, frame) -> np.ndarray:
    """:func:`_costs` of every name's box against all the other names and circles."""
    on_names = _overlaps(boxes, boxes)
    np.fill_diagonal(on_names, 0.0)
    on_circles = _overlaps(boxes, circles)
    np.fill_diagonal(on_circles, 0.0)
    return (on_names.sum(axis=1) * 10.0 + on_circles.sum(axis=1) * 10.0
            + _outside(boxes, frame) * 20.0)


def _costs(cands, labels, circles, frame) -> np.ndarray:
    """How badly each candidate box (k, 4) covers the names, the circles and the frame's edge."""
    return (_overlaps(cands, labels).sum(axis=1) * 10.0
            + _overlaps(cands, circles).sum(axis=1) * 10.0 + _outside(cands, frame) * 20.0)


def place_labels(centres, radii, extents, frame, order=None,
                 keep: dict[int, Placement] | None = None,
                 allowed: dict[int, float] | None = None) -> list[Placement]:
    """Choose a place for every name.

    ``centres``: (n, 2) circle centres in points; ``radii``: n circle radii in
    points; ``extents``: n (width, height) of the names in points; ``frame``:
    (x0, y0, x1, y1) the names must stay inside; ``order``: which names are
    placed first (default: as given); ``keep``: ``index -> Placement`` kept from
    an earlier placement when still clear of the others; ``allowed``: ``index ->
    cost`` a kept place may have (how much it already covered when it was the best
    place there was, see :class:`LabelPlacer`), so such a name is not placed again
    unless something new comes to lie under it.
    """
    centres = _numbers(centres, "(x, y)", 2, "centres")
    n = len(centres)
    radii = _numbers(radii, "jari-jari", None, "radii")
    extents = _numbers(extents, "(lebar, tinggi)", 2, "extents")
    frame = tuple(_numbers(frame, "x0, y0, x1, y1", None, "frame"))
    if len(radii) != n or len(extents) != n or len(frame) != 4:
        raise InvalidValueError("centres, radii dan extents harus sama panjang, frame berisi "
                                "empat angka.", field="label", value=(n, len(radii),
                                                                       len(extents), len(frame)),
                                allowed=("sama panjang",))
    if order is not None:
        try:
            order = [int(i) for i in order]
            ok = sorted(order) == list(range(n))
        except (TypeError, ValueError, OverflowError):
            ok = False
        if not ok:
            raise InvalidValueError(f"order harus urutan nomor 0 sampai {n - 1}; nilai "
                                    f"{show(order)} tidak diterima.", field="order",
                                    value=order, allowed=("urutan nomor",))
    if keep is not None and not (isinstance(keep, dict) and all(
            isinstance(k, int) and 0 <= k < n and isinstance(v, Placement)
            for k, v in keep.items())):
        raise InvalidValueError("keep harus kamus nomor -> Placement.", field="keep",
                                value=keep, allowed=("{nomor: Placement}",))
    if allowed is not None and not (isinstance(allowed, dict) and all(
            isinstance(k, int) and 0 <= k < n and isinstance(v, (int, float))
            and not isinstance(v, bool) and 0 <= v < 1e15 for k, v in allowed.items())):
        raise InvalidValueError("allowed harus kamus nomor -> angka 0 atau lebih.",
                                field="allowed", value=allowed, allowed=("{nomor: angka}",))
    allowed = allowed or {}
    # What a name may cover and still be left where it is (a hair more than it did).
    limit = np.zeros(n)
    circles = np.column_stack([centres - radii[:, None], centres + radii[:, None]]) if n else \
        np.zeros((0, 4))
    chosen: list[Placement | None] = [None] * n
    boxes = np.zeros((n, 4))
    placed = np.zeros(n, dtype=bool)
    keep = keep or {}
    order = list(range(n)) if order is None else list(order)
    mask = np.ones(n, dtype=bool)
    # Kept places first, as long as they stay clear of everything kept so far. The
    # tests against circles and the frame do not depend on the order: done at once.
    kept = [i for i in order if i in keep]
    if kept:
        kept_boxes = np.array([_box(centres[i, 0] + keep[i].dx, centres[i, 1] + keep[i].dy,
                                    extents[i, 0], extents[i, 1], keep[i].ha, keep[i].va)
                               for i in kept])
        on_circles = _overlaps(kept_boxes, circles)
        on_circles[np.arange(len(kept)), kept] = 0.0  # a name may touch its own circle
        base = on_circles.sum(axis=1) * 10.0 + _outside(kept_boxes, frame) * 20.0
        on_names = _overlaps(kept_boxes, kept_boxes) * 10.0
        taken = np.zeros(len(kept), dtype=bool)
        for j, i in enumerate(kept):
            allow = float(allowed.get(i, 0.0))
            cost = base[j] + float(on_names[j][taken].sum())
            if cost == 0 or cost <= allow * (1 + 1e-9) + 1e-6:
                taken[j] = True
                chosen[i], boxes[i], placed[i] = keep[i], kept_boxes[j], True
                limit[i] = allow * (1 + 1e-9) + 1e-6 if cost > 0 else 0.0
    for i in order:
        if placed[i]:
            continue
        w, h = extents[i]
        cx, cy = centres[i]
        dx, dy, cands = _candidate_boxes(cx, cy, radii[i], w, h)
        mask[i] = False
        cost = _costs(cands, boxes[placed], circles[mask], frame)
        mask[i] = True
        clear = np.flatnonzero(cost == 0)
        k = int(clear[0]) if len(clear) else int(np.argmin(cost + _RANK * 0.5))
        ha, va = _CAND_ALIGN[k]
        chosen[i] = Placement(float(dx[k]), float(dy[k]), ha, va)
        boxes[i], placed[i] = cands[k], True
    # Repair: a name that still covers something tries again against all the others.
    # Which names cover something is worked out for all of them at once (and again
    # after each move); only those try other places.
    for _ in range(3):
        moved = False
        covering = _own_costs(boxes, circles, frame) > limit
        for i in order:
            if not covering[i]:
                continue
            mask[i] = False
            placed[i] = False
            w, h = extents[i]
            own = _costs(boxes[i:i + 1], boxes[placed], circles[mask], frame)[0]
            if own > 0:
                dx, dy, cands = _candidate_boxes(*centres[i], radii[i], w, h)
                cost = _costs(cands, boxes[placed], circles[mask], frame) + _RANK * 0.5
                k = int(np.argmin(cost))
                if cost[k] < own:
                    ha, va = _CAND_ALIGN[k]
                    chosen[i] = Placement(float(dx[k]), float(dy[k]), ha, va)
                    boxes[i] = cands[k]
                    moved = True
                    limit[i] = 0.0
                    covering = _own_costs(boxes, circles, frame) > limit
            mask[i] = True
            placed[i] = True
        if not moved:
            break
    return chosen  # type: ignore[return-value]


class LabelPlacer:
    """:func:`place_labels` that remembers its last answer (see the module's notes).

    A name whose circle did not move keeps its place while it stays clear; a name
    that covered something (the best place there was) keeps its place as long as it
    covers no more than it did, so only new, moved and newly covered names are
    placed again.
    """

    def __init__(self) -> None:
        self._last: dict[str, tuple[tuple[float, float], Placement, float]] = {}

    def reset(self) -> None:
        self._last.clear()

    def place(self, names, centres, radii, extents, frame, order=None) -> list[Placement]:
        centres = np.asarray(centres, dtype=float).reshape(-1, 2)
        keep, allowed = {}, {}
        for i, name in enumerate(names):
            old = self._last.get(name)
            if old is not None and abs(old[0][0] - centres[i, 0]) < 0.5 and \
                    abs(old[0][1] - centres[i, 1]) < 0.5:
                keep[i] = old[1]
                if old[2] > 0:
                    allowed[i] = old[2]
        result = place_labels(centres, radii, extents, frame, order=order, keep=keep,
                              allowed=allowed)
        radii = np.asarray(radii, dtype=float)
        extents = np.asarray(extents, dtype=float).reshape(-1, 2)
        boxes = np.array([_box(c[0] + p.dx, c[1] + p.dy, e[0], e[1], p.ha, p.va)
                          for c, p, e in zip(centres, result, extents, strict=True)]
                         ).reshape(-1, 4)
        circles = np.column_stack([centres - radii[:, None], centres + radii[:, None]])
        costs = _own_costs(boxes, circles, tuple(float(v) for v in frame))
        self._last = {name: ((float(c[0]), float(c[1])), p, float(cost))
                      for name, c, p, cost in zip(names, centres, result, costs, strict=True)}
        return result


def label_boxes(fig) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, y0, x1, y1, pixels) of the partner names drawn on ``fig``.

    Each is the text as drawn, widened by the halo's pad on every side.

    Draws the figure once (on an Agg canvas) to measure the text as it is drawn.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    check_type(fig, Figure, "Gambar", "sebuah Figure matplotlib")
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    del renderer
    boxes = []
    scale = fig.dpi / 72.0
    for ax in fig.axes:
        for names in ax.collections:
            if names.get_gid() != LABEL_GID:
                continue
            pad = _PAD * LABEL_FONT * scale
            anchors = ax.transData.transform(names.get_offsets())
            for path, (ox, oy) in zip(names.get_paths(), anchors, strict=True):
                ink = path.get_extents()
                boxes.append((ox + ink.x0 * scale - pad, oy + ink.y0 * scale - pad,
                              ox + ink.x1 * scale + pad, oy + ink.y1 * scale + pad))
    return boxes


def count_overlaps(boxes) -> int:
    """How many pairs of boxes overlap (by more than a hair: 0.5 pixel each way)."""
    arr = _numbers(boxes, "(x0, y0, x1, y1)", 4, "boxes")
    count = 0
    for i in range(len(arr)):
        rest = arr[i + 1:]
        w = np.minimum(rest[:, 2], arr[i, 2]) - np.maximum(rest[:, 0], arr[i, 0])
        h = np.minimum(rest[:, 3], arr[i, 3]) - np.maximum(rest[:, 1], arr[i, 1])
        count += int(((w > 0.5) & (h > 0.5)).sum())
    return count
