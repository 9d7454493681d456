"""The class folder: who may open what.

With Unix accounts (``make kelas`` as root)::

    <data>/                 root 0711   (nobody lists it)
      rencana-kelas.json    root 0600   the plan (gradebook URL)
      buku-nilai.url        root:penilai 0640   the gradebook URL, for the graders' nbgrader
      sandi-*.txt           root 0600   passwords
      python/               root 0755   the class's interpreter (class_env.class_copy)
      hub/                  root 0700   JupyterHub's database, cookie secret, log
      peran/<role>/         root 0755   role config (JUPYTER_CONFIG_PATH, read-only)
      pustaka/              root 0755   kemitraan_lib + kemitraan_kelas (PYTHONPATH) and,
                                        beside them as in the project, modules/, apps/,
                                        data/ (also what each new home gets as kursus/)
      rumah/                root 0711
        <id>/               <account> 0700   one home per participant and grader
      exchange/             root 1777   nbgrader's exchange root (sticky)
        <course>/           root:penilai 2775
          outbound/         root:penilai 2775   releases: graders write, all read
          inbound/          root:penilai 3773   submissions: all write, only graders list
          feedback/         root:penilai 2771   feedback files, read by exact name
      kursus/               root:penilai 2770   course folder (graders only): solutions/,
                                                exercises/, gradebook, submitted/,
                                                autograded/, feedback/

Root never writes into a folder a participant or grader owns except to create
it; permissions are changed through file descriptors opened without following
links. Submissions are hidden from other participants the way nbgrader
documents for a shared exchange: inbound is write-only for them and each
submission's name ends in a random string.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from .plan import DEPLOY, ROOT, ClassPlan, KelasError
from .server import VERSION_FILE

__all__ = [
    "ROLES", "COURSE_MATERIAL", "LIBRARIES", "prepare_data_dir", "build_role", "install_roles",
    "install_library", "material_version", "write_gradebook_url", "prepare_exchange", "seed_course",
    "share_with_group", "check_traversable",
]

ROLES = ("peserta", "pelatih")
COURSE_MATERIAL = ("modules", "apps", "data")
LIBRARIES = {"kemitraan_lib": ROOT / "kemitraan_lib", "kemitraan_lab": ROOT / "kemitraan_lab",
             "kemitraan_kelas": DEPLOY / "kemitraan_kelas"}
_IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")


def prepare_data_dir(plan: ClassPlan) -> None:
    data = Path(plan.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    os.chmod(data, 0o711)
    plan.hub_dir.mkdir(exist_ok=True)
    os.chmod(plan.hub_dir, 0o700)
    if plan.unix_accounts:
        for path in (data, plan.hub_dir):
            os.chown(path, 0, 0, follow_symlinks=False)


def _replace_tree(dest: Path, fill) -> None:
    """Build a fresh read-only tree with ``fill(folder)`` and swap it in for ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}-baru-"))
    try:
        fill(new)
        for dirpath, _dirnames, filenames in os.walk(new):
            os.chmod(dirpath, 0o755)
            for name in filenames:
                os.chmod(os.path.join(dirpath, name), 0o644)
        old = dest.parent / f".{dest.name}-lama"
        if old.exists():
            shutil.rmtree(old)
        if dest.exists():
            os.rename(dest, old)
        os.rename(new, dest)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise


def _practice_mode(folder: Path) -> None:
    """Without grading: nbgrader's server extensions and JupyterLab plug-ins switched off."""
    server = folder / "jupyter_server_config.json"
    cfg = json.loads(server.read_text(encoding="utf-8")) if server.exists() else {}
    exts = cfg.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {})
    for name in ("formgrader", "course_list", "assignment_list", "validate_assignment"):
        exts[f"nbgrader.server_extensions.{name}"] = False
    server.write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    page = folder / "labconfig" / "page_config.json"
    page.parent.mkdir(exist_ok=True)
    cfg = json.loads(page.read_text(encoding="utf-8")) if page.exists() else {}
    cfg.setdefault("disabledExtensions", {})["@jupyter/nbgrader"] = True
    page.write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")


