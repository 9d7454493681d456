"""JupyterHub configuration for one class of the course (read by ``make kelas``).

``make kelas`` (kemitraan_kelas/cli.py) prepares the class folder and writes the
class plan; its path arrives in KEMITRAAN_KELAS_RENCANA, the passwords in
KEMITRAAN_KELAS_SANDI (participants) and KEMITRAAN_PELATIH_SANDI (graders),
and (with Unix accounts) PYTHONPATH holds the class copy of kemitraan_kelas.
Start the hub through ``make kelas`` rather than by hand. The settings are in
kemitraan_kelas/hubconfig.py.
"""

import os

from kemitraan_kelas.hubconfig import configure
from kemitraan_kelas.plan import ENV_PLAN, ClassPlan
from kemitraan_kelas.processes import ENV_DEBUG

configure(
    get_config(),  # noqa: F821 - provided by JupyterHub's config loader
    ClassPlan.load(os.environ[ENV_PLAN]),
    debug=os.environ.get(ENV_DEBUG) == "1",
)
