"""The book's pages: Indonesian chrome, link rewriting, search records (no execution).

Every page is a complete HTML document that links only files under ``aset/``
(relative paths), so the folder can be opened from ``file://`` on a laptop
without a server or internet, copied to a USB stick or zipped.

>>> from kemitraan_lib.course import ModuleInfo
>>> entries = [Entry(ModuleInfo("00", "00-mulai.ipynb", "Mulai", 20, None), "00-mulai.html"),
...            Entry(ModuleInfo("01", "01-tugas.ipynb", "Tugas", 30, None), None)]
>>> fixed = fix_links('<p><a href="00-mulai.ipynb">00-mulai.ipynb</a> '
...                   '<a href="01-tugas.ipynb">x</a></p>', entries)
>>> '<a href="00-mulai.html">Baca modul 00</a>' in fixed, '<a href="01-tugas' in fixed
(True, False)
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from kemitraan_lib.book.prepare import NOTE_CLASS
from kemitraan_lib.course import ModuleInfo, format_minutes

__all__ = [
    "Entry",
    "SITE_TITLE",
    "ASSETS",
    "page_name",
    "pages_of",
    "fix_links",
    "document",
    "module_page",
    "index_page",
    "search_page",
    "print_page",
    "print_section",
    "search_records",
    "search_index_js",
]

SITE_TITLE = "Membangun Jaringan Kemitraan"
ASSETS = "aset"
CSS_FILES = ("jupyterlab.css", "pygments.css", "buku.css")
JS_FILES = ("indeks-cari.js", "buku.js")
INDEX, SEARCH, PRINT = "index.html", "cari.html", "cetak.html"


@dataclass(frozen=True)
class Entry:
    """One row of ``urutan.json``; ``page`` is None when it has no page in the book."""

    info: ModuleInfo
    page: str | None

    @property
    def label(self) -> str:
        return self.info.label


def page_name(file: str) -> str:
    """``"03-pemetaan-mitra.ipynb"`` -> ``"03-pemetaan-mitra.html"``."""
    return PurePosixPath(file).stem + ".html"


def pages_of(entries) -> list[Entry]:
    return [e for e in entries if e.page]


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------- links


def _soup(fragment: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(fragment, "html.parser")


def _is_relative(href: str) -> bool:
    parts = urlsplit(href)
    return not (parts.scheme or parts.netloc or href.startswith(("#", "/")))


def fix_links(fragment: str, entries, *, in_print: dict[str, str] | None = None) -> str:
    """Point links to module notebooks at their pages; other local links become text.

    ``in_print`` maps page name -> id prefix (``"03-pemetaan-mitra.html" -> "m03-"``)
    for the one-page print book, where links go to anchors on the same page.
    A link whose text is the notebook's file name reads "Baca modul NN" instead.
    """
    by_file = {e.info.file: e for e in entries}
    soup = _soup(fragment)
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if not _is_relative(href):
            continue
        path, _, fragment_id = href.partition("#")
        name = path[2:] if path.startswith("./") else path  # same folder only
        entry = by_file.get(name) or next((e for e in entries if e.page == name), None)
        if entry is None or not entry.page:
            code = soup.new_tag("code", attrs={"class": "buku-berkas"})
            label = a.get_text() or path
            code.string = label if label == path else f"{label} ({path})"
            a.replace_with(code)
            continue
        if a.get_text().strip() in (entry.info.file, path):
            a.string = f"Baca modul {entry.info.number}"
        if in_print is not None:
            prefix = in_print[entry.page]
            a["href"] = f"#{prefix}{fragment_id}" if fragment_id else f"#modul-{entry.info.number}"
        else:
            a["href"] = entry.page + (f"#{fragment_id}" if fragment_id else "")
    return str(soup)


# -------------------------------------------------------------------- chrome


def _head(title: str) -> str:
    links = "\n".join(f'<link rel="stylesheet" href="{ASSETS}/{name}">' for name in CSS_FILES)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="kemitraan_lib.book">\n<title>{_esc(title)}</title>\n'
        f"{links}\n</head>\n"
    )


def _header() -> str:
    return (
        '<header class="buku-kepala">\n'
        f'<a class="buku-judul-situs" href="{INDEX}">{_esc(SITE_TITLE)}'
        '<span class="buku-subjudul">Buku kursus</span></a>\n'
        f'<form class="buku-cari" action="{SEARCH}" method="get" role="search">\n'
        '<label class="buku-tersembunyi" for="buku-q">Cari di buku</label>\n'
        '<input id="buku-q" type="search" name="q" placeholder="Cari di buku…" '
        'autocomplete="off">\n<button type="submit">Cari</button>\n</form>\n'
        f'<a class="buku-tautan-cetak" href="{PRINT}">Versi cetak</a>\n'
        "</header>\n"
    )


def _assignment(info):
    """The graded assignment that follows a module, when urutan.json names one."""
    return getattr(info, "assignment", None)


def _assignment_line(info) -> str:
    task = _assignment(info)
    if task is None:
        return ""
    return (
        f'<span class="buku-tugas">✎ {_esc(task.title)} · {task.minutes} menit '
        "(tugas dinilai, dari pelatih)</span>"
    )


def _assignment_note(info) -> str:
    task = _assignment(info)
    if task is None:
        return ""
    return (
        '<aside class="buku-tugas-kotak" role="note">'
        '<p class="buku-catatan-judul">Tugas dinilai setelah modul ini</p>'
        f"<p>{_esc(task.title)} (sekitar {task.minutes} menit). Pelatih membagikan tugas ini; "
        "kerjakan di JupyterLab. Tugas tidak dimuat di buku ini.</p></aside>\n"
    )


def _sidebar(entries, current: str | None) -> str:
    items = []
    for e in entries:
        minutes = f'<span class="buku-menit">{e.info.minutes} menit</span>'
        task = _assignment_line(e.info)
        if e.page is None:
            items.append(
                f'<li class="buku-bukan-halaman"><span>{_esc(e.label)}</span> {minutes}'
                '<span class="buku-keterangan">dikerjakan di JupyterLab, tidak ada di buku'
                f"</span>{task}</li>"
            )
            continue
        current_attr = ' aria-current="page"' if e.page == current else ""
        items.append(
            f'<li><a href="{_esc(e.page)}"{current_attr}>{_esc(e.label)}</a> {minutes}'
            f"{task}</li>"
        )
    index_current = ' aria-current="page"' if current == INDEX else ""
    return (
        '<nav class="buku-daftar" aria-label="Daftar modul">\n'
        f'<p class="buku-daftar-judul"><a href="{INDEX}"{index_current}>Peta kursus</a></p>\n'
        '<ol class="buku-daftar-modul">\n' + "\n".join(items) + "\n</ol>\n</nav>\n"
    )


def _pager(entries, entry: Entry, where: str) -> str:
    pages = pages_of(entries)
    i = pages.index(entry)
    prev = pages[i - 1] if i > 0 else None
    nxt = pages[i + 1] if i + 1 < len(pages) else None
    last = pages[-1].info.number
    parts = [
        f'<p class="buku-posisi">Modul {entry.info.number} dari {last} · perkiraan waktu '
        f"{entry.info.minutes} menit</p>"
    ]
    if where == "atas":
        parts.append(
            '<p class="buku-versi">Ini versi buku (hanya untuk dibaca). Untuk menjalankan sel '
            f"dan memakai widget, buka <code>modules/{_esc(entry.info.file)}</code> di "
            "JupyterLab.</p>"
        )
    links = []
    if prev:
        links.append(f'<a rel="prev" href="{_esc(prev.page)}">← Sebelumnya: {_esc(prev.label)}</a>')
    links.append(f'<a href="{INDEX}">Peta kursus</a>')
    if nxt:
        links.append(f'<a rel="next" href="{_esc(nxt.page)}">Berikutnya: {_esc(nxt.label)} →</a>')
    else:
        links.append('<span class="buku-akhir">Ini modul terakhir.</span>')
    parts.append('<p class="buku-tautan">' + "\n".join(links) + "</p>")
    return (
        f'<nav class="buku-halaman buku-halaman-{where}" aria-label="Navigasi modul">'
        + "".join(parts)
        + "</nav>\n"
    )


def _footer() -> str:
    return (
        '<footer class="buku-kaki">\n<p>Buku ini dibuat dari notebook kursus (folder '
        "<code>modules/</code>, urutan dari <code>modules/urutan.json</code>) dengan contoh "
        "keluaran yang sudah dijalankan. Bagian interaktif (widget) dan buku kerja hanya "
        "berfungsi di JupyterLab: jalankan <code>make lab</code>.</p>\n</footer>\n"
    )


def document(title: str, main: str, entries, *, current: str | None, kind: str) -> str:
    """A whole page: head, header, module list, ``main``, footer, scripts."""
    scripts = "\n".join(f'<script src="{ASSETS}/{name}"></script>' for name in JS_FILES)
    return (
        _head(title)
        + f'<body class="buku halaman-{kind}">\n'
        + '<a class="buku-lompat" href="#isi">Langsung ke isi</a>\n'
        + _header()
        + '<div class="buku-tata">\n'
        + _sidebar(entries, current)
        + f'<main id="isi" class="buku-isi">\n{main}\n</main>\n'
        + "</div>\n"
        + _footer()
        + scripts
        + "\n</body>\n</html>\n"
    )


def module_page(entry: Entry, entries, cells_html: str) -> str:
    """The page of one module: pager, the notebook's cells, pager."""
    main = (
        _pager(entries, entry, "atas")
        + f'<article class="buku-modul" data-modul="{_esc(entry.info.file)}">\n'
        + f'<div class="jp-Notebook buku-sel">\n{cells_html}\n</div>\n'
        + "</article>\n"
        + _assignment_note(entry.info)
        + _pager(entries, entry, "bawah")
    )
    return document(f"{entry.label} · {SITE_TITLE}", main, entries, current=entry.page,
                    kind="modul")


