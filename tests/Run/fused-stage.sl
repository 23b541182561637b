# The `fused` stage of every example: sl-fuse records on each element-wise
# op and shift whether it is computed inside its readers' kernels (inline)
# or stored, and why; the dump reads back through sluice-opt.
# Inputs/fused-examples.py prints, per example, how many ops got each
# decision; an element-wise op without one would print MISSING. Fused, only
# model outputs are stored (mamba2_ssd, mlstm, rwkv4_wkv and s4d return an
# element-wise value), the exps and rsqrt of mamba2_ssd and mlstm that
# a broadcast spreads over every element of a scan's state
# (store_broadcast: a gate per (t, head) is not recomputed per state
# element), and the exps that sl-share-stabilized-exps made selects of one
# shared exp in mlstm and rwkv4_wkv, each read by several ops
# (store_shared); with --no-fusion everything but booleans (the pairs'
# comparisons) is.
# RUN: %python %S/Inputs/fused-examples.py %examples | FileCheck %s
# RUN: %python %S/Inputs/fused-examples.py %examples --no-fusion | FileCheck %s --check-prefix=UNFUSED
# RUN: sluice dump %examples/gla.sl --stage fused | FileCheck %s --check-prefix=GLA
# CHECK-NOT: MISSING
# UNFUSED-NOT: MISSING
# CHECK: {{^}}ar_ssm_context: 5 inline{{$}}
# CHECK-NEXT: {{^}}bidirectional: 13 inline{{$}}
# CHECK-NEXT: {{^}}cumulative_ops: 9 inline{{$}}
# CHECK-NEXT: {{^}}ema: 7 inline{{$}}
# CHECK-NEXT: {{^}}gated_delta: 31 inline{{$}}
# CHECK-NEXT: {{^}}gla: 19 inline{{$}}
# CHECK-NEXT: {{^}}hawk_rglru: 27 inline{{$}}
# CHECK-NEXT: {{^}}hmm_forward: 10 inline{{$}}
# CHECK-NEXT: {{^}}holt_winters: 31 inline{{$}}
# CHECK-NEXT: {{^}}linoss_im: 20 inline{{$}}
# CHECK-NEXT: {{^}}linoss_im_2state: 26 inline{{$}}
# CHECK-NEXT: {{^}}mamba2_ssd: 23 inline, 1 store_result, 1 store_broadcast{{$}}
# CHECK-NEXT: {{^}}maxplus: 2 inline{{$}}
# CHECK-NEXT: {{^}}mingru: 11 inline{{$}}
# CHECK-NEXT: {{^}}mlstm: 45 inline, 1 store_result, 1 store_shared, 3 store_broadcast{{$}}
# CHECK-NEXT: {{^}}resets: 35 inline{{$}}
# CHECK-NEXT: {{^}}retnet: 11 inline{{$}}
# CHECK-NEXT: {{^}}reverse_ema: 8 inline{{$}}
# CHECK-NEXT: {{^}}rwkv4_wkv: 45 inline, 1 store_result, 3 store_shared{{$}}
# CHECK-NEXT: {{^}}s4d: 22 inline, 1 store_result{{$}}
# CHECK-NEXT: {{^}}second_order: no element-wise op{{$}}
# CHECK-NEXT: {{^}}selective_scan: 16 inline{{$}}
# CHECK-NEXT: {{^}}tanh_rnn: 6 inline{{$}}
# UNFUSED: {{^}}ar_ssm_context: 5 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}bidirectional: 13 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}cumulative_ops: 9 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}ema: 7 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}gated_delta: 31 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}gla: 19 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}hawk_rglru: 27 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}hmm_forward: 10 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}holt_winters: 31 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}linoss_im: 20 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}linoss_im_2state: 26 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}mamba2_ssd: 25 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}maxplus: 2 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}mingru: 11 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}mlstm: 1 inline, 49 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}resets: 2 inline, 33 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}retnet: 11 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}reverse_ema: 8 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}rwkv4_wkv: 2 inline, 47 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}s4d: 23 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}second_order: no element-wise op{{$}}
# UNFUSED-NEXT: {{^}}selective_scan: 16 store_unfused{{$}}
# UNFUSED-NEXT: {{^}}tanh_rnn: 6 store_unfused{{$}}
# GLA's gate (exp of logsigmoid), its outer product k^T v and the q * S of
# its output are computed inside the scan's kernel: nothing is stored.
# GLA: math.exp {{.*}} {sl.fusion = #sl.fusion<inline>}
# GLA: arith.mulf {{.*}} {sl.fusion = #sl.fusion<inline>}
# GLA: sl.scan
# GLA: arith.mulf {{.*}} {sl.fusion = #sl.fusion<inline>}
# GLA-NOT: store_
