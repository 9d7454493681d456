"""Regenerate ``exercises/`` from ``solutions/`` with nbgrader, or check it has not drifted.

    python tools/nilai_perbarui_latihan.py            # rewrite exercises/
    python tools/nilai_perbarui_latihan.py --periksa  # only compare; exit 1 on drift

The logic lives in :mod:`kemitraan_lib.grading.release`; this is its command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kemitraan_lib.grading.release import main

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.exit(main(root=ROOT))
