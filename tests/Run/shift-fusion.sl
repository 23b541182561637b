# A shift (`shift(x, T, k)`, or a scan's own `p[t-1]` read by another scan)
# is computed inside the kernel that reads it: the operand at the moved,
# clamped coordinate, zero outside. No kernel writes a shifted copy. The
# models in Inputs/shift-fusion/ match the float64 reference on the CPU
# (both scan strategies: B*D >= 128 per thread at B=64, D=9, look-back at
# the others) and on OpenCL (PoCL).
# RUN: sluice dump %S/Inputs/shift-fusion/lags.sl --stage plan | FileCheck %s --check-prefix=PLAN
# RUN: sluice dump %S/Inputs/shift-fusion/rwkv_like.sl --stage plan | FileCheck %s --check-prefix=PLAN
# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu %S/Inputs/shift-fusion %t B=2,T=300,*=5 B=1,T=1,*=3 B=3,T=7,*=17 B=2,T=5000,*=4 B=64,T=50,*=9 | FileCheck %s
# PLAN-NOT: shift
# CHECK-COUNT-10: cpu matches the reference
