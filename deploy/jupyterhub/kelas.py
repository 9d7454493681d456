"""Start a whole class on one JupyterHub: ``make kelas`` (see kemitraan_kelas/cli.py).

    python deploy/jupyterhub/kelas.py --peserta peserta.csv --pelatih pak-arif --port 8000
"""

import sys

from kemitraan_kelas.cli import main  # this script's folder holds the package

if __name__ == "__main__":
    sys.exit(main())
