#!/usr/bin/env bash
# Configures and builds sluice (Ninja, ccache when present) into build/, or
# into $BUILD_DIR; extra arguments go to the first configure, e.g.
#   BUILD_DIR=build-asan scripts/build.sh -DSLUICE_SANITIZE=address,undefined
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
dir="${BUILD_DIR:-build}"
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "$@"
fi
cmake --build "$dir" -j "${SLUICE_JOBS:-$(nproc)}"
