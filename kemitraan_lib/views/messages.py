"""The one look of a widget's message line (error, success, info), shared by the views."""

from __future__ import annotations

import html

__all__ = ["STYLES", "message_html"]

# kind -> (background, text colour, leading mark)
STYLES = {
    "galat": ("#fdecea", "#b71c1c", "⚠ "),
    "berhasil": ("#e8f5e9", "#1b5e20", "✔ "),
    "info": ("#e3f2fd", "#0d47a1", ""),
}


def message_html(text: str, kind: str = "info", css_prefix: str = "pesan") -> str:
    """HTML for a message next to a form; errors are announced to screen readers.

    >>> message_html("Nama kosong.", "galat", "pm")[:39]
    '<div class="pm-pesan-galat" role="alert'
    >>> message_html("")
    ''
    """
    if not text:
        return ""
    background, colour, mark = STYLES[kind]
    body = html.escape(text).replace("\n", "<br>")
    role = "alert" if kind == "galat" else "status"
    return (f'<div class="{css_prefix}-pesan-{kind}" role="{role}" style="background:{background};'
            f'color:{colour};padding:6px 10px;border-radius:4px;font-size:14px">{mark}{body}</div>')
