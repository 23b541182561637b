# --schedule on the OpenCL target (PoCL in CI): the run is scheduled for
# OpenCL (one lane per look-back block, so any chunk), and a chunk of 16
# steps cuts T = 300 into 19 blocks; every example matches the float64
# reference, through an artifact (sluice compile --target opencl) and sluice
# run --target opencl. (LinOSS, an oscillator, drifts in f32: 6e-4 of its peak
# sequentially, 2e-3 with 19 composed blocks of 16 steps; hence the 3e-4
# relative bound, 4e-3 of its peak.)
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl --rtol 3e-4 --schedule strategy=lookback,chunk=16 %examples %t B=1,T=300,*=2 B=2,T=77,*=3 | FileCheck %s
# CHECK: ema B=1,T=300,D=2 (artifact): opencl with strategy=lookback,chunk=16 matches the reference
# CHECK: ema B=2,T=77,D=3 (run): opencl with strategy=lookback,chunk=16 matches the reference
# CHECK: selective_scan B=2,T=77,D=3,N=3 (run): opencl with strategy=lookback,chunk=16 matches the reference
# CHECK-NOT: FAILED
