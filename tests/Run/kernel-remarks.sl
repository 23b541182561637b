# --remarks also says, at the scan, what the CPU code generator computes
# inside each scan kernel (element-wise producers, a reduction fused as its
# epilogue) and which schedule the scan got.
#
# Gated Linear Attention: the gate and k*v are computed inside the kernel, and
# the contraction with q too; the state over T is never stored.
# RUN: sluice run %examples/gla.sl --random B=1,T=8,H=1,K=2,V=2 --output-dir %t/gla --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=GLA
# GLA: gla.sl:50:3: remark: scan over 'S' became a parallel linear scan
# GLA: gla.sl:50:3: remark: scan kernel computes inside it 'logsigmoid' at 47:19, '/' at 47:34, 'exp' at 47:15, '*' at 49:31 (fused: none of them is stored)
# GLA-NEXT: {{^}}  scan t over T {{{$}}
# GLA: gla.sl:50:3: remark: the sum over K at 53:14 is computed inside the scan kernel (with '*' at 53:37); the state [B, T, H, K, V] is never stored
# GLA: gla.sl:50:3: remark: scan schedule: B*H work items, each walking T over its channels (the scan fused with its reduction has no look-back alternative
#
# Mamba's selective scan: exp(dt * A) and dt * x * B inside; sum over N fused.
# RUN: sluice run %examples/selective_scan.sl --random B=1,T=8,D=2,N=2 --output-dir %t/mamba --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=MAMBA
# MAMBA: selective_scan.sl:44:3: remark: scan kernel computes inside it '*' at 42:37, 'exp' at 42:13, '*' at 43:28, '*' at 43:37
# MAMBA: selective_scan.sl:44:3: remark: the sum over N at 45:14 is computed inside the scan kernel (with '*' at 45:36); the state [B, T, D, N] is never stored
# MAMBA: remark: scan schedule: B*D work items
#
# mLSTM: C [B, T, H, V, K] in tiles of V; the normaliser n [B, T, H, 1, K]
# has one element before K, so a work item is one channel with its states
# in vectors along K.
# RUN: sluice run %examples/mlstm.sl --random B=1,T=8,H=2,K=3,V=2 --output-dir %t/mlstm --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=MLSTM
# MLSTM: remark: the sum over K at 91:13 is computed inside the scan kernel
# MLSTM: remark: scan schedule: B*H*V work items, each walking T over its channels
# MLSTM: remark: the sum over K at 92:17 is computed inside the scan kernel
# MLSTM: remark: scan schedule: B*H work items, each walking T for one channel, its states in vectors along K (the scan fused
#
# --no-fusion: every operand is read from memory, the sum is a kernel of its own.
# RUN: sluice run %examples/gla.sl --random B=1,T=8,H=1,K=2,V=2 --output-dir %t/gla-nofusion --remarks --no-fusion 2>&1 >/dev/null | FileCheck %s --check-prefix=NOFUSION
# NOFUSION-NOT: computed inside
# NOFUSION: gla.sl:50:3: remark: scan kernel reads its operands from memory (--no-fusion: each element-wise op has its own kernel)
# NOFUSION-NOT: computed inside
# NOFUSION: remark: scan schedule: chosen per call by the channel count B*H*K*V: channel-parallel from 2 channels per thread or below 2048 steps, else look-back over blocks of 32896 steps (8 interleaved lanes of 4112 steps)
#
# For the EMA, the schedule is chosen per call by the channel count...
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/ema --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=EMA
# EMA: ema.sl:27:3: remark: scan kernel computes inside it '-' at 27:31, '*' at 27:57 (fused: none of them is stored)
# EMA: ema.sl:27:3: remark: scan schedule: chosen per call by the channel count B*D: channel-parallel from 2 channels per thread or below 2048 steps, else look-back
#
# ...unless --scan-strategy forces it: look-back...
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/ema-chunked --remarks --scan-strategy chunked 2>&1 >/dev/null | FileCheck %s --check-prefix=CHUNKED
# CHUNKED: ema.sl:27:3: remark: scan schedule: look-back over blocks of 32896 steps (8 interleaved lanes of 4112 steps), parallel over blocks and the B*D channels (strategy lookback, forced by --schedule or --scan-strategy)
# ...and with the reduction kept apart from the scan (GLA):
# RUN: sluice run %examples/gla.sl --random B=1,T=8,H=1,K=2,V=2 --output-dir %t/gla-chunked --remarks --scan-strategy chunked 2>&1 >/dev/null | FileCheck %s --check-prefix=GLA-CHUNKED
# GLA-CHUNKED-NOT: computed inside the scan kernel
# GLA-CHUNKED: remark: scan schedule: look-back {{.*}} parallel over blocks and the B*H*K*V channels (strategy lookback, forced by --schedule or --scan-strategy)
# ...or with --schedule, which also sets the look-back's chunk (lanes x steps)...
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/ema-schedule --remarks --schedule strategy=lookback,chunk=64 2>&1 >/dev/null | FileCheck %s --check-prefix=SCHEDULE
# SCHEDULE: ema.sl:27:3: remark: scan schedule: look-back over blocks of 64 steps (8 interleaved lanes of 8 steps), parallel over blocks and the B*D channels (strategy lookback, forced by --schedule or --scan-strategy)
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/ema-chunk --remarks --schedule chunk=16 2>&1 >/dev/null | FileCheck %s --check-prefix=CHUNK
# CHUNK: ema.sl:27:3: remark: scan schedule: chosen per call by the channel count B*D: channel-parallel from 2 channels per thread, else look-back over blocks of 16 steps (8 interleaved lanes of 2 steps)
# ...or channel-parallel.
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/ema-channels --remarks --scan-strategy channel_parallel 2>&1 >/dev/null | FileCheck %s --check-prefix=CHANNELS
# CHANNELS: ema.sl:27:3: remark: scan schedule: channel-parallel over the B*D channels (strategy channel_parallel, forced by --schedule or --scan-strategy)
#
# Sequential: a scan block that stays a loop, and every block with
# --scan-strategy sequential.
# RUN: sluice run %s --random B=1,T=8,D=2 --output-dir %t/rnn --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=RNN
# RNN: kernel-remarks.sl:[[@LINE+16]]:3: remark: scan stays sequential: 'tanh'
# RNN: kernel-remarks.sl:[[@LINE+15]]:3: remark: scan schedule: sequential over T in one kernel, parallel over the B*D channels
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/ema-seq --remarks --scan-strategy sequential 2>&1 >/dev/null | FileCheck %s --check-prefix=SEQ
# SEQ: ema.sl:27:3: remark: scan schedule: sequential over T in one kernel, parallel over the B*D channels
# A loop over rows of T ([B, T] series) walks its channels in tiles
# (LoopRowsKernel.cpp).
# RUN: sluice dump %examples/holt_winters.sl --stage plan --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=ROWS
# ROWS: holt_winters.sl:{{[0-9]+}}:3: remark: scan schedule: sequential over T in one kernel, parallel over the B channels, 16 side by side, their rows of T staged in blocks of steps
#
# Without --remarks, nothing.
# RUN: sluice run %examples/gla.sl --random B=1,T=8,H=1,K=2,V=2 --output-dir %t/quiet 2>&1 >/dev/null | FileCheck %s --allow-empty --check-prefix=QUIET
# QUIET-NOT: remark

model rnn {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { h[t] = tanh(0.5 * h[t-1] + x[t]) }
  output h
}
