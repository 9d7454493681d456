"""Serve the two apps to a training room of phones: ``make ruang``.

Like ``make app`` (``tools/app.py``), but for the whole room:

* Voilà listens on every network address of this computer, so phones and
  laptops on the same Wi-Fi reach it; the computer's address on that network
  (LAN) is found and printed;
* a QR code for each app is printed in the terminal and written, with the
  addresses in large type, to a page the trainer opens on the projector
  (``alamat-ruang.html``, plus one PNG per app);
* every visitor gets a map and answers of their own: each visitor's page runs
  in its own kernel, and in room mode (``$KEMITRAAN_MODE_RUANG``) each kernel keeps
  its answers in its own workbook in a new sub-folder of the room folder
  (:func:`kemitraan_lib.workbook.default_path`). Nothing is shared between
  visitors; participants take their map home with "Simpan peta" (a download
  link) and bring it back with "Buka peta…".

Options: ``--port N`` (default 8866 or a free port), ``--folder DIR`` (the room
folder; default ``~/BukuKerjaKemitraan/ruang-YYYYmmdd-HHMM``), ``--no-browser``
(do not open the QR page), ``--ip ADDRESS`` (listen only there; default all
addresses). Other arguments go to ``voila`` unchanged. Stop with Ctrl+C.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import ipaddress
import os
import socket
import sys
import webbrowser
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALL_ADDRESSES = "0.0.0.0"
QR_PAGE = "alamat-ruang.html"
IOPUB_TIMEOUT = 120  # seconds


def _app():
    spec = importlib.util.spec_from_file_location("kemitraan_app", ROOT / "tools" / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


APP = _app()


def lan_address() -> str | None:
    """This computer's address on its local network, or None when it has none.

    Asks the system which address it would use to reach a private-network
    address (a UDP "connect" sends nothing).
    """
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 9))
                address = sock.getsockname()[0]
            except OSError:
                continue
        if address and not ipaddress.ip_address(address).is_loopback and address != "0.0.0.0":
            return address
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


def room_urls(address: str, port: int) -> dict[str, str]:
    """``{title: url}`` of every app page at ``address``."""
    return {title: f"http://{address}:{port}/voila/render/{name}"
            for name, title in APP.PAGES.items()}


def room_command(port: int, ip: str, extra: list[str]) -> list[str]:
    """``make app``'s Voilà command, listening on ``ip`` and never opening a browser."""
    cmd = [f"--Voila.ip={ip}" if item.startswith("--Voila.ip=") else item
           for item in APP.voila_command(port, False, [])]
    # With a room of kernels starting at once, a busy server reads a kernel's output
    # late; Voilà's default (4 s) would then drop the app's widget: the page stays blank.
    return cmd + [f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}"] + extra


