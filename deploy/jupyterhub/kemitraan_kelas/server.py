"""Start one single-user server: ``python -m kemitraan_kelas.server`` (the spawner's cmd).

Runs as the user (after the spawner switched to their account), so everything
written into the home is written by its owner, never by root:

- JupyterLab user settings of the role (``tools/siapkan_lab.py``'s: Indonesian
  menus, no news pop-up ...) are copied into ``~/.jupyter/lab/user-settings``
  when missing; later choices of the user are kept;
- a participant gets the course material (``modules``, ``apps``, ``data``) in
  ``~/kursus`` and, whenever the class's copy of the course changed (a new
  ``kelas`` run installed another version), its updates, merged the way the
  local lab does it (:func:`kemitraan_lab.ruang.update`, nbgitpuller's merge):
  files the participant never touched are updated, new files appear, the
  participant's own edits and files are kept. An unchanged version costs one
  small file read, no git. A ``~/kursus`` made before this (plain copy, no
  ``.git``) is left as it is;

then JupyterHub's own single-user server starts in this process.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

__all__ = ["MATERIAL", "VERSION_FILE", "prepare_home", "update_course", "main"]

MATERIAL = ("modules", "apps", "data")
# In the class's library (layout.install_library): the version of MATERIAL there.
VERSION_FILE = "versi-bahan"
# In ~/kursus/.git: the version the participant's copy last received.
_STAMP = "kemitraan-versi-bahan"


def _log(message: str) -> None:
    print(f"[kemitraan] {message}", file=sys.stderr, flush=True)


def _copy_missing(material: Path, space: Path) -> None:
    """Each top folder of the material copied once, never overwritten (no updates)."""
    for name in MATERIAL:
        src, dest = material / name, space / name
        if src.is_dir() and not os.path.lexists(dest):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(src, dest)


def update_course(home: Path, material: Path, say=_log) -> str:
    """Bring ``material`` into ``home/kursus``; returns what happened.

    ``"sama"``: the copy already has this version (nothing run); ``"diperbarui"``:
    created or merged with :func:`kemitraan_lab.ruang.update`; ``"salinan-lama"``:
    a plain copy without ``.git`` (kept; only missing folders added); ``"gagal"``:
    the merge failed, the participant's files are as they were (missing folders
    are copied so a first start still has the course). Never raises for a
    problem of the copy: the server must start anyway.
    """
    space = Path(home) / "kursus"
    material = Path(material)
    version_file = material / VERSION_FILE
    version = version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else ""
    stamp = space / ".git" / _STAMP
    try:
        if version and stamp.read_text(encoding="utf-8").strip() == version:
            return "sama"
    except OSError:
        pass
    if space.is_dir() and not (space / ".git").is_dir() and any(space.iterdir()):
        _copy_missing(material, space)
        say(f"{space} adalah salinan lama tanpa riwayat: pembaruan kursus tidak dipasang.")
        return "salinan-lama"
    try:
        from kemitraan_lab.ruang import update

        update(space, material, say=say, folders=MATERIAL)
    except Exception as exc:  # noqa: BLE001 - git missing, merge failed ...: start anyway
        say(f"Pembaruan kursus di {space} gagal: {exc}")
        _copy_missing(material, space)
        return "gagal"
    if version:
        tmp = stamp.with_name(f".{_STAMP}.tmp")
        tmp.write_text(version + "\n", encoding="utf-8")
        os.replace(tmp, stamp)
    return "diperbarui"


def prepare_home(env=None) -> None:
    env = os.environ if env is None else env
    home = Path(env["HOME"])
    role_dir = Path(env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    settings_src = role_dir / "lab" / "user-settings"
    settings = Path(env.get("JUPYTERLAB_SETTINGS_DIR")
                    or Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings")
    if settings_src.is_dir():
        for src in settings_src.rglob("*.jupyterlab-settings"):
            dest = settings / src.relative_to(settings_src)
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
    material = env.get("KEMITRAAN_BAHAN")
    if env.get("KEMITRAAN_PERAN") == "peserta" and material and Path(material).is_dir():
        update_course(home, Path(material))


def main() -> int:
    prepare_home()
    from jupyterhub.singleuser import main as singleuser

    sys.argv[0] = "jupyterhub-singleuser"
    return singleuser()


if __name__ == "__main__":
    sys.exit(main())
