"""JupyterHub configuration for one class of the course (read by ``make kelas``).

``kelas.py`` prepares the class folder and writes the class plan (participants,
graders, ports, gradebook URL) as JSON; its path arrives in the environment
variable KEMITRAAN_KELAS_RENCANA, the passwords in KEMITRAAN_KELAS_SANDI
(participants) and KEMITRAAN_PELATIH_SANDI (graders, >= 32 characters). Start
the hub through ``kelas.py`` rather than by hand.

Roles:
- participants (peserta): log in with the shared class password; JupyterLab in
  Indonesian; nbgrader's Assignments tab (fetch/submit through the exchange);
  no instructor tools (config folder ``peserta/``).
- graders (pelatih, one or two): log in with the grader password; hub admins;
  the formgrader over the course folder (config folder ``pelatih/``).
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import kelas  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub's config loader
plan = kelas.ClassPlan.load(os.environ[kelas.ENV_PLAN])

# -- network: the proxy faces the room, the hub itself only listens on loopback ----------------
c.JupyterHub.bind_url = f"http://{plan.ip}:{plan.port}/"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = plan.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{plan.proxy_api_port}"
_proxy = Path(sys.executable).parent / "configurable-http-proxy"
if _proxy.exists():  # the PyPI package in the project's .venv; else the npm one on PATH
    c.ConfigurableHTTPProxy.command = [str(_proxy)]
c.ConfigurableHTTPProxy.should_start = True

# -- state of the hub lives in the class folder -------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{plan.hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(plan.hub_dir / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# -- who may log in -----------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ[kelas.ENV_PASSWORD]
c.SharedPasswordAuthenticator.admin_password = os.environ[kelas.ENV_GRADER_PASSWORD]
c.Authenticator.allowed_users = set(plan.participant_ids) | set(plan.graders)
c.Authenticator.admin_users = set(plan.graders)

# Indonesian login page
c.JupyterHub.template_paths = [str(HERE / "templates")]

# Optional token for scripts (tests, benchmarks, a trainer's own automation).
_token = os.environ.get(kelas.ENV_SERVICE_TOKEN)
if _token:
    c.JupyterHub.services = [{"name": "kemitraan-otomasi", "api_token": _token}]
    c.JupyterHub.load_roles = [{
        "name": "kemitraan-otomasi",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users",
                   "admin:server_state"],
        "services": ["kemitraan-otomasi"],
    }]

# -- single-user servers: one local process per user, home folders in the class folder ---------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(plan.homes / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
if os.geteuid() == 0:
    c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab"
# 60 servers starting at once on a small machine need time.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 100


def _pre_spawn(spawner):
    """Role-specific environment, folder and start page of one server."""
    name = spawner.user.name
    kelas.install_role_config(plan, name)
    spawner.environment = {**spawner.environment, **kelas.server_environment(plan, name)}
    if kelas.server_role(plan, name) == "pelatih":
        # The formgrader needs the course folder inside the server's root folder.
        spawner.notebook_dir = plan.course_root
        spawner.default_url = "/lab"
    else:
        landing = plan.home(name) / "kursus" / "modules" / "00-mulai.ipynb"
        spawner.default_url = (
            "/lab/tree/kursus/modules/00-mulai.ipynb" if landing.exists() else "/lab"
        )


c.Spawner.pre_spawn_hook = _pre_spawn
