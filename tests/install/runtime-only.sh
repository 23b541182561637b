#!/usr/bin/env bash
# Configures and builds sluice with -DSLUICE_RUNTIME_ONLY=ON while MLIR and
# LLVM cannot be found, installs it, and shows that what it built runs an
# artifact of the full build: sluice-run gives the outputs of `sluice run`,
# and examples/embed's artifact application builds against the runtime-only
# install (sluice::runtime alone).
#
# Usage: runtime-only.sh SLUICE_BIN_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
launcher=()
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$src" -B "$work/build" -G Ninja -DSLUICE_RUNTIME_ONLY=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_MLIR=ON -DCMAKE_DISABLE_FIND_PACKAGE_LLVM=ON \
  -DMLIR_DIR="$work/no-mlir" -DLLVM_DIR="$work/no-llvm" "${launcher[@]}" \
  > "$work/configure.log"
cmake --build "$work/build" -j2 > "$work/build.log"
# Nothing it built links LLVM or MLIR.
if ldd "$work/build/bin/sluice-run" | grep -i "llvm\|mlir"; then
  echo "runtime-only: sluice-run links LLVM or MLIR" >&2
  exit 1
fi
"$bin/sluice" compile "$src/examples/hawk_rglru.sl" --target cpu -o "$work/hawk.artifact" > /dev/null
"$work/build/bin/sluice-run" "$work/hawk.artifact" --random B=2,T=300,D=16 --seed 5 --output-dir "$work/aot"
"$bin/sluice" run "$src/examples/hawk_rglru.sl" --random B=2,T=300,D=16 --seed 5 --output-dir "$work/jit" > /dev/null
python3 "$src/tests/Run/Inputs/npy.py" closedir "$work/aot" "$work/jit" 1e-5
# Tuning needs no compiler either: with OpenCL and a device, the runtime-only
# sluice-run tunes an OpenCL artifact's look-back and writes the cache.
if grep -q "SLUICE_ENABLE_OPENCL:BOOL=ON" "$work/build/CMakeCache.txt" &&
   "$bin/sluice" compile "$src/examples/ema.sl" --target opencl -o "$work/ema-cl" > /dev/null &&
   "$work/build/bin/sluice-run" "$work/ema-cl" --random B=1,T=5,D=2 --output-dir "$work/cl-probe" > /dev/null 2>&1; then
  SLUICE_TUNING_CACHE="$work/tuning.json" "$work/build/bin/sluice-run" "$work/ema-cl" \
    --tune --tune-random 2 --random B=1,T=2000,D=2 > "$work/tune.log"
  grep -q "winner: chunk=" "$work/tune.log"
  grep -q '"size_class": "c1.t10.s1"' "$work/tuning.json"
fi
cmake --install "$work/build" --prefix "$work/prefix" > "$work/install.log"
test ! -e "$work/prefix/bin/sluice"
cp -r "$src/examples/embed" "$work/embed-src"
cmake -S "$work/embed-src" -B "$work/app" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  "${launcher[@]}" > "$work/app-configure.log"
cmake --build "$work/app" -j2 > "$work/app-build.log"
test ! -e "$work/app/sluice-embed-example"
"$bin/sluice" compile "$src/examples/ema.sl" -o "$work/ema.artifact" > /dev/null
"$work/app/sluice-embed-artifact" "$work/ema.artifact"
# Asking for the compiler of a runtime-only install fails at configure time.
mkdir -p "$work/needs-jit"
cat > "$work/needs-jit/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(needs_jit CXX)
find_package(sluice REQUIRED COMPONENTS sluice)
CMAKE
if cmake -S "$work/needs-jit" -B "$work/needs-jit/build" \
     -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/needs-jit.log" 2>&1; then
  echo "runtime-only: COMPONENTS sluice was found in a runtime-only install" >&2
  exit 1
fi
# (CMake wraps the reason: compare without spaces and newlines.)
tr -d ' \n' < "$work/needs-jit.log" | grep -q "thesluicecomponent'sluice'(thecompilerandJIT,sluice::sluice)isnotavailable" \
  || { cat "$work/needs-jit.log" >&2; exit 1; }
echo "runtime-only: OK"
