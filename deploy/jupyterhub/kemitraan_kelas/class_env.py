"""The Python environment every account of a class runs: built from Debian's python3.

A venv made from a Python under ``/root`` (pyenv's, the project's ``.venv``)
cannot be executed by any other user. With Unix accounts the hub, the servers
and the kernels therefore run a venv built from ``/usr/bin/python3`` in a folder
every user can traverse (default ``/opt/kemitraan-kelas``), holding the
project's dependencies (``pyproject.toml``: the base list and the ``kelas``
extra) and configured by ``tools/siapkan_lab.py`` like the learner's ``.venv``.

The course library itself is not installed there: each class gets a copy in its
own folder (``layout.install_library``), so the venv depends only on the
dependency list and is reused by every class and every test run until that
list changes. Each class runs a hard-linked copy of it (``class_copy``: a few
seconds, no extra disk) whose ``site-packages`` holds one ``.pth`` line naming
the class's library folder: every Python the servers start, the kernels too,
imports the class's ``kemitraan_lib`` from its own interpreter, without
depending on environment variables (the autograding sandbox clears those and
binds only the interpreter's folders and the library).

The shared venv's folder name carries a hash of what went into it; building
happens under a file lock, and a venv counts as ready only once its stamp is
written. Classes hold a shared lock on the venv they run; venvs unused for two
weeks and not locked are removed when another one is built.

    python -m kemitraan_kelas.class_env        # build or reuse; prints the python
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .plan import ROOT, KelasError

__all__ = ["BASE_PYTHON", "ENV_DIR", "requirements", "env_key", "ensure_class_python",
           "class_copy", "hold", "main"]

BASE_PYTHON = os.environ.get("KEMITRAAN_KELAS_PYTHON_DASAR", "/usr/bin/python3")
ENV_DIR = Path(os.environ.get("KEMITRAAN_KELAS_FOLDER_VENV", "/opt/kemitraan-kelas"))
# Files whose content shapes the venv (besides the dependency list).
INPUTS = ("tools/siapkan_lab.py", "kemitraan_lab/terjemahan.py",
          "kemitraan_lab/po/id_ID/jupyterlab.po", "kemitraan_lib/grading/hints.py")
BUILD_VERSION = "2"
# Installed as a dependency of jsonschema[format-nongpl] (via jupyter_events, nbformat),
# rfc3987-syntax compiles ~35 Earley parsers when imported: 1.5-3 s of CPU at every
# server start, for "iri" formats no Jupyter schema uses (jsonschema skips the check when
# it is missing; python-jsonschema/jsonschema#1428). 61 starts on 2 cores feel it.
UNUSED = ("rfc3987-syntax",)
STAMP = ".kemitraan-siap"
KEEP_UNUSED_DAYS = 14


def requirements(repo: Path = ROOT) -> list[str]:
    """The project's dependencies plus its ``kelas`` extra, from pyproject.toml."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the installed metadata says the same
        from importlib.metadata import requires

        from packaging.requirements import Requirement

        out = []
        for line in requires("kemitraan") or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": "kelas"}):
                req.marker = None
                out.append(str(req))
        return sorted(out)
    data = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    return sorted([*project["dependencies"], *project["optional-dependencies"]["kelas"]])


