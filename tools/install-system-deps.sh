#!/usr/bin/env bash
# Debian packages the test suite needs: chromium (browser tests), git (learner's copy),
# PostgreSQL (two graders on one gradebook), bubblewrap (the sandbox every autograded
# notebook runs in, kemitraan_lib/grading/sandbox.py), poppler-utils (reads the printed
# course book back from PDF) and Debian's python3 with venv (the class server's Python,
# usable by every Unix account: make kelas). Run as root; idempotent.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v git >/dev/null 2>&1 || need+=(git)  # the learner's copy of the course (make lab)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)  # sandboxed autograding
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
/usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi
