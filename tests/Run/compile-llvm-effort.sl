# What LLVM spends its time on (issue 8, compile time).
#
# The look-back kernels interleave their lanes by hand, so their loops carry
# llvm.loop.unroll.disable (LLVM's unroller would only multiply them); the
# JIT, the artifacts and `dump --stage llvm` all see the same marks. So do
# the loops of the channel-parallel kernel for narrow rows (a chain of
# dependent steps per channel, kRolledLoopsAttr), not those of the row walk,
# which LLVM vectorises (and may unroll) as it sees fit.
# RUN: sluice dump %examples/ema.sl --stage llvm --schedule strategy=lookback | FileCheck %s --check-prefix=LOOKBACK
# LOOKBACK: define void @sl_scan_aggregate_0(
# LOOKBACK: !llvm.loop [[LOOP:![0-9]+]]
# LOOKBACK: [[LOOP]] = distinct !{[[LOOP]], [[ROLLED:![0-9]+]]}
# LOOKBACK: [[ROLLED]] = !{!"llvm.loop.unroll.disable"}
# RUN: sluice dump %examples/ema.sl --stage llvm --schedule strategy=channel_parallel | FileCheck %s --check-prefix=CHANNELS
# CHANNELS: define void @sl_scan_channels_narrow_0(
# CHANNELS-NOT: vector.body
# CHANNELS: !llvm.loop [[NARROW:![0-9]+]]
# CHANNELS: define void @sl_scan_channels_1(
# CHANNELS: vector.body
# CHANNELS: [[NARROW]] = distinct !{[[NARROW]], [[ROLLED:![0-9]+]]}
# CHANNELS: [[ROLLED]] = !{!"llvm.loop.unroll.disable"}
#
# A scan fused with a reduction of its state walks short rows (Mamba-2's
# N = 16): its loops carry an interleave count of 1, so the vectorised
# body takes one vector of 8 floats per iteration (interleaved, it took 32
# and a row of 16 ran the scalar remainder loop). Other kernels keep
# LLVM's choice.
# RUN: sluice dump %examples/mamba2_ssd.sl --stage llvm | FileCheck %s --check-prefix=ROWS
# (The plan's other kernel is element-wise, without the mark: the count is
# the scan+reduce kernel's, which also computes the skip connection.)
# ROWS: define void @sl_elementwise_0(
# ROWS: define void @sl_scan_reduce_1(
# ROWS-NOT: define void
# ROWS: !{!"llvm.loop.interleave.count", i32 1}
# RUN: sluice dump %examples/ema.sl --stage llvm --schedule strategy=channel_parallel | FileCheck %s --check-prefix=NOROWS
# NOROWS-NOT: llvm.loop.interleave.count
#
# `sluice compile --time-phases` prints where an artifact's compile goes.
# RUN: sluice compile %examples/ema.sl --target cpu -o %t/ema --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=PHASES
# PHASES: sluice: compile time {{[0-9]+\.[0-9]}} ms
# PHASES-NEXT: {{^}}  frontend (parse, IRGen) {{ *[0-9]+\.[0-9]}} ms
# PHASES-NEXT: {{^}}  passes (to fused) {{ *[0-9]+\.[0-9]}} ms
# PHASES-NEXT: {{^}}  plan and kernels {{ *[0-9]+\.[0-9]}} ms
# PHASES-NEXT: {{^}}  object files ({{[0-9]+}} threads) {{ *[0-9]+\.[0-9]}} ms
# PHASES-NEXT: {{^}}    lower to LLVM dialect {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# PHASES-NEXT: {{^}}    translate to LLVM IR {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# PHASES-NEXT: {{^}}    LLVM optimizer {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# PHASES-NEXT: {{^}}    machine code {{ *[0-9]+\.[0-9]}} ms (summed over threads)
# PHASES-NEXT: {{^}}  link ({{.*}} -shared) {{ *[0-9]+\.[0-9]}} ms
# PHASES-NEXT: {{^}}  manifest {{ *[0-9]+\.[0-9]}} ms
# PHASES-NOT: {{.}}
