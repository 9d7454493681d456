"""A class rehearsal on this machine: ``make kelas`` on loopback, driven like a room would.

Used by the tests (tests/test_hub.py) and the figures (benchmarks/bench_hub.py),
and usable by a maintainer to try a class before the day. ``KelasRunner``
starts ``deploy/jupyterhub/kelas.py`` (what ``make kelas`` runs) as a subprocess in
its own process session on free 127.0.0.1 ports and stops it by process id:
SIGTERM first (the hub stops the proxy and the single-user servers, then
PostgreSQL), then SIGKILL for anything left that it started (recorded process
tree, plus any process whose working folder is inside the run's temp folder or
that carries the run's marker variable). ``UserServer`` calls one user's server
the way JupyterLab does (Assignments tab, contents, formgrader, a kernel and a
terminal over their websockets).

As root the class makes one Unix account per participant and grader; each
rehearsal uses its own account prefix (``ku<hex>-``) so runs never share
accounts, and ``KelasRunner.remove_accounts`` deletes them (``userdel -r``).
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from . import accounts
from .gradebook import as_grader
from .plan import (
    DEPLOY,
    ENV_GRADER_PASSWORD,
    ENV_PASSWORD,
    ENV_SERVICE_TOKEN,
    PLAN_FILE,
    ROOT,
    ClassPlan,
)
from .processes import kill_recorded

KELAS = DEPLOY / "kelas.py"
ASSIGNMENT = "tugas-01-hakikat"
CLASS_PASSWORD = "kelas-uji-sandi-2026"
GRADER_PASSWORD = "pelatih-uji-sandi-yang-panjang-sekali-2026"
SERVICE_TOKEN = "uji-" + uuid.uuid4().hex
IS_ROOT = os.geteuid() == 0

__all__ = [
    "ASSIGNMENT", "CLASS_PASSWORD", "GRADER_PASSWORD", "KELAS", "DEPLOY", "IS_ROOT",
    "KelasRunner", "UserServer", "build_course", "fill_answers", "write_participants",
    "code_points", "written_code_points", "course_source", "run_as_grader", "new_prefix",
]


# -- course ------------------------------------------------------------------------------------
def course_source() -> Path:
    """The project itself (its nbgrader_config.py, solutions/ and exercises/)."""
    return ROOT


def build_course(dest: Path, assignment: str = ASSIGNMENT) -> Path:
    """A throw-away course folder: the project's nbgrader config and one real assignment."""
    src = course_source()
    solution = src / "solutions" / assignment
    if not (solution / f"{assignment}.ipynb").is_file():
        raise FileNotFoundError(f"assignment notebook missing: {solution}/{assignment}.ipynb")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src / "nbgrader_config.py", dest / "nbgrader_config.py")
    (dest / "solutions").mkdir(exist_ok=True)
    for extra in (src / "solutions").glob("*.ipynb"):  # e.g. header.ipynb
        shutil.copy2(extra, dest / "solutions" / extra.name)
    shutil.copytree(solution, dest / "solutions" / assignment)
    release = src / "exercises" / assignment
    if release.is_dir():
        shutil.copytree(release, dest / "exercises" / assignment)
    else:  # not generated yet: generate it in the temp course, like the trainer would
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}"
                   f"{os.environ.get('PATH', '')}")
        env.pop("KEMITRAAN_KURSUS", None)
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment,
                        "--force"], cwd=dest, env=env, check=True, capture_output=True)
        (dest / "gradebook.db").unlink(missing_ok=True)
    return dest


