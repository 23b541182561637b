# A state split off a loop whose earlier values the rest reads, with inits
# that are not one finite constant (inputs, params, two different ones at
# lags 1 and 2), reaches the rest as its scan shifted, each init selected
# at its first step (passes/LoopSplitting.cpp): one-step forecasts read by
# no state become element-wise, the carried states one scan, and no state
# stays in a loop as a pass-through. Against the float64 reference on the
# CPU (every strategy, 8 threads, T of 1, within and past a look-back block);
# on OpenCL: opencl-shifted-inits.sl.
# RUN: sluice dump %S/Inputs/shifted-inits/holt_forecasts.sl --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=HOLT
# HOLT: remark: scan over 'yhat', 'yhat2', 'l', 'b': 'l', 'b' became a parallel linear scan (state size 2, full 2x2 matrix, time-invariant coefficients); 'yhat' became element-wise (no state is carried) given 'l', 'b'; 'yhat2' became element-wise (no state is carried) given 'l', 'b'
# HOLT-NOT: sl.loop
# HOLT: arith.select
# HOLT-NOT: sl.loop
# RUN: sluice dump %S/Inputs/shifted-inits/order2_forecast.sl --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=ORDER2
# ORDER2: remark: scan over 'f', 'y': 'y' became a parallel linear scan (state size 2, companion form of an order-2 recurrence, time-invariant coefficients); 'f' became element-wise (no state is carried) given 'y'
# ORDER2-NOT: sl.loop
# RUN: sluice dump %S/Inputs/shifted-inits/reverse_carry.sl --stage recognized --remarks 2>&1 | FileCheck %s --check-prefix=REVERSE
# REVERSE: remark: scan over 'h', 'g', 'z' was split: 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); 'g' became element-wise (no state is carried) given 'h'; the rest stays sequential: 'tanh' at 11:12 makes 'z' non-linear
# REVERSE: sl.shift {{.*}} by -1
# REVERSE: sl.loop {{.*}} reverse lags [1]
# RUN: rm -rf %t && mkdir -p %t
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu %S/Inputs/shifted-inits %t/cpu B=2,T=1,*=3 B=3,T=37,*=2 B=1,T=40000,*=1 | FileCheck %s --check-prefix=CPU
# CPU-COUNT-9: cpu matches the reference
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=lookback,chunk=40 %S/Inputs/shifted-inits %t/lb B=3,T=101,*=2 B=1,T=7,*=1 | FileCheck %s --check-prefix=LB
# LB-COUNT-6: cpu with strategy=lookback,chunk=40 matches the reference
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu --schedule strategy=channel_parallel %S/Inputs/shifted-inits %t/cp B=3,T=37,*=5 B=1,T=2,*=1 | FileCheck %s --check-prefix=CP
# CP-COUNT-6: cpu with strategy=channel_parallel matches the reference
