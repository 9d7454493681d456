# Membangun Jaringan Kemitraan — set-up, course, tests.
# Two commands on a fresh machine (see README.md):
#   make lab    set up .venv and open the course (learner view, Indonesian UI)
#   make test   set up .venv with the test extras and run every check
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BASE_STAMP := $(VENV)/.kemitraan-base
TEST_STAMP := $(VENV)/.kemitraan-test
KELAS_STAMP := $(VENV)/.kemitraan-kelas
BUKU_STAMP := $(VENV)/.kemitraan-buku
PESERTA ?=
PELATIH ?=
PORT    ?= 8000
TUGAS   ?=
PEKERJA ?=
PAKSA   ?=

.PHONY: lab pelatih app ruang kelas latihan nilai laporan test setup setup-test bench lint clean help
.DEFAULT_GOAL := help

help:
	@echo "make setup    - hanya pasang .venv, paket, bahasa dan pengaturan (tanpa membuka)"
	@echo "make lab      - siapkan .venv lalu buka kursus (peserta, salinan di ~/KursusKemitraan)"
	@echo "               LAB_ARGS=\"--no-browser --port 9000\" untuk argumen JupyterLab"
	@echo "make pelatih  - buka kursus dengan alat pelatih (nbgrader); LAB_ARGS juga berlaku"
	@echo "make test     - siapkan .venv + perlengkapan uji, jalankan semua pemeriksaan"
	@echo "make app      - Peta Mitra, Pilih Pola, Cek Kesehatan dan riwayat kemitraan sebagai aplikasi web (Voila)"
	@echo "               APP_ARGS=\"--no-browser --port 9000\" untuk argumen aplikasi"
	@echo "make ruang    - sajikan kedua aplikasi ke ponsel peserta (Wi-Fi yang sama): alamat + kode QR, tiap peserta punya peta sendiri [APP_ARGS=...]"
	@echo "make kelas    - kelas di JupyterHub: make kelas PESERTA=peserta.csv PELATIH=pak-arif[,bu-dewi] [PORT=8000]"
	@echo "make latihan  - buat ulang exercises/ dari solutions/ (nbgrader generate_assignment)"
	@echo "make nilai    - nilai semua kiriman satu tugas (paralel, dalam sandbox): make nilai TUGAS=tugas-03-pemetaan [PEKERJA=2] [PAKSA=1]"
	@echo "make laporan  - laporan kelas dari gradebook (heatmap PNG, CSV, Excel di laporan/)"
	@echo "make bench    - jalankan semua skrip benchmarks/"
	@echo "make buku     - buat buku kursus HTML tanpa server (buku/index.html, cetak: buku/cetak.html)"

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Perlu Python 3.10 atau lebih baru"' \
	  || { echo "Perlu Python 3.10+ (perintah: $(PYTHON))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Gagal membuat .venv. Di Debian/Ubuntu pasang dulu: sudo apt-get install python3-venv"; \
	  rm -rf $(VENV); exit 1; }

# setuptools explains its editable install in a boxed warning at every install (the
# packages live in two folders); it says nothing the course needs, so it is silenced.
PIP_INSTALL = PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet

$(BASE_STAMP): pyproject.toml tools/siapkan_lab.py kemitraan_lab/terjemahan.py $(wildcard kemitraan_lab/po/*/*.po) | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e .
	$(PY) tools/siapkan_lab.py
	@touch $@

$(TEST_STAMP): $(BASE_STAMP) pyproject.toml
	$(PIP_INSTALL) -e ".[test,kelas,buku]"
	@touch $@

$(KELAS_STAMP): $(BASE_STAMP) pyproject.toml
	$(PIP_INSTALL) -e ".[kelas]"
	@touch $@

$(BUKU_STAMP): $(BASE_STAMP) pyproject.toml
	$(PIP_INSTALL) -e ".[buku]"
	@touch $@

setup: $(BASE_STAMP)
setup-test: $(TEST_STAMP)

lab: $(BASE_STAMP)
	$(PY) tools/buka.py --peran peserta $(LAB_ARGS)

pelatih: $(BASE_STAMP)
	$(PY) tools/buka.py --peran pelatih $(LAB_ARGS)

app: $(BASE_STAMP)
	$(PY) tools/app.py $(APP_ARGS)

ruang: $(BASE_STAMP)
	$(PY) tools/ruang.py $(APP_ARGS)

kelas: $(KELAS_STAMP)
	$(PY) deploy/jupyterhub/kelas.py --peserta "$(PESERTA)" --pelatih "$(PELATIH)" --port $(PORT) $(KELAS_ARGS)

latihan: $(BASE_STAMP)
	$(PY) tools/nilai_perbarui_latihan.py

nilai: $(BASE_STAMP)
	$(PY) -m kemitraan_lib.grading.nilai "$(TUGAS)" $(if $(PEKERJA),--pekerja $(PEKERJA)) $(if $(PAKSA),--paksa) $(NILAI_ARGS)

laporan: $(BASE_STAMP)
	$(PY) -m kemitraan_lib.grading.report $(LAPORAN_ARGS)

# The course book: every module of modules/urutan.json executed, as static HTML (see
# docs/course-book.md). BUKU_ARGS="--keluaran DIR --paralel 1" to change the defaults.
.PHONY: buku
buku: $(BUKU_STAMP)
	$(PY) -m kemitraan_lib.book $(BUKU_ARGS)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .

test: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	@# as root the class-server tests run real Unix accounts on the class's own Python
	@# (a venv from Debian's python3 in /opt/kemitraan-kelas, built once, then reused)
	@if [ "$$(id -u)" = 0 ]; then $(PY) -m kemitraan_kelas.class_env >/dev/null; fi
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	@set -e; for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
