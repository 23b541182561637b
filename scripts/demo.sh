#!/usr/bin/env bash
# The main job on an example: installs what is missing, builds, prints the IR
# of the Hawk RG-LRU model with source locations, says what recognition made
# of it, and runs it on the CPU on random inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
echo "== sluice dump examples/hawk_rglru.sl --stage parsed"
./build/bin/sluice dump examples/hawk_rglru.sl --stage parsed
echo "== sluice dump examples/hawk_rglru.sl --stage recognized --remarks"
./build/bin/sluice dump examples/hawk_rglru.sl --stage recognized --remarks --hide-locations
echo "== sluice run examples/hawk_rglru.sl --random B=2,T=1000,D=64"
./build/bin/sluice run examples/hawk_rglru.sl --random B=2,T=1000,D=64 --output-dir build/demo-out
