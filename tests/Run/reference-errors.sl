# The reference target's run-time failures are located errors in the
# user's terms, like the CPU target's, with exit status 1.
# RUN: rm -rf %t && mkdir -p %t
#
# An intermediate value too large for the float64 evaluator (10^13
# elements of h): a located out-of-memory error, not a bare one.
# RUN: not sluice run %s --target reference --random T=1000000,D=10000000 --output-dir %t/oom 2>&1 | FileCheck %s --check-prefix=OOM
# OOM: reference-errors.sl:{{[0-9]+}}:{{[0-9]+}}: {{.*}}out of memory: the reference target keeps every value of the model in float64
#
# last() of an empty T: the message the CPU target gives.
# RUN: %npy write %t/x0.npy '<f4' 0,1 ''
# RUN: %npy write %t/y3.npy '<f4' 3 1,2,3
# RUN: not sluice run %s --target reference --input x=%t/x0.npy --input y=%t/y3.npy --output-dir %t/empty 2>&1 | FileCheck %s --check-prefix=EMPTY
# RUN: not sluice run %s --input x=%t/x0.npy --input y=%t/y3.npy --output-dir %t/empty-cpu 2>&1 | FileCheck %s --check-prefix=EMPTY
# EMPTY: reference-errors.sl:22:18: {{(sl.last: )?}}last() needs at least one step, but
model outer {
  dims T, D
  input x : f32[T, 1]
  input y : f32[D]
  scan t over T { h[t] = 0.5 * h[t-1] + x[t] * y }
  output h,
         final = last(h)
}
