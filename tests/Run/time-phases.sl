# --time-phases prints the time of each compilation phase on stderr: what a
# user waits for before the first result. A call compiles only the deferred
# kernels it selects: with 2 channels the EMA runs the look-back scan, whose
# kernels compile during the first call (the channel-parallel one never does).
# (The JIT's object cache is off here: SLUICE_JIT_CACHE=0; jit-cache.sl.)
# RUN: env SLUICE_JIT_CACHE=0 sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/run --time-phases 2>&1 >/dev/null | FileCheck %s
# CHECK: sluice: compile time {{[0-9]+\.[0-9]}} ms
# CHECK-NEXT: {{^}}  frontend (parse, IRGen) {{ *[0-9]+\.[0-9]}} ms
# CHECK-NEXT: {{^}}  passes (to fused) {{ *[0-9]+\.[0-9]}} ms
# CHECK-NEXT: {{^}}  plan and kernels {{ *[0-9]+\.[0-9]}} ms
# CHECK-NEXT: {{^}}  JIT (deferred kernels, first call){{( \([0-9]+ threads\))?}} {{ *[0-9]+\.[0-9]}} ms
# CHECK-NEXT: {{^}}    deferred: lower to LLVM dialect {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# CHECK-NEXT: {{^}}    deferred: translate to LLVM IR {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# CHECK-NEXT: {{^}}    deferred: LLVM optimizer {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# CHECK-NEXT: {{^}}    deferred: machine code {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# CHECK-NEXT: {{^}}    deferred: link {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# CHECK-NOT: {{.}}
#
# A model without alternatives compiles its kernels before the first call.
# RUN: env SLUICE_JIT_CACHE=0 sluice run %s --random B=1,T=8,D=2 --output-dir %t/loop --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=EAGER
# EAGER: sluice: compile time
# EAGER: {{^}}  JIT{{( \([0-9]+ threads\))?}} {{ *[0-9]+\.[0-9]}} ms
# EAGER-NEXT: lower to LLVM dialect
# EAGER-NEXT: translate to LLVM IR
# EAGER-NOT: deferred
#
# bench prints it after the warm-up calls (the first compiles the deferred
# kernels); dump, for the stages it runs.
# RUN: env SLUICE_JIT_CACHE=0 sluice bench %examples/ema.sl --random B=1,T=8,D=2 --repeat 1 --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=BENCH
# BENCH: sluice: compile time
# BENCH: JIT (deferred kernels, first call)
# RUN: sluice dump %examples/ema.sl --stage plan --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=DUMP
# DUMP: sluice: compile time
# DUMP-NEXT: frontend (parse, IRGen)
# DUMP-NEXT: passes (to fused)
# DUMP-NEXT: plan and kernels
#
# Without the flag, nothing.
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/quiet 2>&1 >/dev/null | FileCheck %s --allow-empty --check-prefix=QUIET
# QUIET-NOT: compile time

model rnn {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { h[t] = tanh(0.5 * h[t-1] + x[t]) }
  output h
}
