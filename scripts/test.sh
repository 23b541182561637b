#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: lit (frontend, IR,
# passes, examples, CLI), the gtests, and a bounded run of the frontend fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export POCL_CACHE_DIR="$PWD/build/pocl-cache"
(cd build && ctest --output-on-failure -j "${SLUICE_JOBS:-$(nproc)}")

