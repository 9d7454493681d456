"""A bubblewrap sandbox for every kernel that runs a participant's notebook.

nbgrader starts kernels through nbclient, which asks ``Execute.kernel_manager_class``
for a kernel manager. ``nbgrader_config.py`` sets it to :class:`SandboxKernelManager`,
so ``nbgrader autograde`` on the command line, the formgrader's autograde button and
``make nilai`` all run participant code in the same sandbox::

    c.Execute.kernel_manager_class = "kemitraan_lib.grading.sandbox.SandboxKernelManager"
    c.Execute.on_notebook_start = kemitraan_lib.grading.sandbox.attach_notebook

The second line lets the sandbox write flags (:mod:`kemitraan_lib.grading.flags`)
into the notebook being graded when a limit was hit or output was cut.

What a sandboxed kernel sees and may do (``bwrap`` from Debian's ``bubblewrap``):

- no network (own network namespace: no interface but an unconfigured loopback);
- the system read-only (``/usr`` and a few files of ``/etc``), the Python
  interpreter and its venv read-only, the installed ``kemitraan_lib`` read-only
  (the very package the grader imported, so a participant cannot bring or change
  ``checks.py``) and the course's public case data (``data/``) read-only;
- its working folder ``/kiriman``: a fresh, size-limited copy of the files next to
  the notebook, without notebooks and without Python code (so nothing a participant
  sent can shadow a module); ``/tmp`` is private and size-limited too;
- nothing else of the host: not the course folder, ``solutions/``/``source/``, the
  gradebook, ``autograded/``, ``feedback/``, other participants' folders or the
  exchange (they are simply not mounted), no other process (own PID namespace);
- as root, the kernel runs as an unprivileged user id without capabilities; as a
  normal user, inside an unprivileged user namespace;
- limits: address space (memory), CPU seconds, number of processes/threads, file
  size, open files, and a wall-clock limit for the whole kernel; output sent to the
  grader is cut after a budget (:class:`OutputBudget`), with an Indonesian note;
- when the kernel is shut down, every process of its PID namespace is killed and
  the test checks none is left.

Without ``bwrap`` (or when it cannot run) starting a kernel raises
:class:`SandboxUnavailable` with an Indonesian message, unless the trainer set
``KEMITRAAN_TANPA_SANDBOX=1`` (or ``c.SandboxKernelManager.allow_unsandboxed = True``):
then the kernel runs as a plain local kernel and every graded notebook gets a flag.
``nbgrader validate`` (``NBGRADER_EXECUTION=validate``, the participant checking
their own work) falls back to a plain kernel when ``bwrap`` is missing.

Using the sandbox outside nbgrader (e.g. a trusted re-check in a fresh kernel)::

    from nbclient import NotebookClient
    from kemitraan_lib.grading.sandbox import SandboxKernelManager

    client = NotebookClient(nb, kernel_manager_class=SandboxKernelManager,
                            resources={"metadata": {"path": folder}})
    client.execute()          # ``folder``'s files (no notebooks, no code) are copied in

or ``km = SandboxKernelManager(kernel_name="python3"); await km.start_kernel(cwd=folder)``;
``km.sandbox_flags`` holds the flags after shutdown.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, DottedObjectName, Integer, List, Unicode, default

from kemitraan_lib.grading.flags import add_flag

__all__ = [
    "ENV_UNSANDBOXED",
    "OutputBudget",
    "SandboxKernelClient",
    "SandboxKernelManager",
    "SandboxUnavailable",
    "attach_notebook",
    "sandbox_problem",
    "unsandboxed_allowed",
]

log = logging.getLogger(__name__)

#: Environment variable that allows grading WITHOUT the sandbox ("1", "ya", "true").
ENV_UNSANDBOXED = "KEMITRAAN_TANPA_SANDBOX"

#: Copied into bwrap's own environment (not the kernel's) so tests can find their sandboxes.
ENV_MARKER = "KEMITRAAN_PENANDA"

#: Where the submission's files are inside the sandbox (the kernel's working folder).
WORKDIR = "/kiriman"
_SOURCE_COPY = "/kiriman-asli"

# Files never copied into the sandbox: notebooks (the graded one holds the hidden
# tests) and anything Python could import (a participant's own "kemitraan_lib").
_SKIP_SUFFIXES = {".ipynb", ".py", ".pyc", ".pyo", ".pyd", ".so", ".pth", ".pyz", ".egg",
                  ".whl", ".zip"}
_SKIP_DIRS = {".ipynb_checkpoints", "__pycache__"}

# A few files of /etc that programs need; the rest of /etc (which may hold secrets
# such as a hub's configuration) stays out of view.
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone",
              "alternatives", "fonts", "mime.types", "ssl", "nsswitch.conf", "host.conf")

_CURRENT: contextvars.ContextVar[SandboxKernelManager | None] = contextvars.ContextVar(
    "kemitraan_sandbox_current", default=None)

# --- Flag texts (Indonesian, one sentence each) --------------------------------------

FLAG_OUTPUT = ("Keluaran kiriman terlalu panjang dan dipotong (batas {lines} baris atau "
               "{cell_kb} KB per sel, {kb} KB seluruhnya).")
FLAG_MEMORY = "Kode kiriman mencapai batas memori sandbox ({mb} MB)."
FLAG_PROCESSES = "Kode kiriman mencapai batas jumlah proses sandbox ({n})."
FLAG_FILESIZE = "Kode kiriman mencoba menulis berkas lebih besar dari {mb} MB."
FLAG_TIMEOUT = "Ada sel yang dihentikan karena berjalan melebihi batas waktu per sel."
FLAG_LEFTOVER = ("Kiriman menjalankan proses yang masih hidup saat penilaian selesai; "
                 "proses itu dihentikan.")
FLAG_STUCK = ("Sel kiriman tidak berhenti saat diinterupsi (sinyalnya diabaikan); kernel "
              "kiriman dimatikan.")
FLAG_DIED = ("Kernel kiriman berhenti mendadak (batas memori atau waktu CPU terlampaui, "
             "atau dihentikan oleh kode kiriman).")
FLAG_WALL = "Penilaian kiriman dihentikan setelah {s} detik (batas waktu total sandbox)."
FLAG_FILES = "Berkas di folder kiriman melebihi {mb} MB; sebagian tidak disalin ke sandbox."
FLAG_UNSANDBOXED = (f"Dinilai TANPA sandbox ({ENV_UNSANDBOXED}=1): kode kiriman berjalan "
                    "dengan hak penuh pelatih.")

TRUNCATION_NOTE = ("\n[... keluaran dipotong: kiriman ini menghasilkan lebih dari {size} "
                   "keluaran; sisanya tidak disimpan ...]\n")
TRUNCATION_NOTE_CELL = ("\n[... keluaran sel ini dipotong: lebih dari {lines} baris atau "
                        "{size} ...]\n")


def _size(n: int) -> str:
    return f"{n // 1024} KB" if n >= 1024 else f"{n} byte"


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run here; the message says what to do (Indonesian)."""


