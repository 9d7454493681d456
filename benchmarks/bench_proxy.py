"""Why 61 logins got 503: the class proxy under a crowd of slow requests (issue 14).

A stand-in for the hub answers every request after ``--tunda`` seconds (the hub
holds a "start my server" request up to its slow_spawn_timeout while the
server starts). ``--permintaan`` requests arrive at once through each proxy:

- ``pypi``: PyPI's configurable-http-proxy as it is (tornado's HTTP client:
  10 requests at a time, 20 s timeouts);
- ``kelas``: the same proxy through kemitraan_kelas.proxy (what make kelas runs);
- ``npm``: the npm proxy, when ``--npm PATH`` points at its command.

Printed per proxy: how many answers were 503 (refused), the others' codes,
median and slowest seconds. Everything runs on 127.0.0.1 and is stopped by pid.

    python benchmarks/bench_proxy.py [--permintaan 61] [--tunda 12] [--npm PATH]
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests

SLOW_UPSTREAM = """
import asyncio, sys
from tornado import web
class Slow(web.RequestHandler):
    async def get(self):
        await asyncio.sleep(float(sys.argv[2]))
        self.set_status(202)
        self.write("ok")
    post = get
async def main():
    web.Application([(r".*", Slow)]).listen(int(sys.argv[1]), "127.0.0.1")
    await asyncio.Event().wait()
asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process ended with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"port {port} not open in {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def one(url: str) -> tuple[int, float]:
    t0 = time.monotonic()
    try:
        code = requests.post(url, timeout=300).status_code
    except requests.RequestException:
        code = 0
    return code, time.monotonic() - t0


def measure(name: str, command: list[str], upstream: int, n: int) -> dict:
    port, api = free_port(), free_port()
    cmd = [*command, "--ip", "127.0.0.1", "--port", str(port), "--api-ip", "127.0.0.1",
           "--api-port", str(api), "--default-target", f"http://127.0.0.1:{upstream}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ,
                                                         "CONFIGPROXY_AUTH_TOKEN": "bench"})
    try:
        wait_port(port, proc)
        with ThreadPoolExecutor(max_workers=n) as pool:
            results = list(pool.map(one, [f"http://127.0.0.1:{port}/hub/api/x"] * n))
    finally:
        stop(proc)
    codes = collections.Counter(code for code, _ in results)
    times = [t for _, t in results]
    return {"name": name, "codes": dict(codes), "refused": codes.get(503, 0) + codes.get(0, 0),
            "median": statistics.median(times), "max": max(times)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--permintaan", type=int, default=61)
    p.add_argument("--tunda", type=float, default=12.0)
    p.add_argument("--npm", help="command of the npm configurable-http-proxy")
    args = p.parse_args()
    upstream = free_port()
    slow = subprocess.Popen([sys.executable, "-c", SLOW_UPSTREAM, str(upstream),
                             str(args.tunda)], start_new_session=True)
    rows = []
    try:
        wait_port(upstream, slow)
        bindir = os.path.dirname(sys.executable)
        variants = [("pypi", [os.path.join(bindir, "configurable-http-proxy")]),
                    ("kelas", [sys.executable, "-m", "kemitraan_kelas.proxy"])]
        if args.npm:
            variants.append(("npm", [args.npm]))
        for name, command in variants:
            rows.append(measure(name, command, upstream, args.permintaan))
    finally:
        stop(slow)
    print(f"{args.permintaan} permintaan serentak, hub tiruan menjawab setelah {args.tunda:.0f} s; "
          f"beban {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    for r in rows:
        print(f"  {r['name']:<6} ditolak (503/putus): {r['refused']:>3}  kode {r['codes']}  "
              f"median {r['median']:.1f} s, paling lama {r['max']:.1f} s")
    return 1 if any(r["refused"] for r in rows if r["name"] != "pypi") else 0


if __name__ == "__main__":
    sys.exit(main())
