"""`make lab` / `make pelatih` open a real JupyterLab: Indonesian UI, learners
without nbgrader's instructor tools, trainers with them.

The tests start the same launcher the Makefile calls (tools/buka.py) on a free
loopback port and ask the running server, over HTTP, what a browser would get.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "uji-kemitraan"
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""


@pytest.fixture(params=["peserta", "pelatih"])
def lab(request, tmp_path):
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    # Keep the tester's own ~/.jupyter out of the picture.
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tools" / "buka.py"), "--peran", request.param,
         "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/api/status")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab ({request.param}) did not start")
            time.sleep(0.5)
        yield request.param, base
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server's whole process group, even if it already exited."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


def _page_config(base: str) -> dict:
    status, html = _get(f"{base}/lab/tree/modules/00-mulai.ipynb")
    assert status == 200
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert match, "page config missing from /lab"
    return json.loads(match.group(1))


def test_ui_language_is_indonesian(lab):
    _, base = lab
    status, body = _get(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert status == 200
    setting = json.loads(body)
    # overrides.json in .venv changes the default; the user's own choice (if any) still wins.
    assert setting["schema"]["properties"]["locale"]["default"] == "id_ID"
    assert setting["settings"].get("locale", "id_ID") == "id_ID"
    status, body = _get(f"{base}/lab/api/translations/id_ID")
    assert status == 200 and json.loads(body)["data"], "Indonesian language pack not installed"


def test_instructor_tools_only_for_trainers(lab):
    role, base = lab
    disabled = _page_config(base).get("disabledExtensions", [])
    formgrader_status = _get(f"{base}/formgrader")[0]
    if role == "peserta":
        assert set(INSTRUCTOR_PLUGINS) <= set(disabled)
        assert formgrader_status == 404
    else:
        assert not set(INSTRUCTOR_PLUGINS) & set(disabled)
        assert formgrader_status == 200


def test_opens_the_landing_notebook():
    from tools import buka

    cmd, env = buka.lab_command("peserta", [])
    assert cmd[-1] == "modules/00-mulai.ipynb"
    assert (ROOT / cmd[-1]).name == "00-mulai.ipynb"
    assert "kemitraan" in env["JUPYTER_CONFIG_PATH"]
