#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: lit (frontend, IR,
# passes, examples, CLI), the gtests, and bounded runs of the fuzzers; then
# builds the whole project again with AddressSanitizer and UBSan (build-asan/)
# and runs the same suite there (fuzzers excepted: they carry their own
# sanitizers; the longest reference cases and lit's two longest PoCL runs
# too, which the first suite ran). SLUICE_SKIP_SANITIZERS=1 skips the second build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export POCL_CACHE_DIR="$PWD/build/pocl-cache"
# install-deps.sh installed PoCL: an OpenCL test that finds no device fails
# (instead of skipping, or lit marking it UNSUPPORTED), so that a suite
# whose OpenCL half silently did not run cannot pass.
export SLUICE_REQUIRE_OPENCL="${SLUICE_REQUIRE_OPENCL:-1}"
jobs="${SLUICE_JOBS:-$(nproc)}"
# On a failure, the reasons are printed again at the very end
# (failure-digest.sh; a failed list of an earlier run is removed first).
run_suite() {
  local build="$1"
  shift
  rm -f "$build/Testing/Temporary/LastTestsFailed.log" "$build/failure-digest.txt"
  if ! (cd "$build" && ctest --output-on-failure -j "$jobs" "$@"); then
    bash scripts/failure-digest.sh "$build" >"$build/failure-digest.txt"
    return 8
  fi
}
status=0
run_suite build || status=$?

if [ "${SLUICE_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
  BUILD_DIR=build-asan bash scripts/build.sh -DSLUICE_SANITIZE=address,undefined \
    -DSLUICE_ENABLE_FUZZER=OFF
  # allocator_may_return_null: the tests of absurd allocations expect a
  # failed allocation (and its message), not ASan's abort.
  # allow_user_poisoning=0: LLVM's inline allocator code poisons slabs that
  # the uninstrumented libMLIR then uses (ir/SluiceAttrs.cpp).
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:allocator_may_return_null=1:allow_user_poisoning=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  # PoCL's kernel compiler keeps allocations until exit (a cold PoCL cache).
  export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"
  # The plain suite's PoCL cache: the same kernels, already compiled (PoCL's
  # compiles are most of the OpenCL tests' time, and they are not sluice's
  # code). A cold cache's compile ran in the plain suite.
  export POCL_CACHE_DIR="$PWD/build/pocl-cache"
  # The cases whose time goes to the float64 reference walking 10^5-10^6
  # steps op by op (8x slower instrumented) ran above; every other test runs.
  long='Long1000003|multiblock|^Lookback\.|LongOneChannel|LargeMagnitudes|LongSequence'
  # lit's three longest PoCL runs (the one-pass modes and the carry tree
  # over every example, ~760 s of PoCL kernels; the row one pass, ~4
  # minutes, most of it PoCL compiling its kernels; sluice's own code a
  # small part) ran in the plain suite; every other lit test runs
  # instrumented (the row one pass's executor code also in
  # OpenclRowsOnePassTest).
  export LIT_FILTER_OUT='Run/opencl-onepass\.sl|Run/opencl-carry-tree\.sl|Run/opencl-onepass-rows\.sl'
  run_suite build-asan -E "$long" || status=$?
fi
cat build/failure-digest.txt build-asan/failure-digest.txt 2>/dev/null || true
exit "$status"
