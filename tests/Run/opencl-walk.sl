# The channel-group walk (SLUICE_OPENCL_LOOKBACK=walk: a work-group per
# group of channels walks the blocks in order, each block in parts of 32
# steps held in registers, the carry through the parts' maps and from block
# to block its own; no wait on another work-group,
# runtime/opencl/KernelAbi.h) forced on the test device,
# against the float64 reference: the examples that cover its cases at
# T = 1000 (4 blocks of 256 steps, the last of 232, its last part of 8): an
# EMA, its reverse, a reset (absorbing zero), and cumulative_ops (reverse
# and exclusive sums, products, the max-plus, min-plus and log-add-exp
# semirings); second_order (two states: no tile function) runs the three
# passes; then ema across 391 blocks, and at chunks of one part (32) and of
# 32 parts (1024) with work-groups of 64.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,resets,cumulative_ops,second_order %examples %t B=1,T=1000,*=2 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %S/Inputs/target-matches-reference.py --target opencl --only ema %examples %t B=2,T=100003,*=3 | FileCheck %s --check-prefix=LONG
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk SLUICE_OPENCL_LOOKBACK_CHUNK=32 SLUICE_OPENCL_ONEPASS_LOCAL=64 %python %S/Inputs/target-matches-reference.py --target opencl --only ema %examples %t B=3,T=4099,*=70 | FileCheck %s --check-prefix=CHUNKS
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk SLUICE_OPENCL_LOOKBACK_CHUNK=1024 SLUICE_OPENCL_ONEPASS_LOCAL=64 %python %S/Inputs/target-matches-reference.py --target opencl --only ema %examples %t B=3,T=4099,*=70 | FileCheck %s --check-prefix=CHUNKS
# bf16 data (walked at twice the parts by default on GPUs; here forced, at
# its default chunk and work-group; bf16's rounding of the results needs a
# looser bound):
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %S/Inputs/target-matches-reference.py --target opencl --rtol 1e-2 --only linrec_bf16 %S/../../benchmarks/gpu/models %t B=2,T=3000,*=40 | FileCheck %s --check-prefix=BF16
# BF16: linrec_bf16 B=2,T=3000,D=40 (artifact): opencl matches the reference
# BF16-NOT: FAILED
# The NumPy models of first-order scans (papers' formulas, float64 NumPy):
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/hawk_rglru.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/mingru.py --target opencl --scan-strategy chunked
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=walk %python %scripts/check-numpy.py %S/../numpy/resets.py --target opencl --scan-strategy chunked
# CHECK: cumulative_ops B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK: ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: resets B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK: reverse_ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: second_order B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK-NOT: FAILED
# LONG: ema B=2,T=100003,D=3 (artifact): opencl matches the reference
# LONG-NOT: FAILED
# CHUNKS: ema B=3,T=4099,D=70 (artifact): opencl matches the reference
# CHUNKS-NOT: FAILED
