# The row one pass (SLUICE_OPENCL_LOOKBACK=onepass-rows: one channel a
# tile, its steps loaded and stored at consecutive places through local
# memory, the parts' maps and the look-back's aggregates composed by trees,
# runtime/opencl/KernelAbi.h) forced on the test device (PoCL in CI, whose
# pthread device runs a started work-group to completion), against the
# float64 reference: the examples that cover its cases at T = 1000 in
# blocks of 64 steps (4 parts; 16 blocks, the last of 40): an EMA, its
# reverse, a reset (absorbing zero), and cumulative_ops (reverse and
# exclusive sums, products, the max-plus, min-plus and log-add-exp
# semirings); second_order (two states: no row kernel) runs the plain one
# pass; then ema in 25 blocks of the default 4096 steps (256 parts; not
# cumulative_ops, whose ten row kernels take PoCL minutes to compile at
# 256 work-items), and at blocks of 4 parts (1563
# blocks: the look-back passes over many windows; 5 parts, not a power of
# two: OpenclRowsOnePassTest), its loops' unroll request at 3
# (SLUICE_ROWS_STEP_UNROLL: a remainder in each 16-step loop).
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-rows SLUICE_OPENCL_LOOKBACK_CHUNK=64 %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,resets,cumulative_ops,second_order %examples %t B=1,T=1000,*=2 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-rows %python %S/Inputs/target-matches-reference.py --target opencl --only ema %examples %t B=1,T=100003,*=1 | FileCheck %s --check-prefix=LONG
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-rows SLUICE_OPENCL_LOOKBACK_CHUNK=64 SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_ROWS_STEP_UNROLL=3 %python %S/Inputs/target-matches-reference.py --target opencl --only ema %examples %t B=1,T=100003,*=1 | FileCheck %s --check-prefix=WINDOWS
# bf16 data (loaded and stored as 16 bits, staged as f32; bf16's rounding
# of the results needs a looser bound):
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-rows SLUICE_OPENCL_LOOKBACK_CHUNK=256 %python %S/Inputs/target-matches-reference.py --target opencl --rtol 1e-2 --only linrec_bf16 %S/../../benchmarks/gpu/models %t B=2,T=3000,*=1 | FileCheck %s --check-prefix=BF16
# NumPy models (float64 NumPy): resets (an absorbing zero), and the
# semirings' infinities (a state that an infinite coefficient meets,
# composed by the trees):
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-rows SLUICE_OPENCL_LOOKBACK_CHUNK=64 %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-rows SLUICE_OPENCL_LOOKBACK_CHUNK=64 %python %scripts/check-numpy.py %S/../numpy/semiring_infinities.py --target opencl --scan-strategy chunked
# CHECK: cumulative_ops B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK: ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: resets B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK: reverse_ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: second_order B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK-NOT: FAILED
# LONG: ema B=1,T=100003,D=1 (artifact): opencl matches the reference
# LONG-NOT: FAILED
# WINDOWS: ema B=1,T=100003,D=1 (artifact): opencl matches the reference
# WINDOWS-NOT: FAILED
# BF16: linrec_bf16 B=2,T=3000,D=1 (artifact): opencl matches the reference
# BF16-NOT: FAILED