def unsandboxed_allowed() -> bool:
    """True when the trainer set ``KEMITRAAN_TANPA_SANDBOX`` to 1/ya/true."""
    return os.environ.get(ENV_UNSANDBOXED, "").strip().lower() in {"1", "ya", "true", "yes"}


def _missing_message(detail: str) -> str:
    return (
        "Sandbox penilaian (bubblewrap) tidak dapat dijalankan: " + detail + "\n"
        "Penilaian dihentikan supaya kode peserta tidak berjalan dengan hak Anda.\n"
        "Pasang bubblewrap: sudo apt-get install bubblewrap (Debian/Ubuntu).\n"
        f"Hanya jika Anda memercayai semua kiriman, nilai tanpa sandbox dengan "
        f"{ENV_UNSANDBOXED}=1 (lihat docs/panduan-pelatih.md)."
    )


# --- The sandbox's mounts and limits --------------------------------------------------


def _real(path: str | os.PathLike) -> Path:
    return Path(os.path.realpath(path))


def _is_within(path: Path, parent: Path) -> bool:
    try:
        path.relative_to(parent)
        return True
    except ValueError:
        return False


def _package_dir() -> Path:
    """The installed ``kemitraan_lib`` folder that this grader process imported."""
    import kemitraan_lib

    return _real(Path(kemitraan_lib.__file__).parent)


def _data_dir() -> Path:
    """The course's public case data (``$KEMITRAAN_DATA`` or ``data/`` next to the package).

    Same rule as :func:`kemitraan_lib.cases.data_dir`, without importing it.
    """
    override = os.environ.get("KEMITRAAN_DATA", "").strip()
    return _real(Path(override).expanduser() if override else _package_dir().parent / "data")


def _python_prefixes(executable: str) -> list[Path]:
    """Folders the interpreter needs: its venv (as named and resolved) and its base."""
    out = [Path(sys.prefix), _real(sys.prefix), _real(sys.base_prefix),
           _real(sys.exec_prefix), _real(sys.base_exec_prefix)]
    exe = Path(executable)
    for candidate in (exe, _real(exe)):
        # <prefix>/bin/python -> <prefix>
        if candidate.parent.name == "bin":
            out.append(candidate.parent.parent)
    seen: list[Path] = []
    for p in out:
        if p not in seen and str(p) not in ("/", "/usr", ""):
            seen.append(p)
    return seen


