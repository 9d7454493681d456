"""Open the course in JupyterLab, as a learner (peserta) or a trainer (pelatih).

``make lab`` runs ``python tools/buka.py --peran peserta`` and ``make pelatih``
runs ``--peran pelatih``. Extra arguments go to ``jupyter lab`` unchanged
(the tests use ``--no-browser --port N``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANDING = "modules/00-mulai.ipynb"
sys.path.insert(0, str(ROOT / "tools"))

from siapkan_lab import learner_config_dir, user_settings_dir  # noqa: E402


def lab_command(role: str, extra: list[str]) -> tuple[list[str], dict[str, str]]:
    """Return the jupyter lab command line and environment for a role."""
    env = dict(os.environ)
    # Settings and workspaces live inside .venv: nothing is written to the user's home.
    env.setdefault("JUPYTERLAB_SETTINGS_DIR", str(user_settings_dir()))
    env.setdefault("JUPYTERLAB_WORKSPACES_DIR", str(user_settings_dir().parent / "workspaces"))
    if role == "peserta":
        paths = [str(learner_config_dir())]
        if env.get("JUPYTER_CONFIG_PATH"):
            paths.append(env["JUPYTER_CONFIG_PATH"])
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={ROOT}",
        *extra,
        LANDING,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Training-room machines and CI sometimes run everything as root.
        cmd.insert(3, "--allow-root")
    return cmd, env


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Buka kursus Membangun Jaringan Kemitraan.")
    parser.add_argument("--peran", choices=["peserta", "pelatih"], default="peserta")
    args, extra = parser.parse_known_args(argv)
    cmd, env = lab_command(args.peran, extra)
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, env)


if __name__ == "__main__":
    main()
