"""JupyterHub settings of one class (``deploy/jupyterhub/jupyterhub_config.py`` calls this).

Roles:
- participants (peserta): log in with the shared class password; JupyterLab in
  Indonesian; nbgrader's Assignments tab (fetch/submit through the exchange);
  no instructor tools (config folder ``peserta/``).
- graders (pelatih, one or two): log in with the grader password; hub admins;
  the formgrader over the course folder (config folder ``pelatih/``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .plan import (
    ENV_GRADER_PASSWORD,
    ENV_PASSWORD,
    ENV_SERVICE_TOKEN,
    ClassPlan,
    server_environment,
    server_role,
)

__all__ = ["configure", "templates", "START_TIMEOUT"]

START_TIMEOUT = 900  # seconds for start(), queue included (the last of 60 waits longest)


def templates(plan: ClassPlan) -> Path:
    """The Indonesian page templates, in the project (this module runs from the class's copy)."""
    return Path(plan.repo_root) / "deploy" / "jupyterhub" / "templates"


def proxy_command(plan: ClassPlan) -> list[str]:
    """The proxy: PyPI's without its 10-request limit (proxy.py), or npm's if asked for."""
    if plan.proxy == "npm":
        found = shutil.which("configurable-http-proxy")
        if found is None:
            raise RuntimeError("npm configurable-http-proxy not on PATH")
        return [found]
    return [plan.python, "-m", "kemitraan_kelas.proxy"]


def configure(c, plan: ClassPlan, debug: bool = False) -> None:
    """Fill JupyterHub's config object ``c`` for ``plan``."""
    # -- network: the proxy faces the room, the hub itself only listens on loopback ----------
    c.JupyterHub.bind_url = f"http://{plan.ip}:{plan.port}/"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = plan.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{plan.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = proxy_command(plan)
    c.ConfigurableHTTPProxy.should_start = True
    if debug:
        c.JupyterHub.log_level = "DEBUG"
        c.ConfigurableHTTPProxy.debug = True

    # -- state of the hub lives in the class folder -----------------------------------------
    c.JupyterHub.db_url = f"sqlite:///{plan.hub_dir / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(plan.hub_dir / "jupyterhub_cookie_secret")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True

    # -- who may log in -----------------------------------------------------------------------
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ[ENV_PASSWORD]
    c.SharedPasswordAuthenticator.admin_password = os.environ[ENV_GRADER_PASSWORD]
    c.Authenticator.allowed_users = set(plan.participant_ids) | set(plan.graders)
    c.Authenticator.admin_users = set(plan.graders)

    # Indonesian pages: login, waiting for a server, errors
    c.JupyterHub.template_paths = [str(templates(plan))]
    # Show the waiting page after 2 s instead of a blank browser tab for 10 s.
    c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 2}
    # A server that was stopped (idle) starts again by itself when its owner comes back.
    c.JupyterHub.implicit_spawn_seconds = 3

    services, roles = [], []
    token = os.environ.get(ENV_SERVICE_TOKEN)
    if token:  # for scripts (tests, benchmarks, a trainer's own automation)
        services.append({"name": "kemitraan-otomasi", "api_token": token})
        roles.append({
            "name": "kemitraan-otomasi",
            "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users",
                       "admin:server_state"],
            "services": ["kemitraan-otomasi"],
        })
    if plan.idle_minutes > 0:  # servers nobody used for that long are stopped (work is saved)
        services.append({
            "name": "idle-culler",
            "command": [plan.python, "-m", "jupyterhub_idle_culler",
                        f"--timeout={plan.idle_minutes * 60}",
                        f"--cull-every={min(600, max(60, plan.idle_minutes * 15))}"],
        })
        roles.append({
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        })
    c.JupyterHub.services = services
    c.JupyterHub.load_roles = roles

    # -- single-user servers: one local process per user, each as its own account ------------
    c.JupyterHub.spawner_class = "kemitraan_kelas.spawner.KelasSpawner"
    c.KelasSpawner.unix_accounts = plan.unix_accounts
    c.KelasSpawner.account_prefix = plan.account_prefix
    c.KelasSpawner.home_root = str(plan.homes)
    c.KelasSpawner.grader_users = list(plan.graders)
    c.KelasSpawner.start_limit = plan.start_limit
    c.Spawner.cmd = [plan.python, "-m", "kemitraan_kelas.server"]
    c.Spawner.default_url = "/lab"
    # Our queue paces the starts (spawner.py); JupyterHub's own limit would refuse
    # logins with 429 instead of queuing them.
    c.JupyterHub.concurrent_spawn_limit = 0
    c.Spawner.start_timeout = START_TIMEOUT
    c.Spawner.http_timeout = 120

    base_args = []
    if os.geteuid() == 0 and not plan.unix_accounts:
        base_args.append("--allow-root")
    if plan.idle_minutes > 0:  # kernels left idle (browser closed) are stopped too
        base_args += [f"--MappingKernelManager.cull_idle_timeout={plan.idle_minutes * 60}",
                      "--MappingKernelManager.cull_interval=300"]

    def pre_spawn(spawner):
        """Role-specific environment, folder, start page and options of one server."""
        name = spawner.user.name
        spawner.environment = {**spawner.environment, **server_environment(plan, name)}
        args = list(base_args)
        if server_role(plan, name) == "pelatih":
            # The formgrader needs the course folder inside the server's root folder.
            spawner.notebook_dir = plan.course_root
            spawner.default_url = "/lab"
        else:
            landing = Path(plan.material_dir) / "modules" / "00-mulai.ipynb"
            spawner.default_url = (
                "/lab/tree/kursus/modules/00-mulai.ipynb" if landing.exists() else "/lab"
            )
            if plan.participant_terminal:
                args.append("--ServerApp.terminals_enabled=True")
        spawner.args = args

    c.Spawner.pre_spawn_hook = pre_spawn
