#!/usr/bin/env bash
# Installs sluice into a fresh prefix and builds examples/embed against the
# installed tree alone (find_package(sluice), copied outside the source
# tree), then runs both applications: the JIT one (sluice::sluice) and the
# artifact one (sluice::runtime) on an artifact the installed `sluice
# compile` wrote, checked by the installed `sluice-run` too.
#
# Usage: embed-installed.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cp -r "$src/examples/embed" "$work/embed-src"
launcher=()
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$work/embed-src" -B "$work/app" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" > "$work/configure.log"
cmake --build "$work/app" -j2 > "$work/build.log"
"$work/prefix/bin/sluice" compile "$src/examples/ema.sl" --target cpu -o "$work/ema.artifact"
"$work/app/sluice-embed-artifact" "$work/ema.artifact"
"$work/prefix/bin/sluice-run" "$work/ema.artifact" --random B=2,T=64,D=8 --output-dir "$work/out"
test -f "$work/out/m.npy"
"$work/app/sluice-embed-example" "$src/examples/hawk_rglru.sl"
echo "embed-installed: OK"
