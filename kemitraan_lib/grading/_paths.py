"""Small helpers shared by the grading commands (standard library only)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

__all__ = ["ensure_venv_on_path"]


def ensure_venv_on_path() -> None:
    """Put this interpreter's ``bin`` folder on PATH when ``alembic`` is not found.

    nbgrader's gradebook runs the ``alembic`` command when it creates or
    upgrades ``gradebook.db``; when a trainer calls ``.venv/bin/python -m ...``
    without activating the venv, that command is not on PATH.
    """
    if shutil.which("alembic"):
        return
    bindir = Path(sys.executable).parent
    if (bindir / "alembic").exists() or (bindir / "alembic.exe").exists():
        os.environ["PATH"] = str(bindir) + os.pathsep + os.environ.get("PATH", "")
