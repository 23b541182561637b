# The OpenCL look-back's carry tree (codegen/cpu/ScanCarryTree.h): with few
# channels and many blocks of 256 steps, the carries run as a tree of up to
# 3 levels of fanout G instead of one serial walk over the blocks. A small
# G forced with SLUICE_OPENCL_CARRY_FANOUT (PlanExecutorOptions::carryFanout)
# gives several levels at small sizes: every example against the float64
# reference with G = 3 (20 blocks: 2 levels; 8 blocks: 1 level); long
# sequences through all 3 levels (1172 blocks: 44 nodes on top; 3907: 145)
# for the scans of every semiring, reverse and exclusive, with an absorbing
# zero (resets), and of 2 and 3 states (f32 and f64, Inputs/carry-tree);
# block counts at G^2 and G^3 and one either side with G = 4; the automatic
# choice (no variable: 2 levels of 11 for 1172 blocks); a bad value.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_CARRY_FANOUT=3 %python %S/Inputs/target-matches-reference.py --target opencl %examples %t B=1,T=5000,*=2 B=2,T=2000,*=3 | FileCheck %s
# CHECK: ema B=1,T=5000,D=2 (artifact): opencl matches the reference
# CHECK: ema B=2,T=2000,D=3 (run): opencl matches the reference
# CHECK: second_order B=2,T=2000,{{.*}} (run): opencl matches the reference
# CHECK-NOT: FAILED
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_CARRY_FANOUT=3 %python %S/Inputs/target-matches-reference.py --target opencl --only cumulative_ops,second_order,linoss_im,resets,reverse_ema %examples %t B=1,T=300007,*=1 | FileCheck %s --check-prefix=LONG
# LONG: cumulative_ops B=1,T=300007,{{.*}}: opencl matches the reference
# LONG: linoss_im B=1,T=300007,{{.*}}: opencl matches the reference
# LONG: resets B=1,T=300007,{{.*}}: opencl matches the reference
# LONG: reverse_ema B=1,T=300007,{{.*}}: opencl matches the reference
# LONG: second_order B=1,T=300007,{{.*}}: opencl matches the reference
# LONG-NOT: FAILED
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_CARRY_FANOUT=3 %python %S/Inputs/target-matches-reference.py --target opencl %S/Inputs/carry-tree %t B=1,T=1000003,*=1 B=2,T=300000,*=2 | FileCheck %s --check-prefix=THREE
# THREE: lag3 B=1,T=1000003,D=1 (artifact): opencl matches the reference
# THREE: lag3 B=2,T=300000,D=2 (run): opencl matches the reference
# THREE: three_state B=1,T=1000003,D=1 (artifact): opencl matches the reference
# THREE: three_state B=2,T=300000,D=2 (run): opencl matches the reference
# THREE-NOT: FAILED
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_CARRY_FANOUT=4 %python %S/Inputs/target-matches-reference.py --target opencl --only cumulative_ops,second_order %examples %t B=1,T=4096,*=2 B=1,T=3840,*=2 B=1,T=3841,*=2 B=1,T=4097,*=2 B=1,T=16384,*=1 B=1,T=16128,*=1 B=1,T=16385,*=1 | FileCheck %s --check-prefix=EDGE
# EDGE: cumulative_ops B=1,T=4096,{{.*}}: opencl matches the reference
# EDGE: cumulative_ops B=1,T=16385,{{.*}}: opencl matches the reference
# EDGE: second_order B=1,T=4096,{{.*}}: opencl matches the reference
# EDGE: second_order B=1,T=16385,{{.*}}: opencl matches the reference
# EDGE-NOT: FAILED
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --only ema,maxplus,linoss_im_2state %examples %t B=1,T=300007,*=1 | FileCheck %s --check-prefix=AUTO
# AUTO: ema B=1,T=300007,{{.*}}: opencl matches the reference
# AUTO: linoss_im_2state B=1,T=300007,{{.*}}: opencl matches the reference
# AUTO: maxplus B=1,T=300007,{{.*}}: opencl matches the reference
# AUTO-NOT: FAILED
# RUN: not env SLUICE_OPENCL_CARRY_FANOUT=two %no-leak-check sluice run %examples/ema.sl --target opencl --random B=1,T=600,D=1 2>&1 | FileCheck %s --check-prefix=BAD
# BAD: SLUICE_OPENCL_CARRY_FANOUT='two' is not an integer from 0 to 2^30
