# A scan fused with its sum also computes the sum's one element-wise reader
# where the sum is stored (#sl.schedule's fuse_epilogue, ScanReduceKernel.cpp):
# S4D's skip connection `sum(C * x, N) + Dp * u` is one kernel, the sum never
# stored. A reader that also reads a value computed after the scan (another
# scan's state) keeps the sum stored and is a kernel of its own. Numerics:
# tests/integration/ScanReduceFusionTest.cpp (SumReadersComputedWhereTheSumIsStored).
# RUN: sluice dump %s --model skip --stage scheduled | FileCheck %s --check-prefix=SCHEDULE
# SCHEDULE: fuse_reduction = true, fuse_epilogue = true
# RUN: sluice dump %s --model skip --stage plan | FileCheck %s --check-prefix=SKIP
# SKIP: kernel sl_scan_reduce_0
# SKIP-NOT: kernel
# RUN: sluice compile %s --model skip --target cpu -o %t/skip --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
# REMARK: sum-epilogue.sl:[[#@LINE+8]]:3: remark: the sum over N at [[#@LINE+9]]:14 is computed inside the scan kernel {{.*}}; the sum's reader '+' at [[#@LINE+9]]:28 is computed where the sum is stored (the sum itself is not)
model skip {
  dims B, T, D, N
  input u : f32[B, T, D]
  input a : f32[B, T, D, N]
  param C : f32[D, N]
  param Dp : f32[D]
  let ue = unsqueeze(u, -1)
  scan t over T { x[t] = a[t] * x[t-1] + ue[t] }
  output y = sum(C * x, N) + Dp * u
}
# RUN: sluice dump %s --model later --stage plan | FileCheck %s --check-prefix=LATER
# LATER: kernel sl_scan_reduce_0
# LATER: kernel sl_elementwise_
model later {
  dims B, T, D, N
  input a : f32[B, T, D, N]
  input x : f32[B, T, D, N]
  input w : f32[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  scan t over T { g[t] = 0.5 * g[t-1] + w[t] }
  output y = sum(h, N) * g
}
