"""The learner's personal copy of the course (``ruang belajar``), outside the repository.

``make lab`` never opens the course's own files: a learner works in a copy of
``modules/`` and ``exercises/`` in a personal folder (default ``~/KursusKemitraan``,
or ``KEMITRAAN_RUANG``). Whatever they run, type and save stays there, so the
repository stays clean and ``git pull`` of course updates never conflicts.

Course updates reach that copy the way nbgitpuller does it on a JupyterHub
(its own code is used here, :class:`nbgitpuller.pull.GitPuller`):

1. the learner-facing folders of the course as they are on disk are committed to a
   small local git repository beside the copy (``.KursusKemitraan-sumber.git``),
   one commit per change of the course, on branch ``kursus``;
2. nbgitpuller pulls that branch into the copy: files the learner never touched
   are updated, new files appear, files deleted by the learner come back, the
   learner's own edits are kept (a merge with ``-Xours``: where the course and the
   learner changed the same lines, the learner's lines win), a learner's file in
   the way of a new course file is renamed, never overwritten.

On the class hub (``kemitraan_kelas.server``) each participant's server does the same for
``~/kursus`` at its start, from the class's copy of the course, when that copy changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["COURSE_FOLDERS", "BRANCH", "RuangError", "default_space", "source_repo",
           "snapshot", "update"]

COURSE_FOLDERS = ("modules", "exercises")
BRANCH = "kursus"
ENV_VAR = "KEMITRAAN_RUANG"
# Never part of the learner's copy, even without the course's .gitignore (a zip).
_NOT_COURSE = (":(exclude,glob)**/.ipynb_checkpoints/**", ":(exclude,glob)**/__pycache__/**",
               ":(exclude,glob)**/*.pyc")
_IDENTITY = {
    "GIT_AUTHOR_NAME": "Kursus Kemitraan", "GIT_AUTHOR_EMAIL": "kursus@kemitraan.invalid",
    "GIT_COMMITTER_NAME": "Kursus Kemitraan", "GIT_COMMITTER_EMAIL": "kursus@kemitraan.invalid",
}


class RuangError(RuntimeError):
    """The personal copy cannot be prepared; the message is for the learner (Indonesian)."""


def default_space() -> Path:
    """``KEMITRAAN_RUANG`` or ``~/KursusKemitraan``."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env).expanduser() if env else Path.home() / "KursusKemitraan"


def source_repo(space: Path) -> Path:
    """The local git repository that holds the course's versions for ``space``."""
    space = Path(space)
    return space.parent / f".{space.name}-sumber.git"


def _git(args: list[str], *, env: dict | None = None, cwd: Path | None = None) -> str:
    full_env = dict(os.environ, LANG="C", **_IDENTITY)
    full_env.update(env or {})
    done = subprocess.run(["git", *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuangError(f"Perintah git gagal ({' '.join(args[:2])}): "
                         f"{(done.stderr or done.stdout).strip()[:500]}")
    return done.stdout.strip()


def snapshot(course_root: Path, repo: Path, folders: tuple[str, ...] = COURSE_FOLDERS) -> bool:
    """Commit the course's learner ``folders`` as they are on disk; True when they changed."""
    course_root = Path(course_root).resolve()
    if not (repo / "HEAD").exists():
        repo.parent.mkdir(parents=True, exist_ok=True)
        _git(["init", "--quiet", "--bare", f"--initial-branch={BRANCH}", str(repo)])
    wanted = tuple(folders)
    folders = [f for f in wanted if (course_root / f).is_dir()]
    if not folders:
        raise RuangError(f"Folder kursus tidak ditemukan di {course_root} "
                         f"(perlu {', '.join(wanted)}).")
    with tempfile.TemporaryDirectory(prefix="kemitraan-index-") as tmp:
        env = {"GIT_DIR": str(repo), "GIT_WORK_TREE": str(course_root),
               "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        # .gitignore of the course is honoured: no checkpoints, no caches.
        _git(["add", "--all", "--", *folders, *_NOT_COURSE], env=env, cwd=course_root)
        tree = _git(["write-tree"], env=env, cwd=course_root)
        try:
            parent = _git(["rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}"],
                          env=env)
        except RuangError:
            parent = ""
        if parent and _git(["rev-parse", f"{parent}^{{tree}}"], env=env) == tree:
            return False
        cmd = ["commit-tree", tree, "-m", "Kursus diperbarui"]
        if parent:
            cmd += ["-p", parent]
        commit = _git(cmd, env=env)
        _git(["update-ref", f"refs/heads/{BRANCH}", commit], env=env)
    return True


def _course_version(space: Path) -> str:
    """The course commit the copy last received (``origin/kursus``)."""
    return _git(["rev-parse", f"refs/remotes/origin/{BRANCH}"], cwd=space)


def update(space: Path | None = None, course_root: Path | None = None,
           say: Callable[[str], None] = print,
           folders: tuple[str, ...] = COURSE_FOLDERS) -> Path:
    """Create or update the learner's copy of the course's ``folders``; returns its folder.

    The class hub passes ``folders=("modules", "apps", "data")`` (participants fetch
    the exercises through nbgrader there).

    Raises :class:`RuangError` (Indonesian message) when the copy cannot be made.
    A copy that exists but cannot be merged is left exactly as it was.
    """
    space = Path(space or default_space()).expanduser().resolve()
    course_root = Path(course_root or Path(__file__).resolve().parents[1]).resolve()
    if space == course_root or course_root in space.parents:
        raise RuangError(f"Folder belajar {space} ada di dalam folder kursus {course_root}. "
                         f"Pilih folder lain, misalnya {Path.home() / 'KursusKemitraan'} "
                         f"(variabel {ENV_VAR}).")
    if shutil.which("git") is None:
        raise RuangError("Program git belum terpasang, padahal perlu untuk menyalin kursus ke "
                         "folder belajar Anda dan memperbaruinya. Pasang dengan: "
                         "sudo apt-get install git")
    if space.exists() and not (space / ".git").is_dir():
        if any(space.iterdir()):
            raise RuangError(f"Folder {space} sudah ada dan berisi berkas lain, bukan salinan "
                             f"kursus. Pindahkan folder itu, atau pilih folder lain lewat "
                             f"variabel {ENV_VAR}.")
        space.rmdir()
    from nbgitpuller.pull import GitPuller  # heavy import, only when needed

    repo = source_repo(space)
    snapshot(course_root, repo, folders)
    first = not space.exists()
    before = "" if first else _course_version(space)
    puller = GitPuller(str(repo), str(space), branch=BRANCH, depth=0)
    try:
        for _line in puller.pull():
            pass
    except Exception as exc:  # noqa: BLE001 - any git failure: keep the copy as it is
        raise RuangError(f"Kursus terbaru belum bisa digabung ke folder {space}: {exc}. "
                         "Berkas Anda tidak diubah.") from exc
    if first:
        say(f"Salinan kursus Anda dibuat di {space}. Semua yang Anda ketik dan simpan ada di "
            "sana; folder kursus tetap bersih.")
    elif _course_version(space) != before:
        names = _git(["diff", "--name-only", before, f"origin/{BRANCH}"],
                     cwd=space).splitlines()
        say(f"Kursus diperbarui di {space}: {len(names)} berkas baru, berubah atau dihapus. "
            "Isian dan perubahan Anda tetap ada.")
    return space
