# Scans of one block over the same shape and axis that read the same
# per-step tensors, or another member's state, share one channel-parallel
# kernel (codegen/cpu/ScanGroup.h): RWKV-4's max-plus stabiliser p and its
# numerator and denominator scans (reading p at t and t-1) walk T once per
# channel, their shared exponentials computed once per step, and the
# element-wise values read after them (wkv) are computed in the same kernel
# (ScanGroupEpilogue.cpp). The look-back alternative keeps a kernel set per
# scan. The models in Inputs/scan-groups/
# match the float64 reference with the schedule chosen per call (look-back
# for 2 channels over T=40000, crossing its 32896-step blocks; the group
# elsewhere: more channels or fewer steps), with the look-back forced at the
# small sizes, and with the channel-parallel strategy forced (a row of D=70
# split between work items of 64 channels).
# The group's kernel also computes wkv from the states in registers, so no
# state is stored over T by it (one value per channel); the look-back
# alternative stores them and computes wkv in its own element-wise kernel.
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage plan | FileCheck %s --check-prefix=RWKV
# RWKV-NOT: sl_scan_channels
# RWKV: kernel sl_scan_group_channels_narrow_0 items B*D when 2*threads <= B*D or T < 2048; and D < 4 buffers (%2, %0, %1, %3, %7, %8, %9, %10)
# RWKV: kernel sl_scan_group_channels_1 items B*D in rows of D when 2*threads <= B*D or T < 2048; and 4 <= D buffers (%2, %0, %1, %3, %7, %8, %9, %10, %11, %12)
# RWKV-COUNT-3: kernel sl_scan_apply
# RWKV-NOT: sl_scan_channels
# RWKV-NOT: sl_scan_group_channels
# RWKV: kernel sl_elementwise_11 items B*T when B*D < 2*threads and T >= 2048
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage plan --schedule strategy=channel_parallel | FileCheck %s --check-prefix=RWKV-CP
# RWKV-CP-NOT: f32[B, T, D]  // scan
# RWKV-CP: %7 = result 0 f32[B, T, D]  // elementwise
# RWKV-CP-NOT: f32[B, T, D]  // scan
# RWKV-CP: kernel sl_scan_group_channels_narrow_0 items B*D when D < 4 buffers (%2, %0, %1, %3, %7, %4, %5, %6)
# RWKV-CP: kernel sl_scan_group_channels_1 items B*D in rows of D when 4 <= D buffers (%2, %0, %1, %3, %7, %4, %5, %6, %8, %9)
# RWKV-CP-NOT: kernel
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage plan --schedule strategy=lookback | FileCheck %s --check-prefix=LOOKBACK
# LOOKBACK-NOT: channels
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage cpu --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
# REMARK: rwkv4.sl:10:3: remark: 3 scans share one channel-parallel kernel (the max_plus, linear and linear scans of this scan block): it walks T once per channel and computes every member's step, the element-wise values they share once per step; the look-back alternative keeps a kernel set per scan
# REMARK: rwkv4.sl:10:3: remark: the shared kernel also computes '/' at 15:40 after the steps, from the states in registers (no kernel reads them back for it); the states of 3 of the 3 scans are read by nothing else, so the shared kernel never stores them over T (one value per channel)
# RUN: sluice dump %S/Inputs/scan-groups/exclusive_prefixes.sl --stage cpu --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=EXCL
# EXCL: exclusive_prefixes.sl:7:19: remark: 3 scans share one channel-parallel kernel (the linear scan at 7:19, the max_plus scan at 8:23 and the linear scan at 9:25)
# EXCL: exclusive_prefixes.sl:10:18: remark: 2 scans share one channel-parallel kernel (the linear scan at 10:18 and the log_add_exp scan at 11:22)
# RUN: sluice dump %S/Inputs/scan-groups/chained.sl --stage plan | FileCheck %s --check-prefix=CHAINED
# (Backwards, r is read only by q, at t and t+1: kept per channel.)
# RUN: sluice dump %S/Inputs/scan-groups/chained.sl --stage plan --schedule strategy=channel_parallel | FileCheck %s --check-prefix=CHAINED-CP
# CHAINED-CP: %6 = temporary f32[B*D]  // scan_state
# CHAINED-CP: kernel sl_scan_group_channels_1 items B*D in rows of D
# CHAINED-CP: kernel sl_scan_group_channels_narrow_2 items B*D when D < 4 buffers (%0, %6, %7)
# CHAINED-CP: kernel sl_scan_group_channels_3 items B*D in rows of D when 4 <= D buffers (%0, %6, %7)
# CHAINED-NOT: sl_scan_channels
# CHAINED: kernel sl_scan_group_channels_1 items B*D in rows of D
# CHAINED: kernel sl_scan_group_channels_9 items B*D in rows of D
# A value the kernel cannot compute after its steps (a shift along D of a
# state) leaves the epilogue out: both states stored, the outputs computed
# by their own kernels.
# RUN: sluice dump %S/Inputs/scan-groups/apart.sl --stage plan --schedule strategy=channel_parallel | FileCheck %s --check-prefix=APART
# APART: kernel sl_scan_group_channels_narrow_0 items B*D when D < 4 buffers (%0, %1, %2)
# APART-NEXT: kernel sl_scan_group_channels_1 items B*D in rows of D when 4 <= D buffers (%0, %1, %2)
# APART-NEXT: kernel sl_elementwise_2 items B*T buffers (%2, %1, %3)
# APART-NEXT: kernel sl_elementwise_3 items B*T buffers (%2, %0, %4)
# At most 8 scans share a kernel (kMaxGroupMembers).
# RUN: sluice dump %S/Inputs/scan-groups/bank.sl --stage plan | FileCheck %s --check-prefix=BANK
# BANK: kernel sl_scan_group_channels_1 items B*D in rows of D when 2*threads <= B*D or T < 2048; and 4 <= D buffers (%0, %1, %2, %3, %4, %5, %6, %7, %8)
# BANK: kernel sl_scan_group_channels_27 items B*D in rows of D when 2*threads <= B*D or T < 2048; and 4 <= D buffers (%0, %1, %2, %3, %4, %5, %6, %7, %8, %27, %28, %29)
# BANK: kernel sl_elementwise_34 items ceil(B*T*D/4096) when B*D < 2*threads and T >= 2048
# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu %S/Inputs/scan-groups %t B=2,T=300,*=5 B=1,T=1,*=3 B=3,T=7,*=17 B=64,T=50,*=9 B=1,T=40000,*=2 | FileCheck %s
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=channel_parallel %S/Inputs/scan-groups %t B=2,T=300,*=5 B=1,T=1,*=3 B=3,T=7,*=17 B=1,T=5000,*=70 | FileCheck %s --check-prefix=FORCED
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=lookback %S/Inputs/scan-groups %t B=2,T=300,*=5 B=1,T=1,*=3 B=3,T=7,*=17 | FileCheck %s --check-prefix=LB-REFERENCE
# CHECK-COUNT-35: cpu matches the reference
# LB-REFERENCE-COUNT-21: cpu with strategy=lookback matches the reference
# FORCED-COUNT-28: cpu with strategy=channel_parallel matches the reference
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu --rtol 2e-2 %S/Inputs/scan-groups-bf16 %t B=2,T=300,*=5 B=64,T=50,*=9 | FileCheck %s --check-prefix=BF16
# BF16-COUNT-2: cpu matches the reference