def write_participants(path: Path, ids: list[str]) -> Path:
    """A participant CSV in the trainer's format (``;``-separated, Indonesian headers)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "nama_depan", "nama_belakang", "email"])
        for pid in ids:
            w.writerow([pid, pid.capitalize(), "Uji", f"{pid}@contoh.id"])
    return path


_MARKERS = re.compile(r"^[ \t]*#+ (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)


def _nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def fill_answers(released: dict, source: dict) -> tuple[dict, int]:
    """The released notebook with every answer cell taken from the solution notebook.

    Returns (notebook, number of answer cells filled). Cells are matched by
    nbgrader grade_id; the solution markers are removed, the answer kept.
    """
    answers = {
        _nbgrader_meta(c)["grade_id"]: "".join(c["source"]) if isinstance(c["source"], list)
        else c["source"]
        for c in source["cells"] if _nbgrader_meta(c).get("solution")
    }
    filled = 0
    for cell in released["cells"]:
        meta = _nbgrader_meta(cell)
        if meta.get("solution") and meta.get("grade_id") in answers:
            cell["source"] = _MARKERS.sub("", answers[meta["grade_id"]])
            filled += 1
    return released, filled


def written_code_points(source: dict) -> float:
    """Points of the written answers kept in code cells (graded by hand; nbgrader counts
    them in the code score)."""
    return sum(
        float(_nbgrader_meta(c).get("points", 0)) for c in source["cells"]
        if c["cell_type"] == "code" and _nbgrader_meta(c).get("grade")
        and _nbgrader_meta(c).get("solution")
    )


def code_points(source: dict) -> float:
    """Points of the autograded test cells of a solution notebook."""
    return sum(
        float(_nbgrader_meta(c).get("points", 0)) for c in source["cells"]
        if c["cell_type"] == "code" and _nbgrader_meta(c).get("grade")
        and not _nbgrader_meta(c).get("solution")
    )


def new_prefix() -> str:
    """A Unix account prefix of its own for one test run (``ku`` + 6 hex digits + ``-``)."""
    return f"ku{uuid.uuid4().hex[:6]}-"


def run_as_grader(plan: ClassPlan, grader: str, args: list[str], **kw) -> subprocess.Popen:
    """A command in a grader's terminal: their account, environment and course folder."""
    return subprocess.Popen([plan.python, *args], **as_grader(plan, grader), **kw)


