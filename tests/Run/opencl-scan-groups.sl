# REQUIRES: opencl
# The scan-group models (scan-groups.sl) on OpenCL: the group's kernel
# printed as OpenCL C (each channel's states carried in registers), against
# the float64 reference, with the schedule chosen per call and with the
# channel-parallel strategy forced.
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage opencl | FileCheck %s --check-prefix=SOURCE
# SOURCE: __kernel void sl_scan_group_channels_0(
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl %S/Inputs/scan-groups %t B=2,T=300,*=5 B=3,T=7,*=17 B=1,T=1000,*=2 | FileCheck %s
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --schedule strategy=channel_parallel %S/Inputs/scan-groups %t B=2,T=300,*=5 B=3,T=7,*=17 B=1,T=1000,*=70 | FileCheck %s --check-prefix=FORCED
# CHECK-COUNT-21: opencl matches the reference
# FORCED-COUNT-21: opencl with strategy=channel_parallel matches the reference
# bf16 states rounded once, by the group's kernel (states f32, per channel).
# RUN: sluice dump %S/Inputs/scan-groups-bf16/bf16_pair.sl --stage opencl | FileCheck %s --check-prefix=BF16
# BF16: // b0 = %0 x (bf16), b1 = %3 elementwise (bf16), b2 = %4 elementwise (bf16), b3 = %5 scan_state (f32), b4 = %6 scan_state (f32);
# BF16-NEXT: __kernel void sl_scan_group_channels_0(
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --rtol 2e-2 %S/Inputs/scan-groups-bf16 %t B=2,T=300,*=5 B=3,T=7,*=2 | FileCheck %s --check-prefix=BF16-MATCH
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --rtol 2e-2 --schedule strategy=channel_parallel %S/Inputs/scan-groups-bf16 %t B=2,T=300,*=5 | FileCheck %s --check-prefix=BF16-MATCH
# BF16-MATCH: bf16_pair B=2,T=300,D=5 (artifact): opencl
# BF16-MATCH-SAME: matches the reference
