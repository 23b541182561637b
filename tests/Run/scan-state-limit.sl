# At most 3 scan states: an order-3 recurrence is still a scan; order 4 and
# four coupled states stay loops (a k-state scan compiles in k^3), and the
# loops match the reference.
# RUN: rm -rf %t && mkdir -p %t
# RUN: sluice dump --stage recognized --remarks %s --model lag3 2>&1 >/dev/null | FileCheck %s --check-prefix=LAG3
# RUN: sluice dump --stage recognized --remarks %s --model lag4 2>&1 >/dev/null | FileCheck %s --check-prefix=LAG4
# RUN: sluice dump --stage recognized --remarks %s --model coupled4 2>&1 >/dev/null | FileCheck %s --check-prefix=COUPLED4
# RUN: sluice run %s --model coupled4 --random B=2,T=50,D=3 --seed 4 --output-dir %t/c > /dev/null
# RUN: sluice run %s --model coupled4 --target reference --random B=2,T=50,D=3 --seed 4 --output-dir %t/r > /dev/null
# RUN: %npy closedir %t/c %t/r 1e-5
# RUN: sluice run %s --model lag4 --random B=2,T=50,D=3 --seed 4 --output-dir %t/c4 > /dev/null
# RUN: sluice run %s --model lag4 --target reference --random B=2,T=50,D=3 --seed 4 --output-dir %t/r4 > /dev/null
# RUN: %npy closedir %t/c4 %t/r4 1e-5
# LAG3: remark: scan over 'h' became a parallel linear scan (state size 3, companion form of an order-3 recurrence, time-invariant coefficients)
# LAG4: scan-state-limit.sl:[[#@LINE+14]]:3: remark: scan stays sequential: 'h' would need a 4-state companion scan (lag 4); parallel scans take at most 3 states
# COUPLED4: remark: scan stays sequential: 'a', 'b', 'c', 'd' would need a 4-state scan; parallel scans take at most 3 states
model lag3 {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = 0.5 * h[t-3] + x[t]
  }
  output h
}

model lag4 {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-2] = 1.0
    h[t] = 0.5 * h[t-4] - 0.25 * h[t-2] + x[t]
  }
  output h
}

model coupled4 {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    a[t] = 0.5 * a[t-1] + 0.1 * d[t-1] + x[t]
    b[t] = 0.5 * b[t-1] + 0.1 * a[t-1]
    c[t] = 0.5 * c[t-1] + 0.1 * b[t-1]
    d[t] = 0.5 * d[t-1] + 0.1 * c[t-1]
  }
  output a, d
}
