"""``python -m kemitraan_kelas`` is ``make kelas``."""

import sys

from kemitraan_kelas.cli import main

sys.exit(main())
