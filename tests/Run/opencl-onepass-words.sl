# The flag-word one pass (SLUICE_OPENCL_LOOKBACK=onepass-words: a block of
# 32 steps a work-item, its look-back on its own channel through tagged
# words, runtime/opencl/KernelAbi.h), forced on the test device (PoCL in
# CI, whose pthread device runs a started work-group to completion, so
# tiles that wait on tiles with earlier tickets cannot deadlock), against
# the float64 reference: the examples that cover its cases at T = 1000 (32
# blocks, the last of 8 steps): an EMA, its reverse, a reset (absorbing
# zero), and cumulative_ops (reverse and exclusive sums, products, the
# max-plus, min-plus and log-add-exp semirings); second_order (two states:
# no flag-word kernel) runs the plain one pass; then ema and
# cumulative_ops across 3126 blocks.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-words %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,resets,cumulative_ops,second_order %examples %t B=1,T=1000,*=2 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK=onepass-words %python %S/Inputs/target-matches-reference.py --target opencl --only ema,cumulative_ops %examples %t B=1,T=100003,*=2 | FileCheck %s --check-prefix=LONG
# CHECK: cumulative_ops B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK: ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: resets B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK: reverse_ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: second_order B=1,T=1000,{{.*}}: opencl matches the reference
# CHECK-NOT: FAILED
# LONG: cumulative_ops B=1,T=100003,{{.*}}: opencl matches the reference
# LONG: ema B=1,T=100003,D=2 (artifact): opencl matches the reference
# LONG-NOT: FAILED