def _siapkan_lab():
    """The project's ``tools/siapkan_lab.py``: the one source of the course's Jupyter settings."""
    import importlib.util
    import sys

    module = sys.modules.get("siapkan_lab")
    if module is None:
        spec = importlib.util.spec_from_file_location("siapkan_lab",
                                                      ROOT / "tools" / "siapkan_lab.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["siapkan_lab"] = module
    return module


def _merge_deep(base: dict, top: dict) -> dict:
    """``top`` over ``base``, merging nested sections (a key of ``top`` wins)."""
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge_deep(out[key], value)
        else:
            out[key] = value
    return out


def build_role(role: str, folder: Path, *, graded: bool = True) -> None:
    """One role's Jupyter config folder for the hub's servers, into ``folder``.

    The course's settings come from ``tools/siapkan_lab.py``, as for ``make lab``:
    participants get ``write_learner_config(self_study=False)`` (the course's contents
    manager refusing ``solutions/``, ``gradebook.db``, ``autograded/``; instructor and
    unneeded plug-ins disabled; nbgrader's assignment list and Validate kept: they
    fetch and submit on the hub), graders ``write_trainer_config``; both get
    ``write_user_settings`` in ``lab/user-settings`` (``server.prepare_home`` copies
    them into each home). Only what is particular to the hub lives in
    ``deploy/jupyterhub/<role>``: its JSON files are merged on top, other files
    (nbgrader_config.py) copied. Without grading nbgrader is switched off.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    siapkan = _siapkan_lab()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if role == "peserta":
        siapkan.write_learner_config(folder, self_study=False)
    else:
        siapkan.write_trainer_config(folder)
    siapkan.write_user_settings(folder / "lab" / "user-settings", role)
    static = DEPLOY / role
    for src in sorted(static.rglob("*")):
        rel = src.relative_to(static)
        if not src.is_file() or any(part in ("__pycache__", ".ipynb_checkpoints")
                                    for part in rel.parts) or src.suffix == ".pyc":
            continue
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".json" and dest.exists():
            merged = _merge_deep(json.loads(dest.read_text(encoding="utf-8")),
                                 json.loads(src.read_text(encoding="utf-8")))
            dest.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        else:
            shutil.copyfile(src, dest)
    if not graded:
        _practice_mode(folder)


def install_roles(plan: ClassPlan) -> None:
    """Read-only role config folders for the servers (:func:`build_role`), swapped in whole."""
    def fill(folder: Path) -> None:
        for role in ROLES:
            build_role(role, folder / role, graded=plan.graded)

    _replace_tree(plan.roles_dir, fill)


def install_library(plan: ClassPlan) -> None:
    """The course library every server imports, as it is now in the project (compiled).

    ``modules/``, ``apps/`` and ``data/`` sit beside the packages as in the project
    (kemitraan_lib finds its case files and module list there), with their version
    (:func:`material_version`) in ``versi-bahan``; each participant's server merges
    them into ``~/kursus`` when that version is new to it (``server.update_course``).
    """
    repo = Path(plan.repo_root)

    def fill(folder: Path) -> None:
        for name, src in LIBRARIES.items():
            shutil.copytree(src, folder / name, ignore=_IGNORE)
        for name in COURSE_MATERIAL:
            if (repo / name).is_dir():
                shutil.copytree(repo / name, folder / name, ignore=_IGNORE)
        (folder / VERSION_FILE).write_text(material_version(folder) + "\n", encoding="utf-8")
        # users cannot write __pycache__ here: compile once with the servers' Python
        subprocess.run([plan.python, "-m", "compileall", "-q", *(
            str(folder / name) for name in LIBRARIES)], check=True, capture_output=True)

    _replace_tree(plan.library_dir, fill)


def material_version(library: Path) -> str:
    """A hash of the course material's paths and contents in ``library`` (same files, same hash)."""
    digest = hashlib.sha256()
    for name in COURSE_MATERIAL:
        top = Path(library) / name
        for path in sorted(top.rglob("*")) if top.is_dir() else ():
            if path.is_file() and not path.is_symlink():
                digest.update(path.relative_to(library).as_posix().encode("utf-8") + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_gradebook_url(plan: ClassPlan) -> None:
    """The gradebook URL for the graders' nbgrader (group-readable file, not an env var)."""
    path = plan.gradebook_url_file
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(plan.gradebook_url + "\n")
    if plan.unix_accounts:
        import grp

        os.chown(tmp, 0, grp.getgrnam(plan.grader_group).gr_gid)
        os.chmod(tmp, 0o640)
    else:
        os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _fix_dir(path: Path, owner: int, gid: int, mode: int) -> None:
    path.mkdir(exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        raise KelasError(f"'{path}' bukan folder; pindahkan lalu jalankan lagi.")
    os.chown(path, owner, gid, follow_symlinks=False)
    os.chmod(path, mode)


def prepare_exchange(plan: ClassPlan) -> None:
    """nbgrader's exchange with the modes nbgrader documents for many users.

    With Unix accounts the course's own folders are made here by root (so no
    participant can create them first and own them); nbgrader's graders run
    with ``CourseDirectory.groupshared`` and write into them as group members.
    """
    plan.exchange.mkdir(parents=True, exist_ok=True)
    if not plan.unix_accounts:
        os.chmod(plan.exchange, 0o777)  # nbgrader insists on this mode for its exchange
        return
    import grp

    gid = grp.getgrnam(plan.grader_group).gr_gid
    _fix_dir(plan.exchange, 0, 0, 0o1777)
    course = plan.exchange / plan.course_id
    _fix_dir(course, 0, gid, 0o2775)
    _fix_dir(course / "outbound", 0, gid, 0o2775)
    _fix_dir(course / "inbound", 0, gid, 0o3773)
    _fix_dir(course / "feedback", 0, gid, 0o2771)


def check_traversable(path: Path, gid: int) -> None:
    """Fail in Indonesian when members of group ``gid`` cannot reach ``path``."""
    for parent in reversed(Path(path).parents):
        st = parent.stat()
        if st.st_mode & stat.S_IXOTH or (st.st_gid == gid and st.st_mode & stat.S_IXGRP):
            continue
        raise KelasError(
            f"Folder '{parent}' tidak bisa dibuka oleh akun pelatih, jadi folder kursus "
            f"'{path}' tidak terjangkau. Pilih folder kursus di luar '{parent}' atau biarkan "
            "kosong (kelas memakai salinan di folder kelas)."
        )


def seed_course(plan: ClassPlan, course: Path, say=print) -> None:
    """The class's course folder, filled from the project (never overwriting graders' work).

    New: the project's ``nbgrader_config.py``, source and release folders are
    copied. Existing: ``nbgrader_config.py`` is refreshed from the project (it is
    the project's code: sandbox, feedback settings) and assignments the class
    does not have yet are added.
    """
    repo = Path(plan.repo_root)
    fresh = not course.exists()
    course.mkdir(parents=True, exist_ok=True)
    cfg = (repo / "nbgrader_config.py").read_text(encoding="utf-8")
    target = course / "nbgrader_config.py"
    if fresh or target.read_text(encoding="utf-8", errors="replace") != cfg:
        fd, tmp = tempfile.mkstemp(dir=course, prefix=".nbgrader_config.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(cfg)
        os.replace(tmp, target)
    added = []
    for folder in (plan.source_directory, plan.release_directory):
        src = repo / folder
        if not src.is_dir():
            continue
        (course / folder).mkdir(exist_ok=True)
        for item in sorted(src.iterdir()):
            dest = course / folder / item.name
            if os.path.lexists(dest):
                continue
            if item.is_dir():
                shutil.copytree(item, dest, ignore=_IGNORE)
                if folder == plan.source_directory:
                    added.append(item.name)
            elif item.is_file():
                shutil.copy2(item, dest)
    if added and not fresh:
        say(f"Tugas baru dari proyek ditambahkan ke folder kursus kelas: {', '.join(added)}")


def share_with_group(course: Path, gid: int) -> None:
    """Course folder for graders only: group ``gid``, dirs 2770, files g+rw, nothing for others.

    Walks with folder descriptors and never follows a link, so a link placed in
    the course folder cannot make root change another file.
    """
    def fix(name: str, dir_fd: int | None) -> None:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            flags, mode = os.O_RDONLY | os.O_DIRECTORY, (st.st_mode | 0o2770) & 0o7770
        elif stat.S_ISREG(st.st_mode):
            flags, mode = os.O_RDONLY | os.O_NONBLOCK, (st.st_mode | 0o660) & 0o770
        else:
            return  # links, sockets ...: left alone
        fd = os.open(name, flags | os.O_NOFOLLOW, dir_fd=dir_fd)
        try:
            if os.fstat(fd).st_ino != st.st_ino:
                return
            if st.st_gid != gid:
                os.fchown(fd, -1, gid)
            if stat.S_IMODE(st.st_mode) != mode:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)

    fix(str(course), None)
    for _dirpath, dirnames, filenames, dirfd in os.fwalk(course, follow_symlinks=False):
        for name in dirnames + filenames:
            fix(name, dirfd)
