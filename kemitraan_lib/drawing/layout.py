"""Where each partner sits on the drawing: positions that stay put while the map grows.

numpy only (no matplotlib, no networkx), so the layout can be computed and
tested without drawing anything.
"""

from __future__ import annotations

import math

import numpy as np

from kemitraan_lib.errors import InvalidValueError, check_type, show
from kemitraan_lib.network import PartnerNetwork, normalize_name

from .style import GRAVITY, seed_of

__all__ = ["StableLayout", "spring_positions", "MAX_NODES"]

#: Most partners a layout is computed for.
MAX_NODES = 100_000
_BLOCK = 2048


def _whole(value, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
            low <= value <= high):
        raise InvalidValueError(f"{what} harus bilangan bulat {low} sampai {high}; nilai "
                                f"{show(value)} tidak diterima.", value=value, allowed=(low, high))
    return int(value)


def _edges(edges, n: int) -> np.ndarray:
    """``edges`` as an (m, 2) integer array of node numbers below ``n``."""
    try:
        pairs = np.asarray(list(edges) if not isinstance(edges, np.ndarray) else edges)
        if pairs.size == 0:
            return np.zeros((0, 2), dtype=np.intp)
        ok = (pairs.ndim == 2 and pairs.shape[1] == 2 and pairs.dtype.kind in "iu"
              and pairs.min() >= 0 and pairs.max() < n)
    except Exception:  # noqa: BLE001 - anything that is no list of pairs
        ok = False
    if not ok:
        raise InvalidValueError(f"Garis harus daftar pasangan nomor titik 0 sampai {n - 1}; "
                                f"nilai {show(edges)} tidak diterima.", value=edges,
                                allowed=("[(0, 1), ...]",))
    return pairs.astype(np.intp)


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
        self.seed = _whole(seed, "Seed", 0, 2**32 - 1)
        self._pos: dict[str, tuple[float, float]] = {}

    def reset(self) -> None:
        """Forget all positions; the next call lays the whole map out again."""
        self._pos.clear()

    def rename(self, old: str, new: str) -> None:
        """Keep the place of a partner that was renamed."""
        if not isinstance(old, str) or not isinstance(new, str):
            return
        old_key, new_key = normalize_name(old), normalize_name(new)
        if old_key in self._pos and old_key != new_key:
            self._pos[new_key] = self._pos.pop(old_key)

    def positions(self, network: PartnerNetwork) -> dict[str, tuple[float, float]]:
        """Return ``{partner name: (x, y)}`` for every partner of ``network``."""
        check_type(network, PartnerNetwork, "Peta", "sebuah peta mitra (PartnerNetwork)")
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
            rng = np.random.default_rng(seed_of(key, self.seed))
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
    n = _whole(n, "Jumlah titik (n)", 0, MAX_NODES)
    seed = _whole(seed, "Seed", 0, 2**32 - 1)
    if iterations is not None:
        iterations = _whole(iterations, "Jumlah langkah", 1, 1000)
    pairs = _edges(edges, n)
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, size=(n, 2)).astype(np.float32)
    if n < 2:
        return np.zeros((n, 2))
    if iterations is None:  # each step is O(n^2): fewer steps on big maps
        iterations = 50 if n <= 300 else (30 if n <= 800 else (20 if n <= 3000 else 10))
    k = np.float32(1.8 / math.sqrt(n))
    src, dst = pairs[:, 0], pairs[:, 1]
    temperature = 0.2
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        # Repulsion k^2/d along the unit vector = delta * k^2 / d^2, in blocks of rows
        # so that memory stays small on big maps (one block below 2,048 partners).
        disp = np.empty_like(pos)
        for start in range(0, n, _BLOCK):
            delta = pos[start:start + _BLOCK, None, :] - pos[None, :, :]
            dist2 = np.maximum((delta**2).sum(axis=2), np.float32(1e-4))
            disp[start:start + _BLOCK] = (delta * (k * k / dist2)[:, :, None]).sum(axis=1)
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
