"""Script payloads a participant could put in a submission (issue 10 item 3).

Every payload, if it ran in the trainer's browser, would set ``window.__serangan``,
change the page title to ``DISUSUPI`` or make a request to a listener on
127.0.0.1:PORT. The browser tests assert none of that happens, and that the
legitimate content (a markdown table, bold text) is still shown.
"""

from __future__ import annotations

TITLE = "DISUSUPI"
TABLE_CELL = "Sel-Tabel-Sah"
BOLD_TEXT = "Teks-Tebal-Sah"


def _js(n: int) -> str:
    return f"window.__serangan=(window.__serangan||[]).concat([{n}]);document.title='{TITLE}'"


def markdown(port: int) -> str:
    """A written (markdown) answer full of payloads, plus a table that must stay a table."""
    url = f"http://127.0.0.1:{port}"
    return "\n\n".join([
        f"Jawaban saya **{BOLD_TEXT}**.",
        f"| kolom A | kolom B |\n|---|---|\n| {TABLE_CELL} | 2 |\n| x | y |",
        f"<script>{_js(1)}</script>",
        f'<svg onload="{_js(2)}"><circle r="5"/></svg>',
        f'<a href="javascript:{_js(3)}" id="tautan-jahat">klik saya</a>',
        f"[tautan markdown](javascript:{_js(4)})",
        f'<iframe src="{url}/iframe" onload="{_js(5)}"></iframe>',
        f'<img src="x" onerror="{_js(6)}">',
        f'<img src="{url}/gambar.png">',
        f'<iframe srcdoc="<script>parent.{_js(7)}</script>"></iframe>',
        f'<object data="{url}/objek"></object><embed src="{url}/embed">',
        f'<form action="{url}/form"><button id="tombol-jahat">kirim</button></form>',
        f'<link rel="stylesheet" href="{url}/gaya.css">',
        f'<style>body{{background:url({url}/bg)}}</style>',
        f'<meta http-equiv="refresh" content="0;url={url}/pindah">',
        f'<details open ontoggle="{_js(8)}"><summary>x</summary></details>',
        f'<math><mtext><table><mglyph><style><img src=x onerror="{_js(9)}">',
    ])


def outputs_code(port: int) -> str:
    """Code for an answer cell whose outputs carry payloads (HTML, JS, SVG, markdown)."""
    url = f"http://127.0.0.1:{port}"
    html = (f"<b>{BOLD_TEXT}</b><table><tr><td>{TABLE_CELL}</td></tr></table>"
            f"<script>{_js(11)}</script><img src=x onerror=\"{_js(12)}\">"
            f"<iframe src=\"{url}/iframe2\"></iframe><img src=\"{url}/gambar2.png\">")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" onload="{_js(13)}">'
           f'<script>{_js(14)}</script><image href="{url}/svg-gambar.png"/></svg>')
    return "\n".join([
        "from IPython.display import HTML, SVG, Javascript, Markdown, display",
        f"display(HTML({html!r}))",
        f"display(Javascript({_js(15)!r}))",
        f"display(SVG({svg!r}))",
        f"display(Markdown({f'[md](javascript:{_js(16)}) <img src={url}/md.png>'!r}))",
        "display({'text/html': " + repr(f"<script>{_js(17)}</script>") + ","
        " 'application/javascript': " + repr(_js(18)) + "}, raw=True)",
        "display({'image/png': '\"><script>" + _js(19).replace("'", "") + "</script>',"
        " 'text/plain': 'gambar'}, raw=True)",
    ])
