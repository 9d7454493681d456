"""Issue 13's tools in a real browser (Debian chromium through Playwright, Voilà apps):
the health check, the monev history and the map comparison, one path each."""

from __future__ import annotations

import json

import pytest
import test_browser_apps as apps

pytestmark = [pytest.mark.browser, pytest.mark.slow]
server, browser, page, shot = apps.server, apps.browser, apps.page, apps.shot  # same fixtures


def test_health_check_in_browser(server, page):
    from playwright.sync_api import expect

    from kemitraan_lib import kesehatan

    page.goto(server.page_url("cek-kesehatan.ipynb"))
    expect(page.locator(".ck-simpan")).to_be_visible()
    page.locator(".ck-tanggal input").fill("2026-05-10")
    page.locator(".ck-tanggal input").press("Enter")
    for s in kesehatan.statements():
        page.locator(f".ck-{s.key} button", has_text="4").click()
    page.locator(".ck-pihak select").select_option(label="Mitra")
    for s in kesehatan.statements():
        page.locator(f".ck-{s.key} button", has_text="2" if s.principle == "kepercayaan"
                     else "4").click()
    page.locator(".ck-simpan").click()
    expect(page.locator(".ck-pesan")).to_contain_text("Cek kesehatan 2026-05-10 tersimpan")
    expect(page.locator(".ck-hasil")).to_contain_text("Bahan pertemuan berikutnya")
    expect(page.locator(".ck-hasil li")).to_have_count(1)
    expect(page.locator(".ck-hasil li")).to_contain_text("Kepercayaan")
    expect(page.locator("img.ck-radar")).to_be_visible()
    shot(page, "cek-kesehatan.png", tall=True)
    data = json.loads(server.workbook.read_text(encoding="utf-8"))
    stored = data["jawaban"]["09"]["cek-kesehatan"]["nilai"]
    assert stored[0]["tanggal"] == "2026-05-10"
    assert stored[0]["nilai"]["mitra"]["percaya-jujur"] == 2
    assert stored[0]["nilai"]["kelompok"]["percaya-jujur"] == 4


def test_monev_history_and_map_comparison_in_browser(server, page):
    from playwright.sync_api import expect

    from kemitraan_lib import answers
    from kemitraan_lib.workbook import Workbook

    wb = Workbook(server.workbook)
    rows = [{"indikator": "Bibit hidup", "target": "80%", "siapa": "Penyuluh",
             "kapan": "bulan ke-6", "status": "merah"}]
    answers.save(answers.RENCANA_MONEV, rows, wb)
    answers.save(answers.RIWAYAT_MONEV, [{"tanggal": "2026-03-31", "baris": rows}], wb)
    page.goto(server.page_url("riwayat-kemitraan.ipynb"))
    expect(page.locator(".mr-simpan")).to_be_visible()
    page.locator(".mr-tanggal input").fill("2026-06-30")
    page.locator(".mr-tanggal input").press("Enter")
    page.locator(".mr-simpan").click()
    expect(page.locator(".mr-pesan")).to_contain_text("2 tinjauan dalam riwayat")
    expect(page.locator(".mr-tanda")).to_contain_text("merah dua kali berturut-turut")
    expect(page.locator("img.mr-grafik")).to_be_visible()
    page.locator(".pw-bandingkan").click()
    expect(page.locator(".pw-pesan")).to_contain_text("Dibandingkan")
    expect(page.locator(".pw-tabel")).to_contain_text("PT Sinar Energi Biomassa")
    expect(page.locator(".pw-tabel")).to_contain_text("Dulu terpencil, kini terhubung")
    expect(page.locator("img.pw-gambar")).to_be_visible()
    shot(page, "riwayat-kemitraan.png", tall=True)
    data = json.loads(server.workbook.read_text(encoding="utf-8"))
    assert [r["tanggal"] for r in data["jawaban"]["08"]["riwayat-monev"]["nilai"]] == [
        "2026-03-31", "2026-06-30"]
