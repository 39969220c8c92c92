#!/usr/bin/env bash
# What the browser and PostgreSQL tests need beside Python: Debian's chromium and a local
# PostgreSQL server. Prints `export TEST_DATABASE_URL=...` for the Makefile to eval.
# Without root (a laptop), it says what is missing and those tests are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
    echo "note: not root: install chromium and postgresql yourself to run the browser and PostgreSQL tests" >&2
    exit 0
fi
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
# The cluster tests (tests/cluster) put two app workers behind Debian's nginx.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# Chinese answers in the browser tests' screenshots (and any CJK page) need a CJK font.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# llama.cpp's wheel (xllamacpp) links the system's OpenMP runtime.
ldconfig -p | grep -q 'libgomp\.so\.1' || missing+=(libgomp1)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2; }
fi
echo "export TEST_DATABASE_URL=$(.ci/postgres.sh)"
