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


class VoilaServer:
    """``voila apps/`` started with the same command line as ``make app``."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
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
