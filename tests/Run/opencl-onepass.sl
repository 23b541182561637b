# The single-pass look-back (one kernel per look-back step, each tile waiting
# for the previous block's tile: KernelAbi.h), forced with
# SLUICE_OPENCL_LOOKBACK=onepass on the test device (PoCL in CI, whose
# pthread device runs a started work-group to completion, so tiles that wait
# on tiles with earlier tickets cannot deadlock): every example against the
# float64 reference with few channels (the look-back schedule) across
# blocks of 256 steps, and a few, including the reverse, exclusive and
# second-order scans, across 391 blocks.
# REQUIRES: opencl
# (A spin limit of 2^32 polls: on PoCL, which does not promise forward
# progress, a predecessor tile whose thread the OS deschedules under a
# loaded CI machine made 2^26 polls run out now and then.)
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_LOOKBACK_SPIN_LIMIT=4294967296L SLUICE_OPENCL_LOOKBACK=onepass %python %S/Inputs/target-matches-reference.py --target opencl %examples %t B=1,T=1000,*=2 B=2,T=300,*=3 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_LOOKBACK_SPIN_LIMIT=4294967296L SLUICE_OPENCL_LOOKBACK=onepass %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,second_order,cumulative_ops,linoss_im %examples %t B=1,T=100003,*=2 | FileCheck %s --check-prefix=LONG
# The register-tile kernel (SLUICE_OPENCL_ONEPASS_TILE=1, or the mode
# SLUICE_OPENCL_LOOKBACK=onepass-tile at its default chunk 64 and
# work-groups of 128, at chunks that are multiples of its parts of 16
# steps): every example at chunk 32 (2 parts: 31 full blocks and one of 8
# steps) and 64 (4 parts: the last block has 2 parts inside T; one part,
# chunk 16, is too short a block for LinOSS's f32 aggregates whichever
# kernel runs, and is tested on ema by OpenclOnePassTest), and the
# reverse, exclusive and max-plus scans of cumulative_ops with ema across
# 391 blocks of 16 parts.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_LOOKBACK_SPIN_LIMIT=4294967296L SLUICE_OPENCL_LOOKBACK=onepass SLUICE_OPENCL_ONEPASS_TILE=1 SLUICE_OPENCL_LOOKBACK_CHUNK=32 %python %S/Inputs/target-matches-reference.py --target opencl %examples %t B=1,T=1000,*=2 | FileCheck %s --check-prefix=TILE
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_LOOKBACK_SPIN_LIMIT=4294967296L SLUICE_OPENCL_LOOKBACK=onepass-tile %python %S/Inputs/target-matches-reference.py --target opencl %examples %t B=1,T=1000,*=2 | FileCheck %s --check-prefix=TILE
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_LOOKBACK_SPIN_LIMIT=4294967296L SLUICE_OPENCL_LOOKBACK=onepass SLUICE_OPENCL_ONEPASS_TILE=1 SLUICE_OPENCL_LOOKBACK_CHUNK=256 %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,cumulative_ops %examples %t B=1,T=100003,*=2 | FileCheck %s --check-prefix=TILE
# TILE: ema B=1,T={{[0-9]+}},D=2 (artifact): opencl matches the reference
# TILE-NOT: FAILED
# CHECK: ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: ema B=2,T=300,D=3 (run): opencl matches the reference
# CHECK: reverse_ema B=1,T=1000,D=2 (artifact): opencl matches the reference
# CHECK: second_order B=2,T=300,{{.*}} (run): opencl matches the reference
# CHECK-NOT: FAILED
# LONG: cumulative_ops B=1,T=100003,{{.*}}: opencl matches the reference
# LONG: ema B=1,T=100003,D=2 (artifact): opencl matches the reference
# LONG: linoss_im B=1,T=100003,{{.*}}: opencl matches the reference
# LONG: reverse_ema B=1,T=100003,D=2 (artifact): opencl matches the reference
# LONG: second_order B=1,T=100003,{{.*}}: opencl matches the reference
# LONG-NOT: FAILED
