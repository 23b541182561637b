#!/usr/bin/env bash
# Configures and builds sluice into build/ (Ninja, ccache when present).
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja
fi
cmake --build build -j "${SLUICE_JOBS:-$(nproc)}"
