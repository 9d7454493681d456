"""Saving in the background: the newest state wins (model side, no widgets).

Writing the workbook (JSON, file lock, fsync, backup copy) takes tens of
milliseconds on a big map; an :class:`Autosaver` does it in a background thread
so clicks stay quick. Several quick changes in a row are saved once, with the
newest state. :meth:`Autosaver.flush` waits until everything is written (tests,
and every autosaver is flushed when the kernel shuts down). A failure is kept
in :attr:`Autosaver.error` and reported through ``on_error``.

>>> saved = []
>>> saver = Autosaver(saved.append)
>>> saver.submit("versi 1"); saver.submit("versi 2")
>>> saver.flush(10), saved[-1]
(True, 'versi 2')
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Callable

from .errors import InvalidValueError, show

__all__ = ["Autosaver", "flush_all"]

_AUTOSAVERS: weakref.WeakSet = weakref.WeakSet()
_REGISTERED = False


def flush_all(timeout: float = 10.0) -> None:
    """Wait for every autosaver of this process (run at exit)."""
    for saver in list(_AUTOSAVERS):
        saver.flush(timeout)


class Autosaver:
    """Calls ``save(state)`` in a background thread with the newest submitted state."""

    idle_exit = 2.0  # seconds an idle thread waits before it ends

    def __init__(self, save: Callable[[object], None],
                 on_error: Callable[[BaseException], None] | None = None,
                 delay: float = 0.0) -> None:
        """``delay``: seconds without a new change before saving (several clicks in a row
        are saved once, and the save does not slow the clicks down); :meth:`flush`
        and the end of the process do not wait for it."""
        global _REGISTERED
        if not callable(save) or (on_error is not None and not callable(on_error)):
            raise InvalidValueError(f"Autosaver memerlukan fungsi penyimpan; nilai {show(save)} "
                                    "tidak diterima.", value=save, allowed=("fungsi",))
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not (
                0 <= delay <= 60):
            raise InvalidValueError(f"Jeda simpan harus 0 sampai 60 detik; nilai {show(delay)} "
                                    "tidak diterima.", value=delay, allowed=(0, 60))
        self.delay = float(delay)
        self._last_submit = 0.0
        self._hurry = False
        self._save = save
        self._on_error = on_error
        self._cond = threading.Condition()
        self._pending: object = None
        self._has_pending = False
        self._busy = False
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None
        _AUTOSAVERS.add(self)
        if not _REGISTERED:  # once, when the first autosaver exists (not at import)
            atexit.register(flush_all)
            _REGISTERED = True

    def submit(self, state) -> None:
        """Save ``state`` soon (replacing a state that is still waiting)."""
        with self._cond:
            self._pending, self._has_pending = state, True
            self._last_submit = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="kemitraan-simpan",
                                                daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._has_pending:
                    self._cond.wait(self.idle_exit)
                if not self._has_pending:
                    self._thread = None  # decided under the lock: submit() starts a new one
                    return
                # Wait for a quiet moment (newer changes replace the pending state).
                while self._has_pending and not self._hurry:
                    left = self._last_submit + self.delay - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if not self._has_pending:
                    continue
                state, self._pending, self._has_pending = self._pending, None, False
                self._busy = True
            try:
                self._save(state)
                self.error = None
            except Exception as error:  # noqa: BLE001 - reported to the learner by on_error
                self.error = error
                if self._on_error is not None:
                    try:
                        self._on_error(error)
                    except Exception:  # noqa: BLE001, S110 - the reporter itself failed
                        pass
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until nothing is left to save; True when done within ``timeout`` seconds."""
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (
                0 <= timeout <= 3600):
            raise InvalidValueError(f"Batas waktu harus 0 sampai 3600 detik; nilai "
                                    f"{show(timeout)} tidak diterima.", value=timeout,
                                    allowed=(0, 3600))
        with self._cond:
            self._hurry = True  # save what is pending now, without the delay
            self._cond.notify_all()
            try:
                return self._cond.wait_for(lambda: not self._has_pending and not self._busy,
                                           timeout)
            finally:
                self._hurry = False