# -- the hub -----------------------------------------------------------------------------------
class KelasRunner:
    """``kelas.py`` on free loopback ports, with a service token for the test."""

    def __init__(self, workdir: Path, course: Path, participants: list[str],
                 graders: list[str], extra_args: list[str] | None = None):
        from .postgres import free_port

        self.workdir = Path(workdir)
        self.course = Path(course)
        self.participants = participants
        self.graders = graders
        self.extra_args = list(extra_args or [])
        self.data_dir = self.workdir / "kelas"
        self.csv = write_participants(self.workdir / "peserta.csv", participants)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.marker = uuid.uuid4().hex
        self.prefix = new_prefix()
        self.proc: subprocess.Popen | None = None
        self.log_path = self.workdir / "kelas.log"
        self.token = SERVICE_TOKEN
        self.seen: dict[int, object] = {}

    # process control
    def start(self, timeout: float = 600) -> None:
        env = dict(os.environ)
        env.update({
            ENV_PASSWORD: CLASS_PASSWORD,
            ENV_GRADER_PASSWORD: GRADER_PASSWORD,
            ENV_SERVICE_TOKEN: self.token,
            "KEMITRAAN_UJI_PENANDA": self.marker,
        })
        env.pop("KEMITRAAN_KURSUS", None)
        cmd = [sys.executable, str(KELAS), "--peserta", str(self.csv),
               "--pelatih", ",".join(self.graders), "--ip", "127.0.0.1",
               "--port", str(self.port), "--folder-data", str(self.data_dir),
               "--folder-kursus", str(self.course), "--awalan-akun", self.prefix,
               *self.extra_args]
        log = open(self.log_path, "wb")  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env,
                                         start_new_session=True, cwd=self.workdir)
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._remember_tree()
            if self.proc.poll() is not None:
                raise RuntimeError(f"kelas.py stopped (code {self.proc.returncode}):\n"
                                   f"{self.log()}")
            if "=== Kelas siap ===" in self.log():
                return
            time.sleep(0.3)
        raise TimeoutError(f"kelas.py not ready in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        out = self.log_path.read_text(encoding="utf-8", errors="replace")
        hub_log = self.data_dir / "hub" / "jupyterhub.log"
        if hub_log.exists():
            out += "\n--- jupyterhub.log (tail) ---\n" + hub_log.read_text(
                encoding="utf-8", errors="replace")[-4000:]
        return out

    @property
    def plan(self) -> ClassPlan:
        return ClassPlan.load(self.data_dir / PLAN_FILE)

    def _remember_tree(self) -> None:
        import psutil

        if self.proc is None:
            return
        try:
            root = psutil.Process(self.proc.pid)
            for p in [root, *root.children(recursive=True)]:
                self.seen.setdefault(p.pid, p)
        except psutil.NoSuchProcess:
            pass

    def _strays(self) -> list:
        """Processes this run started that are still alive (by cwd under workdir or marker)."""
        import psutil

        found = []
        workdir = str(self.workdir)
        for p in psutil.process_iter(["pid"]):
            if p.pid == os.getpid():
                continue
            try:
                cwd = p.cwd()
                mine = cwd == workdir or cwd.startswith(workdir + os.sep)
                if not mine:
                    mine = p.environ().get("KEMITRAAN_UJI_PENANDA") == self.marker
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, OSError):
                continue
            if mine:
                found.append(p)
        return found

    def stop(self, timeout: float = 60) -> list[int]:
        """Stop everything; returns the pids that had to be SIGKILLed."""
        killed: list[int] = []
        if self.proc is None:
            return killed
        self._remember_tree()
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                pass
        leftovers = [p for p in self.seen.values() if _alive(p)] + self._strays()
        killed = sorted({p.pid for p in leftovers})
        kill_recorded(leftovers)
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)
        return killed

    def remove_accounts(self) -> list[str]:
        """``userdel -r`` this run's Unix accounts (and their group); returns what is left."""
        if IS_ROOT:
            accounts.remove_accounts(self.prefix)
        return self.accounts_left()

    def accounts_left(self) -> list[str]:
        import grp
        import pwd

        left = [p.pw_name for p in pwd.getpwall() if p.pw_name.startswith(self.prefix)]
        left += [g.gr_name for g in grp.getgrall() if g.gr_name.startswith(self.prefix)]
        return left

    # HTTP
    def api(self, method: str, path: str, **kw) -> requests.Response:
        headers = kw.pop("headers", {})
        headers["Authorization"] = f"token {self.token}"
        return requests.request(method, f"{self.base}/hub/api{path}", headers=headers,
                                timeout=kw.pop("timeout", 60), **kw)

    def start_servers(self, names: list[str], timeout: float = 240,
                      workers: int = 16) -> dict[str, float]:
        """Ask the hub to start each user's server; wait until all are ready.

        Returns seconds from the request until each server was ready. A start
        the hub refuses (anything but 201/202, or 400 "already running") fails.
        """
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            codes = list(pool.map(lambda n: self.api("POST", f"/users/{n}/server").status_code,
                                  names))
        bad = [(n, c) for n, c in zip(names, codes, strict=True) if c not in (201, 202, 400)]
        if bad:
            raise RuntimeError(f"server start refused: {bad}\n{self.log()}")
        ready: dict[str, float] = {}
        deadline = t0 + timeout
        while len(ready) < len(names):
            if time.monotonic() > deadline:
                missing = sorted(set(names) - set(ready))
                raise TimeoutError(f"servers not ready in {timeout} s: {missing}\n{self.log()}")
            users = self.api("GET", "/users", params={"state": "ready", "limit": 500}).json()
            for u in users:
                if u["name"] in names and u["name"] not in ready:
                    if u.get("servers", {}).get("", {}).get("ready"):
                        ready[u["name"]] = time.monotonic() - t0
            self._remember_tree()
            time.sleep(0.5)
        return ready

    def user_token(self, name: str) -> str:
        r = self.api("POST", f"/users/{name}/tokens", json={"note": "uji", "expires_in": 3600})
        r.raise_for_status()
        return r.json()["token"]

    def login(self, name: str, password: str) -> tuple[requests.Session, requests.Response]:
        """Log in through the hub's login form like a browser; returns (session, response)."""
        s = requests.Session()
        s.get(f"{self.base}/hub/login", timeout=30)
        xsrf = s.cookies.get("_xsrf", path="/hub/")
        r = s.post(f"{self.base}/hub/login", data={"username": name, "password": password,
                                                    "_xsrf": xsrf}, timeout=120)
        return s, r


def _alive(p) -> bool:
    try:
        return p.is_running() and p.status() != "zombie"
    except Exception:
        return False


