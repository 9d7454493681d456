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

Snapshots hold the immutable Partner/Link tuples, so a step costs little
memory. Changes made directly on the network (not through :meth:`History.apply`)
are not recorded; an undo then returns to the state before the last recorded step.

>>> from kemitraan_lib.network import PartnerNetwork
>>> net = PartnerNetwork()
>>> h = History(net)
>>> _ = h.apply(net.add_partner, name="KWT Melati", category="kelompok")
>>> _ = h.apply("add_partner", name="Pak Lurah", category="pemerintah")
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

from .errors import InvalidValueError
from .network import PartnerNetwork

__all__ = ["History"]


class History:
    """Undo/redo stack over snapshots of one network."""

    limit = 100

    def __init__(self, network: PartnerNetwork, limit: int | None = None) -> None:
        if not isinstance(network, PartnerNetwork):
            raise InvalidValueError(
                f"History memerlukan sebuah peta mitra (PartnerNetwork); nilai {network!r} "
                "tidak diterima.", value=network, allowed=("PartnerNetwork",),
            )
        self.network = network
        if limit is not None:
            self.limit = int(limit)
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

    def apply(self, fn: Callable | str, *args, **kwargs):
        """Run ``fn(*args, **kwargs)`` (a network method or its name) and record it.

        Returns what ``fn`` returns. Errors propagate unchanged and record nothing.
        """
        if isinstance(fn, str):
            method = getattr(self.network, fn, None)
            if method is None or fn.startswith("_") or not callable(method):
                raise InvalidValueError(
                    f"Perintah {fn!r} tidak dikenal untuk peta mitra. Contoh yang bisa: "
                    "add_partner, update_partner, remove_partner, add_link, update_link, "
                    "remove_link.",
                    value=fn,
                    allowed=("add_partner", "update_partner", "remove_partner", "add_link",
                             "update_link", "remove_link"),
                )
            fn = method
        before = self.network._snapshot()
        result = fn(*args, **kwargs)
        after = self.network._snapshot()
        if after != before:
            self._undo.append(before)
            self._redo.clear()
        return result

    def undo(self) -> bool:
        """Go one step back. Returns False (and does nothing) when there is none."""
        if not self._undo:
            return False
        snapshot = self._undo.pop()
        self._redo.append(self.network._snapshot())
        self._set(snapshot)
        return True

    def redo(self) -> bool:
        """Redo the last undone step. Returns False when there is none."""
        if not self._redo:
            return False
        snapshot = self._redo.pop()
        self._undo.append(self.network._snapshot())
        self._set(snapshot)
        return True

    def clear(self) -> None:
        """Forget all steps (e.g. after loading another file)."""
        self._undo.clear()
        self._redo.clear()

    def _set(self, snapshot: tuple) -> None:
        self.network._restore(snapshot)
        self.network._emit("reset", None)
