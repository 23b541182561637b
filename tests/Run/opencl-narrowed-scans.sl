# REQUIRES: opencl
# A scan result whose only reader rounds it to f16/bf16 is stored rounded by
# the scan's own kernels on OpenCL (the channel walk and the look-back's
# apply), with no f32 copy over T and no cast kernel; a result read by more
# keeps f32. Against the float64 reference (rounded to the 16-bit type, so
# the tolerance is a few bf16 ulps), channel-parallel and by look-back with
# blocks of 16 steps.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --rtol 2e-2 %S/Inputs/narrowed-scans %t/a B=2,T=300,*=5 B=1,T=1000,*=3 B=3,T=7,*=2 | FileCheck %s --check-prefix=MATCH
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --rtol 2e-2 --schedule strategy=lookback,chunk=16 %S/Inputs/narrowed-scans %t/b B=2,T=300,*=5 B=1,T=1000,*=3 | FileCheck %s --check-prefix=MATCH-LB
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --rtol 2e-2 --schedule strategy=channel_parallel %S/Inputs/narrowed-scans %t/c B=2,T=300,*=5 | FileCheck %s --check-prefix=MATCH-CP
# RUN: sluice dump --stage opencl %S/Inputs/narrowed-scans/bf16_linrec.sl | FileCheck %s --check-prefix=LINREC
# RUN: sluice dump --stage opencl %S/Inputs/narrowed-scans/bf16_second_order.sl | FileCheck %s --check-prefix=OSC
# MATCH-COUNT-9: matches the reference
# MATCH-LB-COUNT-6: matches the reference
# MATCH-CP-COUNT-3: matches the reference

# The channel walk and the apply store bf16; no element-wise kernel.
# LINREC: // b0 = %0 a (bf16), b1 = %1 b (bf16), b2 = %2 scan (bf16);
# LINREC-NEXT: __kernel void sl_scan_channels_0(
# LINREC: b4 = %2 scan (bf16);
# LINREC-NEXT: {{.*}} sl_scan_apply_3_items(
# LINREC-NOT: sl_elementwise
# The position is stored rounded; the velocity stays f32 for `v * 2.0`,
# whose kernel rounds its own result.
# OSC: b2 = %2 scan (bf16), b3 = %3 scan (f32);
# OSC: // b0 = %3 scan (f32), b1 = %{{[0-9]+}} elementwise (bf16);
