# The `scheduled` stage of every example: each scan carries a #sl.schedule
# (sl-schedule, for the CPU target) and the dump reads back through
# sluice-opt. Inputs/scheduled-examples.py prints, per example, its scans'
# schedules (each distinct one with how many scans have it); a scan without
# one would print MISSING. The default: both strategies per scan, chosen
# per call from 2 channels per thread (128 for rows: resets' reward scan
# over [B, T]) and 2048 steps (32768 for a coupled 2x2 map: HMM, LinOSS,
# second order), look-back blocks of 8 x 4112 steps,
# and the scans read only through a sum of their state fused with it (and
# with the sum's one element-wise reader, where it has one: S4D's and
# Mamba-2's skip connections, mLSTM's normalisation, whose readers the code
# generator finds not at hand: each reads the other sum).
# RUN: %python %S/Inputs/scheduled-examples.py %examples | FileCheck %s
# CHECK-NOT: MISSING
# CHECK: {{^}}ar_ssm_context: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}bidirectional: 2 scans: 2 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}cumulative_ops: 10 scans: 10 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}ema: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}gated_delta: no scan{{$}}
# CHECK-NEXT: {{^}}gla: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}hawk_rglru: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}hmm_forward: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 32768>{{$}}
# CHECK-NEXT: {{^}}holt_winters: no scan{{$}}
# CHECK-NEXT: {{^}}linoss_im: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 32768>{{$}}
# CHECK-NEXT: {{^}}linoss_im_2state: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 32768>{{$}}
# CHECK-NEXT: {{^}}mamba2_ssd: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, fuse_epilogue = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}maxplus: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}mingru: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}mlstm: 3 scans: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>; 2 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, fuse_epilogue = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}resets: 2 scans: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>; 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 128, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}retnet: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}reverse_ema: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}rwkv4_wkv: 3 scans: 3 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}s4d: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, fuse_epilogue = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}second_order: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, lookback_min_steps = 32768>{{$}}
# CHECK-NEXT: {{^}}selective_scan: 1 scan: 1 x <target = cpu, strategy = auto, lanes = 8, lane_steps = 4112, channel_threshold = 2, per_unit = true, fuse_reduction = true, lookback_min_steps = 2048>{{$}}
# CHECK-NEXT: {{^}}tanh_rnn: no scan{{$}}
#
# --schedule forces a strategy and a chunk on every scan: no guard, no fused
# reduction with the look-back, blocks of 8 lanes x 8 steps.
# RUN: %python %S/Inputs/scheduled-examples.py %examples --schedule strategy=lookback,chunk=64 | FileCheck %s --check-prefix=LOOKBACK
# LOOKBACK-NOT: MISSING
# LOOKBACK-NOT: auto
# LOOKBACK-NOT: fuse_reduction
# LOOKBACK: {{^}}cumulative_ops: 10 scans: 10 x <target = cpu, strategy = lookback, lanes = 8, lane_steps = 8>{{$}}
# LOOKBACK: {{^}}gla: 1 scan: 1 x <target = cpu, strategy = lookback, lanes = 8, lane_steps = 8>{{$}}
# LOOKBACK: {{^}}mlstm: 3 scans: 3 x <target = cpu, strategy = lookback, lanes = 8, lane_steps = 8>{{$}}
# RUN: %python %S/Inputs/scheduled-examples.py %examples --schedule strategy=channel_parallel | FileCheck %s --check-prefix=CHANNELS
# CHANNELS-NOT: MISSING
# CHANNELS-NOT: auto
# CHANNELS: {{^}}gla: 1 scan: 1 x <target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112, fuse_reduction = true>{{$}}
# CHANNELS: {{^}}rwkv4_wkv: 3 scans: 3 x <target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 4112>{{$}}
