# sl-share-stabilized-exps: exp(x - max(x, y)) and exp(y - max(x, y)) share
# one exp, with the pair's results: every pair of special values (+-inf,
# NaN, +-0, the f32 extremes, exponents that underflow), printed (%.10g)
# from the shared CPU kernel, the unshared one (`--scan-strategy
# sequential` runs the parsed IR, before the pass) and the reference
# target, must be the same text; a NaN prints as nan whatever its sign.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 121 -inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-90,-90,-90,-90,-90,-90,-90,-90,-90,-90,-90,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-0,-0,-0,-0,-0,-0,-0,-0,-0,-0,-0,0,0,0,0,0,0,0,0,0,0,0,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,88,88,88,88,88,88,88,88,88,88,88,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,inf,inf,inf,inf,inf,inf,inf,inf,inf,inf,inf,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan
# RUN: %npy write %t/y.npy '<f4' 121 -inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan
# RUN: sluice dump %s --stage recognized | FileCheck %s --check-prefix=SHARED
# SHARED: arith.maximumf
# SHARED-COUNT-1: math.exp
# SHARED-NOT: math.exp
# SHARED: return
# The online softmax's shared exps become the coefficients of l's and o's
# scans given m (m's -inf init selected at the first step of its shift, so
# no state stays in a loop; its numbers: tests/numpy/online_softmax.py):
# RUN: sluice dump %S/../numpy/Inputs/online_softmax.sl --stage recognized --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
# REMARK: online_softmax.sl:16:3: remark: scan over 'm', 'l', 'o': 'm' became a parallel max-plus scan (state size 1, diagonal, unit coefficients); 'l' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'm'; 'o' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'm', 'l'{{$}}
# RUN: sluice run %s --input x=%t/x.npy --input y=%t/y.npy --output-dir %t/shared
# RUN: sluice run %s --scan-strategy sequential --input x=%t/x.npy --input y=%t/y.npy --output-dir %t/pair
# RUN: sluice run %s --target reference --input x=%t/x.npy --input y=%t/y.npy --output-dir %t/ref
# RUN: %npy print %t/shared/ex.npy > %t/shared-ex.txt
# RUN: %npy print %t/pair/ex.npy > %t/pair-ex.txt
# RUN: %npy print %t/shared/ey.npy > %t/shared-ey.txt
# RUN: %npy print %t/pair/ey.npy > %t/pair-ey.txt
# RUN: diff %t/shared-ex.txt %t/pair-ex.txt
# RUN: diff %t/shared-ey.txt %t/pair-ey.txt
# RUN: %npy print %t/ref/ex.npy > %t/ref-ex.txt
# RUN: %npy print %t/ref/ey.npy > %t/ref-ey.txt
# RUN: diff %t/shared-ex.txt %t/ref-ex.txt
# RUN: diff %t/shared-ey.txt %t/ref-ey.txt
# The first row (x = -inf) and the start of the second (x = -3e38):
# RUN: FileCheck %s --check-prefix=TABLE < %t/shared-ex.txt
# TABLE: <f4 [121]: nan 0 0 0 0 0 0 0 0 0 nan 1 1 
model pair {
  dims N
  input x : f32[N]
  input y : f32[N]
  let m = max(x, y)
  output ex = exp(x - m), ey = exp(y - m)
}
