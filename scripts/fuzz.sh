#!/usr/bin/env bash
# Builds a libFuzzer target with clang and runs it for a bounded time:
#   scripts/fuzz.sh [frontend|pipeline|ir] [SECONDS]
# frontend: the lexer, parser and Sema (pure C++, with ASan and UBSan);
# pipeline: text through IRGen, the verifier and the recognition passes
# (needs the cmake build for the generated .inc files and libMLIR);
# ir: mutated MLIR through the verifier, recognition and CPU codegen (plan,
# kernels, lowering to LLVM; no JIT): IR that verifies must compile or be
# rejected with an error (same needs as pipeline).
# Seeded with the examples and the test models (ir: tests/IR, tests/Passes
# split at '// -----', and the examples' parsed IR). Exits non-zero when the
# fuzzer finds a crash, an abort, undefined behaviour or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-frontend}"
seconds="${2:-60}"
out="${SLUICE_FUZZ_DIR:-build/fuzz}/$target"
mkdir -p "$out/corpus" "$out/artifacts"
CXX_FUZZ="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++)}"
frontend=(frontend/AST.cpp frontend/Diagnostics.cpp frontend/Lexer.cpp
          frontend/Parser.cpp frontend/Sema.cpp frontend/SemaExpr.cpp frontend/SemaShapes.cpp frontend/SemaTypes.cpp frontend/SemaWhere.cpp frontend/Frontend.cpp)
case "$target" in
  frontend)
    sources=("${frontend[@]}" tests/fuzz/FrontendFuzzer.cpp)
    flags=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
    libs=() ;;
  pipeline)
    sources=("${frontend[@]}" frontend/IRGen.cpp frontend/IRGenScan.cpp ir/SluiceAttrs.cpp ir/SluiceDialect.cpp ir/SluiceOps.cpp
             passes/*.cpp tests/fuzz/PipelineFuzzer.cpp)
    flags=(-fsanitize=fuzzer -I build -isystem /usr/lib/llvm-19/include)
    libs=(-L/usr/lib/llvm-19/lib -lMLIR -lLLVM -Wl,-rpath,/usr/lib/llvm-19/lib) ;;
  ir)
    sources=(ir/SluiceAttrs.cpp ir/SluiceDialect.cpp ir/SluiceOps.cpp passes/*.cpp codegen/SymbolicShapes.cpp
             codegen/cpu/[!C]*.cpp runtime/Plan.cpp runtime/Tensor.cpp runtime/HostBlockPool.cpp runtime/CacheFiles.cpp runtime/Megabytes.cpp runtime/WarnOnce.cpp
             tests/fuzz/IrFuzzer.cpp)
    flags=(-fsanitize=fuzzer,address -I build -isystem /usr/lib/llvm-19/include)
    libs=(-L/usr/lib/llvm-19/lib -lMLIR -lLLVM -Wl,-rpath,/usr/lib/llvm-19/lib) ;;
  *) echo "usage: scripts/fuzz.sh [frontend|pipeline|ir] [SECONDS]" >&2; exit 2 ;;
esac
# (Artifacts are not fuzzed here: the writer links the runtime's artifact code.)
for i in "${!sources[@]}"; do
  [ "${sources[$i]}" = codegen/cpu/SharedObjectWriter.cpp ] && unset 'sources[i]'
done
sources=("${sources[@]}")
binary="$out/$target-fuzzer"
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" frontend/*.h ir/*.td passes/*.h codegen/*.h codegen/cpu/*.h -newer "$binary" 2>/dev/null)" ]; then
  # One object a source, $(nproc) compiles at a time (ccache where it is
  # installed); the MLIR-using targets include a precompiled cmake/pch.h
  # built with the same flags (parsing MLIR's headers was most of each
  # compile). Line tables only: a crash's stack still names file:line.
  objects="$out/objects"
  rm -rf "$objects"
  mkdir -p "$objects"
  compile=("$CXX_FUZZ" -std=c++17 -gline-tables-only -O1 "${flags[@]}" -I.)
  command -v ccache >/dev/null && compile=(ccache "${compile[@]}")
  if [ "$target" != frontend ]; then
    "${compile[@]}" -Xclang -fno-pch-timestamp -x c++-header cmake/pch.h \
      -o "$objects/pch.h.pch"
    compile+=(-include-pch "$objects/pch.h.pch")
  fi
  printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} \
    sh -c 'src=$0 dir=$1; shift; exec "$@" -c "$src" -o "$dir/$(echo "$src" | tr / _).o"' \
    {} "$objects" "${compile[@]}"
  "$CXX_FUZZ" "${flags[@]}" "$objects"/*.o -o "$binary" "${libs[@]}"
fi
if [ "$target" = ir ]; then
  for f in tests/IR/*.mlir tests/Passes/*.mlir; do
    awk -v out="$out/corpus/$(basename "$f" .mlir)" \
      '/^\/\/ -----/ { n++; next } { print > (out "-" n ".mlir") }' n=0 "$f"
  done
  for f in examples/*.sl; do
    [ -x build/bin/sluice ] && build/bin/sluice dump "$f" --stage parsed \
      > "$out/corpus/$(basename "$f" .sl).mlir" 2>/dev/null || true
  done
else
  cp examples/*.sl tests/Run/*.sl "$out/corpus/" 2>/dev/null || true
  for f in tests/Frontend/errors/*.sl tests/Passes/Inputs/*.sl; do [ -f "$f" ] && cp "$f" "$out/corpus/"; done
fi
echo "fuzz: running the $target fuzzer for ${seconds}s"
"$binary" -max_total_time="$seconds" -max_len=8192 -timeout=20 \
  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
  "$out/corpus" 2>"$out/fuzz.log" || { tail -40 "$out/fuzz.log"; exit 1; }
grep -E "stat::number_of_executed_units|Done " "$out/fuzz.log" | tail -2
