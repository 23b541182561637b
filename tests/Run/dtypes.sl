# Output dtypes: f16, bf16 and f32 outputs are written as float32 (f16/bf16
# values already rounded to their type), f64 outputs as float64. f16/bf16
# args take float32 files (rounded) and f16 args float16 files.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x32.npy '<f4' 2 0.1,1
# RUN: %npy write %t/x16.npy '<f2' 2 0.1,1
# RUN: %npy write %t/x64.npy '<f8' 2 0.1,1
# RUN: sluice run %s --model half --target reference --input x=%t/x32.npy --output-dir %t/h | FileCheck %s --check-prefix=HALF
# RUN: %npy print %t/h/y.npy | FileCheck %s --check-prefix=HALF-Y
# RUN: %npy print %t/h/z.npy | FileCheck %s --check-prefix=HALF-Z
# RUN: sluice run %s --model half --target reference --input x=%t/x16.npy --output-dir %t/h16
# RUN: cmp %t/h/y.npy %t/h16/y.npy
# RUN: sluice run %s --model brain --target reference --input x=%t/x32.npy --output-dir %t/b | FileCheck %s --check-prefix=BRAIN
# RUN: %npy print %t/b/y.npy | FileCheck %s --check-prefix=BRAIN-Y
# RUN: sluice run %s --model dbl --target reference --input x=%t/x64.npy --output-dir %t/d | FileCheck %s --check-prefix=DBL
# RUN: %npy print %t/d/y.npy | FileCheck %s --check-prefix=DBL-Y
# RUN: sluice run %s --model half --target reference --random T=5 --output-dir %t/r | FileCheck %s --check-prefix=RANDOM

# 0.1 is 0.0999755859375 in f16; times 3 is 0.2999267578125, which rounds
# (a tie, to even) to 0.2998046875 when stored as f16.
# HALF: y: shape [2], f16 written as f32, written to
# HALF-NEXT: z: shape [2], f16 written as f32, written to
# HALF-Y: <f4 [2]: 0.2998046875 3
# HALF-Z: <f4 [2]: 0.03332519531 0.3332519531
# bf16: 0.1 is 0.10009765625; plus 1 is 1.10009765625, stored as 1.1015625.
# BRAIN: y: shape [2], bf16 written as f32, written to
# BRAIN-Y: <f4 [2]: 1.1015625 2
# DBL: y: shape [2], f64
# DBL-Y: <f8 [2]: 0.3 3
# RANDOM: y: shape [5], f16 written as f32

model half {
  dims T
  input x : f16[T]
  output y = x * 3.0
  output z = x / 3.0
}

model brain {
  dims T
  input x : bf16[T]
  output y = x + 1.0
}

model dbl {
  dims T
  input x : f64[T]
  output y = x * 3.0
}
