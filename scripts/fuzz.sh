#!/usr/bin/env bash
# Builds the libFuzzer target of the frontend with clang and runs it for a
# bounded time (first argument, seconds; default 60), seeded with the
# examples and the error tests. Exits non-zero when the fuzzer finds a crash,
# a leak, undefined behaviour or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out="${SLUICE_FUZZ_DIR:-build/fuzz}"
mkdir -p "$out/corpus" "$out/artifacts"
CXX_FUZZ="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++)}"
sources=(frontend/AST.cpp frontend/Diagnostics.cpp frontend/Lexer.cpp
         frontend/Parser.cpp frontend/Sema.cpp frontend/Frontend.cpp
         tests/fuzz/FrontendFuzzer.cpp)
binary="$out/frontend-fuzzer"
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" frontend/*.h -newer "$binary" 2>/dev/null)" ]; then
  "$CXX_FUZZ" -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -I. "${sources[@]}" -o "$binary"
fi
cp examples/*.sl "$out/corpus/" 2>/dev/null || true
for f in tests/Frontend/errors/*.sl; do [ -f "$f" ] && cp "$f" "$out/corpus/"; done
echo "fuzz: running the frontend fuzzer for ${seconds}s"
"$binary" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
  "$out/corpus" 2>"$out/fuzz.log" || { tail -40 "$out/fuzz.log"; exit 1; }
grep -E "stat::number_of_executed_units|Done " "$out/fuzz.log" | tail -2
