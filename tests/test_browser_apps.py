"""The Voilà apps in a real browser (Debian chromium through Playwright).

A facilitator's path through both tools: map partners by typing and clicking,
see them in the drawing and the table, make a mistake and read the message,
undo, save and reopen the map; answer the pattern chooser with the textbook
case. Screenshots go to artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import json

import pytest
from browser_support import SCREENSHOTS, VoilaServer, launch_chromium, require_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 90_000  # first render starts a kernel; generous on a shared machine


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    voila = VoilaServer(tmp_path_factory.mktemp("voila"))
    try:
        voila.start()
        yield voila
    finally:
        voila.stop()


@pytest.fixture(scope="module")
def browser(server):
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


def shot(page, name: str, tall: bool = False) -> None:
    """Save a screenshot of the app under artifacts/screenshots/.

    ``tall``: make the window as tall as the page first, so the whole app is on it
    (Voilà scrolls inside the page, so a "full page" screenshot would stop at the window).
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    if tall:
        height = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('*'), e => e.scrollHeight))")
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 6000)})
        page.wait_for_timeout(400)
    page.screenshot(path=str(SCREENSHOTS / name))
    if tall:
        page.set_viewport_size(size)


def tab(page, container: str, title: str) -> None:
    page.locator(f"{container} .lm-TabBar-tab", has_text=title).first.click()


def add_partner(page, name: str, kind: str, influence: str, interest: str) -> None:
    from playwright.sync_api import expect

    page.locator(".pm-nama input").fill(name)
    page.locator(".pm-jenis select").select_option(label=kind)
    page.locator(".pm-pengaruh input").fill(influence)
    page.locator(".pm-kepentingan input").fill(interest)
    page.locator(".pm-tambah-mitra").click()
    expect(page.locator(".pm-pesan")).to_contain_text(f"Mitra '{name}' ditambahkan")


