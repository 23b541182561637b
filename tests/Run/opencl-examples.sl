# Every example on the OpenCL target (PoCL in CI) against the float64
# reference, on the same random inputs: compiled to an artifact and run by
# sluice-run (first size list), and by `sluice run --target opencl`. The
# sizes cross the OpenCL look-back blocks (256 steps) with few channels, and
# give many channels (channel-parallel) with a short T.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl %examples %t B=2,T=300,*=5 B=1,T=1000,*=2 B=4,T=9,*=80 | FileCheck %s
# CHECK: ema B=2,T=300,D=5 (artifact): opencl matches the reference
# CHECK: ema B=1,T=1000,D=2 (run): opencl matches the reference
# CHECK: ema B=4,T=9,D=80 (run): opencl matches the reference
# CHECK: hawk_rglru B=2,T=300,D=5 (artifact): opencl matches the reference
# CHECK: tanh_rnn B=4,T=9,D=80 (run): opencl matches the reference
# CHECK-NOT: FAILED
