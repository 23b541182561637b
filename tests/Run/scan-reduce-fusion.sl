# A state read only through a sum over one of its dims is reduced inside the
# scan's kernel: the plan has one scan_reduce kernel, a state buffer of one
# value per channel (not per step) and no reduce kernel.
# RUN: sluice dump %s --stage plan | FileCheck %s
# RUN: sluice dump %s --model both --stage plan | FileCheck %s --check-prefix=BOTH
# CHECK-LABEL: plan @gla
# CHECK-NOT: temporary f32[B, T, H, K, V]
# CHECK: temporary f32[B*H*K*V]  // scan_state
# CHECK-NOT: sl_reduce
# CHECK: kernel sl_scan_reduce_0 items B*H
# CHECK-NOT: sl_reduce
# CHECK-LABEL: plan @both
# The state is also an output: it is stored, and the sum reads it back.
# BOTH-LABEL: plan @both
# BOTH: kernel sl_scan_channels_narrow_0
# BOTH: kernel sl_scan_channels_1
# BOTH: kernel sl_reduce_
model gla {
  dims B, T, H, K, V
  input q : f32[B, T, H, K]
  input k : f32[B, T, H, K]
  input v : f32[B, T, H, V]
  input g : f32[B, T, H, K]
  let a  = exp(expand_dims(logsigmoid(g), -1))
  let kv = expand_dims(k, -1) * expand_dims(v, 3)
  scan t over T { S[t] = a[t] * S[t-1] + kv[t] }
  output o = sum(expand_dims(q, -1) * S, K)
}

model both {
  dims B, T, K, V
  input a : f32[B, T, K, V]
  input x : f32[B, T, K, V]
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  output h
  output y = sum(h, K)
}