def index_page(entries, course_map_html: str, total_minutes: int) -> str:
    n = len(pages_of(entries))
    main = (
        f'<h1>{_esc(SITE_TITLE)}: buku kursus</h1>\n'
        "<p>Buku ini berisi semua modul kursus dalam urutan belajar, lengkap dengan contoh "
        "keluaran yang sudah dijalankan. Anda bisa membacanya tanpa Python, tanpa server dan "
        "tanpa internet. Untuk mencoba bagian interaktif (widget), mengisi aktivitas dan "
        "menyimpan jawaban di buku kerja, buka notebook-nya di JupyterLab "
        "(<code>make lab</code>).</p>\n"
        f'<p class="buku-ringkas">{n} modul · sekitar {format_minutes(total_minutes)}. '
        f'Mulailah dari modul pertama, atau <a href="{PRINT}">cetak seluruh buku</a> '
        "(setiap modul mulai di halaman baru).</p>\n"
        '<h2 id="peta-kursus">Peta kursus</h2>\n'
        f'<div class="buku-peta jp-RenderedHTMLCommon">{course_map_html}</div>\n'
    )
    return document(f"Peta kursus · {SITE_TITLE}", main, entries, current=INDEX, kind="indeks")


def search_page(entries) -> str:
    main = (
        "<h1>Cari di buku</h1>\n"
        f'<form class="buku-cari-besar" action="{SEARCH}" method="get" role="search">\n'
        '<label for="buku-q-besar">Kata yang dicari</label>\n'
        '<input id="buku-q-besar" type="search" name="q" autocomplete="off">\n'
        '<button type="submit">Cari</button>\n</form>\n'
        '<p id="buku-status-cari" role="status" aria-live="polite">'
        "Tulis kata yang dicari, misalnya <em>mitra</em> atau <em>prinsip</em>.</p>\n"
        '<ol id="buku-hasil-cari" class="buku-hasil-cari"></ol>\n'
        "<noscript><p>Pencarian memerlukan JavaScript. Gunakan daftar modul di samping."
        "</p></noscript>\n"
    )
    return document(f"Cari · {SITE_TITLE}", main, entries, current=SEARCH, kind="cari")