def test_mapper_in_browser(server, page):
    from playwright.sync_api import expect

    page.goto(server.page_url("peta-mitra.ipynb"))
    expect(page.locator(".pm-tambah-mitra")).to_be_visible()
    picture = page.locator(".pm-gambar")
    page.wait_for_function("document.querySelector('.pm-gambar')?.src?.length > 0")
    empty_src = picture.get_attribute("src")

    # Two partners and a link, by typing and clicking.
    add_partner(page, "KTH Wana Lestari", "Kelompok masyarakat yang sudah maju", "3", "5")
    add_partner(page, "Pemerintah Desa Mekarsari", "Lembaga pemerintah", "5", "4")
    tab(page, ".pm-formulir", "Hubungan")
    page.locator(".pm-dari input").fill("KTH Wana Lestari")
    page.locator(".pm-ke input").fill("Pemerintah Desa Mekarsari")
    page.locator(".pm-jenis-hubungan select").select_option(label="Pembinaan")
    page.locator(".pm-tambah-hubungan").click()
    expect(page.locator(".pm-pesan")).to_contain_text("ditambahkan")
    expect(page.locator(".pm-pesan")).to_contain_text("Pemerintah Desa Mekarsari")
    assert picture.get_attribute("src") != empty_src  # the drawing was redrawn
    expect(page.locator(".pm-judul-gambar")).to_contain_text("2 mitra, 1 hubungan")
    page.wait_for_function("document.querySelector('.pm-gambar').naturalWidth > 300")
    shot(page, "peta-mitra-dua-mitra.png")

    tab(page, ".pm-tampilan", "Tabel mitra")
    table = page.locator(".pm-tabel")
    expect(table).to_contain_text("KTH Wana Lestari")
    expect(table).to_contain_text("Pemerintah Desa Mekarsari")
    expect(table).to_contain_text("Kelola dari dekat")

    # A bad value: the message is in Indonesian, the form keeps what was typed.
    tab(page, ".pm-formulir", "Mitra")
    page.locator(".pm-nama input").fill("Ibu Siti Nur'aini")
    page.locator(".pm-pengaruh input").fill("7")
    page.locator(".pm-tambah-mitra").click()
    message = page.locator(".pm-pesan [role=alert]")
    expect(message).to_contain_text("Pengaruh")
    expect(message).to_contain_text("7")
    expect(message).to_contain_text("0 sampai 5")
    expect(page.locator(".pm-nama input")).to_have_value("Ibu Siti Nur'aini")
    expect(table).not_to_contain_text("Ibu Siti")
    shot(page, "peta-mitra-pesan-galat.png")

    # Fix it, then undo the addition.
    page.locator(".pm-pengaruh input").fill("4")
    page.locator(".pm-tambah-mitra").click()
    expect(page.locator(".pm-pesan")).to_contain_text("ditambahkan")
    expect(table).to_contain_text("Ibu Siti Nur'aini")
    page.locator(".pm-urungkan").click()
    expect(page.locator(".pm-pesan")).to_contain_text("diurungkan")
    expect(table).not_to_contain_text("Ibu Siti")

    # Save as Excel, start an empty map, reopen the file.
    tab(page, ".pm-formulir", "Berkas")
    page.locator(".pm-nama-berkas input").fill("peta-uji.xlsx")
    page.locator(".pm-simpan").click()
    expect(page.locator(".pm-pesan")).to_contain_text("Peta disimpan")
    saved = server.workdir / "peta-uji.xlsx"
    assert saved.exists()
    expect(page.locator(".pm-unduh a")).to_contain_text("peta-uji.xlsx")
    page.locator(".pm-peta-baru").click()
    expect(table).to_contain_text("Belum ada mitra")
    # ipywidgets' upload button opens the file dialog of an input kept outside the page.
    with page.expect_file_chooser() as chooser:
        page.locator(".pm-buka").click()
    chooser.value.set_files(str(saved))
    expect(page.locator(".pm-pesan")).to_contain_text("Berkas 'peta-uji.xlsx' dibuka: 2 mitra")
    expect(table).to_contain_text("KTH Wana Lestari")
    expect(table).to_contain_text("Pemerintah Desa Mekarsari")

    # Autosaved into the learner's workbook.
    page.wait_for_timeout(500)
    data = json.loads(server.workbook.read_text(encoding="utf-8"))
    names = [p["nama"] for p in data["jawaban"]["03"]["peta-mitra"]["nilai"]["mitra"]]
    assert names == ["KTH Wana Lestari", "Pemerintah Desa Mekarsari"]

    # The sample village, as a newcomer would start.
    from kemitraan_lib.cases import CASES

    page.locator(".pm-contoh select").select_option(label=CASES["menabung-pohon"])
    page.locator(".pm-muat-contoh").click()
    expect(page.locator(".pm-pesan")).to_contain_text("dimuat")
    tab(page, ".pm-tampilan", "Gambar jaringan")
    expect(page.locator(".pm-judul-gambar")).to_contain_text("25 mitra")
    page.wait_for_function("document.querySelector('.pm-gambar').naturalWidth > 300")
    shot(page, "peta-mitra-contoh-mekarsari.png", tall=True)
    tab(page, ".pm-tampilan", "Kisi pengaruh")
    expect(page.locator(".pm-kisi")).to_be_visible()
    # the grid is drawn when its tab opens: wait until the real picture arrived
    page.wait_for_function("document.querySelector('.pm-kisi').naturalWidth > 300")
    shot(page, "peta-mitra-kisi.png", tall=True)
    tab(page, ".pm-tampilan", "Analisis")
    expect(page.locator(".pm-analisis")).to_contain_text("Perantara")
    shot(page, "peta-mitra-analisis.png")


def test_chooser_in_browser(server, page):
    from playwright.sync_api import expect

    page.goto(server.page_url("pilih-pola.ipynb"))
    expect(page.locator(".pp-tampilkan")).to_be_visible()
    for css in ("pp-kelompok-lahan", "pp-kelompok-tenaga", "pp-mitra-modal",
                "pp-mitra-manajemen", "pp-mitra-pasar"):
        page.locator(f".{css} input").check()
    page.locator(".pp-tampilkan").click()
    first = page.locator(".pp-hasil .pp-pola").first
    expect(first).to_contain_text("1. Kerja Sama Operasional")
    expect(first).to_contain_text("Mengapa cocok")
    expect(first).to_contain_text("Pasal 35")
    expect(page.locator(".pp-banding")).to_contain_text("Kerja Sama Operasional")
    expect(page.locator(".pp-banding")).to_contain_text("Yang tidak cocok")
    page.locator(".pp-simpan").click()
    expect(page.locator(".pp-status")).to_contain_text("Tersimpan")
    shot(page, "pilih-pola-rekomendasi.png", tall=True)
    page.wait_for_timeout(300)
    data = json.loads(server.workbook.read_text(encoding="utf-8"))
    assert data["jawaban"]["07"]["pola-terpilih"]["nilai"]["pattern"] == "kerjasama-operasional"


