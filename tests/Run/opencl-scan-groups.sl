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
