# --schedule strategy=S,chunk=N forces what sl-schedule chooses for every
# scan (run, bench, compile, dump); --scan-strategy is its alias for the
# strategy. The chunk is the look-back block's steps (8 lanes x chunk/8 steps
# on the CPU), and the plan follows it.
# RUN: sluice dump %examples/ema.sl --stage plan --schedule strategy=lookback,chunk=64 | FileCheck %s --check-prefix=PLAN
# PLAN: temporary f32[ceil(T/64), B*D, 8, 2]  // scan_lane_aggregates
# PLAN-NOT: sl_scan_channels
# PLAN: lookback ceil(T/64) blocks of B*D items buffers ()
# PLAN-NOT: sl_scan_channels
# RUN: sluice dump %examples/ema.sl --stage plan --schedule chunk=16 | FileCheck %s --check-prefix=PLAN-AUTO
# PLAN-AUTO: kernel sl_scan_channels_narrow_0 items B*D when 2*threads <= B*D; and D < 4 buffers
# PLAN-AUTO: kernel sl_scan_channels_1 items B*D in rows of D when 2*threads <= B*D; and 4 <= D buffers
# PLAN-AUTO: lookback ceil(T/16) blocks of B*D items when B*D < 2*threads buffers
# RUN: sluice dump %examples/ema.sl --stage scheduled --hide-locations --schedule strategy=channel_parallel,chunk=8 | FileCheck %s --check-prefix=SCHEDULED
# SCHEDULED: sl.scan linear {{.*}} {schedule = #sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, lane_steps = 1>}
# The OpenCL target's plan (dump --stage opencl) is scheduled for OpenCL:
# one lane per block, so any chunk.
# RUN: sluice dump %examples/ema.sl --stage opencl --schedule chunk=100 | FileCheck %s --check-prefix=OPENCL
# OPENCL: __kernel void sl_scan_aggregate
#
# Bad keys and values: a clear error, exit status 1, nothing run.
# RUN: not sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/bad --schedule tile=4 2>&1 | FileCheck %s --check-prefix=KEY
# KEY: --schedule: unknown key 'tile' (expected strategy or chunk)
# RUN: not sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/bad --schedule strategy=fast 2>&1 | FileCheck %s --check-prefix=STRATEGY
# STRATEGY: --schedule: unknown strategy 'fast' (expected channel_parallel, lookback or auto)
# RUN: not sluice bench %examples/ema.sl --random B=1,T=8,D=2 --schedule chunk=0 2>&1 | FileCheck %s --check-prefix=ZERO
# ZERO: --schedule: chunk '0' is not a positive whole number of steps
# RUN: not sluice dump %examples/ema.sl --stage scheduled --schedule chunk=4k 2>&1 | FileCheck %s --check-prefix=NOT-A-NUMBER
# NOT-A-NUMBER: --schedule: chunk '4k' is not a positive whole number of steps
# RUN: not sluice compile %examples/ema.sl -o %t/bad.artifact --schedule strategy 2>&1 | FileCheck %s --check-prefix=NO-VALUE
# NO-VALUE: --schedule: 'strategy' is not KEY=VALUE (keys: strategy, chunk)
# RUN: not sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/bad --schedule chunk=8,chunk=16 2>&1 | FileCheck %s --check-prefix=TWICE
# TWICE: --schedule: chunk given twice
# RUN: not sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/bad --schedule chunk=100 2>&1 | FileCheck %s --check-prefix=LANES
# LANES: sluice: error: --schedule: chunk=100 is not a multiple of the cpu target's look-back lanes (8): a block is lanes x lane steps
# RUN: not sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/bad --schedule chunk=2199023255552 2>&1 | FileCheck %s --check-prefix=LONG
# LONG: sluice: error: --schedule: chunk=2199023255552 is longer than 2^40 steps
# RUN: not sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/bad --scan-strategy chunked --schedule strategy=channel_parallel 2>&1 | FileCheck %s --check-prefix=BOTH
# BOTH: --schedule strategy=... and --scan-strategy both give the scan strategy: give it once
# RUN: not sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/bad --scan-strategy fast 2>&1 | FileCheck %s --check-prefix=ALIAS
# ALIAS: --scan-strategy: fast not in {channel_parallel,lookback,chunked,sequential}
# RUN: not ls %t/bad
#
# The alias says the same schedule.
# RUN: sluice run %examples/ema.sl --random B=1,T=8,D=2 --output-dir %t/alias --scan-strategy chunked --remarks 2>&1 | FileCheck %s --check-prefix=REMARK
# REMARK: remark: scan schedule: look-back over blocks of 32896 steps (8 interleaved lanes of 4112 steps), parallel over blocks and the B*D channels (strategy lookback, forced by --schedule or --scan-strategy)
#
# Numbers: with a small chunk, T crosses many look-back blocks (T = 700 is
# 11 blocks of 64 steps, T = 333 six blocks), and every example still
# matches the float64 reference, through an artifact (sluice compile
# --schedule) and through sluice run.
# RUN: rm -rf %t/numbers && mkdir -p %t/numbers
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=lookback,chunk=64 %examples %t/numbers B=1,T=700,*=2 B=2,T=333,*=3 | FileCheck %s --check-prefix=NUMBERS
# NUMBERS: ema B=1,T=700,D=2 (artifact): cpu with strategy=lookback,chunk=64 matches the reference
# NUMBERS: ema B=2,T=333,D=3 (run): cpu with strategy=lookback,chunk=64 matches the reference
# NUMBERS: gla B=2,T=333,H=3,K=3,V=3 (run): cpu with strategy=lookback,chunk=64 matches the reference
# NUMBERS: selective_scan B=2,T=333,D=3,N=3 (run): cpu with strategy=lookback,chunk=64 matches the reference
# NUMBERS-NOT: FAILED
# The smallest block (8 lanes of one step) under the run-time choice: few
# channels take the look-back.
# RUN: rm -rf %t/small && mkdir -p %t/small
# RUN: %python %S/Inputs/target-matches-reference.py --target cpu --schedule chunk=8 %examples %t/small B=1,T=100,*=2 B=1,T=45,*=2 | FileCheck %s --check-prefix=SMALL
# SMALL: ema B=1,T=100,D=2 (artifact): cpu with chunk=8 matches the reference
# SMALL: tanh_rnn B=1,T=45,D=2 (run): cpu with chunk=8 matches the reference
# SMALL-NOT: FAILED
