#!/usr/bin/env bash
# Builds the runtime-only sluice (runtime, sluice-run, the OpenCL runtime and
# its tests) on the GPU machine from this checkout and the Debian 12 .debs in
# .debs/ (TBB, OpenBLAS, OpenCL headers and ICD loader, CLBlast, GTest,
# CLI11: see the README of this folder), then runs the OpenCL runtime's tests
# on the NVIDIA driver's OpenCL. Prints as it goes.
set -euo pipefail
cd "$(dirname "$0")/../.."
deps=/tmp/sluice-deps
mkdir -p "$deps"
for f in .debs/*.deb; do dpkg -x "$f" "$deps"; done
lib="$deps/usr/lib/x86_64-linux-gnu"
export LIBRARY_PATH="$lib:$lib/openblas-pthread${LIBRARY_PATH:+:$LIBRARY_PATH}"
export LD_LIBRARY_PATH="$lib:$lib/openblas-pthread${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CPATH="$deps/usr/include${CPATH:+:$CPATH}"
ln -sf libopenblas.so.0 "$lib/openblas-pthread/libopenblas.so" 2>/dev/null || true
cmake -S . -B /tmp/sluice-rt -G Ninja -DSLUICE_RUNTIME_ONLY=ON -DSLUICE_RUNTIME_TESTS=ON \
  -DCMAKE_PREFIX_PATH="$deps/usr" -DCMAKE_BUILD_TYPE=Release
cmake --build /tmp/sluice-rt -j "$(nproc)"
icd=/tmp/sluice-icd
mkdir -p "$icd"
echo /usr/local/nvidia/lib64/libnvidia-opencl.so.1 > "$icd/nvidia.icd"
export OCL_ICD_VENDORS="$icd" SLUICE_CACHE_DIR=/tmp/sluice-cache
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
/tmp/sluice-rt/bin/OpenclRuntimeTests "$@"
echo "== second run (program cache warm)"
/tmp/sluice-rt/bin/OpenclRuntimeTests --gtest_brief=1 "$@"
