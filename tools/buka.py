"""Open the course in JupyterLab, as a learner (peserta) or a trainer (pelatih).

``make lab`` runs ``python tools/buka.py --peran peserta`` and ``make pelatih``
runs ``--peran pelatih``. Extra arguments go to ``jupyter lab`` unchanged
(the tests use ``--no-browser --port N``).

* Learners work in their own copy of the course (``~/KursusKemitraan`` or
  ``KEMITRAAN_RUANG``, see :mod:`kemitraan_lab.ruang`), brought up to date at every
  start; the course folder itself is never opened, so it stays clean.
* Trainers open the course folder itself (with ``solutions/`` and nbgrader's tools).
* Each role has its own settings, workspace (open tabs) and Jupyter config folder.
* The browser opens module 00; with ``--no-browser`` the printed address is module 00's.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANDING = "modules/00-mulai.ipynb"

try:  # run as a script (python tools/buka.py): its folder is on the path
    from siapkan_lab import config_dir, user_settings_dir, workspaces_dir
except ModuleNotFoundError:  # imported as tools.buka (tests)
    from tools.siapkan_lab import config_dir, user_settings_dir, workspaces_dir


def lab_command(role: str, extra: list[str],
                root: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """Return the jupyter lab command line and environment for a role.

    ``root`` is the folder JupyterLab shows (learners: their copy; trainers: the course).
    """
    env = dict(os.environ)
    # Settings and workspaces live inside .venv, one set per role: nothing is written to
    # the user's home, and the trainer view never reopens a learner's tabs and kernels.
    # (Set explicitly in the environment, e.g. by a test, they are left alone.)
    env.setdefault("JUPYTERLAB_SETTINGS_DIR", str(user_settings_dir(role)))
    env.setdefault("JUPYTERLAB_WORKSPACES_DIR", str(workspaces_dir(role)))
    paths = [str(config_dir(role))]
    if env.get("JUPYTER_CONFIG_PATH"):
        paths.append(env["JUPYTER_CONFIG_PATH"])
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root or ROOT}",
        # The address printed (and opened) is module 00's, not the Launcher's.
        f"--LabApp.default_url=/lab/tree/{LANDING}",
        *extra,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Training-room machines and CI sometimes run everything as root.
        cmd.insert(3, "--allow-root")
    return cmd, env


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Buka kursus Membangun Jaringan Kemitraan.")
    parser.add_argument("--peran", choices=["peserta", "pelatih"], default="peserta")
    args, extra = parser.parse_known_args(argv)
    root = ROOT
    if args.peran == "peserta":
        from kemitraan_lab.ruang import RuangError, update

        try:
            root = update(course_root=ROOT, say=lambda text: print(text, flush=True))
        except RuangError as exc:
            sys.exit(f"Kursus tidak dapat dibuka: {exc}")
    cmd, env = lab_command(args.peran, extra, root)
    os.chdir(root)
    os.execve(cmd[0], cmd, env)


if __name__ == "__main__":
    main()
