# Scans of one block over the same shape and axis that read the same
# per-step tensors, or another member's state, share one channel-parallel
# kernel (codegen/cpu/ScanGroup.h): RWKV-4's max-plus stabiliser p and its
# numerator and denominator scans (reading p at t and t-1) walk T once per
# channel, their shared exponentials computed once per step. The look-back
# alternative keeps a kernel set per scan. The models in Inputs/scan-groups/
# match the float64 reference with the schedule chosen per call (look-back
# at the few-channel sizes, crossing its 32896-step blocks at T=40000; the
# group at B=64, D=9) and with the channel-parallel strategy forced (a row
# of D=70 split between work items of 64 channels).
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage plan | FileCheck %s --check-prefix=RWKV
# RWKV-NOT: sl_scan_channels
# RWKV: kernel sl_scan_group_channels_0 items B*D when 128*threads <= B*D buffers (%2, %0, %4, %1, %5, %6, %7, %8)
# RWKV-COUNT-3: kernel sl_scan_apply
# RWKV-NOT: sl_scan_channels
# RWKV-NOT: sl_scan_group_channels
# RWKV: kernel sl_elementwise_10
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage plan --schedule strategy=lookback | FileCheck %s --check-prefix=LOOKBACK
# LOOKBACK-NOT: channels
# RUN: sluice dump %S/Inputs/scan-groups/rwkv4.sl --stage cpu --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
# REMARK: rwkv4.sl:10:3: remark: 3 scans share one channel-parallel kernel (the max_plus, linear and linear scans of this scan block): it walks T once per channel and computes every member's step, the element-wise values they share once per step; the look-back alternative keeps a kernel set per scan
# RUN: sluice dump %S/Inputs/scan-groups/exclusive_prefixes.sl --stage cpu --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=EXCL
# EXCL: exclusive_prefixes.sl:7:19: remark: 3 scans share one channel-parallel kernel (the linear scan at 7:19, the max_plus scan at 8:23 and the linear scan at 9:25)
# EXCL: exclusive_prefixes.sl:10:18: remark: 2 scans share one channel-parallel kernel (the linear scan at 10:18 and the log_add_exp scan at 11:22)
# RUN: sluice dump %S/Inputs/scan-groups/chained.sl --stage plan | FileCheck %s --check-prefix=CHAINED
# CHAINED-NOT: sl_scan_channels
# CHAINED: kernel sl_scan_group_channels_0 items B*D
# CHAINED: kernel sl_scan_group_channels_7 items B*D
# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu %S/Inputs/scan-groups %t B=2,T=300,*=5 B=1,T=1,*=3 B=3,T=7,*=17 B=64,T=50,*=9 B=1,T=40000,*=2 | FileCheck %s
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=channel_parallel %S/Inputs/scan-groups %t B=2,T=300,*=5 B=1,T=1,*=3 B=3,T=7,*=17 B=1,T=5000,*=70 | FileCheck %s --check-prefix=FORCED
# CHECK-COUNT-25: cpu matches the reference
# FORCED-COUNT-20: cpu with strategy=channel_parallel matches the reference