def _system_args() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    args += ["--perms", "0755", "--dir", "/etc"]
    for name in _ETC_FILES:
        path = Path("/etc") / name
        if path.exists():
            args += ["--ro-bind", str(path), str(path)]
    args += ["--proc", "/proc", "--dev", "/dev"]
    return args


def _dirs_for(binds: list[Path]) -> list[str]:
    """``--dir`` (mode 0755) for every parent of the bind targets (bwrap makes 0700)."""
    parents: set[Path] = set()
    for b in binds:
        for p in b.parents:
            if str(p) != "/":
                parents.add(p)
    args: list[str] = []
    for p in sorted(parents, key=lambda x: (len(x.parts), str(x))):
        if p.is_symlink():
            continue
        args += ["--perms", "0755", "--dir", str(p)]
    return args


class OutputBudget:
    """Counts what the kernel sends to the grader and cuts it past the limits.

    ``filter(msg)`` edits an iopub message in place before nbclient records it:
    past ``max_bytes`` for the whole kernel (or ``cell_lines``/``cell_bytes`` for one
    cell) stream text is cut with an Indonesian note, rich outputs are replaced by
    that note, and later messages are turned into ``execute_input`` messages, which
    nbclient ignores. Errors are always kept (shortened), so scores still see them.
    """

    def __init__(self, max_bytes: int, cell_lines: int, cell_bytes: int, on_event=None):
        self.max_bytes = max_bytes
        self.cell_lines = cell_lines
        self.cell_bytes = cell_bytes
        self.total = 0
        self.truncated = False
        self.on_event = on_event or (lambda kind, msg: None)
        self._cells: dict[str, list[int]] = {}  # parent msg id -> [bytes, lines, cut]

    def _note(self) -> str:
        return TRUNCATION_NOTE.format(size=_size(self.max_bytes))

    def _cell_note(self) -> str:
        return TRUNCATION_NOTE_CELL.format(lines=self.cell_lines, size=_size(self.cell_bytes))

    @staticmethod
    def _ignore(msg: dict) -> None:
        msg["msg_type"] = "execute_input"
        msg["header"] = dict(msg.get("header") or {}, msg_type="execute_input")
        msg["content"] = {"code": "", "execution_count": None}

    def filter(self, msg: dict) -> dict:
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        content = msg.get("content") or {}
        parent = (msg.get("parent_header") or {}).get("msg_id", "")
        if kind == "error":
            self._shorten_error(content)
            self.on_event("error", msg)
            return msg
        if kind == "status":
            self.on_event("status", msg)
            return msg
        if kind == "stream":
            self._stream(msg, content, parent)
        elif kind in ("display_data", "execute_result", "update_display_data"):
            self._rich(msg, content, parent)
        elif kind in ("comm_open", "comm_msg"):
            size = len(json.dumps(content.get("data", {}), default=str))
            if self.total + size > self.max_bytes:
                self._mark_truncated()
                self._ignore(msg)
            else:
                self.total += size
        return msg

    def _cell(self, parent: str) -> list[int]:
        return self._cells.setdefault(parent, [0, 0, 0])

    def _mark_truncated(self) -> None:
        if not self.truncated:
            self.truncated = True
            self.on_event("output", None)

    def _stream(self, msg: dict, content: dict, parent: str) -> None:
        cell = self._cell(parent)
        if cell[2]:  # this cell's output was already cut: drop the rest
            self._ignore(msg)
            return
        data = str(content.get("text", "")).encode("utf-8", "replace")
        total_room = max(self.max_bytes - self.total, 0)
        cell_room = max(self.cell_bytes - cell[0], 0)
        note = None
        if len(data) > min(total_room, cell_room):
            data = data[:min(total_room, cell_room)]
            note = self._note() if total_room <= cell_room else self._cell_note()
        text = data.decode("utf-8", "ignore")
        lines_left = max(self.cell_lines - cell[1], 0)
        if text.count("\n") > lines_left:
            text = "".join(text.splitlines(keepends=True)[:lines_left])
            note = note or self._cell_note()
        size = len(text.encode("utf-8"))
        self.total += size
        cell[0] += size
        cell[1] += text.count("\n")
        if note:
            cell[2] = 1
            text += note
            self._mark_truncated()
        content["text"] = text

    def _rich(self, msg: dict, content: dict, parent: str) -> None:
        data = content.get("data") or {}
        size = sum(len(v) if isinstance(v, str) else len(json.dumps(v, default=str))
                   for v in data.values())
        size += len(json.dumps(content.get("metadata") or {}, default=str))
        cell = self._cell(parent)
        if cell[2] or self.total + size > self.max_bytes or cell[0] + size > self.cell_bytes:
            if not cell[2]:
                cell[2] = 1
                note = self._note() if self.total + size > self.max_bytes else self._cell_note()
                content["data"] = {"text/plain": note.strip()}
                content["metadata"] = {}
                content.pop("transient", None)
                self._mark_truncated()
            else:
                self._ignore(msg)
            return
        self.total += size
        cell[0] += size

    @staticmethod
    def _shorten_error(content: dict, limit: int = 2000, lines: int = 60) -> None:
        for key in ("ename", "evalue"):
            value = str(content.get(key, ""))
            if len(value) > limit:
                content[key] = value[:limit] + " [...]"
        tb = [str(x)[:limit] for x in (content.get("traceback") or [])]
        if len(tb) > lines:
            tb = tb[: lines // 2] + ["[...]"] + tb[-(lines // 2):]
        content["traceback"] = tb


class _LimitedIOPubChannel(AsyncZMQSocketChannel):
    """The iopub channel, with every message passed through an :class:`OutputBudget`."""

    budget: OutputBudget | None = None

    async def get_msg(self, timeout: float | None = None) -> dict:
        msg = await super().get_msg(timeout)
        if self.budget is not None:
            self.budget.filter(msg)
        return msg


class SandboxKernelClient(AsyncKernelClient):
    """Kernel client whose iopub messages are limited by the manager's budget."""

    @property
    def iopub_channel(self):
        if self._iopub_channel is None:
            socket = self.connect_iopub()
            channel = _LimitedIOPubChannel(socket, self.session, self.ioloop)
            km = self.parent
            channel.budget = getattr(km, "output_budget", None)
            self._iopub_channel = channel
        return self._iopub_channel


# The first program run inside the sandbox (standard library only, no import of the
# course package): copy the submission's files into the private working folder, set
# the limits, drop root (when started as root), forbid new privileges, exec the kernel.
_INIT = r"""
import ctypes, json, os, resource, shutil, sys
cfg = json.loads(sys.argv[1]); cmd = sys.argv[3:]
src, dst = cfg["src"], cfg["dst"]
if os.path.isdir(src):
    shutil.copytree(src, dst, symlinks=False, dirs_exist_ok=True)
uid, gid = cfg.get("uid"), cfg.get("gid")
if uid is not None:
    for root, dirs, files in os.walk(dst):
        for n in dirs + files:
            os.lchown(os.path.join(root, n), uid, gid)
    os.lchown(dst, uid, gid)
for name, value in cfg["limits"].items():
    resource.setrlimit(getattr(resource, name), (value, value))
if uid is not None:
    os.setgroups([]); os.setgid(gid); os.setuid(uid)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("sandbox: tidak dapat melepas hak root")
try:
    ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
except Exception:
    pass
os.chdir(dst)
os.execv(cmd[0], cmd)
"""


def _copy_submission(src: Path, dst: Path, max_bytes: int) -> bool:
    """Copy ``src``'s plain files (no notebooks, code or links) to ``dst``.

    Returns False when the size cap was reached (the rest is skipped).
    """
    dst.mkdir(parents=True, exist_ok=True)
    if not src.is_dir():
        return True
    total = 0
    complete = True
    for root, dirs, files in os.walk(src, followlinks=False):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS
                   and not (Path(root) / d).is_symlink()]
        rel = Path(root).relative_to(src)
        for name in files:
            path = Path(root) / name
            if path.suffix.lower() in _SKIP_SUFFIXES:
                continue
            try:
                st = path.lstat()
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            if total + st.st_size > max_bytes:
                complete = False
                continue
            target = dst / rel / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target, follow_symlinks=False)
            total += st.st_size
    return complete


