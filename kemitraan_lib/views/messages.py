"""Messages in every widget: one look, one guard.

* :data:`STYLES`: the colours of each kind of message (``galat`` error,
  ``berhasil`` success, ``info``, ``peringatan`` warning);
* :func:`message_html` (the message line next to a form), :func:`status_html`
  (the small status under an activity), :func:`box_html` (the quiz's
  feedback box): all escape the text;
* :func:`guard`: wraps a widget callback so that a model error
  (:class:`~kemitraan_lib.errors.KemitraanError`) is shown with its Indonesian
  message and any other error as "Terjadi kesalahan tak terduga: ..." (kept
  with its traceback for developers); nothing escapes into the notebook;
* :class:`MessageArea`: the ``message`` / ``message_kind`` / ``last_error``
  bookkeeping the Peta Mitra and Pilih Pola widgets share.
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Callable

from kemitraan_lib.errors import KemitraanError

__all__ = [
    "STYLES",
    "UNEXPECTED",
    "message_html",
    "status_html",
    "box_html",
    "guard",
    "MessageArea",
]

# kind -> (background, text colour, leading mark)
STYLES = {
    "galat": ("#fdecea", "#b71c1c", "⚠ "),
    "berhasil": ("#e8f5e9", "#1b5e20", "✔ "),
    "info": ("#e3f2fd", "#0d47a1", ""),
    "peringatan": ("#fff3e0", "#e65100", "⚠ "),
}
#: Shown for an error that is not a model error (a bug): the learner loses nothing.
UNEXPECTED = ("Terjadi kesalahan tak terduga: {error}. Tidak ada yang diubah oleh kesalahan "
              "ini; coba lagi, dan bila terulang laporkan pesan ini kepada pelatih.")


def message_html(text: str, kind: str = "info", css_prefix: str = "pesan") -> str:
    """HTML for a message next to a form; errors are announced to screen readers.

    >>> message_html("Nama kosong.", "galat", "pm")[:39]
    '<div class="pm-pesan-galat" role="alert'
    >>> message_html("")
    ''
    """
    if not text:
        return ""
    background, colour, mark = STYLES.get(kind, STYLES["info"])
    body = html.escape(text).replace("\n", "<br>")
    role = "alert" if kind == "galat" else "status"
    return (f'<div class="{css_prefix}-pesan-{kind}" role="{role}" style="background:{background};'
            f'color:{colour};padding:6px 10px;border-radius:4px;font-size:14px">{mark}{body}</div>')


def status_html(text: str, kind: str = "info") -> str:
    """A small status line under an activity ("Tersimpan 10:02:03").

    >>> status_html("Tersimpan", "berhasil")
    '<span style="color:#1b5e20;font-size:90%">Tersimpan</span>'
    """
    colour = STYLES.get(kind, STYLES["info"])[1]
    return f'<span style="color:{colour};font-size:90%">{html.escape(text)}</span>'


def box_html(text: str, kind: str = "info") -> str:
    """A feedback box with a coloured bar on the left (the quiz's answers)."""
    colour = STYLES.get(kind, STYLES["info"])[1]
    return (f'<div style="border-left:4px solid {colour};padding:4px 8px;margin:4px 0;'
            f'color:{colour};white-space:normal">{html.escape(text)}</div>')


def guard(handler: Callable, show: Callable[[str, str], None], *,
          unexpected: str = UNEXPECTED,
          on_error: Callable[[BaseException, str], None] | None = None) -> Callable:
    """``handler`` wrapped for a widget callback (see the module docs).

    ``show(text, kind)`` displays a message; ``on_error(error, traceback)``
    (optional) keeps the error for developers.
    """

    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except KemitraanError as error:
            if on_error is not None:
                on_error(error, "")
            show(str(error), "galat")
        except Exception as error:  # noqa: BLE001 - shown to the learner, kept for developers
            if on_error is not None:
                on_error(error, traceback.format_exc())
            show(unexpected.format(error=f"{type(error).__name__}: {error}"), "galat")
        return None

    return run


class MessageArea:
    """Message bookkeeping for a view with one message line.

    Call :meth:`_init_messages` in ``__init__``; then :meth:`_show` updates
    ``message``/``message_kind`` and the HTML widget, and :meth:`_guard`
    wraps callbacks with :func:`guard`.
    """

    def _init_messages(self, widget, css_prefix: str, unexpected: str = UNEXPECTED) -> None:
        self._message = widget
        self._css_prefix = css_prefix
        self._unexpected = unexpected
        self.message = ""
        self.message_kind = ""
        self.last_error: BaseException | None = None
        self.last_traceback = ""

    def _show(self, text: str, kind: str = "info") -> None:
        self.message, self.message_kind = text, kind
        self._message.value = message_html(text, kind, self._css_prefix)

    def _keep_error(self, error: BaseException, trace: str) -> None:
        self.last_error = error
        if trace:
            self.last_traceback = trace

    def _guard(self, handler: Callable) -> Callable:
        return guard(handler, self._show, unexpected=self._unexpected,
                     on_error=self._keep_error)
