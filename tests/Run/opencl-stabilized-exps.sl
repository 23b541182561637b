# REQUIRES: opencl
# tests/Run/stabilized-exps.sl on the OpenCL device (its fmax, select and
# exp): exp(x - max(x, y)) and exp(y - max(x, y)) share one exp, with the
# pair's results for every pair of special values: printed (%.10g) from
# the shared kernel and from the unshared one (`--scan-strategy
# sequential` runs the parsed IR, before the pass), the same text.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %npy write %t/x.npy '<f4' 121 -inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-inf,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-3e38,-90,-90,-90,-90,-90,-90,-90,-90,-90,-90,-90,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-0,-0,-0,-0,-0,-0,-0,-0,-0,-0,-0,0,0,0,0,0,0,0,0,0,0,0,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,88,88,88,88,88,88,88,88,88,88,88,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,3e38,inf,inf,inf,inf,inf,inf,inf,inf,inf,inf,inf,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan
# RUN: %npy write %t/y.npy '<f4' 121 -inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan,-inf,-3e38,-90,-1,-0,0,0.5,88,3e38,inf,nan
# RUN: sluice run %s --target opencl --input x=%t/x.npy --input y=%t/y.npy --output-dir %t/shared
# RUN: sluice run %s --target opencl --scan-strategy sequential --input x=%t/x.npy --input y=%t/y.npy --output-dir %t/pair
# RUN: %npy print %t/shared/ex.npy > %t/shared-ex.txt
# RUN: %npy print %t/pair/ex.npy > %t/pair-ex.txt
# RUN: %npy print %t/shared/ey.npy > %t/shared-ey.txt
# RUN: %npy print %t/pair/ey.npy > %t/pair-ey.txt
# RUN: diff %t/shared-ex.txt %t/pair-ex.txt
# RUN: diff %t/shared-ey.txt %t/pair-ey.txt
model pair {
  dims N
  input x : f32[N]
  input y : f32[N]
  let m = max(x, y)
  output ex = exp(x - m), ey = exp(y - m)
}
