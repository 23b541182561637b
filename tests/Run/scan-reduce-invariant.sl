# Coefficient parts that do not change along T are computed once per channel.
# A scan fused with the sum of its state keeps the coefficient parts that do
# not change along T (parameters' gates) per state element, computed once
# before the walk (`scan_invariant` buffers); with a reduced last dim it
# walks a tile of channels of the dim before it, summing across the tile. The models in Inputs/scan-reduce-invariant/ match the float64
# reference at sizes of one step, a few steps, and long T, with groups of
# 3 to 17 elements (row parts of the GLA kind too: a boolean part, a
# reverse scan with a mean, parts under a shift along T); the CPU's channel-parallel scan (rows of channels) keeps
# them in a buffer of one value per channel (LinOSS: B*P >= 128 per thread
# at B=64, P=9), the look-back at the smaller sizes. The tolerance is the
# oscillator's: over 5000 steps, f32 in the sequential order itself drifts
# 1.8e-3 of the largest value from the float64 reference.
# RUN: sluice dump %S/Inputs/scan-reduce-invariant/s4d_like.sl --stage plan | FileCheck %s --check-prefix=S4D
# RUN: sluice dump %S/Inputs/scan-reduce-invariant/gated_group.sl --stage plan | FileCheck %s --check-prefix=GROUP
# RUN: sluice dump %S/Inputs/scan-reduce-invariant/linoss_like.sl --stage plan | FileCheck %s --check-prefix=LINOSS
# RUN: sluice dump %S/Inputs/scan-reduce-invariant/row_gate.sl --stage plan | FileCheck %s --check-prefix=ROW
# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu --rtol 5e-3 %S/Inputs/scan-reduce-invariant %t B=2,T=300,*=5 B=1,T=1,*=3 B=3,T=7,*=17 B=2,T=5000,*=4 B=64,T=50,*=9 | FileCheck %s
# Abar and Bbar ([D, N]) are kept; so is the parameter C itself ([D, N],
# N last), in the kernel's layout, so that the tile's loops over d do not
# gather it. The items are channels (B*D), walked in tiles of d.
# S4D-COUNT-3: temporary f32[B*D*N]  // scan_invariant
# S4D-NOT: scan_invariant
# S4D: kernel sl_scan_reduce_0 items B*D
# The decay of [H, K, 1] does not change along V: computed once per row
# and step, for all K rows in one loop (`scan_row`).
# GROUP-NOT: scan_invariant
# GROUP: temporary f32[K*B*H]  // scan_row
# GROUP: kernel sl_scan_reduce_0 items B*H
# A gate that changes along T but not along V is computed per step for the
# K rows in a loop of its own, kept in one value per row; the boolean part
# (a comparison) is not kept.
# ROW: temporary f32[K*B*H]  // scan_row
# ROW-NOT: scan_row
# ROW: kernel sl_scan_reduce_0 items B*H
# The second component (y[t-1], read by nothing after the scan) keeps only
# its latest state, one value per channel: no [B, T, P] tensor is written.
# LINOSS-NOT: temporary f32[B, T, P]
# LINOSS: temporary f32[B*P]  // scan_state
# LINOSS-COUNT-4: temporary f32[B*P]  // scan_invariant
# LINOSS: kernel sl_scan_channels_narrow_0
# LINOSS: kernel sl_scan_channels_1
# CHECK-COUNT-35: cpu matches the reference