_ID_ATTR = re.compile(r'\bid="([^"]*)"')


def print_section(entry: Entry, cells_html: str, entries, prefixes: dict[str, str]) -> str:
    """One module of the print book: ids prefixed so the modules do not clash."""
    prefix = prefixes[entry.page]
    soup = _soup(cells_html)
    for tag in soup.find_all(id=True):
        tag["id"] = prefix + tag["id"]
    for a in soup.find_all("a", href=True):
        if a["href"].startswith("#") and len(a["href"]) > 1:
            a["href"] = "#" + prefix + a["href"][1:]
    fixed = fix_links(str(soup), entries, in_print=prefixes)
    return (
        f'<section class="buku-modul buku-modul-cetak" id="modul-{entry.info.number}" '
        f'data-modul="{_esc(entry.info.file)}" aria-label="{_esc(entry.label)}">\n'
        f'<p class="buku-posisi">Modul {entry.info.number} · perkiraan waktu '
        f"{entry.info.minutes} menit</p>\n"
        f'<div class="jp-Notebook buku-sel">\n{fixed}\n</div>\n{_assignment_note(entry.info)}'
        "</section>\n"
    )


def print_page(entries, sections: list[str], total_minutes: int) -> str:
    toc = "\n".join(
        f'<li><a href="#modul-{e.info.number}">{_esc(e.label)}</a> '
        f'<span class="buku-menit">{e.info.minutes} menit</span></li>'
        for e in pages_of(entries)
    )
    main = (
        '<div class="buku-petunjuk-cetak">\n<p>Halaman ini memuat seluruh buku. Pilih '
        "<strong>Cetak</strong> di peramban (Ctrl+P) untuk mencetak atau menyimpannya sebagai "
        "PDF: setiap modul mulai di halaman baru, dan bagian interaktif tercetak sebagai "
        "catatan untuk membuka notebook.</p>\n"
        '<button type="button" class="buku-tombol-cetak" data-buku-cetak>Cetak buku ini'
        "</button>\n</div>\n"
        '<section class="buku-sampul" aria-label="Sampul">\n'
        f"<h1>{_esc(SITE_TITLE)}</h1>\n<p>Buku kursus untuk fasilitator, pendamping dan "
        "penyuluh program desa.</p>\n"
        f"<p>{len(pages_of(entries))} modul · sekitar {format_minutes(total_minutes)}</p>\n"
        f'<h2>Daftar isi</h2>\n<ol class="buku-daftar-isi">\n{toc}\n</ol>\n</section>\n'
        + "".join(sections)
    )
    return document(f"Versi cetak · {SITE_TITLE}", main, entries, current=PRINT, kind="cetak")