def test_chooser_hint_when_nothing_ticked(server, page):
    from playwright.sync_api import expect

    page.goto(server.page_url("pilih-pola.ipynb"))
    expect(page.locator(".pp-tampilkan")).to_be_visible()
    for box in page.locator(".pilih-pola input[type=checkbox]").all():
        box.uncheck()  # answers saved by an earlier test come back ticked
    page.locator(".pp-tampilkan").click()
    expect(page.locator(".pp-pesan [role=alert]")).to_contain_text("Centang minimal")


# ---------------------------------------------------------------- phone layouts
PHONE = {"width": 390, "height": 844}

# Every box of the app that sticks out of the window, every text cut short and every
# element that scrolls sideways (the partner table scrolls inside its own box: exempt).
FIT_JS = """(selector) => {
  const W = window.innerWidth, bad = [];
  const name = e => (e.className && e.className.toString ? e.className.toString() : e.tagName)
                    .split(' ').filter(c => c.startsWith('pm-') || c.startsWith('pp-') ||
                    c.startsWith('widget-') || c.startsWith('lm-')).join('.') || e.tagName;
  for (const root of document.querySelectorAll(selector)) {
    for (const e of [root, ...root.querySelectorAll('*')]) {
      if (e.closest('.pm-tabel, .kemitraan-geser')) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < -1 || r.right > W + 1)
        bad.push(`outside: ${name(e)} ${Math.round(r.left)}..${Math.round(r.right)}`);
      const style = getComputedStyle(e);
      if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 &&
          (['auto', 'scroll'].includes(style.overflowX) || style.textOverflow === 'ellipsis'))
        bad.push(`cut or scrolls sideways: ${name(e)} "${(e.innerText || '').slice(0, 40)}"`);
    }
  }
  const page = document.scrollingElement;
  if (page.scrollWidth > W + 1) bad.push(`page scrolls sideways: ${page.scrollWidth}`);
  return bad;
}"""

