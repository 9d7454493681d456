"""Root pytest configuration, shared by unit tests and nbval notebook runs.

Notebook kernels started by nbval inherit this process's environment, so the
learner's workbook and the learner's copy of the course are redirected to a
throw-away folder (never the tester's home) and matplotlib draws off-screen.
"""

import atexit
import os
import shutil
import tempfile

_session_dir = tempfile.mkdtemp(prefix="kemitraan-uji-")
atexit.register(shutil.rmtree, _session_dir, ignore_errors=True)
os.environ.setdefault("KEMITRAAN_BUKU_KERJA", os.path.join(_session_dir, "buku-kerja.json"))
os.environ.setdefault("MPLBACKEND", "Agg")
# A learner view started by a test (tools/buka.py) copies the course here, not to ~/KursusKemitraan.
os.environ.setdefault("KEMITRAAN_RUANG", os.path.join(_session_dir, "KursusKemitraan"))
