# Compile time (issue 8): every example compiles within its budget of
# kernels and of CPU time (tests/Run/Inputs/compile-budget.json, read by
# scripts/compile-times.py --check). The CPU-time bounds are several times
# today's figures, so a loaded machine passes and a bad regression (a
# kernel multiplied, LLVM's effort on one exploding) fails. Sanitizer and
# debug builds are slower by design: they skip it.
# REQUIRES: release-build
# RUN: %python %scripts/compile-times.py --sluice sluice --repeat 1 --check %S/Inputs/compile-budget.json | FileCheck %s
# CHECK: | example | kernels | wall ms | cpu ms |
# CHECK: | ema | 5 |
# CHECK-NOT: over its budget
#
# The check fails when an example is over its budget.
# RUN: mkdir -p %t && sed -e 's/"ema": 5/"ema": 4/' -e 's/"cpu_ms": 750/"cpu_ms": 1/' %S/Inputs/compile-budget.json > %t/tight.json
# RUN: not %python %scripts/compile-times.py --sluice sluice --repeat 1 --examples ema --check %t/tight.json | FileCheck %s --check-prefix=OVER
# OVER: ema: 5 kernels, over its budget of 4
# OVER: ema: `sluice compile` took {{[0-9]+}} ms of CPU, over its budget of 1 ms