TABS_JS = """(selector) => Array.from(document.querySelectorAll(
    selector + ' .lm-TabBar-tabLabel')).map(e => {
  const r = e.getBoundingClientRect();
  return [e.innerText, e.scrollWidth <= e.clientWidth + 1, r.left >= -1 &&
          r.right <= window.innerWidth + 1];
})"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()


def assert_fits(page, selector: str) -> None:
    problems = page.evaluate(FIT_JS, selector)
    assert problems == [], problems


def test_mapper_on_a_phone(server, phone):
    from playwright.sync_api import expect

    page = phone
    page.goto(server.page_url("peta-mitra.ipynb"))
    expect(page.locator(".pm-tambah-mitra")).to_be_visible()
    from kemitraan_lib.cases import CASES

    page.locator(".pm-contoh select").select_option(label=CASES["menabung-pohon"])
    page.locator(".pm-muat-contoh").click()
    expect(page.locator(".pm-pesan")).to_contain_text("dimuat")
    page.wait_for_function("document.querySelector('.pm-gambar').naturalWidth > 300")
    # every tab of the forms and of the views, each in turn
    for container, titles in ((".pm-formulir", ("Mitra", "Hubungan", "Berkas")),
                              (".pm-tampilan", ("Gambar jaringan", "Kisi pengaruh",
                                                "Tabel mitra", "Analisis"))):
        for title in titles:
            tab(page, container, title)
            page.wait_for_timeout(200)
            assert_fits(page, ".peta-mitra")
        labels = page.evaluate(TABS_JS, container)
        assert [t for t, _, _ in labels] == list(titles)
        assert all(whole and inside for _, whole, inside in labels), labels
    tab(page, ".pm-formulir", "Mitra")
    tab(page, ".pm-tampilan", "Gambar jaringan")
    page.wait_for_timeout(200)
    box = page.locator(".pm-gambar").bounding_box()
    assert box["width"] >= 0.9 * PHONE["width"], box
    # the controls a facilitator needs are on the screen, not cut
    for css in (".pm-contoh select", ".pm-muat-contoh", ".pm-tambah-mitra", ".pm-nama input",
                ".pm-urungkan", ".pm-peta-baru"):
        found = page.locator(css).bounding_box()
        assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"], (css, found)
    # and it works by touch: add a partner
    page.locator(".pm-nama input").fill("Pak Lurah Uji")
    page.locator(".pm-tambah-mitra").tap()
    expect(page.locator(".pm-pesan")).to_contain_text("Mitra 'Pak Lurah Uji' ditambahkan")
    expect(page.locator(".pm-judul-gambar")).to_contain_text("26 mitra")
    # nothing overlaps the buttons (a form field taller than its box would)
    notes = page.locator(".pm-catatan textarea").bounding_box()
    button = page.locator(".pm-tambah-mitra").bounding_box()
    assert notes["y"] + notes["height"] <= button["y"] + 1, (notes, button)
    assert_fits(page, ".peta-mitra")
    page.locator(".pm-gambar").scroll_into_view_if_needed()
    shot(page, "peta-mitra-ponsel-390x844.png")
    shot(page, "peta-mitra-ponsel-390x844-penuh.png", tall=True)


def test_chooser_on_a_phone(server, phone):
    from playwright.sync_api import expect

    from kemitraan_lib import content

    page = phone
    page.goto(server.page_url("pilih-pola.ipynb"))
    expect(page.locator(".pp-tampilkan")).to_be_visible()
    assert_fits(page, ".pilih-pola")
    # every resource each question offers (its side's, issue 11), whole and on the screen
    from kemitraan_lib.recommender import resource_keys

    for group, field in (("pp-kelompok", "group_brings"), ("pp-mitra", "partner_brings"),
                         ("pp-butuh", "needs")):
        offered = resource_keys(field)
        assert len(offered) >= 6, (field, offered)
        for resource in (r for r in content.RESOURCES if r.key in offered):
            box = page.locator(f".{group}-{resource.key}")
            box.scroll_into_view_if_needed()
            expect(box).to_be_visible()
            expect(box).to_contain_text(resource.label)
            found = box.bounding_box()
            assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"], (
                group, resource.key, found)
    for radio in ("pp-lama", "pp-erat", "pp-bagi"):
        labels = page.locator(f".{radio} .widget-radio-box label").all()
        assert len(labels) >= 3
        for label in labels:
            found = label.bounding_box()
            assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"]
    for css in ("pp-kelompok-lahan", "pp-kelompok-tenaga", "pp-mitra-modal",
                "pp-mitra-manajemen", "pp-mitra-pasar"):
        page.locator(f".{css} input").check()
    page.locator(".pp-tampilkan").tap()
    expect(page.locator(".pp-hasil .pp-pola").first).to_have_attribute(
        "data-pola", "kerjasama-operasional")
    assert_fits(page, ".pilih-pola")
    found = page.locator(".pp-simpan").bounding_box()
    assert found["x"] + found["width"] <= PHONE["width"]
    shot(page, "pilih-pola-ponsel-390x844.png")
    shot(page, "pilih-pola-ponsel-390x844-penuh.png", tall=True)


def test_mapper_buttons_whole_beside_jupyterlab_file_browser(server, browser):
    """The Voilà app at 1000 px, about the width the notebook gets at 1366 px with
    JupyterLab's file browser open. The real thing (JupyterLab, file browser, module 03)
    is tests/test_lab_browser.py::test_mapper_buttons_whole_in_jupyterlab_with_file_browser."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1000, "height": 800}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(server.page_url("peta-mitra.ipynb"))
        expect(page.locator(".pm-tambah-mitra")).to_be_visible()
        for title in ("Mitra", "Hubungan", "Berkas"):
            tab(page, ".pm-formulir", title)
            page.wait_for_timeout(200)
            cut = page.evaluate("""() => Array.from(document.querySelectorAll(
                '.peta-mitra .widget-button')).filter(b => b.offsetWidth > 0 &&
                b.scrollWidth > b.clientWidth + 1).map(b => b.innerText)""")
            assert cut == [], cut
            assert_fits(page, ".peta-mitra")
    finally:
        context.close()
