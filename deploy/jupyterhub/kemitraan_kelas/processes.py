"""Starting and stopping the hub (and through it the proxy and every server) by process id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .plan import DEPLOY, ENV_PLAN, ClassPlan, KelasError

__all__ = ["port_is_free", "lan_address", "start_hub", "wait_for_hub", "hub_log_tail",
           "stop_process_tree", "kill_recorded", "ENV_DEBUG"]

ENV_DEBUG = "KEMITRAAN_KELAS_RINCI"


def port_is_free(ip: str, port: int) -> bool:
    try:
        socket.inet_aton(ip)
    except OSError as exc:
        raise KelasError(
            f"Alamat --ip '{ip}' tidak sah. Pakai 0.0.0.0 (semua jaringan) atau alamat "
            "komputer ini, misalnya 127.0.0.1 atau 192.168.1.10."
        ) from exc
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def lan_address() -> str:
    """This machine's address on the room's network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def start_hub(plan: ClassPlan, plan_path: Path, secrets_env: dict[str, str],
              debug: bool = False) -> subprocess.Popen:
    """Start JupyterHub (and through it the proxy) in its own process session."""
    env = dict(os.environ)
    env.update(secrets_env)
    env[ENV_PLAN] = str(plan_path)
    if plan.unix_accounts:  # the hub imports the class's copy; else the project's install
        env["PYTHONPATH"] = str(plan.library_dir)
    if debug:
        env[ENV_DEBUG] = "1"
    log = open(plan.hub_dir / "jupyterhub.log", "ab")  # noqa: SIM115 - owned by the child
    try:
        return subprocess.Popen(
            [plan.python, "-m", "jupyterhub", "-f", str(DEPLOY / "jupyterhub_config.py")],
            cwd=plan.hub_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    finally:
        log.close()


def wait_for_hub(plan: ClassPlan, proc: subprocess.Popen, timeout: float = 120) -> None:
    host = "127.0.0.1" if plan.ip in ("0.0.0.0", "") else plan.ip
    url = f"http://{host}:{plan.port}/hub/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise KelasError(f"JupyterHub berhenti saat dinyalakan.\n{hub_log_tail(plan)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise KelasError(f"JupyterHub tidak siap dalam {timeout:.0f} detik.\n{hub_log_tail(plan)}")


def hub_log_tail(plan: ClassPlan, chars: int = 2500) -> str:
    log = plan.hub_dir / "jupyterhub.log"
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return f"Catatan terakhir ({log}):\n{text[-chars:]}"


def stop_process_tree(proc: subprocess.Popen, timeout: float = 30) -> int:
    """SIGTERM ``proc`` (JupyterHub stops its servers and proxy), then SIGKILL leftovers.

    Descendants are recorded before the signal, so servers started in their own
    process sessions are found even after the hub has gone. Leftovers are
    killed by process group (only groups led by a recorded process) and by pid.
    """
    import psutil

    try:
        tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    if proc.poll() is None:
        try:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            pass
    forced = kill_recorded(tree)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
    return forced


def kill_recorded(processes) -> int:
    """SIGKILL the still-running ones of ``processes`` (psutil objects) and their groups.

    Returns how many were still running.
    """
    import psutil

    own_group = os.getpgrp()
    pids = {p.pid for p in processes}
    forced = 0
    for p in processes:
        try:
            if not p.is_running() or p.status() == psutil.STATUS_ZOMBIE:
                continue
            forced += 1
            pgid = os.getpgid(p.pid)
            if pgid != own_group and pgid in pids:
                os.killpg(pgid, signal.SIGKILL)
            p.kill()
        except (ProcessLookupError, psutil.NoSuchProcess, PermissionError):
            pass
    return forced
