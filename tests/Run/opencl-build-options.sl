# SLUICE_OPENCL_BUILD_OPTIONS reaches the program build: the step loops'
# unroll request (SLUICE_STEP_UNROLL) at 3 (a remainder in every lane walk
# of 37 steps), 16 and 0 (no pragma) gives the NumPy model's results on the
# chunked and the channel-parallel schedule; a bad option is the build's
# clear error, naming the options, with exit status 1, from `sluice run`
# and from `sluice-run` on an artifact, plain, timed (--bench) and tuning.
# Programs are built with -DSLUICE_INDEX_32 (32-bit dims and offsets)
# unless SLUICE_OPENCL_INDEX_BITS=64, which also gives the NumPy results.
# REQUIRES: opencl
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_STEP_UNROLL=3 SLUICE_OPENCL_LOOKBACK_CHUNK=32 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked --dims B=2,T=1037,D=30
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_STEP_UNROLL=16 %python %scripts/check-numpy.py %S/../numpy/linoss_im.py --target opencl --scan-strategy chunked --dims B=2,T=999,P=20
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_STEP_UNROLL=0 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy channel_parallel --dims B=2,T=77,D=30
# RUN: env SLUICE_OPENCL_BUILD_OPTIONS=-cl-no-such-option not sluice run %s --target opencl --random B=1,T=10,D=2 2>&1 | FileCheck %s --check-prefix=BAD
# RUN: env SLUICE_OPENCL_INDEX_BITS=64 SLUICE_OPENCL_BUILD_OPTIONS=-cl-no-such-option not sluice run %s --target opencl --random B=1,T=10,D=2 2>&1 | FileCheck %s --check-prefix=WIDE
# RUN: %no-leak-check env SLUICE_OPENCL_INDEX_BITS=64 SLUICE_OPENCL_LOOKBACK_CHUNK=32 %python %scripts/check-numpy.py %S/../numpy/ema.py --target opencl --scan-strategy chunked --dims B=2,T=1037,D=30
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check sluice compile %s --target opencl -o %t/art
# RUN: env SLUICE_OPENCL_BUILD_OPTIONS=-cl-no-such-option not sluice-run %t/art --random B=1,T=10,D=2 --output-dir %t 2>&1 | FileCheck %s --check-prefix=BAD
# RUN: env SLUICE_OPENCL_BUILD_OPTIONS=-cl-no-such-option not sluice-run %t/art --random B=1,T=10,D=2 --output-dir %t --bench 2 2>&1 | FileCheck %s --check-prefix=BAD
# RUN: env SLUICE_OPENCL_BUILD_OPTIONS=-cl-no-such-option not sluice-run %t/art --random B=1,T=10,D=2 --output-dir %t --tune 2>&1 | FileCheck %s --check-prefix=BAD
# RUN: %no-leak-check env SLUICE_OPENCL_BUILD_OPTIONS=-DSLUICE_STEP_UNROLL=2 sluice-run %t/art --random B=1,T=10,D=2 --output-dir %t --bench 2 | FileCheck %s --check-prefix=BENCH
# BENCH: bench model=ema target=opencl
# BAD: error: OpenCL: clBuildProgram failed with CL_INVALID_BUILD_OPTIONS
# BAD-SAME: with options '-cl-fp32-correctly-rounded-divide-sqrt -DSLUICE_INDEX_32 -cl-no-such-option'
# WIDE: error: OpenCL: clBuildProgram failed with CL_INVALID_BUILD_OPTIONS
# WIDE-SAME: with options '-cl-fp32-correctly-rounded-divide-sqrt -cl-no-such-option'

model ema {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { m[t] = 0.9 * m[t-1] + x[t] }
  output m
}
