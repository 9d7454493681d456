"""Room mode (``make ruang``): a room of phones, each visitor with a map of their own.

Real Voilà started with ``make ruang``'s command line (on loopback), real
chromium through Playwright, one browser context per visitor (a context shares
no cookies or storage with another: like two phones).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from browser_support import (
    ROOT,
    VoilaServer,
    free_port,
    launch_chromium,
    require_browser,
    run_visitors,
    visitor_workbooks,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 120_000
VISITORS_IN_TESTS = 4  # the 30-visitor run is benchmarks/bench_ruang.py


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    require_browser()
    voila = VoilaServer(tmp_path_factory.mktemp("ruang"), room=True)
    try:
        voila.start()
        yield voila
    finally:
        voila.stop()


@pytest.fixture(scope="module")
def browser(room):
    with launch_chromium() as chromium:
        yield chromium


def new_phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


def add_partner(page, name: str) -> None:
    from playwright.sync_api import expect

    page.locator(".pm-nama input").fill(name)
    page.locator(".pm-tambah-mitra").click()
    expect(page.locator(".pm-pesan")).to_contain_text(f"Mitra '{name}' ditambahkan")


def table_text(page, shows: str) -> str:
    """The partner table's text, once it shows ``shows``."""
    from playwright.sync_api import expect

    page.locator(".pm-tampilan .lm-TabBar-tab", has_text="Tabel mitra").first.click()
    expect(page.locator(".pm-tabel")).to_contain_text(shows)
    return page.locator(".pm-tabel").inner_text()


def test_trainer_and_participant_share_nothing(room, browser, tmp_path):
    """The issue's case: the trainer adds "Pak Kades"; a participant can still add theirs."""
    from playwright.sync_api import expect

    trainer_context, trainer = new_phone(browser)
    participant_context, participant = new_phone(browser)
    try:
        trainer.goto(room.page_url("peta-mitra.ipynb"))
        participant.goto(room.page_url("peta-mitra.ipynb"))
        add_partner(trainer, "Pak Kades")
        add_partner(trainer, "Ibu Camat")
        add_partner(participant, "Pak Kades")  # no "already on the map" from the trainer's map
        seen = table_text(participant, "Pak Kades")
        assert "Pak Kades" in seen and "Ibu Camat" not in seen
        assert "Pak Kades" in table_text(trainer, "Ibu Camat")
        time.sleep(1.0)  # autosave runs in the background
        books = visitor_workbooks(room.room)
        assert sorted(books.values()) == [["Pak Kades"], ["Pak Kades", "Ibu Camat"]], books
        assert not room.workbook.exists()  # no shared workbook file at all

        # The participant takes the map home (download) and brings it back (upload)
        # into a fresh page: a new visitor starts empty until they open their file.
        participant.locator(".pm-formulir .lm-TabBar-tab", has_text="Berkas").click()
        participant.locator(".pm-nama-berkas input").fill("peta-saya.json")
        participant.locator(".pm-simpan").click()
        expect(participant.locator(".pm-unduh a")).to_contain_text("peta-saya.json")
        with participant.expect_download() as download:
            participant.locator(".pm-unduh a").click()
        saved = tmp_path / "peta-saya.json"
        download.value.save_as(saved)
        participant.reload()
        expect(participant.locator(".pm-tambah-mitra")).to_be_visible()
        assert "Pak Kades" not in table_text(participant, "Belum ada mitra")
        participant.locator(".pm-formulir .lm-TabBar-tab", has_text="Berkas").click()
        with participant.expect_file_chooser() as chooser:
            participant.locator(".pm-buka").click()
        chooser.value.set_files(str(saved))
        expect(participant.locator(".pm-pesan")).to_contain_text("dibuka: 1 mitra")
        assert "Ibu Camat" not in table_text(participant, "Pak Kades")

        # Pilih Pola: the trainer's ticks and saved choice do not reach the participant.
        trainer.goto(room.page_url("pilih-pola.ipynb"))
        participant.goto(room.page_url("pilih-pola.ipynb"))
        for css in ("pp-kelompok-lahan", "pp-kelompok-tenaga", "pp-mitra-modal",
                    "pp-mitra-manajemen", "pp-mitra-pasar"):
            trainer.locator(f".{css} input").check()
        trainer.locator(".pp-tampilkan").click()
        trainer.locator(".pp-simpan").click()
        expect(trainer.locator(".pp-status")).to_contain_text("Tersimpan")
        participant.reload()
        expect(participant.locator(".pp-tampilkan")).to_be_visible()
        for box in participant.locator(".pilih-pola input[type=checkbox]").all():
            assert not box.is_checked()
        expect(participant.locator(".pp-status")).not_to_contain_text("Tersimpan")
    finally:
        trainer_context.close()
        participant_context.close()


def test_visitors_at_once_each_get_their_own_map(room):
    results = run_visitors(room, VISITORS_IN_TESTS, timeout_ms=300_000)
    assert all(r["render"] is not None for r in results), results
    assert all(r["ok"] for r in results), results
    time.sleep(1.0)
    books = visitor_workbooks(room.room)
    for number in range(VISITORS_IN_TESTS):
        mine = [names for names in books.values() if f"Peserta {number}" in names]
        assert mine == [[f"Peserta {number}", "Pak Kades"]], books


def test_make_ruang_prints_the_lan_address_and_a_qr_code(tmp_path):
    """``tools/ruang.py`` as ``make ruang`` runs it: address, QR code, projector page."""
    require_browser()
    from tools import ruang
    port = free_port()
    folder = tmp_path / "ruang"
    log = tmp_path / "ruang.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "ruang.py"), "--no-browser", "--port", str(port),
             "--folder", str(folder)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, env=dict(os.environ, MPLBACKEND="Agg"))
    try:
        address = ruang.lan_address() or "127.0.0.1"
        url = f"http://{address}:{port}/voila/render/peta-mitra.ipynb"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text(errors="replace")
            try:
                with urllib.request.urlopen(f"http://{address}:{port}/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"mode ruang tidak menjawab di {address}:{port}")
        printed = log.read_text(encoding="utf-8", errors="replace")
        assert url in printed
        assert "pilih-pola.ipynb" in printed
        assert "█" in printed or "▀" in printed or "▄" in printed  # the QR code itself
        page = folder / ruang.QR_PAGE
        assert str(page) in printed
        html_text = page.read_text(encoding="utf-8")
        assert url in html_text and "<svg" in html_text and "lang='id'" in html_text
        for png in ("qr-1.png", "qr-2.png"):
            assert (folder / png).read_bytes().startswith(b"\x89PNG")
        # it listens beyond loopback (the phones' side of the room)
        if address != "127.0.0.1":
            with urllib.request.urlopen(url, timeout=60) as answer:
                assert answer.status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # its own process group, by its id
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def test_room_helpers():
    from tools import ruang
    cmd = ruang.room_command(8866, "0.0.0.0", [])
    assert "--Voila.ip=0.0.0.0" in cmd and "--no-browser" in cmd
    assert not any(item.startswith("--Voila.ip=127") for item in cmd)
    env = ruang.room_environment(ROOT / "x", {"KEMITRAAN_BUKU_KERJA": "/tmp/a.json"})
    assert "KEMITRAAN_BUKU_KERJA" not in env and env["KEMITRAAN_MODE_RUANG"] == str(ROOT / "x")
    address = ruang.lan_address()
    assert address is None or not address.startswith("127.")