def _ns_of(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(x) for x in text.split()]
    except (OSError, ValueError):
        pass
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat_line = Path(f"/proc/{entry}/stat").read_text()
                ppid = int(stat_line.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    """True unless the process is gone or a zombie (dead, waiting to be reaped).

    The sandbox's init is reaped by the host's init, which may take a moment;
    a zombie runs no code, so it does not count as left over.
    """
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _pids_in_ns(ns: str) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _ns_of(int(entry)) == ns and _alive(int(entry)):
            out.append(int(entry))
    return out


_PROBLEMS: dict[tuple, str | None] = {}


def sandbox_problem(bwrap: str = "bwrap", python: str | None = None) -> str | None:
    """None when a sandboxed Python starts here, else the reason (Indonesian).

    Runs a tiny sandbox once per process (about 0.1 s) with the same mounts,
    user switch and init program as a kernel.
    """
    python = python or sys.executable
    key = (bwrap, python, os.geteuid())
    if key in _PROBLEMS:
        return _PROBLEMS[key]
    exe = shutil.which(bwrap)
    if exe is None:
        _PROBLEMS[key] = f"perintah '{bwrap}' tidak ditemukan."
        return _PROBLEMS[key]
    km = SandboxKernelManager(bwrap=exe)
    with tempfile.TemporaryDirectory(prefix="kemitraan-cek-") as tmp:
        (Path(tmp) / "ipc").mkdir()
        try:
            cmd = km.sandbox_command([python, "-I", "-c", "import sys; sys.exit(0)"],
                                     Path(tmp), Path(tmp), env={})
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired, SandboxUnavailable) as exc:
            _PROBLEMS[key] = str(exc)
            return _PROBLEMS[key]
    if res.returncode != 0:
        detail = (res.stderr or res.stdout).strip().splitlines()
        _PROBLEMS[key] = "bwrap gagal: " + (detail[-1] if detail else f"kode {res.returncode}")
    else:
        _PROBLEMS[key] = None
    return _PROBLEMS[key]


