// RUN: sluice-opt %s -split-input-file -sl-recognize-recurrences 2>/dev/null | sluice-opt -split-input-file | FileCheck %s
// RUN: sluice-opt %s -split-input-file -sl-recognize-recurrences --mlir-print-op-on-diagnostic=false 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// Recognition rounds: after a split, the loop that is left is analysed again.
//   m[t] = max(m[t-1], x[t]);  c[t] = exp(m[t-1] - m[t]) * c[t-1] + x[t]
// Round 1: m is max-plus; c reads m through exp (non-linear in the states).
// Round 2: m[t] and m[t-1] are sequence operands (m's scan and its shift),
// so c is linear with the coefficient exp(shift(m) - m): no loop is left.

// CHECK-LABEL: func.func @max_then_linear(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[M:.*]] = sl.scan max_plus steps(%{{.*}}) axis -2 matrix "1" forcing "v" inputs(%[[X]] : tensor<4x?x8xf32>)
// CHECK: %[[M1:.*]] = sl.shift %[[M]] axis 1 by 1 : tensor<4x?x8xf32>
// CHECK: %[[D:.*]] = arith.subf %[[M1]], %[[M]] : tensor<4x?x8xf32>
// CHECK: %[[E:.*]] = math.exp %[[D]] : tensor<4x?x8xf32>
// CHECK: %[[C:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[E]] : tensor<4x?x8xf32>) inputs(%[[X]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// CHECK: return %[[M]], %[[C]]
// REMARK: rounds.sl:3:3: remark: scan over 'm', 'c': 'm' became a parallel max-plus scan (state size 1, diagonal, unit coefficients); 'c' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'm'
func.func @max_then_linear(%x: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %m, %c = sl.loop steps(%T) axis -2 lags [1, 1] seq(%x : tensor<4x?x8xf32>) init(%i, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %m1: tensor<4x8xf32>, %c1: tensor<4x8xf32>):
    %mn = arith.maximumf %m1, %xt : tensor<4x8xf32> loc("rounds.sl":4:12)
    %d = arith.subf %m1, %mn : tensor<4x8xf32>
    %e = math.exp %d : tensor<4x8xf32> loc("rounds.sl":5:12)
    %p = arith.mulf %e, %c1 : tensor<4x8xf32>
    %cn = arith.addf %p, %xt : tensor<4x8xf32>
    sl.yield %mn, %cn : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["m", "c"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("rounds.sl":3:3)
  return %m, %c : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// A leftover that carries nothing (y has lag 0 once h is split off) is
// element-wise on whole tensors: no `sl.loop ... lags [0]` is left.
//   h[t] = 0.5 * h[t-1] + x[t];  y[t] = tanh(h[t])

// CHECK-LABEL: func.func @leftover_elementwise(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[H:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "c" forcing "v"
// CHECK: %[[Y:.*]] = math.tanh %[[H]] : tensor<4x?x8xf32>
// CHECK-NOT: sl.loop
// CHECK: return %[[Y]]
// REMARK: left.sl:3:3: remark: scan over 'h', 'y': 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); 'y' became element-wise (no state is carried) given 'h'
func.func @leftover_elementwise(%x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h, %y = sl.loop steps(%T) axis -2 lags [1, 0] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %c = arith.constant dense<0.5> : tensor<f32>
    %cb = sl.broadcast %c dims [] : tensor<f32> -> tensor<4x8xf32>
    %m = arith.mulf %cb, %h1 : tensor<4x8xf32>
    %hn = arith.addf %m, %xt : tensor<4x8xf32>
    %yn = math.tanh %hn : tensor<4x8xf32> loc("left.sl":5:12)
    sl.yield %hn, %yn : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "y"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("left.sl":3:3)
  return %y : tensor<4x?x8xf32>
}

// -----

// A split-off state read at t-1 with a constant non-zero init (RWKV-4's
// pp[-1] = -1e38) is a shifted operand with the init filled in:
// shift(m) + (c - shift(c)), exact. Then c is linear given m.
//   init m[-1] = -1e38;  m[t] = max(m[t-1], x[t]);
//   c[t] = exp(m[t-1] - m[t]) * c[t-1] + x[t]

// CHECK-LABEL: func.func @constant_init(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[M:.*]] = sl.scan max_plus
// CHECK: %[[C:.*]] = arith.constant dense<-9.99999968E+37> : tensor<f32>
// CHECK: %[[F:.*]] = sl.broadcast %[[C]] dims [] sizes(%{{.*}}) : tensor<f32> -> tensor<4x?x8xf32>
// CHECK: %[[M1:.*]] = sl.shift %[[M]] axis 1 by 1 : tensor<4x?x8xf32>
// CHECK: %[[F1:.*]] = sl.shift %[[F]] axis 1 by 1 : tensor<4x?x8xf32>
// CHECK: %[[H:.*]] = arith.subf %[[F]], %[[F1]] : tensor<4x?x8xf32>
// CHECK: %[[P:.*]] = arith.addf %[[M1]], %[[H]] : tensor<4x?x8xf32>
// CHECK: %[[D:.*]] = arith.subf %[[P]], %[[M]] : tensor<4x?x8xf32>
// CHECK: sl.scan linear
// CHECK-NOT: sl.loop
// REMARK: cinit.sl:3:3: remark: scan over 'm', 'c': 'm' became a parallel max-plus scan (state size 1, diagonal, unit coefficients); 'c' became a parallel linear scan (state size 1, diagonal, time-varying coefficients) given 'm'
func.func @constant_init(%x: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %big = arith.constant dense<1.0e38> : tensor<f32>
  %nbig = arith.negf %big : tensor<f32>
  %mi = sl.broadcast %nbig dims [] : tensor<f32> -> tensor<4x8xf32>
  %m, %c = sl.loop steps(%T) axis -2 lags [1, 1] seq(%x : tensor<4x?x8xf32>) init(%mi, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %m1: tensor<4x8xf32>, %c1: tensor<4x8xf32>):
    %mn = arith.maximumf %m1, %xt : tensor<4x8xf32> loc("cinit.sl":4:12)
    %d = arith.subf %m1, %mn : tensor<4x8xf32>
    %e = math.exp %d : tensor<4x8xf32> loc("cinit.sl":5:12)
    %p = arith.mulf %e, %c1 : tensor<4x8xf32>
    %cn = arith.addf %p, %xt : tensor<4x8xf32>
    sl.yield %mn, %cn : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["m", "c"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("cinit.sl":3:3)
  return %m, %c : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}
