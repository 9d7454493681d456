"""Helpers for the real-browser tests: a Voilà server for apps/ and Debian's chromium.

The server runs in its own process group on a free port of 127.0.0.1 and is
always stopped by its process id. The browser is Debian's ``/usr/bin/chromium``
driven by Playwright (never ``playwright install``). Without chromium the
tests are skipped with a visible reason, except under ``CI=true`` where that
is a failure.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_browser() -> None:
    """Skip (locally) or fail (``CI=true``) when chromium or playwright is missing."""
    problem = None
    if not CHROMIUM.exists():
        problem = (f"{CHROMIUM} tidak ada: pasang dengan 'sudo apt-get install chromium' "
                   "(tes peramban dilewati)")
    elif importlib.util.find_spec("playwright") is None:
        problem = "paket Python 'playwright' belum terpasang (pip install -e '.[test]')"
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true tetapi {problem}", pytrace=False)
    pytest.skip(problem)


@contextlib.contextmanager
def launch_chromium():
    """Debian's chromium through Playwright, closed at the end (call require_browser first)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _launcher():
    spec = importlib.util.spec_from_file_location("kemitraan_app_launcher",
                                                  ROOT / "tools" / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _room_launcher():
    spec = importlib.util.spec_from_file_location("kemitraan_room_launcher",
                                                  ROOT / "tools" / "ruang.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class VoilaServer:
    """``voila apps/`` started with the same command line as ``make app``.

    ``room=True``: the command line of ``make ruang`` (room mode: every visitor
    gets a workbook of their own under ``workdir/ruang``), listening on loopback.
    """

    def __init__(self, workdir: Path, room: bool = False) -> None:
        self.workdir = workdir
        self.room = workdir / "ruang" if room else None
        self.port = free_port()
        self.workbook = workdir / "buku-kerja.json"
        self.log_path = workdir / "voila.log"
        self.proc: subprocess.Popen | None = None
        self.launcher = _launcher()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page_url(self, notebook: str) -> str:
        return self.launcher.page_urls(self.port)[self.launcher.PAGES[notebook]]

    def start(self, timeout: float = 90.0) -> None:
        env = self.launcher.index_page_environment(
            dict(os.environ, KEMITRAAN_BUKU_KERJA=str(self.workbook), MPLBACKEND="Agg"))
        cmd = self.launcher.voila_command(self.port, False, [])

        if self.room is not None:  # make ruang's command line and environment
            room = _room_launcher()
            env = room.room_environment(self.room, env)
            cmd = room.room_command(self.port, "127.0.0.1", [])
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voilà berhenti sendiri:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Voilà tidak siap dalam {timeout:.0f} detik:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(tidak ada log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # our own group, by its id
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        if getattr(self, "_log", None) is not None:
            self._log.close()


def visitor_workbooks(room: Path) -> dict[str, list[str]]:
    """``{visitor folder: partner names in its saved map}`` of a room-mode server."""
    import json

    found = {}
    for book in sorted(room.glob("pengunjung-*/buku-kerja.json")):
        data = json.loads(book.read_text(encoding="utf-8"))
        saved = data.get("jawaban", {}).get("03", {}).get("peta-mitra")
        found[book.parent.name] = [p["nama"] for p in saved["nilai"]["mitra"]] if saved else []
    return found


def server_memory(proc) -> tuple[float, list[float]]:
    """Resident memory (MB) of the Voilà server itself and of each of its kernels."""
    import psutil

    parent = psutil.Process(proc.pid)
    kernels = [child.memory_info().rss / 2**20 for child in parent.children(recursive=True)]
    return parent.memory_info().rss / 2**20, kernels


def run_visitors(server: VoilaServer, count: int, timeout_ms: int = 600_000) -> list[dict]:
    """``count`` visitors open Peta Mitra at the same time, each in its own browser
    context, and each adds a partner named after themselves ("Peserta N") plus
    "Pak Kades". Returns per visitor: ``render`` (seconds from opening the page to
    a usable form), ``ok`` (their partner was added and their table shows their own
    partners only), ``error``."""
    import asyncio

    from playwright.async_api import async_playwright

    url = server.page_url("peta-mitra.ipynb")

    async def visitor(browser, number: int) -> dict:
        context = await browser.new_context(viewport={"width": 390, "height": 844},
                                            locale="id-ID")
        page = await context.new_page()
        page.set_default_timeout(timeout_ms)
        result = {"visitor": number, "render": None, "ok": False, "error": ""}
        try:
            start = time.perf_counter()
            await page.goto(url, timeout=timeout_ms)
            await page.locator(".pm-tambah-mitra").wait_for(state="visible")
            result["render"] = time.perf_counter() - start
            own = []
            for name in (f"Peserta {number}", "Pak Kades"):
                await page.locator(".pm-nama input").fill(name)
                await page.locator(".pm-tambah-mitra").click()
                await page.locator(".pm-pesan", has_text=f"Mitra '{name}' ditambahkan"
                                   ).wait_for(state="attached")
                own.append(name)
            await page.locator(".pm-tampilan .lm-TabBar-tab", has_text="Tabel mitra").click()
            table = page.locator(".pm-tabel")
            await table.locator("td", has_text=f"Peserta {number}").first.wait_for()
            text = await table.inner_text()
            others = [f"Peserta {n}" for n in range(count) if n != number
                      and f"Peserta {n}\t" in text]
            result["ok"] = not others and all(name in text for name in own)
            if others:
                result["error"] = f"sees {others}"
        except Exception as error:  # noqa: BLE001 - reported per visitor
            result["error"] = f"{type(error).__name__}: {error}"[:300]
        finally:
            await context.close()
        return result

    async def main() -> list[dict]:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                return await asyncio.gather(*(visitor(browser, n) for n in range(count)))
            finally:
                await browser.close()

    # In a thread of its own: a sync Playwright session may already run a loop here.
    import threading

    box: list = []
    worker = threading.Thread(target=lambda: box.append(asyncio.run(main())))
    worker.start()
    worker.join()
    if not box:
        raise RuntimeError("the visitors' browser session stopped without results")
    return box[0]