def room_environment(folder: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the room's Voilà: room mode on, no shared workbook file."""
    env = dict(os.environ if env is None else env)
    env.pop("KEMITRAAN_BUKU_KERJA", None)
    env["KEMITRAAN_MODE_RUANG"] = str(folder)
    env.setdefault("MPLBACKEND", "Agg")
    # make app's own additions (e.g. where Voilà finds the course's Indonesian index page)
    extend = getattr(APP, "index_page_environment", None)
    return extend(env) if extend is not None else env


def write_qr_page(folder: Path, urls: dict[str, str], note: str = "") -> Path:
    """Write the projector page (QR codes and addresses) and one PNG per app; return the page."""
    import segno

    folder.mkdir(parents=True, exist_ok=True)
    blocks = []
    for index, (title, url) in enumerate(urls.items(), start=1):
        qr = segno.make(url, error="m")
        qr.save(folder / f"qr-{index}.png", scale=12, border=2)
        blocks.append(
            f"<section><h2>{html.escape(title)}</h2>{qr.svg_inline(scale=10, border=2)}"
            f"<p class='alamat'>{html.escape(url)}</p></section>")
    note_html = f"<p class='catatan'>{html.escape(note)}</p>" if note else ""
    page = folder / QR_PAGE
    page.write_text(
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Alamat aplikasi untuk peserta</title><style>"
        "body{font-family:sans-serif;margin:2rem;text-align:center}"
        "main{display:flex;flex-wrap:wrap;gap:3rem;justify-content:center}"
        "h1{font-size:2.2rem}h2{font-size:1.8rem}.alamat{font-size:1.6rem;font-weight:bold;"
        "word-break:break-all}.catatan{font-size:1.2rem;color:#b71c1c}"
        "p{font-size:1.3rem}</style></head><body>"
        "<h1>Buka aplikasi di ponsel Anda</h1>"
        "<p>Sambungkan ponsel ke Wi-Fi yang sama dengan komputer pelatih, lalu pindai kode QR "
        "dengan kamera (atau ketik alamatnya di peramban). Setiap peserta mendapat peta dan "
        "jawaban sendiri.</p>"
        f"{note_html}<main>{''.join(blocks)}</main></body></html>",
        encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Sajikan Peta Mitra dan Pilih Pola Kemitraan ke ponsel peserta di ruang "
                    "pelatihan (satu Wi-Fi).")
    parser.add_argument("--port", type=int, default=None,
                        help=f"nomor port (bawaan {APP.DEFAULT_PORT}, atau port lain yang bebas)")
    parser.add_argument("--folder", default=None,
                        help="folder ruang (buku kerja tiap peserta); bawaan "
                             "~/BukuKerjaKemitraan/ruang-TANGGAL-JAM")
    parser.add_argument("--ip", default=ALL_ADDRESSES,
                        help="alamat yang didengarkan (bawaan: semua alamat komputer ini)")
    parser.add_argument("--no-browser", action="store_true",
                        help="jangan membuka halaman kode QR di peramban")
    args, extra = parser.parse_known_args(argv)
    missing = [name for name in APP.PAGES if not (APP.APPS / name).exists()]
    if missing:
        sys.exit(f"Berkas aplikasi tidak ditemukan di {APP.APPS}: {', '.join(missing)}.")
    port = args.port
    if port is None:
        port = APP.DEFAULT_PORT if APP.port_is_free(APP.DEFAULT_PORT) else APP.free_port()
    elif not APP.port_is_free(port):
        sys.exit(f"Port {port} sedang dipakai program lain. Pilih nomor lain, mis. "
                 f"--port {APP.free_port()}, atau jalankan tanpa --port.")
    folder = Path(args.folder).expanduser() if args.folder else (
        Path.home() / "BukuKerjaKemitraan" / f"ruang-{datetime.now():%Y%m%d-%H%M}")
    address = args.ip if args.ip != ALL_ADDRESSES else lan_address()
    note = ""
    if address is None:
        address = "127.0.0.1"
        note = ("Komputer ini belum tersambung ke jaringan (Wi-Fi): ponsel peserta belum bisa "
                "membuka alamat ini. Sambungkan ke Wi-Fi ruangan lalu jalankan lagi make ruang.")
    urls = room_urls(address, port)
    page = write_qr_page(folder, urls, note)

    import segno

    print("Aplikasi pelatihan untuk seluruh ruangan (mode ruang)", flush=True)
    if note:
        print(f"PERHATIAN: {note}", flush=True)
    print("Peserta membuka alamat berikut di ponsel/laptop (Wi-Fi yang sama):", flush=True)
    for title, url in urls.items():
        print(f"\n  {title}:\n  {url}", flush=True)
        segno.make(url, error="m").terminal(compact=True)
    print(f"\nHalaman kode QR untuk proyektor: {page}", flush=True)
    print(f"Jawaban tiap peserta disimpan terpisah di: {folder}", flush=True)
    print("Bila ponsel tidak bisa membuka alamatnya, izinkan port "
          f"{port} di firewall komputer ini.", flush=True)
    print("Tekan Ctrl+C di jendela ini untuk berhenti.", flush=True)
    if not args.no_browser:
        webbrowser.open(page.as_uri())
    cmd = room_command(port, args.ip, extra)
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, room_environment(folder))


if __name__ == "__main__":
    main()
