# squeeze and reshape of a state inside its scan block: correct on both
# targets; the sum that carries them couples channels for recognition, so `g`
# stays a loop, and the remark names the builtin the user wrote.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice dump %s --stage recognized --remarks 2>&1 | FileCheck %s
# CHECK: squeeze-state.sl:[[#@LINE+10]]:3: remark: scan over 'h', 'g' was split: 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); the rest stays sequential: 'g': cannot compute 'squeeze' at [[#@LINE+12]]:27 outside the loop
# RUN: sluice run %s --random B=2,T=50,D=3 --seed 1 --output-dir %t/cpu > /dev/null
# RUN: sluice run %s --target reference --random B=2,T=50,D=3 --seed 1 --output-dir %t/ref > /dev/null
# RUN: %npy closedir %t/cpu %t/ref 1e-5
# RUN: sluice run %s --random B=1,T=3000,D=2 --seed 2 --output-dir %t/cpu2 > /dev/null
# RUN: sluice run %s --target reference --random B=1,T=3000,D=2 --seed 2 --output-dir %t/ref2 > /dev/null
# RUN: %npy closedir %t/cpu2 %t/ref2 1e-5
model m {
  dims B, T, D
  input x : f32[B, T, 1, D]
  scan t over T {
    h[t] = 0.5 * h[t-1] + x[t]
    g[t] = 0.9 * g[t-1] + squeeze(h[t], -2) * reshape(h[t-1], [B, D])
  }
  output h, g
}
