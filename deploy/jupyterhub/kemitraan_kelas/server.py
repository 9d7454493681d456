"""Start one single-user server: ``python -m kemitraan_kelas.server`` (the spawner's cmd).

Runs as the user (after the spawner switched to their account), so everything
written into the home is written by its owner, never by root:

- JupyterLab user settings of the role (Indonesian menus, no news pop-up) are
  copied into ``~/.jupyter/lab/user-settings`` when missing; later choices of
  the user are kept;
- a participant gets the course material in ``~/kursus`` (each top folder copied
  once, never overwritten);

then JupyterHub's own single-user server starts in this process.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

__all__ = ["prepare_home", "main"]

MATERIAL = ("modules", "apps", "data")


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
        for name in MATERIAL:
            src, dest = Path(material) / name, home / "kursus" / name
            if src.is_dir() and not os.path.lexists(dest):
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(src, dest)


def main() -> int:
    prepare_home()
    from jupyterhub.singleuser import main as singleuser

    sys.argv[0] = "jupyterhub-singleuser"
    return singleuser()


if __name__ == "__main__":
    sys.exit(main())
