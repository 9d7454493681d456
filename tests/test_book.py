"""The course book (``make buku``): built from urutan.json, offline, printable.

The whole book is built once for this file (every module executed, about 1-2
minutes on 2 shared cores; the time is printed). Small synthetic courses check
the generic parts quickly: widgets of any kind, rows of urutan.json without a
notebook, a failing module, the atomic swap. The browser tests open the book
from ``file://`` in Debian's chromium with every request routed: nothing may
leave the machine and nothing may fail. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from browser_support import SCREENSHOTS, launch_chromium, require_browser
from bs4 import BeautifulSoup

from kemitraan_lib import course
from kemitraan_lib.book import BookError
from kemitraan_lib.book import build as book_build
from kemitraan_lib.book import pages as pg
from kemitraan_lib.book.prepare import (
    NOTE_CLASS,
    WIDGET_MIME,
    hide_path,
    prepare,
    replace_widgets,
)

pytestmark = pytest.mark.timeout(1500)  # the first test also builds the whole book


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def course_pages() -> list[str]:
    return [pg.page_name(m.file) for m in course.load_order()]


# --------------------------------------------------------------- the whole book


@pytest.fixture(scope="module")
def book(tmp_path_factory, pytestconfig):
    out = tmp_path_factory.mktemp("buku") / "buku"
    started = time.perf_counter()
    cpu = time.process_time()
    kernels = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = book_build.build(out, log=lambda _line: None)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    kernel_cpu = (after.ru_utime + after.ru_stime) - (kernels.ru_utime + kernels.ru_stime)
    line = (
        f"[buku] {len(report.pages)} modul dibangun dalam {wall:.0f} s "
        f"(CPU: pembangun {time.process_time() - cpu:.0f} s, kernel {kernel_cpu:.0f} s; per modul: "
        + ", ".join(f"{p.split('-')[0]}={s}s" for p, s in sorted(report.run_seconds.items()))
        + ")"
    )
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("\n" + line)
    return report


def test_every_module_of_urutan_has_a_page_in_course_order(book):
    expected = course_pages()
    assert book.pages == expected
    assert book.not_in_book == []
    for name in ["index.html", "cari.html", "cetak.html", *expected]:
        assert (book.out_dir / name).is_file(), name
    # The module list on every page, and the course map on the index, follow urutan.json.
    for name in ["index.html", *expected]:
        nav = soup(book.out_dir / name).select(".buku-daftar-modul a")
        assert [a["href"] for a in nav] == expected, name
    course_map = soup(book.out_dir / "index.html").select(".buku-peta a")
    assert [a["href"] for a in course_map] == expected
    # prev/next on every page are the neighbours in urutan.json.
    for info in course.load_order():
        page = soup(book.out_dir / pg.page_name(info.file))
        prev, nxt = course.neighbours(info.file)
        prev_links = {a["href"] for a in page.select('a[rel="prev"]')}
        next_links = {a["href"] for a in page.select('a[rel="next"]')}
        assert prev_links == ({pg.page_name(prev.file)} if prev else set())
        assert next_links == ({pg.page_name(nxt.file)} if nxt else set())
        assert page.select_one("article.buku-modul")["data-modul"] == info.file
        assert page.find("h1").get_text().startswith(info.number)


def test_example_outputs_are_executed_into_the_pages(book):
    for info in course.load_order():
        source = nbformat.read(course.MODULES_DIR / info.file, as_version=4)
        page = soup(book.out_dir / pg.page_name(info.file))
        code_cells = [c for c in source.cells if c.cell_type == "code"]
        assert len(page.select(".jp-CodeCell")) == len(code_cells), info.file
        outputs = page.select(".jp-OutputArea-output")
        assert outputs, f"{info.file}: no output at all"
        for out in outputs:
            assert out.get_text(strip=True) or out.find(["img", "svg", "table"]), (
                f"{info.file}: empty output box")
        stderr = page.select('[data-mime-type="application/vnd.jupyter.stderr"]')
        assert stderr == [], f"{info.file}: {stderr[0].get_text()[:200]}"
    texts = {p: (book.out_dir / p).read_text(encoding="utf-8") for p in book.pages}
    assert "Berhasil! Anda baru saja menjalankan sel pertama Anda." in texts["00-mulai.html"]
    assert "~/BukuKerjaKemitraan/buku-kerja.json" in texts["00-mulai.html"]
    m03 = soup(book.out_dir / "03-pemetaan-mitra.html")
    headers = {th.get_text(strip=True) for th in m03.select(".jp-OutputArea-output table th")}
    assert {"nama", "kuadran", "keperantaraan"} <= headers
    assert "KTH Wana Lestari" in texts["03-pemetaan-mitra.html"]
    # The builder's throw-away folders never reach the reader.
    for name, text in texts.items():
        assert "kemitraan-buku-" not in text, name


def test_every_widget_is_an_indonesian_note_to_open_the_notebook(book):
    notes_total = 0
    for name in book.pages:
        text = (book.out_dir / name).read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget" not in text, name
        notes = soup(book.out_dir / name).select(f".{NOTE_CLASS}")
        notes_total += len(notes)
        notebook = name.replace(".html", ".ipynb")
        for note in notes:
            assert f"modules/{notebook}" in note.get_text()
            assert "JupyterLab" in note.get_text()
        assert len(notes) <= book.widgets[name]
        assert bool(notes) == bool(book.widgets[name]), name
    # Modules that embed the course's widgets show notes where the widgets were.
    assert book.widgets["03-pemetaan-mitra.html"] >= 1
    assert book.widgets["07-pola-kemitraan.html"] >= 1
    assert notes_total >= len(book.pages) - 1  # a self-check quiz (widget) in nearly all


def _local_refs(page: BeautifulSoup):
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("a", "href"),
                      ("iframe", "src"), ("source", "src")):
        for node in page.find_all(tag):
            if node.get(attr):
                yield tag, node[attr]


def test_site_is_self_contained_and_every_link_resolves(book):
    root = book.out_dir
    html_files = sorted(root.glob("*.html"))
    assert len(html_files) == len(book.pages) + 3
    for path in html_files:
        page = soup(path)
        ids = {n["id"] for n in page.find_all(id=True)}
        for tag, ref in _local_refs(page):
            parts = urlsplit(ref)
            if ref.startswith("data:"):
                continue
            if parts.scheme or parts.netloc:
                # Only a reader's click may leave the book; nothing is loaded from outside.
                assert tag == "a", f"{path.name}: <{tag}> loads {ref}"
                continue
            if not parts.path:
                assert parts.fragment in ids, f"{path.name}: #{parts.fragment} missing"
                continue
            target = root / unquote(parts.path)
            assert target.is_file(), f"{path.name}: {ref} does not exist"
            if parts.fragment and target.suffix == ".html":
                target_ids = {n["id"] for n in soup(target).find_all(id=True)}
                assert parts.fragment in target_ids, f"{path.name}: {ref}"
    for css in (root / "aset").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text, css.name
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert ref.startswith("data:"), f"{css.name}: url({ref})"
    for js in (root / "aset").glob("*.js"):
        code = js.read_text(encoding="utf-8")
        if js.name != "indeks-cari.js":
            assert "http" not in code, js.name


def test_search_index_covers_every_module_with_real_anchors(book):
    script = (book.out_dir / "aset" / "indeks-cari.js").read_text(encoding="utf-8")
    records = json.loads(script.split("window.BUKU_INDEKS = ", 1)[1].rstrip().rstrip(";"))
    assert book.search_records == len(records)
    assert {r["p"] for r in records} == set(book.pages)
    for name in book.pages:
        ids = {n["id"] for n in soup(book.out_dir / name).find_all(id=True)}
        anchored = [r for r in records if r["p"] == name and r["a"]]
        assert anchored, name
        assert all(r["a"] in ids for r in anchored), name
    text = " ".join(r["t"] for r in records)
    assert "Pak Arif" in text
    assert "import " not in text  # code is not indexed, outputs and prose are


def test_print_book_has_one_section_per_module_in_order(book):
    page = soup(book.out_dir / "cetak.html")
    sections = page.select("section.buku-modul-cetak")
    assert [s["data-modul"] for s in sections] == [m.file for m in course.load_order()]
    assert [s["id"] for s in sections] == [f"modul-{m.number}" for m in course.load_order()]
    ids = [n["id"] for n in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids in the print book"
    assert len(page.select(f".{NOTE_CLASS}")) == sum(
        len(soup(book.out_dir / p).select(f".{NOTE_CLASS}")) for p in book.pages)


# ------------------------------------------------------ generic parts, small courses


def _widget_output(model: str) -> dict:
    return nbformat.v4.new_output(
        "display_data", {"text/plain": "IntSlider(value=0)", WIDGET_MIME: {"model_id": model}})


def test_consecutive_widgets_become_one_note_and_state_is_dropped():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("...")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="sebelum\n"),
        _widget_output("a"), _widget_output("b"),
        nbformat.v4.new_output("stream", name="stdout", text="sesudah\n"),
        _widget_output("c"),
    ]
    nb.cells = [cell, nbformat.v4.new_markdown_cell("teks")]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert replace_widgets(nb, "05-contoh.ipynb") == 3
    kinds = [o.get("text") or o["metadata"]["buku"]["widget_note"] for o in cell.outputs]
    assert kinds == ["sebelum\n", 2, "sesudah\n", 1]
    assert "widgets" not in nb.metadata
    note = cell.outputs[1]["data"]
    assert "2 bagian interaktif" in note["text/plain"]
    assert "modules/05-contoh.ipynb" in note["text/html"]
    assert "Buka notebook" in note["text/html"]


def test_builder_folder_is_shown_as_home_and_navigation_cells_dropped():
    nb = nbformat.v4.new_notebook()
    nav = nbformat.v4.new_markdown_cell("← Sebelumnya", metadata={"tags": ["navigasi"]})
    cell = nbformat.v4.new_code_cell("print(path)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="/tmp/x/BukuKerjaKemitraan/b.json\n"),
        nbformat.v4.new_output("execute_result", {"text/plain": "'/tmp/x/a'",
                                                  "text/html": "<b>/tmp/x/a</b>"},
                               execution_count=1),
    ]
    nb.cells = [nav, cell, nav]
    counts = prepare(nb, "00-mulai.ipynb", workbook_folder="/tmp/x")
    assert counts == {"widgets": 0, "navigation_cells": 2}
    assert [c.cell_type for c in nb.cells] == ["code"]
    assert nb.cells[0].outputs[0]["text"] == "~/BukuKerjaKemitraan/b.json\n"
    assert nb.cells[0].outputs[1]["data"]["text/html"] == "<b>~/a</b>"
    hide_path(nb, "")  # nothing to hide: unchanged
    assert nb.cells[0].outputs[0]["text"] == "~/BukuKerjaKemitraan/b.json\n"


def _info(number, file, title="Judul", minutes=10):
    return course.ModuleInfo(number, file, title, minutes, None)


def test_links_point_at_pages_and_other_local_files_become_text():
    entries = [pg.Entry(_info("00", "00-a.ipynb"), "00-a.html"),
               pg.Entry(_info("01", "01-tugas.ipynb"), None),
               pg.Entry(_info("02", "02-b.ipynb"), "02-b.html")]
    fragment = ('<p><a href="00-a.ipynb">00-a.ipynb</a> <a href="02-b.ipynb#Tujuan">lihat</a> '
                '<a href="01-tugas.ipynb">tugas</a> <a href="../data/kasus.xlsx">kasus</a> '
                '<a href="../exercises/00-a.ipynb">lain</a> '
                '<a href="https://example.org/x">luar</a> <a href="#atas">atas</a></p>')
    page = BeautifulSoup(pg.fix_links(fragment, entries), "html.parser")
    assert [(a["href"], a.get_text()) for a in page.find_all("a")] == [
        ("00-a.html", "Baca modul 00"), ("02-b.html#Tujuan", "lihat"),
        ("https://example.org/x", "luar"), ("#atas", "atas")]
    assert [c.get_text() for c in page.select("code.buku-berkas")] == [
        "tugas (01-tugas.ipynb)", "kasus (../data/kasus.xlsx)", "lain (../exercises/00-a.ipynb)"]
    printed = BeautifulSoup(pg.fix_links(fragment, entries, in_print={
        "00-a.html": "m00-", "02-b.html": "m02-"}), "html.parser")
    assert [a["href"] for a in printed.find_all("a")][:2] == ["#modul-00", "#m02-Tujuan"]


def test_graded_assignment_of_a_module_is_listed_but_not_a_page():
    """urutan.json may attach {"assignment": {name, title, minutes}} to a module row."""
    task = SimpleNamespace(name="tugas-01-hakikat", title="Tugas 1 · Hakikat", minutes=30)
    first = SimpleNamespace(number="00", file="00-a.ipynb", title="A", minutes=10,
                            competency=None, label="00 · A", assignment=None)
    second = SimpleNamespace(number="01", file="01-b.ipynb", title="B", minutes=20,
                             competency=None, label="01 · B", assignment=task)
    entries = [pg.Entry(first, "00-a.html"), pg.Entry(second, "01-b.html")]
    page = BeautifulSoup(pg.module_page(entries[1], entries, "<p>isi</p>"), "html.parser")
    listed = page.select(".buku-daftar-modul li")
    assert listed[0].select(".buku-tugas") == []
    assert "Tugas 1 · Hakikat · 30 menit" in listed[1].select_one(".buku-tugas").get_text()
    note = page.select_one("aside.buku-tugas-kotak").get_text()
    assert "Tugas 1 · Hakikat" in note and "tidak dimuat di buku" in note
    assert [a["href"] for a in page.select(".buku-daftar-modul a")] == ["00-a.html", "01-b.html"]
    printed = pg.print_section(entries[1], "<p>isi</p>", entries,
                               {"00-a.html": "m00-", "01-b.html": "m01-"})
    assert "buku-tugas-kotak" in printed
    assert "buku-tugas-kotak" not in pg.module_page(entries[0], entries, "<p>isi</p>")


def _notebook(path: Path, *sources: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}\n\n## Bagian satu\n\nTeks.")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)


@pytest.fixture
def small_course(tmp_path):
    folder = tmp_path / "modules"
    folder.mkdir()
    _notebook(folder / "00-awal.ipynb",
              "print('halo dari modul awal')",
              "import ipywidgets\nipywidgets.IntSlider(3)",
              "from IPython.display import display, HTML\n"
              "display(ipywidgets.Text('a'), ipywidgets.Text('b'))\nHTML('<b>tabel</b>')")
    _notebook(folder / "02-akhir.ipynb", "import os\nprint(os.environ['KEMITRAAN_BUKU_KERJA'])")
    rows = [{"file": "00-awal.ipynb", "title": "Awal", "minutes": 10, "competency": None},
            {"file": "01-tugas-contoh.ipynb", "title": "Tugas contoh", "minutes": 30,
             "competency": None},
            {"file": "02-akhir.ipynb", "title": "Akhir", "minutes": 15, "competency": None}]
    (folder / "urutan.json").write_text(json.dumps(rows), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_small_course_any_widget_and_a_row_without_notebook(small_course, tmp_path):
    out = tmp_path / "keluaran"
    report = book_build.build(out, modules_dir=small_course, jobs=2, log=lambda _l: None)
    assert report.pages == ["00-awal.html", "02-akhir.html"]
    assert report.not_in_book == ["01-tugas-contoh.ipynb"]
    assert report.widgets == {"00-awal.html": 3, "02-akhir.html": 0}
    first = soup(out / "00-awal.html")
    notes = first.select(f".{NOTE_CLASS}")
    assert [n.select_one(".buku-catatan-judul").get_text() for n in notes] == [
        "Bagian interaktif (widget)", "2 bagian interaktif (widget)"]
    assert "halo dari modul awal" in first.get_text()
    assert first.find("b", string="tabel") is not None
    # The row without a notebook is listed in the navigation, without a link.
    listed = [li.get_text(" ", strip=True) for li in first.select(".buku-daftar-modul li")]
    assert "01 · Tugas contoh" in listed[1] and "tidak ada di buku" in listed[1]
    assert first.select_one('a[rel="next"]')["href"] == "02-akhir.html"
    # Each module ran with its own throw-away workbook, shown as the default path.
    assert "~/BukuKerjaKemitraan/buku-kerja.json" in soup(out / "02-akhir.html").get_text()


@pytest.mark.slow
def test_failed_module_leaves_previous_book_and_foreign_folder_is_refused(small_course,
                                                                          tmp_path):
    out = tmp_path / "keluaran"
    book_build.build(out, modules_dir=small_course, jobs=1, log=lambda _l: None)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    _notebook(small_course / "02-akhir.ipynb", "raise ValueError('sengaja rusak')")
    with pytest.raises(BookError) as err:
        book_build.build(out, modules_dir=small_course, jobs=1, log=lambda _l: None)
    assert "02-akhir.ipynb gagal dijalankan" in str(err.value)
    assert "sengaja rusak" in str(err.value)
    assert "buku yang lama tidak diubah" in str(err.value)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(tmp_path.glob(".keluaran.*")), "staging folders left behind"

    foreign = tmp_path / "dokumen-saya"
    foreign.mkdir()
    (foreign / "penting.txt").write_text("jangan dihapus", encoding="utf-8")
    with pytest.raises(BookError, match="bukan buku kursus"):
        book_build.build(foreign, modules_dir=small_course, jobs=1, log=lambda _l: None)
    assert (foreign / "penting.txt").read_text(encoding="utf-8") == "jangan dihapus"
    with pytest.raises(BookError, match="1 sampai 16"):
        book_build.build(out, modules_dir=small_course, jobs=0, log=lambda _l: None)


def test_command_line_reports_in_indonesian(small_course, tmp_path, capsys):
    (small_course / "urutan.json").write_text("[]", encoding="utf-8")
    assert book_build.main(["--folder", str(small_course), "--keluaran",
                            str(tmp_path / "b")]) == 1
    assert "Buku tidak dibuat:" in capsys.readouterr().err


# ------------------------------------------------------------------ the browser


@pytest.fixture(scope="module")
def browser(book):
    require_browser()
    with launch_chromium() as chromium:
        yield chromium


class Offline:
    """A browser context where every request is routed: file:// goes through,
    anything else is blocked and recorded; failures and console errors are kept."""

    def __init__(self, browser, **options):
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(locale="id-ID", **options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("file", "data") or parts.hostname in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort("blockedbyclient")

    def open(self, path: Path, query: str = ""):
        self.page.goto(path.as_uri() + query)
        self.page.wait_for_load_state("load")
        return self.page

    def check_clean(self, where: str) -> None:
        assert self.outside == [], f"{where}: requests left the machine: {self.outside}"
        assert self.failed == [], f"{where}: resources failed: {self.failed}"
        assert self.errors == [], f"{where}: console errors: {self.errors}"

    def close(self):
        self.context.close()


@pytest.fixture
def offline(browser):
    session = Offline(browser, viewport={"width": 1366, "height": 900})
    try:
        yield session
    finally:
        session.close()


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_renders_completely_with_outside_hosts_blocked(book, offline):
    root = book.out_dir
    for name in ["index.html", "cari.html", "cetak.html", *book.pages]:
        page = offline.open(root / name)
        state = page.evaluate("""() => ({
            sheets: Array.from(document.querySelectorAll('link[rel=stylesheet]'))
                      .map(l => l.sheet !== null),
            jpVar: getComputedStyle(document.documentElement)
                      .getPropertyValue('--jp-content-font-size1').trim(),
            header: getComputedStyle(document.querySelector('.buku-kepala')).backgroundColor,
            images: Array.from(document.images).map(i => i.complete && i.naturalWidth > 0),
            mainHeight: document.querySelector('main').getBoundingClientRect().height,
            search: typeof window.BUKU_INDEKS, title: document.title, lang: document.lang
              || document.documentElement.lang})""")
        assert state["sheets"] == [True, True, True], name
        assert state["jpVar"], f"{name}: JupyterLab's CSS not applied"
        assert state["header"] == "rgb(27, 107, 74)", name  # buku.css applied
        assert all(state["images"]), f"{name}: an image did not load"
        assert state["mainHeight"] > (150 if name == "cari.html" else 600), name
        assert state["search"] == "object", name
        assert state["lang"] == "id" and "Membangun Jaringan Kemitraan" in state["title"]
        offline.check_clean(name)
    # One module page, at its first widget note, for the report.
    page = offline.open(root / "03-pemetaan-mitra.html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "buku-modul-03.png"))
    note = page.locator(f".{NOTE_CLASS}").first
    note.scroll_into_view_if_needed()
    assert note.is_visible()
    assert note.bounding_box()["height"] > 40
    page.screenshot(path=str(SCREENSHOTS / "buku-modul-03-catatan-widget.png"))
    offline.check_clean("03 (screenshots)")


@pytest.mark.browser
@pytest.mark.slow
def test_search_box_finds_modules_offline(book, offline):
    page = offline.open(book.out_dir / "index.html")
    page.fill("#buku-q", "Wana Lestari")
    page.click(".buku-cari button")
    page.wait_for_url(re.compile(r"cari\.html\?q=Wana\+Lestari"))
    results = page.locator("#buku-hasil-cari li")
    assert results.count() >= 2
    assert "hasil untuk" in page.inner_text("#buku-status-cari")
    assert page.locator("#buku-hasil-cari mark").first.inner_text().lower() == "wana"
    first = results.first.locator("a")
    target = first.get_attribute("href")
    assert target.split("#")[0] in book.pages
    first.click()
    page.wait_for_load_state("load")
    assert page.url.split("/")[-1].split("#")[0] == target.split("#")[0]
    page = offline.open(book.out_dir / "cari.html", "?q=zzqxv")
    assert page.locator("#buku-hasil-cari li").count() == 0
    assert "Tidak ada hasil" in page.inner_text("#buku-status-cari")
    offline.check_clean("cari")


@pytest.mark.browser
@pytest.mark.slow
def test_print_preview_one_module_per_section(book, browser, tmp_path):
    offline = Offline(browser, viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    try:
        _print_preview(book, offline, tmp_path)
    finally:
        offline.close()


def _print_preview(book, offline, tmp_dir):
    page = offline.open(book.out_dir / "cetak.html")
    page.emulate_media(media="print")
    layout = page.evaluate("""() => {
        const shown = s => { const e = document.querySelector(s);
                             return e ? getComputedStyle(e).display !== 'none' : null; };
        const sections = Array.from(document.querySelectorAll('section.buku-modul-cetak'));
        return {
          header: shown('.buku-kepala'), sidebar: shown('.buku-daftar'),
          footer: shown('.buku-kaki'), hint: shown('.buku-petunjuk-cetak'),
          modules: sections.map(s => s.dataset.modul),
          breaks: sections.map(s => getComputedStyle(s).breakBefore),
          notes: Array.from(document.querySelectorAll('.buku-catatan-widget'))
                   .map(n => n.getBoundingClientRect().height),
          widgetBoxes: document.querySelectorAll('.jupyter-widgets, .widget-area').length,
        }; }""")
    assert layout["header"] is False and layout["sidebar"] is False
    assert layout["footer"] is False and layout["hint"] is False
    assert layout["modules"] == [m.file for m in course.load_order()]
    assert set(layout["breaks"]) == {"page"}
    assert layout["notes"] and min(layout["notes"]) > 30  # notes print, with their text
    assert layout["widgetBoxes"] == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "buku-cetak.png"))
    page.evaluate("() => document.getElementById('modul-03').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / "buku-cetak-modul-03.png"))
    _check_printed_pages(page, book, tmp_dir)
    # A module page printed on its own: only the module, full width.
    page = offline.open(book.out_dir / "03-pemetaan-mitra.html")
    page.emulate_media(media="print")
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('.buku-daftar')).display") == "none"
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('.buku-halaman')).display") == "none"
    offline.check_clean("cetak")


def _check_printed_pages(page, book, tmp_dir: Path) -> None:
    """Print with Chromium's own engine, then read the PDF back (poppler-utils):
    every module starts at the top of a page of its own, in course order."""
    tools = {name: shutil.which(name) for name in ("pdftotext", "pdftoppm")}
    if not all(tools.values()):
        message = ("pdftotext/pdftoppm (poppler-utils) tidak ada: "
                   "sudo bash tools/install-system-deps.sh")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true tetapi {message}", pytrace=False)
        pytest.skip(message)
    pdf = tmp_dir / "buku.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run([tools["pdftotext"], str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    printed = [p.strip() for p in text.split("\f")]
    order = course.load_order()
    starts = []
    for info in order:
        marker = f"Modul {info.number} · perkiraan waktu"
        found = [i for i, p in enumerate(printed) if marker in p]
        assert found, f"{info.file} is not in the printed book"
        assert printed[found[0]].startswith(marker), f"{info.file} does not start a page"
        starts.append(found[0])
    assert starts == sorted(starts) and starts[0] >= 1  # the cover comes first
    assert len(set(starts)) == len(starts)
    assert "Daftar isi" in printed[0]
    first_03 = starts[[m.number for m in order].index("03")] + 1  # 1-based page number
    subprocess.run([tools["pdftoppm"], "-f", str(first_03), "-l", str(first_03), "-r", "80",
                    "-png", "-singlefile", str(pdf),
                    str(SCREENSHOTS / "buku-cetak-halaman-modul-03")], check=True)