def attach_notebook(notebook=None, **_kw) -> None:
    """nbclient hook (``Execute.on_notebook_start``): flags go into this notebook."""
    km = _CURRENT.get()
    if km is not None and notebook is not None:
        km.attach(notebook)


class SandboxKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that starts the kernel inside bubblewrap.

    Configure in ``nbgrader_config.py`` (``c.SandboxKernelManager.<trait>``); the
    limits apply per kernel, i.e. per graded notebook.
    """

    client_class = DottedObjectName("kemitraan_lib.grading.sandbox.SandboxKernelClient").tag(
        config=True)

    bwrap = Unicode("bwrap", help="The bubblewrap command.").tag(config=True)
    allow_unsandboxed = Bool(
        help=f"Run a plain kernel when bwrap is missing (also: {ENV_UNSANDBOXED}=1). "
             "Participant code then runs with the grader's rights."
    ).tag(config=True)
    memory_mb = Integer(2048, help="Address-space limit (RLIMIT_AS) in MB.").tag(config=True)
    cpu_seconds = Integer(300, help="CPU seconds per process (RLIMIT_CPU).").tag(config=True)
    max_processes = Integer(
        64, help="Processes and threads of the sandbox (RLIMIT_NPROC)."
    ).tag(config=True)
    file_mb = Integer(64, help="Largest file the kernel may write (RLIMIT_FSIZE), MB.").tag(
        config=True)
    open_files = Integer(256, help="Open files per process (RLIMIT_NOFILE).").tag(config=True)
    tmp_mb = Integer(256, help="Size of /tmp and of the working folder (tmpfs), MB.").tag(
        config=True)
    copy_mb = Integer(64, help="Most MB of submission files copied into the sandbox.").tag(
        config=True)
    wall_seconds = Integer(
        300, help="Seconds a sandboxed kernel may live before it is killed."
    ).tag(config=True)
    output_kb = Integer(1024, help="Output (all cells) recorded per notebook, KB.").tag(
        config=True)
    cell_output_lines = Integer(500, help="Output lines recorded per cell.").tag(config=True)
    cell_output_kb = Integer(256, help="Output recorded per cell, KB.").tag(config=True)
    sandbox_uid = Integer(
        -1, help="User id the kernel runs as when the grader is root (-1: a random "
                 "high id per kernel, which no account uses)."
    ).tag(config=True)
    extra_ro_paths = List(
        Unicode(), help="More host folders to show read-only (same path inside)."
    ).tag(config=True)
    course_root = Unicode(
        help="The course folder; refuse to start if a mounted folder contains it "
             "(default: nbgrader's CourseDirectory.root, else $KEMITRAAN_KURSUS)."
    ).tag(config=True)

    @default("allow_unsandboxed")
    def _allow_default(self) -> bool:
        return unsandboxed_allowed()

    @default("course_root")
    def _course_root_default(self) -> str:
        root = self.config.get("CourseDirectory", {}).get("root") if self.config else None
        return str(root or os.environ.get("KEMITRAAN_KURSUS", ""))

    @default("client_factory")
    def _client_factory_default(self):
        return SandboxKernelClient

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sandbox_flags: list[str] = []
        self.sandboxed = False
        self.notebook = None
        self._tmpdir: Path | None = None
        self._outer_pid: int | None = None
        self._init_pid: int | None = None
        self._ns: str | None = None
        self._watchdog: threading.Timer | None = None
        self._stopping = False
        self._finished = False
        self._idle_seen = 0
        self._idle_at_interrupt: int | None = None
        self.output_budget = OutputBudget(self.output_kb * 1024, self.cell_output_lines,
                                          self.cell_output_kb * 1024, self._on_output_event)

    # -- flags --------------------------------------------------------------------------

    def attach(self, notebook) -> None:
        """Write this kernel's flags (now and later) into ``notebook``."""
        self.notebook = notebook
        for text in self.sandbox_flags:
            add_flag(notebook, text)

    def flag(self, text: str) -> None:
        if text not in self.sandbox_flags:
            self.sandbox_flags.append(text)
            self.log.warning("Sandbox: %s", text)
        if self.notebook is not None:
            add_flag(self.notebook, text)

    def _on_output_event(self, kind: str, msg: dict | None) -> None:
        if kind == "status":
            if (msg or {}).get("content", {}).get("execution_state") == "idle":
                self._idle_seen += 1
            return
        if kind == "output":
            self.flag(FLAG_OUTPUT.format(lines=self.cell_output_lines,
                                         cell_kb=self.cell_output_kb, kb=self.output_kb))
        elif kind == "error" and msg is not None:
            content = msg.get("content") or {}
            ename, evalue = str(content.get("ename", "")), str(content.get("evalue", ""))
            if ename == "MemoryError":
                self.flag(FLAG_MEMORY.format(mb=self.memory_mb))
            elif "Resource temporarily unavailable" in evalue or (
                    ename == "BlockingIOError" and "Errno 11" in evalue):
                self.flag(FLAG_PROCESSES.format(n=self.max_processes))
            elif "File too large" in evalue or "Errno 27" in evalue:
                self.flag(FLAG_FILESIZE.format(mb=self.file_mb))

    # -- command line -------------------------------------------------------------------

    def _limits(self) -> dict[str, int]:
        return {
            "RLIMIT_AS": self.memory_mb * 1024 * 1024,
            "RLIMIT_CPU": self.cpu_seconds,
            "RLIMIT_NPROC": self.max_processes,
            "RLIMIT_FSIZE": self.file_mb * 1024 * 1024,
            "RLIMIT_NOFILE": self.open_files,
            "RLIMIT_CORE": 0,
        }

    def _uid(self) -> tuple[int | None, int | None]:
        if os.geteuid() != 0:
            return None, None
        uid = self.sandbox_uid if self.sandbox_uid >= 0 else random.randint(
            1_900_000_000, 1_999_999_999)
        if uid == 0:
            raise SandboxUnavailable(_missing_message("sandbox_uid tidak boleh 0 (root)."))
        return uid, uid

    def _ro_paths(self, executable: str) -> list[Path]:
        paths = _python_prefixes(executable) + [_package_dir(), _data_dir()]
        paths += [Path(p) for p in self.extra_ro_paths]
        out: list[Path] = []
        for p in paths:
            if p.exists() and p not in out and not any(_is_within(p, q) for q in out
                                                       if q.is_dir()):
                out = [q for q in out if not _is_within(q, p)] + [p]
        return out

    def _check_guard(self, ro: list[Path], cwd: Path | None) -> None:
        """Refuse mounts that would show the course folder (answer keys, gradebook)."""
        protected = [p for p in (cwd, Path(self.course_root) if self.course_root else None)
                     if p is not None]
        for folder in protected:
            folder = _real(folder)
            for path in ro + [Path("/usr"), Path("/etc")]:
                if _is_within(folder, _real(path)):
                    raise SandboxUnavailable(_missing_message(
                        f"folder {path} yang akan terlihat di sandbox memuat folder kursus "
                        f"{folder}; pindahkan kursus atau Python ke folder lain."))

    def sandbox_command(self, kernel_cmd: list[str], tmpdir: Path, source: Path,
                        env: dict[str, str], cwd: Path | None = None) -> list[str]:
        """The full ``bwrap ... -- python -c INIT CONFIG -- kernel_cmd`` command line."""
        exe = shutil.which(self.bwrap)
        if exe is None:
            raise SandboxUnavailable(_missing_message(f"perintah '{self.bwrap}' tidak ada."))
        ro = self._ro_paths(kernel_cmd[0])
        self._check_guard(ro, cwd)
        uid, gid = self._uid()
        mb = 1024 * 1024
        args = [exe, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "kiriman", "--die-with-parent",
                "--new-session"]
        args += ["--perms", "1777", "--size", str(self.tmp_mb * mb), "--tmpfs", "/tmp"]
        args += _system_args()
        args += _dirs_for(ro + [tmpdir / "ipc"])
        for p in ro:
            args += ["--ro-bind", str(p), str(p)]
        args += ["--bind", str(tmpdir / "ipc"), str(tmpdir / "ipc")]
        args += ["--ro-bind", str(source), _SOURCE_COPY]
        args += ["--perms", "0755", "--size", str(self.tmp_mb * mb), "--tmpfs", WORKDIR]
        args += ["--chdir", "/", "--clearenv"]
        for key, value in self._kernel_env(env, kernel_cmd[0]).items():
            args += ["--setenv", key, value]
        config = {"src": _SOURCE_COPY, "dst": WORKDIR, "uid": uid, "gid": gid,
                  "limits": self._limits()}
        return args + ["--", kernel_cmd[0], "-I", "-c", _INIT, json.dumps(config), "--",
                       *kernel_cmd]

    @staticmethod
    def _kernel_env(env: dict[str, str], executable: str) -> dict[str, str]:
        keep = {}
        for key, value in env.items():
            if key in ("LANG", "LANGUAGE", "TZ", "NBGRADER_EXECUTION", "MPLBACKEND",
                       "PYTHONHASHSEED", "PYDEVD_DISABLE_FILE_VALIDATION") \
                    or key.startswith("LC_") \
                    or (key.startswith("KEMITRAAN_") and key not in (
                        "KEMITRAAN_KURSUS", ENV_UNSANDBOXED, "KEMITRAAN_BUKU_KERJA", ENV_MARKER)):
                keep[key] = value
        bindir = str(Path(executable).parent)
        keep.update({
            "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
            "HOME": "/tmp", "USER": "peserta", "LOGNAME": "peserta",
            "IPYTHONDIR": "/tmp/.ipython", "MPLCONFIGDIR": "/tmp/.matplotlib",
            "XDG_CACHE_HOME": "/tmp/.cache", "XDG_CONFIG_HOME": "/tmp/.config",
            "JUPYTER_RUNTIME_DIR": "/tmp/.jupyter-runtime",
            "KEMITRAAN_BUKU_KERJA": "/tmp/buku-kerja.json",
            "KEMITRAAN_SANDBOX": "1", "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2",
        })
        keep.setdefault("MPLBACKEND", "Agg")
        keep.setdefault("LANG", "C.UTF-8")
        return keep

    # -- starting -----------------------------------------------------------------------

    def _want_sandbox(self) -> bool:
        problem = sandbox_problem(self.bwrap)
        if problem is None:
            return True
        if self.allow_unsandboxed:
            self.flag(FLAG_UNSANDBOXED)
            return False
        if os.environ.get("NBGRADER_EXECUTION") == "validate":
            self.log.warning("Sandbox tidak tersedia (%s); validate tanpa sandbox.", problem)
            return False
        raise SandboxUnavailable(_missing_message(problem))

    async def _async_pre_start_kernel(self, **kw):
        _CURRENT.set(self)
        self._tmpdir = Path(tempfile.mkdtemp(prefix="kemitraan-sandbox-"))
        (self._tmpdir / "ipc").mkdir()
        self.transport = "ipc"
        self.ip = str(self._tmpdir / "ipc" / "kernel")
        self.connection_file = str(self._tmpdir / "ipc" / "kernel.json")
        self.sandboxed = self._want_sandbox()
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        env = dict(kw.get("env") or os.environ)
        cwd = kw.get("cwd")
        if not self.sandboxed:
            env.pop("JPY_PARENT_PID", None)
            kw["env"] = env
            await super()._async_launch_kernel(kernel_cmd, **kw)
            self._start_watchdog()
            return
        assert self._tmpdir is not None
        source = self._tmpdir / "asli"
        if not _copy_submission(Path(cwd) if cwd else Path("/nonexistent"), source,
                                self.copy_mb * 1024 * 1024):
            self.flag(FLAG_FILES.format(mb=self.copy_mb))
        cmd = self.sandbox_command(kernel_cmd, self._tmpdir, source, env,
                                   Path(cwd) if cwd else None)
        uid = self._config_uid(cmd)
        if uid is not None:
            for path in (self._tmpdir / "ipc", Path(self.connection_file)):
                os.chown(path, uid, uid)
        kw["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        if os.environ.get(ENV_MARKER):  # lets tests find their own sandboxes (bwrap only)
            kw["env"][ENV_MARKER] = os.environ[ENV_MARKER]
        kw["cwd"] = str(self._tmpdir)
        # The kernel's own stdout/stderr (not cell output: that goes through iopub) land
        # in a file next to the sockets, capped by RLIMIT_FSIZE; its tail is logged if
        # the kernel dies.
        kw["stdout"] = subprocess.DEVNULL
        with open(self._tmpdir / "kernel.log", "wb") as log_file:
            kw["stderr"] = log_file
            await super()._async_launch_kernel(cmd, **kw)
        self._outer_pid = self.provisioner.pid if self.provisioner else None
        self._find_namespace()
        self._start_watchdog()

    @staticmethod
    def _config_uid(cmd: list[str]) -> int | None:
        try:
            return json.loads(cmd[cmd.index(_INIT) + 1]).get("uid")
        except (ValueError, IndexError):
            return None

    def _find_namespace(self, wait: float = 2.0) -> None:
        """Remember the PID namespace of the sandbox (through bwrap's child)."""
        if self._outer_pid is None:
            return
        deadline = time.monotonic() + wait
        own = _ns_of(os.getpid())
        while time.monotonic() < deadline:
            for child in _children(self._outer_pid):
                ns = _ns_of(child)
                if ns and ns != own:
                    self._init_pid, self._ns = child, ns
                    return
            time.sleep(0.01)

    def _start_watchdog(self) -> None:
        if self.wall_seconds > 0:
            self._watchdog = threading.Timer(self.wall_seconds, self._wall_clock_expired)
            self._watchdog.daemon = True
            self._watchdog.start()

    def _wall_clock_expired(self) -> None:
        if self._finished:
            return
        self.flag(FLAG_WALL.format(s=self.wall_seconds))
        self._kill_everything()

    def client(self, **kwargs):
        _CURRENT.set(self)  # for attach_notebook(), called next by nbclient
        return super().client(**kwargs)

    # -- the kernel process inside ------------------------------------------------------

    def _kernel_pids(self) -> list[int]:
        """Host pids of the sandbox's processes (bwrap's init not counted)."""
        if self._ns is None:
            return []
        return [p for p in _pids_in_ns(self._ns) if p != self._init_pid]

    def _kernel_pid(self) -> int | None:
        if self._init_pid is None:
            return None
        kids = [k for k in _children(self._init_pid) if _ns_of(k) == self._ns]
        return kids[0] if kids else None

    async def interrupt_kernel(self) -> None:
        """Interrupt the running cell (called by nbclient when a cell times out).

        If the kernel never went idle since the previous timeout's interrupt, it
        ignores interrupts (e.g. ``signal.signal(SIGINT, SIG_IGN)`` and a loop):
        every further cell would time out too, so the sandbox is killed now.
        """
        self.flag(FLAG_TIMEOUT)
        if self._idle_at_interrupt is not None and self._idle_seen == self._idle_at_interrupt:
            self.flag(FLAG_STUCK)
            self._kill_everything()
            return
        self._idle_at_interrupt = self._idle_seen
        await self._interrupt()

    async def _async_interrupt_kernel(self) -> None:
        await self._interrupt()

    async def _interrupt(self) -> None:
        if not self.sandboxed:
            await super()._async_interrupt_kernel()
            return
        pid = self._kernel_pid()
        if pid is None:
            return
        try:
            os.killpg(os.getpgid(pid), signal.SIGINT)
        except OSError:
            try:
                os.kill(pid, signal.SIGINT)
            except OSError:
                pass

    # -- stopping -----------------------------------------------------------------------

    def _kill_everything(self) -> None:
        """SIGKILL bwrap and every process of the sandbox's PID namespace.

        Only processes seen in the sandbox's namespace (checked just before) and
        bwrap's own Popen object are signalled, never a bare pid that may have
        been reused.
        """
        process = getattr(self.provisioner, "process", None) if self.provisioner else None
        if process is not None and process.poll() is None:
            try:
                process.kill()
            except OSError:
                pass
        for pid in self.leftover_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def leftover_pids(self) -> list[int]:
        """Processes of this sandbox still alive (should be [] after shutdown)."""
        if self._ns is None:
            return []
        return _pids_in_ns(self._ns)

    def _note_leftovers(self) -> None:
        kernel = self._kernel_pid()
        extra = [p for p in self._kernel_pids() if p != kernel]
        if extra:
            self.flag(FLAG_LEFTOVER)
        if len(extra) >= self.max_processes // 2:  # a fork storm that ran into the limit
            self.flag(FLAG_PROCESSES.format(n=self.max_processes))

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        if not self._stopping and self._idle_at_interrupt is not None \
                and self._idle_seen == self._idle_at_interrupt:
            self.flag(FLAG_STUCK)  # interrupted, never idle again: nbclient gave up on it
        if self.sandboxed and not self._stopping:
            self._note_leftovers()
        self._stopping = True
        try:
            await super()._async_shutdown_kernel(now=now, restart=restart)
        finally:
            if not restart:
                self._finish()

    async def cleanup_resources(self, restart: bool = False) -> None:
        if self.sandboxed and not self._stopping and not restart:
            # the kernel died on its own (nbclient skips shutdown_kernel then)
            self.flag(FLAG_DIED)
            self.log.warning("Sandbox: kernel berhenti. Catatan kernel:\n%s", self.kernel_log())
        try:
            await super()._async_cleanup_resources(restart=restart)
        finally:
            if not restart:
                self._finish()

    def kernel_log(self, lines: int = 20) -> str:
        """The last lines the sandboxed kernel (or bwrap) wrote to stderr."""
        if self._tmpdir is None:
            return ""
        try:
            with open(self._tmpdir / "kernel.log", "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - 8192))
                text = fh.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        if self._watchdog is not None:
            self._watchdog.cancel()
        self._kill_everything()
        deadline = time.monotonic() + 5
        while self.leftover_pids() and time.monotonic() < deadline:
            self._kill_everything()
            time.sleep(0.02)
        left = self.leftover_pids()
        if left:
            self.log.error("Sandbox: proses %s masih hidup setelah penilaian.", left)
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
        if _CURRENT.get() is self:
            _CURRENT.set(None)