def _base_version() -> str:
    out = subprocess.run([BASE_PYTHON, "-c", "import sys; print(sys.version)"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise KelasError(
            f"Python Debian '{BASE_PYTHON}' tidak ada atau tidak bisa dijalankan. Pasang: "
            "sudo apt-get install python3 python3-venv"
        )
    return out.stdout.strip()


def env_key(repo: Path = ROOT) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([BUILD_VERSION, _base_version(), requirements(repo)]).encode())
    for rel in INPUTS:
        path = repo / rel
        h.update(rel.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return h.hexdigest()[:16]


def _lock(path: Path, kind: int, blocking: bool = True):
    fh = open(path, "a+")  # noqa: SIM115 - the caller keeps it open while the lock is needed
    try:
        fcntl.flock(fh, kind | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        fh.close()
        return None
    return fh


def _build(target: Path, repo: Path, say) -> None:
    say(f"Menyiapkan lingkungan Python kelas di {target} (sekali saja; beberapa menit) ...")
    if target.exists():
        shutil.rmtree(target)
    steps = [
        [BASE_PYTHON, "-m", "venv", str(target)],
        [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet",
         *requirements(repo)],
        [str(target / "bin" / "python"), "-m", "pip", "uninstall", "--quiet", "--yes",
         *UNUSED],
        [str(target / "bin" / "python"), str(repo / "tools" / "siapkan_lab.py")],
    ]
    # siapkan_lab.py imports the project's packages (language pack, kernel hints): the
    # venv holds only the dependencies, so the project folder goes on the path for it.
    env = dict(os.environ, PYTHONPATH=str(repo))
    for cmd in steps:
        result = subprocess.run(cmd, capture_output=True, text=True, cwd="/", env=env)
        if result.returncode != 0:
            shutil.rmtree(target, ignore_errors=True)
            hint = ("Di Debian/Ubuntu pasang dulu: sudo apt-get install python3-venv"
                    if "venv" in cmd[1:3] else "Periksa sambungan ke PyPI.")
            raise KelasError(
                f"Lingkungan Python kelas gagal dibuat ({' '.join(cmd[:4])} ...). {hint}\n"
                f"{(result.stderr or result.stdout).strip()[-1500:]}"
            )
    for dirpath, _dirnames, filenames in os.walk(target):
        os.chmod(dirpath, os.stat(dirpath).st_mode | 0o555)
        for name in filenames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | 0o444)
    (target / STAMP).write_text(env_key(repo) + "\n", encoding="utf-8")


def _prune(keep: Path) -> None:
    cutoff = time.time() - KEEP_UNUSED_DAYS * 86400
    for old in ENV_DIR.glob("venv-*"):
        if old == keep or not old.is_dir():
            continue
        stamp = old / STAMP
        used = stamp.stat().st_mtime if stamp.exists() else old.stat().st_mtime
        if used > cutoff:
            continue
        lock = _lock(ENV_DIR / f"{old.name}.lock", fcntl.LOCK_EX, blocking=False)
        if lock is None:  # a class still runs on it
            continue
        try:
            shutil.rmtree(old, ignore_errors=True)
        finally:
            lock.close()


def ensure_class_python(repo: Path = ROOT, say=print) -> str:
    """Path of the class venv's python; built first when the dependency list changed."""
    ENV_DIR.mkdir(parents=True, exist_ok=True)
    os.chmod(ENV_DIR, 0o755)
    key = env_key(repo)
    target = ENV_DIR / f"venv-{key}"
    python = target / "bin" / "python"
    stamp = target / STAMP
    if not stamp.exists():
        lock = _lock(ENV_DIR / f"venv-{key}.lock", fcntl.LOCK_EX)
        try:
            if not stamp.exists():  # someone else may have built it while we waited
                _build(target, repo, say)
        finally:
            lock.close()
        _prune(target)
    os.utime(stamp)
    return str(python)


def _atomic_text(path: Path, text: str) -> None:
    """A new file (never writing through a hard link into the shared venv)."""
    tmp = path.with_name(f".{path.name}.baru")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def class_copy(shared_python: str, dest: Path, library: Path) -> str:
    """The class's own interpreter: ``dest``, a hard-linked copy of the shared venv.

    Made again only when the shared venv changed; its ``kemitraan-kelas.pth``
    puts ``library`` on ``sys.path``. Returns the copy's python.
    """
    shared = Path(shared_python).parents[1]
    key = (shared / STAMP).read_text(encoding="utf-8")
    stamp = dest / ".kemitraan-salinan"
    if not (stamp.exists() and stamp.read_text(encoding="utf-8") == key):
        new = dest.parent / f".{dest.name}-baru"
        old = dest.parent / f".{dest.name}-lama"
        for leftover in (new, old):
            shutil.rmtree(leftover, ignore_errors=True)
        linked = subprocess.run(["cp", "-al", str(shared), str(new)], capture_output=True)
        if linked.returncode != 0:  # another file system: a real copy
            shutil.rmtree(new, ignore_errors=True)
            subprocess.run(["cp", "-a", str(shared), str(new)], check=True, capture_output=True)
        _atomic_text(new / stamp.name, key)
        if dest.exists():
            os.rename(dest, old)
        os.rename(new, dest)
        shutil.rmtree(old, ignore_errors=True)
    for site in dest.glob("lib/python3*/site-packages"):
        _atomic_text(site / "kemitraan-kelas.pth", f"{library}\n")
    return str(dest / "bin" / "python")


def hold(python: str):
    """A shared lock on the venv of ``python`` for as long as the returned file stays open."""
    venv = Path(python).parents[1]
    if venv.parent != ENV_DIR:
        return None
    return _lock(ENV_DIR / f"{venv.name}.lock", fcntl.LOCK_SH)


def main() -> int:
    try:
        print(ensure_class_python(say=lambda m: print(m, file=sys.stderr)))
    except KelasError as exc:
        print(f"Kesalahan: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
