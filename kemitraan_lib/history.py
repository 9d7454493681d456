"""Undo and redo for a partner map (model only, no widgets).

:class:`History` runs changes on a :class:`~kemitraan_lib.network.PartnerNetwork`
and remembers the state before each successful change, so a learner can take
a step back ("Batalkan") and forward again ("Ulangi").

* A change that fails (raises) is not recorded; the network is unchanged
  because every network method checks before it mutates.
* A call that changes nothing (e.g. ``get_partner``) is not recorded either.
* At most :attr:`History.limit` (100) steps are kept; the oldest drop off.
* A new change after an undo clears the redo steps.
* Undo/redo restore the *same* network object in place, so views bound to
  it stay bound (observers receive a ``reset`` event).

Steps are the network's public :meth:`~kemitraan_lib.network.PartnerNetwork.snapshot`
(immutable Partner/Link tuples, so a step costs little memory), brought back
with :meth:`~kemitraan_lib.network.PartnerNetwork.restore`. Changes made directly
on the network (not through :meth:`History.apply`) are not recorded; an undo then
returns to the state before the last recorded step.

>>> from kemitraan_lib.network import PartnerNetwork
>>> net = PartnerNetwork()
>>> h = History(net)
>>> _ = h.apply(net.add_partner, name="KWT Melati", category="kelompok")
>>> _ = h.apply(net.add_partner, name="Pak Lurah", category="pemerintah")
>>> len(net), h.can_undo, h.can_redo
(2, True, False)
>>> h.undo(), len(net), h.can_redo
(True, 1, True)
>>> h.redo(), len(net)
(True, 2)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from .errors import InvalidValueError, show
from .network import PartnerNetwork

__all__ = ["History"]

MAX_LIMIT = 10_000


class History:
    """Undo/redo stack over snapshots of one network."""

    limit = 100

    def __init__(self, network: PartnerNetwork, limit: int | None = None) -> None:
        if not isinstance(network, PartnerNetwork):
            raise InvalidValueError(
                f"History memerlukan sebuah peta mitra (PartnerNetwork); nilai {show(network)} "
                "tidak diterima.", value=network, allowed=("PartnerNetwork",),
            )
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int) or not (
                    1 <= limit <= MAX_LIMIT):
                raise InvalidValueError(
                    f"Batas langkah (limit) harus bilangan bulat 1 sampai {MAX_LIMIT}; nilai "
                    f"{show(limit)} tidak diterima.", field="limit", value=limit,
                    allowed=(1, MAX_LIMIT),
                )
            self.limit = limit
        self.network = network
        self._undo: deque = deque(maxlen=self.limit)
        self._redo: list = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def __len__(self) -> int:
        """Number of steps that can be undone."""
        return len(self._undo)

    def apply(self, fn: Callable, *args, **kwargs):
        """Run ``fn(*args, **kwargs)`` (e.g. ``net.add_partner``) and record the step.

        Returns what ``fn`` returns. Errors propagate unchanged and record nothing.
        """
        if not callable(fn):
            raise InvalidValueError(
                f"History.apply memerlukan sebuah perintah peta mitra; nilai {show(fn)} tidak "
                "diterima. Berikan perintahnya sendiri, misalnya peta.add_partner "
                "(bukan namanya dalam tanda kutip).",
                value=fn, allowed=("add_partner", "update_partner", "remove_partner",
                                   "add_link", "update_link", "remove_link"),
            )
        before = self.network.snapshot()
        result = fn(*args, **kwargs)
        after = self.network.snapshot()
        if after != before:
            self._undo.append(before)
            self._redo.clear()
        return result

    def undo(self) -> bool:
        """Go one step back. Returns False (and does nothing) when there is none."""
        return self._step(self._undo, self._redo)

    def redo(self) -> bool:
        """Redo the last undone step. Returns False when there is none."""
        return self._step(self._redo, self._undo)

    def _step(self, source, target) -> bool:
        if not source:
            return False
        snapshot = source.pop()
        target.append(self.network.snapshot())
        self.network.restore(snapshot)
        return True

    def clear(self) -> None:
        """Forget all steps (e.g. after loading another file)."""
        self._undo.clear()
        self._redo.clear()
