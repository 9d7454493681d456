"""JupyterHub's local process spawner for the class: own account, a start queue.

``KelasSpawner`` is JupyterHub's standard ``LocalProcessSpawner`` with three
changes:

- the Unix account is ``<prefix><hub user>`` (``jupyter-p01`` for ``p01``, as
  in The Littlest JupyterHub); without Unix accounts every server runs as the
  hub's own user in ``rumah/<id>`` (the old ``SimpleLocalProcessSpawner`` way);
- at most ``start_limit`` servers start at once; the others wait their turn
  first come, first served inside ``start()``, so JupyterHub shows them its own
  spawn-pending page (Indonesian, ``templates/spawn_pending.html``) with their
  place in the queue and opens their server when it is ready: a crowd that
  logs in within the same minute is queued, never refused;
- ``start()`` returns only once the server answers HTTP, so the queue paces
  the expensive part (the server loading its extensions), not only ``fork``.

Participants' servers run with umask 077, graders' with 007 (the course
folder is shared by the graders' group).
"""

from __future__ import annotations

import asyncio
import os
import pwd

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Bool, Integer, List, Unicode

__all__ = ["StartQueue", "KelasSpawner"]


class StartQueue:
    """At most ``limit`` holders at once; the others wait in arrival order."""

    def __init__(self, limit: int):
        self.limit = max(1, int(limit))
        self.running: set[object] = set()
        self.waiting: list[tuple[object, asyncio.Future]] = []

    def position(self, key: object) -> int | None:
        """0 while ``key`` holds a place, n >= 1 while n-th in line, None otherwise."""
        if key in self.running:
            return 0
        for i, (k, _fut) in enumerate(self.waiting, start=1):
            if k is key:
                return i
        return None

    async def enter(self, key: object) -> None:
        if len(self.running) < self.limit and not self.waiting:
            self.running.add(key)
            return
        fut = asyncio.get_running_loop().create_future()
        self.waiting.append((key, fut))
        try:
            await fut
        except asyncio.CancelledError:
            self.waiting = [(k, f) for k, f in self.waiting if k is not key]
            if key in self.running:  # the place was given just as we were cancelled
                self.leave(key)
            raise

    def leave(self, key: object) -> None:
        self.running.discard(key)
        while self.waiting and len(self.running) < self.limit:
            k, fut = self.waiting.pop(0)
            if fut.done():
                continue
            self.running.add(k)
            fut.set_result(None)


class KelasSpawner(LocalProcessSpawner):
    """One local process per user, as the user's own Unix account, started in turn."""

    unix_accounts = Bool(False, config=True, help="Run each server as <prefix><user>.")
    account_prefix = Unicode("jupyter-", config=True, help="Prefix of the Unix accounts.")
    home_root = Unicode("", config=True, help="Folder of the homes without Unix accounts.")
    grader_users = List(Unicode(), config=True, help="Hub users who grade (umask 007).")
    start_limit = Integer(4, config=True, help="Servers starting at the same time.")

    _queues: dict = {}

    @property
    def unix_name(self) -> str:
        return f"{self.account_prefix}{self.user.name}"

    @property
    def queue(self) -> StartQueue:
        loop = asyncio.get_running_loop()
        q = self._queues.get(loop)
        if q is None or q.limit != max(1, self.start_limit):
            q = self._queues[loop] = StartQueue(self.start_limit)
        return q

    @property
    def home(self) -> str:
        if self.unix_accounts:
            return pwd.getpwnam(self.unix_name).pw_dir
        return os.path.join(self.home_root, self.user.name)

    def make_preexec_fn(self, name):
        umask = 0o007 if self.user.name in self.grader_users else 0o077
        if self.unix_accounts:
            become = set_user_setuid(self.unix_name)

            def preexec():
                os.umask(umask)
                become()

            return preexec
        home = self.home

        def preexec():
            os.umask(umask)
            os.makedirs(home, 0o700, exist_ok=True)
            os.chdir(home)

        return preexec

    def user_env(self, env):
        if self.unix_accounts:
            info = pwd.getpwnam(self.unix_name)
            env.update(USER=self.unix_name, LOGNAME=self.unix_name, HOME=info.pw_dir,
                       SHELL=info.pw_shell or "/bin/bash")
        else:
            env.update(USER=self.user.name, HOME=self.home)
        return env

    async def start(self):
        key = self._queue_key = object()
        queue = self.queue
        await queue.enter(key)
        try:
            ip, port = await super().start()
            path = self.server.base_url + "api" if self.server else "/"
            await self._wait_until_answering(ip or "127.0.0.1", port, path)
        finally:
            queue.leave(key)
        return ip, port

    async def _wait_until_answering(self, ip: str, port: int, path: str) -> None:
        """Return once the server answers HTTP; fail if its process ends first."""
        while True:
            status = self.proc.poll() if self.proc is not None else None
            if status is not None:
                raise RuntimeError(
                    f"server of {self.user.name} ended with code {status} while starting")
            if await _answers(ip, port, path):
                return
            await asyncio.sleep(0.3)

    async def progress(self):
        """Indonesian progress for the spawn-pending page: place in the queue, then starting."""
        last = None
        while True:
            key = getattr(self, "_queue_key", None)
            pos = self.queue.position(key) if key is not None else None
            if pos:
                event = {"progress": 10, "message": (
                    f"Banyak peserta sedang masuk bersamaan. Nomor antrean Anda: {pos}. "
                    "Server Anda dinyalakan sesudah giliran ini; halaman ini akan terbuka "
                    "sendiri. Jangan tutup halaman ini.")}
            elif pos == 0:
                event = {"progress": 50, "message": "Server Anda sedang dinyalakan ..."}
            else:
                event = None
            if event is not None and event != last:
                yield event
                last = event
            await asyncio.sleep(1)


async def _answers(ip: str, port: int, path: str) -> bool:
    """True when an HTTP server at ip:port sends back a status line for GET path."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(ip, port), 2)
    except (OSError, asyncio.TimeoutError):
        return False
    try:
        writer.write(f"GET {path} HTTP/1.0\r\nHost: {ip}:{port}\r\n\r\n".encode())
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 10)
        return line.startswith(b"HTTP/")
    except (OSError, asyncio.TimeoutError):
        return False
    finally:
        writer.close()
