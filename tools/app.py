"""Serve the tools as Voilà apps for a training room: ``make app``.

Runs ``voila apps/`` on this computer only (127.0.0.1), one page per tool:

* Peta Mitra:            http://127.0.0.1:PORT/voila/render/peta-mitra.ipynb
* Pilih Pola Kemitraan:  http://127.0.0.1:PORT/voila/render/pilih-pola.ipynb
* Cek Kesehatan:         http://127.0.0.1:PORT/voila/render/cek-kesehatan.ipynb
* Monev dan peta:        http://127.0.0.1:PORT/voila/render/riwayat-kemitraan.ipynb

Options: ``--port N`` (default 8866, or a free port when that one is taken),
``--no-browser`` (do not open the browser). Stop with Ctrl+C. Other
arguments go to ``voila`` unchanged.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "apps"
HOST = "127.0.0.1"
DEFAULT_PORT = 8866
PAGES = {
    "peta-mitra.ipynb": "Peta Mitra (memetakan calon mitra)",
    "pilih-pola.ipynb": "Pilih Pola Kemitraan",
    "cek-kesehatan.ipynb": "Cek Kesehatan Kemitraan",
    "riwayat-kemitraan.ipynb": "Kemitraan dari Waktu ke Waktu (monev dan peta)",
}


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def page_urls(port: int) -> dict[str, str]:
    """``{title: url}`` of every app page."""
    return {title: f"http://{HOST}:{port}/voila/render/{name}" for name, title in PAGES.items()}


# Voilà's own index page in Indonesian: template "kemitraan" (Voilà's "lab" template plus
# tools/voila-data/voila/templates/kemitraan/tree.html), found through JUPYTER_PATH.
VOILA_DATA = ROOT / "tools" / "voila-data"
INDEX_ARGS = ["--template=kemitraan", "--VoilaConfiguration.classic_tree=True"]


def index_page_environment(env: dict[str, str]) -> dict[str, str]:
    """``env`` plus what Voilà needs to find the course's Indonesian index page."""
    paths = [str(VOILA_DATA)] + ([env["JUPYTER_PATH"]] if env.get("JUPYTER_PATH") else [])
    return {**env, "JUPYTER_PATH": os.pathsep.join(paths)}


def voila_command(port: int, open_browser: bool, extra: list[str]) -> list[str]:
    cmd = [
        sys.executable, "-m", "voila", str(APPS),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--Voila.port_retries=0",  # the printed addresses must be the real ones
        "--VoilaConfiguration.show_tracebacks=False",
        *INDEX_ARGS,
    ]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd + extra


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Jalankan alat kursus (Peta Mitra, Pilih Pola, Cek Kesehatan, riwayat) "
                    "sebagai aplikasi web (Voilà).")
    parser.add_argument("--port", type=int, default=None,
                        help=f"nomor port (bawaan {DEFAULT_PORT}, atau port lain yang bebas)")
    parser.add_argument("--no-browser", action="store_true", help="jangan membuka peramban")
    args, extra = parser.parse_known_args(argv)
    missing = [name for name in PAGES if not (APPS / name).exists()]
    if missing:
        sys.exit(f"Berkas aplikasi tidak ditemukan di {APPS}: {', '.join(missing)}.")
    port = args.port
    if port is None:
        port = DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()
    elif not port_is_free(port):
        sys.exit(f"Port {port} sedang dipakai program lain. Pilih nomor lain, mis. "
                 f"--port {free_port()}, atau jalankan tanpa --port.")
    print("Aplikasi pelatihan Membangun Jaringan Kemitraan", flush=True)
    print("Buka alamat berikut di peramban (Chrome/Firefox) di komputer ini:", flush=True)
    for title, url in page_urls(port).items():
        print(f"  - {title}: {url}", flush=True)
    print(f"Daftar semua aplikasi: http://{HOST}:{port}/", flush=True)
    print("Tekan Ctrl+C di jendela ini untuk berhenti.", flush=True)
    cmd = voila_command(port, not args.no_browser, extra)
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, index_page_environment(dict(os.environ)))


if __name__ == "__main__":
    main()