# -------------------------------------------------------------------- search


_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "p", "li", "tr", "pre", "dt", "dd", "blockquote"]


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def search_records(entry: Entry, cells_html: str) -> list[dict]:
    """Search records of one module page: one per heading (h1-h3) with the text under it.

    Text comes from markdown cells and from outputs; code and widget notes are left
    out (they would match every page).
    """
    soup = _soup(cells_html)
    for tag in soup.select(f".anchor-link, .jp-CodeCell .jp-InputArea, .{NOTE_CLASS}"):
        tag.decompose()
    records: list[dict] = []
    current = {"p": entry.page, "a": "", "m": entry.label, "j": entry.info.title, "t": []}
    records.append(current)
    for node in soup.find_all(_BLOCKS):
        if node.find_parent(_BLOCKS) is not None:
            continue  # its text is counted with the enclosing block
        if node.name in ("h1", "h2", "h3"):
            current = {"p": entry.page, "a": node.get("id", ""), "m": entry.label,
                       "j": _text(node), "t": []}
            records.append(current)
        else:
            current["t"].append(_text(node))
    out = []
    for r in records:
        text = " ".join(t for t in r["t"] if t)
        if text or r["a"]:
            out.append({**r, "t": text})
    return out


def search_index_js(records: list[dict]) -> str:
    """``aset/indeks-cari.js``: a script, not JSON, so it loads from ``file://`` too."""
    data = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    return "// Dibuat oleh kemitraan_lib.book; jangan diubah dengan tangan.\n" \
        f"window.BUKU_INDEKS = {data};\n"
