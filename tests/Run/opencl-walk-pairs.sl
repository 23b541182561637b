# The pair walk (SLUICE_OPENCL_LOOKBACK=walk-pairs: the channel-group walk
# of two neighbouring channels a work-item, a bf16 input laid out with the
# channels' last dim last read as one 32-bit word for both, a bf16 result
# stored as one; runtime/opencl/KernelAbi.h, codegen/cpu/ScanTile.h's
# addScanPairsWalk) forced on the test device, against the float64
# reference: bf16 gates with an f32 and a scalar parameter, a reverse scan,
# an exclusive sum, h = a*h + b in bf16 (its result stored as words), at an
# even D (the words) and an odd one (each lane its own elements; an odd
# channel count, the last pair's second lane repeating the first), T
# across blocks with a partial last part, chunks of one part and of 32,
# small and large work-groups; time as the last dim (no pair walk printed:
# the plain walk runs).
# REQUIRES: opencl
# RUN: sluice dump %S/Inputs/walk-pairs/pair_gates.sl --stage opencl | FileCheck %s --check-prefix=GATES
# RUN: sluice dump %S/../../benchmarks/gpu/models/linrec_bf16.sl --stage opencl | FileCheck %s --check-prefix=LINREC
# RUN: sluice dump %S/Inputs/walk-pairs/pair_time_last.sl --stage opencl | FileCheck %s --check-prefix=TIMELAST
# RUN: sluice dump %S/../../benchmarks/gpu/models/linrec.sl --stage opencl | FileCheck %s --check-prefix=F32
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk-pairs %python %S/Inputs/target-matches-reference.py --target opencl --rtol 1e-2 %S/Inputs/walk-pairs %t B=2,T=1000,*=40 B=3,T=777,*=7 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk-pairs SLUICE_OPENCL_LOOKBACK_CHUNK=32 SLUICE_OPENCL_ONEPASS_LOCAL=64 %python %S/Inputs/target-matches-reference.py --target opencl --rtol 1e-2 --only linrec_bf16 %S/../../benchmarks/gpu/models %t B=3,T=4099,*=70 B=1,T=300,*=5 | FileCheck %s --check-prefix=CHUNKS
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk-pairs SLUICE_OPENCL_LOOKBACK_CHUNK=1024 SLUICE_OPENCL_ONEPASS_LOCAL=1024 %python %S/Inputs/target-matches-reference.py --target opencl --rtol 1e-2 --only linrec_bf16 %S/../../benchmarks/gpu/models %t B=2,T=5000,*=64 | FileCheck %s --check-prefix=LARGE
#
# GATES: __kernel void sl_scan_aggregate_{{[0-9]+}}_walk_pairs(
# GATES: __local float sluice_part_aggregates[1024 * 2 * 2];
# GATES: long channel = 2 * min(group * span + lane, (items + 1) / 2 - 1);
# What is constant along T (the bias, sigmoid(lam), the scale) once a
# block for each lane, element by element:
# GATES: float v{{[0-9]+}} = u1[v{{[0-9]+}}];
# GATES: ushort v{{[0-9]+}} = u2[v{{[0-9]+}}];
# GATES: ushort v{{[0-9]+}} = u3[0];
# GATES: float v{{[0-9]+}} = u1[v{{[0-9]+}}];
# GATES: ushort v{{[0-9]+}} = u2[v{{[0-9]+}}];
# GATES: ushort v{{[0-9]+}} = u3[0];
# The steps: x and g as words (lane 0 the low half, lane 1 the high), the
# f32 result stored per lane:
# GATES: uint [[X:v[0-9]+]] = ((__global const uint *)u0)[v{{[0-9]+}}];
# GATES: [[X]] << 16u;
# GATES: uint [[G:v[0-9]+]] = ((__global const uint *)u4)[v{{[0-9]+}}];
# GATES: [[G]] & 4294901760u;
# GATES: u7[v{{[0-9]+}}] = v{{[0-9]+}};
# GATES: u7[v{{[0-9]+}}] = v{{[0-9]+}};
# LINREC: __kernel void sl_scan_aggregate_1_walk(
# LINREC: __kernel void sl_scan_aggregate_1_walk_pairs(
# The part's steps of a and b handed on between the phases as words (two
# channels a register), then the parts' maps:
# LINREC: bool v{{[0-9]+}} = v{{[0-9]+}} <= ((sl_index)d1);
# LINREC-NEXT: uint v{{[0-9]+}};
# LINREC-COUNT-63: uint v{{[0-9]+}};
# LINREC-NEXT: float v{{[0-9]+}};
# LINREC: uint v{{[0-9]+}} = ((__global const uint *)u0)[v{{[0-9]+}}];
# LINREC: uint v{{[0-9]+}} = ((__global const uint *)u1)[v{{[0-9]+}}];
# At an odd D each lane loads its own, packed into the word:
# LINREC: uint [[LOW:v[0-9]+]] = v{{[0-9]+}} >> 16u;
# LINREC: uint [[HIGH:v[0-9]+]] = v{{[0-9]+}} & 4294901760u;
# LINREC-NEXT: uint v{{[0-9]+}} = [[HIGH]] | [[LOW]];
# LINREC: float [[LO:v[0-9]+]] = sl_round_bf16(
# LINREC: float [[HI:v[0-9]+]] = sl_round_bf16(
# LINREC: uint [[WORD:v[0-9]+]] = v{{[0-9]+}} | v{{[0-9]+}};
# LINREC: ((__global uint *)u4)[v{{[0-9]+}}] = [[WORD]];
# TIMELAST: __kernel void sl_scan_aggregate_1_walk(
# TIMELAST-NOT: _walk_pairs(
# F32: __kernel void sl_scan_aggregate_1_walk(
# F32-NOT: _walk_pairs(
# CHECK: pair_exclusive B=2,T=1000,D=40 (artifact): opencl matches the reference
# CHECK: pair_exclusive B=3,T=777,D=7 (run): opencl matches the reference
# CHECK: pair_gates B=2,T=1000,D=40 (artifact): opencl matches the reference
# CHECK: pair_gates B=3,T=777,D=7 (run): opencl matches the reference
# CHECK: pair_reverse B=2,T=1000,D=40 (artifact): opencl matches the reference
# CHECK: pair_reverse B=3,T=777,D=7 (run): opencl matches the reference
# CHECK: pair_time_last B=2,{{.*}}: opencl matches the reference
# CHECK-NOT: FAILED
# CHUNKS: linrec_bf16 B=3,T=4099,D=70 (artifact): opencl matches the reference
# CHUNKS: linrec_bf16 B=1,T=300,D=5 (run): opencl matches the reference
# CHUNKS-NOT: FAILED
# LARGE: linrec_bf16 B=2,T=5000,D=64 (artifact): opencl matches the reference
# LARGE-NOT: FAILED
