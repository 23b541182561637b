#!/usr/bin/env bash
# The main job on an example: installs what is missing, builds, and prints
# the IR of the Hawk RG-LRU model with source locations.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
./build/bin/sluice dump examples/hawk_rglru.sl --stage parsed
