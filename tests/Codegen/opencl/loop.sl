# A scan block that stays a loop (sl.loop): its per-step kernels read the
# loop counter as a dim parameter after the model dims. On OpenCL that is d5:
# d3 is the run-time look-back chunk of h's scan (registered before the
# counters) and d4 its carry tree's fanout, a counter too; the CPU plan has
# neither, so its loop counter is 3.
# RUN: sluice dump --stage opencl %s | FileCheck %s
# RUN: sluice dump --stage plan %s | FileCheck %s --check-prefix=PLAN

# PLAN: loop T steps counter 3
# PLAN-NEXT: kernel sl_loop_slice_7

# CHECK-LABEL: // sl_loop_slice_15 (
# CHECK-NEXT: // b0 = %0 x (f32), b1 = %13 slice (f32); d0 = B, d1 = T, d2 = D, d3 = lookback_chunk#0, d4 = counter 0, d5 = counter 1
# CHECK-NEXT: __kernel void sl_loop_slice_15(__global const float *restrict b0,
# CHECK-NEXT: __global float *restrict b1,
# CHECK-NEXT: long d0, long d1, long d2, long d3, long d4, long d5,
# CHECK: sl_index {{v[0-9]+}} = ((sl_index)d5) * {{.*}};
# CHECK-LABEL: // sl_loop_store_21 (
# CHECK: long d0, long d1, long d2, long d3, long d4, long d5,

model m {
  dims B, T, D
  input x : f32[B, T, 1, D]
  scan t over T {
    h[t] = 0.5 * h[t-1] + x[t]
    g[t] = 0.9 * g[t-1] + squeeze(h[t], -2) * reshape(h[t-1], [B, D])
  }
  output h, g
}
