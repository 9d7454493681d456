"""The class's HTTP proxy: PyPI's ``configurable-http-proxy`` without its hidden limits.

Why a whole class got 503 (issue 14): the Python proxy forwards every request
with tornado's ``AsyncHTTPClient``, whose defaults are **10 requests at a time**
(``max_clients``) and a **20 s** queue and request timeout. When 61 servers are
started at once, each start request waits on the hub for up to its
``slow_spawn_timeout``; the eleventh and later requests queue inside the proxy,
and those still queued or unanswered after 20 s fail with "Timeout in request
queue" / "Timeout during request", which the proxy turns into **503**. The same
limit throttles a room of browsers loading JupyterLab through the proxy, and a
formgrader request longer than 20 s (autograding a notebook) failed the same way.

This wrapper raises the concurrent-request limit and turns the per-request
timeout off (``--proxy-timeout 0``, like the npm proxy's default), then runs
the PyPI proxy's own command line unchanged::

    python -m kemitraan_kelas.proxy [configurable-http-proxy options]
"""

from __future__ import annotations

import sys

__all__ = ["MAX_CLIENTS", "main"]

MAX_CLIENTS = 2000


def main(argv: list[str] | None = None) -> int:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=MAX_CLIENTS)
    args = list(sys.argv[1:] if argv is None else argv)
    if not any(a.startswith("--proxy-timeout") for a in args):
        args += ["--proxy-timeout", "0"]
    from configurable_http_proxy.cli import main as chp

    return chp.main(args=args, prog_name="configurable-http-proxy", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main())
