# The OpenCL look-back's chunk (steps per work-item) is a run-time parameter
# of the plan (Step::chunkDim): forced with SLUICE_OPENCL_LOOKBACK_CHUNK, the
# look-back examples match the float64 reference with chunks of 1 step (a
# block per step), 3 steps (T = 1000: a one-step tail), 16 (T = 17: a
# one-step tail) and 2048 (longer than T: one block), through an artifact
# and through `sluice run`. A chunk that is not a positive integer is an
# error.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=1 %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,second_order,cumulative_ops %examples %t B=1,T=17,*=2 B=1,T=100,*=2 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=3 %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,second_order,cumulative_ops %examples %t B=1,T=1000,*=2 B=2,T=1000,*=1 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=16 %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,second_order,cumulative_ops %examples %t B=1,T=17,*=2 B=1,T=16,*=2 | FileCheck %s
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=2048 %python %S/Inputs/target-matches-reference.py --target opencl --only ema,reverse_ema,second_order,cumulative_ops %examples %t B=1,T=1000,*=2 B=1,T=1,*=2 | FileCheck %s
# CHECK: ema {{.*}} (artifact): opencl matches the reference
# CHECK: ema {{.*}} (run): opencl matches the reference
# CHECK: reverse_ema {{.*}} (artifact): opencl matches the reference
# CHECK: second_order {{.*}} (run): opencl matches the reference
# CHECK-NOT: FAILED
# RUN: not %no-leak-check env SLUICE_OPENCL_LOOKBACK_CHUNK=0 sluice run %examples/ema.sl --target opencl --random B=1,T=10,D=2 --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=BAD
# BAD: sluice: error: OpenCL: SLUICE_OPENCL_LOOKBACK_CHUNK='0' is not a chunk (an integer from 1 to 2^30)
# The remark says the chunk is chosen per call.
# RUN: %no-leak-check sluice run %examples/ema.sl --target opencl --remarks --random B=1,T=10,D=2 --output-dir %t/remarks 2>&1 | FileCheck %s --check-prefix=REMARK
# REMARK: ema.sl:{{[0-9]+}}:3: remark: scan schedule: {{.*}}else look-back over blocks of lookback_chunk#0 steps per lane (1 lane, the chunk chosen per call: the tuning cache, else the shape and the device)
