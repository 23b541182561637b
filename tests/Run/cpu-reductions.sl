# Reductions on the CPU against the float64 reference: every kind over the
# first, a middle and the last dim (Inputs/reductions). A row of the last
# dim of at least 2 * TargetInfo::reductionLanes (64) elements, 32 for a sum
# or mean, is reduced in partial results combined in a tree, a shorter one
# in one accumulator (ShapeKernels.cpp): rows of 1, 32, 33, 63, 64, 65, 97
# (three full tiles and a rest) and 1000 elements, from 8 threads; NaN and
# infinities in the last dim's maxima and minima.
# RUN: rm -rf %t && mkdir -p %t
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu %S/Inputs/reductions %t B=3,T=5,*=1000 B=2,T=3,*=32 B=2,T=3,*=33 B=2,T=3,*=63 B=2,T=3,*=64 B=2,T=3,*=65 B=4,T=3,*=97 B=1,T=5,*=1 | FileCheck %s
# CHECK: reductions B=3,T=5,D=1000 (artifact): cpu matches the reference
# CHECK: reductions B=2,T=3,D=32 (run): cpu matches the reference
# CHECK: reductions B=2,T=3,D=33 (run): cpu matches the reference
# CHECK: reductions B=2,T=3,D=63 (run): cpu matches the reference
# CHECK: reductions B=2,T=3,D=64 (run): cpu matches the reference
# CHECK: reductions B=2,T=3,D=65 (run): cpu matches the reference
# CHECK: reductions B=4,T=3,D=97 (run): cpu matches the reference
# CHECK: reductions B=1,T=5,D=1 (run): cpu matches the reference
# CHECK-NOT: FAILED
