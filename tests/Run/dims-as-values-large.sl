# A dim used as a value is counted exactly past 2^24 (an f32 sum of ones
# stopped at 16777216): the count is taken in f64 and rounded once.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice run %s --random D=33554436 --output-dir %t/cpu > /dev/null
# RUN: %npy print %t/cpu/y.npy | FileCheck %s
# CHECK: <f4 []: 33554436{{$}}
model m {
  dims D
  input x : f32[D]
  output y = sum(x * 0.0, D) + D
}
