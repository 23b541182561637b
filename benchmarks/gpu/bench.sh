#!/usr/bin/env bash
# The GPU benchmark of issue 9 on the lent H200, in one call of the device
# tool: builds the runtime-only sluice-run from this source tree and the
# carried Debian 12 .debs (as opencl-runtime-check.sh does), installs the
# carried wheels (accelerated-scan, fla-core, flash-linear-attention), and
# runs baselines.py, which prints one table: every case against the device
# copy and every baseline (see its docstring). Prints as it goes; the log
# goes to $OUT/bench.log.
#
#   bash SRC/benchmarks/gpu/bench.sh [baselines.py options: --cases, --reps, --smoke]
#
# Run from the root of the checkout the device tool sends; the paths default
# to folders there that .git/info/exclude ignores and `carry` names:
#   SLUICE_DEBS       the .debs (default: ./.debs)
#   SLUICE_WHEELS     the wheels (default: ./.whl)
#   SLUICE_ARTIFACTS  OpenCL artifacts, one folder per model, compiled with
#                     `sluice compile M.sl --target opencl -o DIR/M`
#                     (default: ./.gpuwork/artifacts)
#   SLUICE_TUNE       space-separated MODEL:SIZES pairs (linrec:B=8,T=512,D=1024):
#                     before the table, `sluice-run ART --tune --random SIZES`
#                     tunes each artifact's look-back at those sizes into the
#                     tuning cache the table's runs then read (default: none);
#                     each tuning run is cut off after SLUICE_TUNE_TIMEOUT s
#                     (default 150) and logged to $OUT/tune-MODEL-N.log
#   SLUICE_BENCH_SCRIPT the script run after the build (default baselines.py;
#                     sweep.py sweeps the look-back's knobs)
#   SLUICE_KEEP_BINARIES  set: the program cache's device binaries (PTX on
#                     NVIDIA) are copied to $OUT/binaries
set -uo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
root="$PWD"
debs="${SLUICE_DEBS:-$root/.debs}"
wheels="${SLUICE_WHEELS:-$root/.whl}"
artifacts="${SLUICE_ARTIFACTS:-$root/.gpuwork/artifacts}"
out="${OUT:-/tmp}"
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start )) s] $*"; }

stamp "unpacking $(ls "$debs"/*.deb | wc -l) .debs"
deps=/tmp/sluice-deps
mkdir -p "$deps"
for f in "$debs"/*.deb; do dpkg -x "$f" "$deps"; done
lib="$deps/usr/lib/x86_64-linux-gnu"
export LIBRARY_PATH="$lib:$lib/openblas-pthread${LIBRARY_PATH:+:$LIBRARY_PATH}"
export LD_LIBRARY_PATH="$lib:$lib/openblas-pthread${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CPATH="$deps/usr/include${CPATH:+:$CPATH}"
ln -sf libopenblas.so.0 "$lib/openblas-pthread/libopenblas.so" 2>/dev/null || true

stamp "building the runtime-only sluice-run from $src"
cmake -S "$src" -B /tmp/sluice-rt -G Ninja -DSLUICE_RUNTIME_ONLY=ON \
  -DCMAKE_PREFIX_PATH="$deps/usr" -DCMAKE_BUILD_TYPE=Release >"$out/cmake.log" 2>&1 \
  || { tail -30 "$out/cmake.log"; exit 1; }
cmake --build /tmp/sluice-rt -j "$(nproc)" --target sluice-run >>"$out/cmake.log" 2>&1 \
  || { tail -40 "$out/cmake.log"; exit 1; }
icd=/tmp/sluice-icd
mkdir -p "$icd"
echo /usr/local/nvidia/lib64/libnvidia-opencl.so.1 > "$icd/nvidia.icd"
export OCL_ICD_VENDORS="$icd" SLUICE_CACHE_DIR=/tmp/sluice-cache

wheelCount=$(ls "$wheels"/*.whl 2>/dev/null | wc -l)
stamp "installing $wheelCount wheels"
# (None: sweep.py and the sluice-only runs need no baselines.)
if [ "$wheelCount" -gt 0 ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
    --upgrade --target /tmp/site "$wheels"/*.whl || exit 1
fi
export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
# JAX must not take 75% of the GPU ahead: torch and sluice-run share it.
export XLA_PYTHON_CLIENT_PREALLOCATE=false PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,memory.used --format=csv,noheader || true
ls "$artifacts" 2>/dev/null | tr '\n' ' '; echo

export SLUICE_TUNING_CACHE=/tmp/sluice-cache/tuning.json
tuned=0
for pair in ${SLUICE_TUNE:-}; do
  model="${pair%%:*}" sizes="${pair#*:}"
  stamp "tuning $model at $sizes"
  # Bounded (SLUICE_TUNE_TIMEOUT seconds, default 150) and logged as it
  # goes to $OUT/tune-<model>-<n>.log, so a tuning run that hangs costs
  # neither the table nor its own output.
  log="$out/tune-$model-$((++tuned)).log"
  timeout "${SLUICE_TUNE_TIMEOUT:-150}" /tmp/sluice-rt/bin/sluice-run \
    "$artifacts/$model" --tune --random "$sizes" \
    --output-dir /tmp/sluice-tune-out >"$log" 2>&1
  stamp "tuning $model: exit $? ($log)"
  tail -14 "$log"
done

script="${SLUICE_BENCH_SCRIPT:-baselines.py}"
stamp "running $script $*"
python3 "$src/benchmarks/gpu/$script" --sluice-run /tmp/sluice-rt/bin/sluice-run \
  --artifacts "$artifacts" "$@" 2>&1 | tee "$out/bench.log"
status=${PIPESTATUS[0]}
# The device binaries the runs built (NVIDIA: PTX), to read what the OpenCL
# compiler made of the kernels.
if [ -n "${SLUICE_KEEP_BINARIES:-}" ]; then
  mkdir -p "$out/binaries" && cp /tmp/sluice-cache/opencl/* "$out/binaries/" 2>/dev/null
fi
stamp "done (status $status)"
exit "$status"
