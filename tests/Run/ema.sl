# `sluice run --target reference`: inputs from .npy files and from --random.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 1,4,2 1,4,2,0,3,0,4,8
# RUN: %npy write %t/alpha.npy '<f4' 2 0.5,0.25
# RUN: sluice run %s --target reference --input x=%t/x.npy --input alpha=%t/alpha.npy --output-dir %t/out | FileCheck %s
# RUN: %npy print %t/out/m.npy | FileCheck %s --check-prefix=VALUES
# Format 2.0 headers and float64 data read the same (here into an f64 model).
# RUN: %npy write %t/x64.npy '<f8' 1,4,2 1,4,2,0,3,0,4,8 --major 2
# RUN: %npy write %t/alpha64.npy '<f8' 2 0.5,0.25 --major 3
# RUN: sluice run %S/Inputs/ema64.sl --target reference --input x=%t/x64.npy --input alpha=%t/alpha64.npy --output-dir %t/out64 | FileCheck %s --check-prefix=F64
# RUN: %npy print %t/out64/m.npy | FileCheck %s --check-prefix=VALUES64
#
# Random inputs: deterministic for a seed, different for another one.
# RUN: sluice run %s --target reference --random B=2,T=1000,D=64 --seed 3 --output-dir %t/r1 | FileCheck %s --check-prefix=RANDOM
# RUN: sluice run %s --target reference --random B=2,T=1000,D=64 --seed 3 --output-dir %t/r2
# RUN: cmp %t/r1/m.npy %t/r2/m.npy
# RUN: sluice run %s --target reference --random B=2,T=1000,D=64 --seed 4 --output-dir %t/r3
# RUN: not cmp -s %t/r1/m.npy %t/r3/m.npy
# A file for one arg, random draws for the others (its dims come from the file).
# RUN: sluice run %s --target reference --input alpha=%t/alpha.npy --random B=1,T=3 --output-dir %t/mix | FileCheck %s --check-prefix=MIX
# The output directory defaults to the current one.
# RUN: cd %t && sluice run %s --target reference --random B=1,T=2,D=1 | FileCheck %s --check-prefix=HERE
# RUN: ls %t/m.npy

# CHECK: m: shape [1, 4, 2], f32, written to {{.*}}out{{/|\\}}m.npy
# VALUES: <f4 [1, 4, 2]: 0.5 1 1.25 0.75 2.125 0.5625 3.0625 2.421875
# F64: m: shape [1, 4, 2], f64, written to
# VALUES64: <f8 [1, 4, 2]: 0.5 1 1.25 0.75 2.125 0.5625 3.0625 2.421875
# RANDOM: m: shape [2, 1000, 64], f32, written to {{.*}}r1{{/|\\}}m.npy
# MIX: m: shape [1, 3, 2], f32
# HERE: m: shape [1, 2, 1], f32, written to ./m.npy

model ema {
  dims B, T, D
  input x : f32[B, T, D]
  param alpha : f32[D]
  scan t over T { m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t] }
  output m
}