class UserServer:
    """HTTP calls to one user's single-user server, by token or by a logged-in session."""

    def __init__(self, runner: KelasRunner, name: str, token: str | None = None,
                 session: requests.Session | None = None):
        self.runner = runner
        self.name = name
        self.token = token
        self.session = session or requests.Session()
        self.prefix = f"{runner.base}/user/{name}"

    def request(self, method: str, path: str, **kw) -> requests.Response:
        headers = kw.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        elif method.upper() != "GET":
            xsrf = self.session.cookies.get("_xsrf", path=f"/user/{self.name}/")
            if xsrf is None:
                self.session.get(f"{self.prefix}/lab", timeout=60)
                xsrf = self.session.cookies.get("_xsrf", path=f"/user/{self.name}/")
            headers["X-XSRFToken"] = xsrf or ""
        return self.session.request(method, f"{self.prefix}{path}", headers=headers,
                                    timeout=kw.pop("timeout", 180), allow_redirects=False, **kw)

    def json(self, method: str, path: str, **kw):
        r = self.request(method, path, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {path} -> {r.status_code}: {r.text[:2000]}")
        return r.json()

    # the endpoints the JupyterLab "Assignments" tab calls (nbgrader assignment_list)
    def assignments(self, course_id: str) -> list[dict]:
        out = self.json("GET", "/assignments", params={"course_id": course_id})
        if not out["success"]:
            raise RuntimeError(out["value"])
        return out["value"]

    def _assignment_call(self, action: str, course_id: str, assignment: str) -> list[dict]:
        out = self.json("POST", f"/assignments/{action}",
                        data={"course_id": course_id, "assignment_id": assignment})
        if not out["success"]:
            raise RuntimeError(out["value"])
        return out["value"]

    def fetch(self, course_id: str, assignment: str) -> list[dict]:
        return self._assignment_call("fetch", course_id, assignment)

    def submit(self, course_id: str, assignment: str) -> list[dict]:
        return self._assignment_call("submit", course_id, assignment)

    def fetch_feedback(self, course_id: str, assignment: str) -> list[dict]:
        return self._assignment_call("fetch_feedback", course_id, assignment)

    # the Jupyter contents API (what the notebook editor saves through)
    def read_notebook(self, path: str) -> dict:
        return self.json("GET", f"/api/contents/{path}", params={"content": 1})["content"]

    def save_notebook(self, path: str, nb: dict) -> None:
        self.json("PUT", f"/api/contents/{path}",
                  data=json.dumps({"type": "notebook", "format": "json", "content": nb}))

    # the formgrader's API (graders only)
    def formgrader(self, method: str, path: str):
        return self.json(method, f"/formgrader/api/{path}")

    # a kernel and a terminal, as JupyterLab opens them (REST + websocket)
    def _ws_url(self, path: str) -> str:
        return self.prefix.replace("http://", "ws://", 1) + path

    def run_in_kernel(self, code: str, timeout: float = 120) -> str:
        """Start a kernel through the server's API, run ``code``, return its stdout."""
        kernel = self.json("POST", "/api/kernels", data=json.dumps({"name": "python3"}))
        try:
            return asyncio.run(_kernel_execute(
                self._ws_url(f"/api/kernels/{kernel['id']}/channels"), self.token, code,
                timeout))
        finally:
            self.request("DELETE", f"/api/kernels/{kernel['id']}")

    def run_in_terminal(self, command: str, timeout: float = 60) -> str:
        """Open a terminal through the server's API, type ``command``, return what it shows."""
        term = self.json("POST", "/api/terminals")
        try:
            return asyncio.run(_terminal_run(
                self._ws_url(f"/terminals/websocket/{term['name']}"), self.token, command,
                timeout))
        finally:
            self.request("DELETE", f"/api/terminals/{term['name']}")


async def _ws_connect(url: str, token: str | None):
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"} if token else {}
    return await websocket_connect(HTTPRequest(url, headers=headers, connect_timeout=60))


async def _kernel_execute(url: str, token: str | None, code: str, timeout: float) -> str:
    conn = await _ws_connect(url, token)
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "uji",
                   "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    out: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"kernel did not finish in {timeout} s; output: {out}")
            raw = await asyncio.wait_for(conn.read_message(), left)
            if raw is None:
                raise RuntimeError(f"kernel websocket closed; output: {out}")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                out.append("\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)
    finally:
        conn.close()


async def _terminal_run(url: str, token: str | None, command: str, timeout: float) -> str:
    conn = await _ws_connect(url, token)
    end = f"SELESAI-{uuid.uuid4().hex[:8]}"
    conn.write_message(json.dumps(["stdin", f"{command}; echo {end[:8]}''{end[8:]}\r"]))
    shown: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while end not in "".join(shown):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"terminal did not finish in {timeout} s: {''.join(shown)}")
            raw = await asyncio.wait_for(conn.read_message(), left)
            if raw is None:
                raise RuntimeError(f"terminal websocket closed: {''.join(shown)}")
            msg = json.loads(raw)
            if msg[0] == "stdout":
                shown.append(msg[1])
        return "".join(shown)
    finally:
        conn.close()
