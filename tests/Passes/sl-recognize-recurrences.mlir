// RUN: sluice-opt %s -split-input-file -sl-recognize-recurrences 2>/dev/null | sluice-opt -split-input-file | FileCheck %s
// RUN: sluice-opt %s -split-input-file -sl-recognize-recurrences --mlir-print-op-on-diagnostic=false 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: sluice-opt %s -split-input-file -sl-recognize-recurrences="split=false tropical=false" --mlir-print-op-on-diagnostic=false 2>&1 >/dev/null | FileCheck %s --check-prefix=OPTIONS

// With split=false a mixed loop stays whole; with tropical=false only (+, *)
// recurrences are recognised.
// OPTIONS: relu.sl:3:3: remark: scan stays sequential: 'relu' at 3:20 makes 'h' non-linear
// OPTIONS: split.sl:3:3: remark: scan stays sequential: 'tanh' at 5:10 makes 'y' non-linear

// EMA with symbolic sizes: m[t] = (1.0 - alpha) * m[t-1] + alpha * x[t].
// The time-invariant coefficient is computed on [D]; the forcing on [B, T, D].

// CHECK-LABEL: func.func @ema(
// CHECK-SAME: %[[X:[^:]*]]: tensor<?x?x?xf32>, %[[ALPHA:[^:]*]]: tensor<?xf32>)
// CHECK: %[[T:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[INIT:.*]] = sl.broadcast %{{.*}} dims [] sizes
// CHECK: %[[OMA:.*]] = arith.subf %{{.*}}, %[[ALPHA]] : tensor<?xf32>
// CHECK: %[[AB:.*]] = sl.broadcast %[[ALPHA]] dims [2] sizes(%{{.*}}, %[[T]]) : tensor<?xf32> -> tensor<?x?x?xf32>
// CHECK: %[[F:.*]] = arith.mulf %[[AB]], %[[X]] : tensor<?x?x?xf32>
// CHECK: %[[M:.*]] = sl.scan linear steps(%[[T]]) axis -2 matrix "c" forcing "v" coeffs(%[[OMA]] : tensor<?xf32>) inputs(%[[F]] : tensor<?x?x?xf32>) init(%[[INIT]] : tensor<?x?xf32>) -> tensor<?x?x?xf32>
// CHECK-NOT: sl.loop
// CHECK: return %[[M]]
// REMARK: ema.sl:6:19: remark: scan over 'm' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
func.func @ema(%x: tensor<?x?x?xf32>, %alpha: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %B = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %D = tensor.dim %x, %c2 : tensor<?x?x?xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %m0 = sl.broadcast %zero dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>
  %m = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x?x?xf32>) inv(%alpha : tensor<?xf32>) init(%m0 : tensor<?x?xf32>) {
  ^bb0(%xt: tensor<?x?xf32>, %a: tensor<?xf32>, %m1: tensor<?x?xf32>):
    %i0 = arith.constant 0 : index
    %b = tensor.dim %xt, %i0 : tensor<?x?xf32>
    %d = tensor.dim %a, %i0 : tensor<?xf32>
    %one = arith.constant dense<1.0> : tensor<f32>
    %oneb = sl.broadcast %one dims [] sizes(%d) : tensor<f32> -> tensor<?xf32>
    %oma = arith.subf %oneb, %a : tensor<?xf32>
    %omab = sl.broadcast %oma dims [1] sizes(%b) : tensor<?xf32> -> tensor<?x?xf32>
    %p = arith.mulf %omab, %m1 : tensor<?x?xf32>
    %ab = sl.broadcast %a dims [1] sizes(%b) : tensor<?xf32> -> tensor<?x?xf32>
    %q = arith.mulf %ab, %xt : tensor<?x?xf32>
    %n = arith.addf %p, %q : tensor<?x?xf32>
    sl.yield %n : tensor<?x?xf32>
  } {sl.state_names = ["m"]} -> tensor<?x?x?xf32> loc("ema.sl":6:19)
  return %m : tensor<?x?x?xf32>
}

// -----

// Selective scan: h[t] = a[t] * h[t-1] + b[t].

// CHECK-LABEL: func.func @selective(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[B:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[H:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[B]] : tensor<4x?x8xf32>) init(%{{.*}} : tensor<4x8xf32>) -> tensor<4x?x8xf32>
// CHECK-NOT: sl.loop
// CHECK: return %[[H]]
// REMARK: sel.sl:9:19: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
func.func @selective(%a: tensor<4x?x8xf32>, %b: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %a, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %h0 = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%h0 : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %m = arith.mulf %at, %h1 : tensor<4x8xf32>
    %n = arith.addf %m, %bt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("sel.sl":9:19)
  return %h : tensor<4x?x8xf32>
}

// -----

// Commuted operands: h[t] = b[t] + h[t-1] * a[t].

// CHECK-LABEL: func.func @commuted(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[B:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[B]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// REMARK: comm.sl:3:5: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
func.func @commuted(%a: tensor<4x?x8xf32>, %b: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %a, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %h0 = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%h0 : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %m = arith.mulf %h1, %at : tensor<4x8xf32>
    %n = arith.addf %bt, %m : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("comm.sl":3:5)
  return %h : tensor<4x?x8xf32>
}

// -----

// Subtraction and division by an invariant: h[t] = (h[t-1] - x[t]) / w.
// M = 1 / w (time-invariant, on the slice), f = -x / w (varying).

// CHECK-LABEL: func.func @sub_div(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>, %[[W:[^:]*]]: tensor<8xf32>)
// CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[WB:.*]] = sl.broadcast %[[W]] dims [1] : tensor<8xf32> -> tensor<4x8xf32>
// CHECK: %[[ONEB:.*]] = sl.broadcast %[[ONE]] dims [] : tensor<f32> -> tensor<4x8xf32>
// CHECK: %[[M:.*]] = arith.divf %[[ONEB]], %[[WB]] : tensor<4x8xf32>
// CHECK: %[[NX:.*]] = arith.negf %[[X]] : tensor<4x?x8xf32>
// CHECK: %[[WF:.*]] = sl.broadcast %[[W]] dims [2] sizes(%{{.*}}) : tensor<8xf32> -> tensor<4x?x8xf32>
// CHECK: %[[F:.*]] = arith.divf %[[NX]], %[[WF]] : tensor<4x?x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "c" forcing "v" coeffs(%[[M]] : tensor<4x8xf32>) inputs(%[[F]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// REMARK: div.sl:4:5: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
func.func @sub_div(%x: tensor<4x?x8xf32>, %w: tensor<8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %h0 = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) inv(%w : tensor<8xf32>) init(%h0 : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %wi: tensor<8xf32>, %h1: tensor<4x8xf32>):
    %d = arith.subf %h1, %xt : tensor<4x8xf32>
    %wb = sl.broadcast %wi dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %q = arith.divf %d, %wb : tensor<4x8xf32>
    sl.yield %q : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("div.sl":4:5)
  return %h : tensor<4x?x8xf32>
}

// -----

// Interpolation: h[t] = a[t] * (h[t-1] - x[t]) + x[t]: M = a, f = a * -x + x.

// CHECK-LABEL: func.func @lerp(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[NX:.*]] = arith.negf %[[X]]
// CHECK: %[[P:.*]] = arith.mulf %[[A]], %[[NX]]
// CHECK: %[[F:.*]] = arith.addf %[[P]], %[[X]]
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[F]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// REMARK: lerp.sl:2:5: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
func.func @lerp(%a: tensor<4x?x8xf32>, %x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %a, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %h0 = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %x : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%h0 : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %d = arith.subf %h1, %xt : tensor<4x8xf32>
    %m = arith.mulf %at, %d : tensor<4x8xf32>
    %n = arith.addf %m, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("lerp.sl":2:5)
  return %h : tensor<4x?x8xf32>
}

// -----

// Negation and a constant: h[t] = -h[t-1] + 0.5 * x[t]. M = -1 is a rank-0
// time-invariant coefficient.

// CHECK-LABEL: func.func @negation(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[M:.*]] = arith.constant dense<-1.000000e+00> : tensor<f32>
// CHECK: %[[F:.*]] = arith.mulf %{{.*}}, %[[X]] : tensor<4x?x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "c" forcing "v" coeffs(%[[M]] : tensor<f32>) inputs(%[[F]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// REMARK: neg.sl:2:5: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
func.func @negation(%x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %h0 = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%h0 : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %nh = arith.negf %h1 : tensor<4x8xf32>
    %half = arith.constant dense<0.5> : tensor<f32>
    %halfb = sl.broadcast %half dims [] : tensor<f32> -> tensor<4x8xf32>
    %q = arith.mulf %halfb, %xt : tensor<4x8xf32>
    %n = arith.addf %nh, %q : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("neg.sl":2:5)
  return %h : tensor<4x?x8xf32>
}

// -----

// Per-step lets and an activation in the coefficient:
//   let g = sigmoid(x[t]); h[t] = g * h[t-1] + (1.0 - g) * x[t]

// CHECK-LABEL: func.func @gated(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[G:.*]] = sl.sigmoid %[[X]] : tensor<4x?x8xf32>
// CHECK: %[[OMG:.*]] = arith.subf %{{.*}}, %[[G]] : tensor<4x?x8xf32>
// CHECK: %[[F:.*]] = arith.mulf %[[OMG]], %[[X]] : tensor<4x?x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[G]] : tensor<4x?x8xf32>) inputs(%[[F]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// REMARK: gated.sl:3:5: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
func.func @gated(%x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %h0 = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%h0 : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %g = sl.sigmoid %xt : tensor<4x8xf32>
    %one = arith.constant dense<1.0> : tensor<f32>
    %oneb = sl.broadcast %one dims [] : tensor<f32> -> tensor<4x8xf32>
    %omg = arith.subf %oneb, %g : tensor<4x8xf32>
    %p = arith.mulf %g, %h1 : tensor<4x8xf32>
    %q = arith.mulf %omg, %xt : tensor<4x8xf32>
    %n = arith.addf %p, %q : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("gated.sl":3:5)
  return %h : tensor<4x?x8xf32>
}

// -----

// LinOSS-IM as two states, z read at the current step by y:
//   z[t] = S * (z[t-1] - dt * A * y[t-1] + dt * bu[t])
//   y[t] = y[t-1] + dt * z[t]
// A full 2x2 time-invariant matrix; components (z, y).

// CHECK-LABEL: func.func @linoss_two_state(
// CHECK-SAME: %[[BU:[^:]*]]: tensor<?x?x?xf32>, %[[SP:[^:]*]]: tensor<?xf32>,
// CHECK: %[[Z0:.*]] = sl.broadcast
// CHECK: %[[Y0:.*]] = sl.broadcast
// CHECK: %[[S:.*]]:2 = sl.scan linear steps(%{{.*}}) axis -2 matrix "cccc" forcing "vv" coeffs(%[[SP]], %{{.*}}, %{{.*}}, %{{.*}} : tensor<?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) inputs(%{{.*}}, %{{.*}} : tensor<?x?x?xf32>, tensor<?x?x?xf32>) init(%[[Z0]], %[[Y0]] : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
// CHECK-NOT: sl.loop
// CHECK: return %[[S]]#1, %[[S]]#0
// REMARK: linoss.sl:12:3: remark: scan over 'z', 'y' became a parallel linear scan (state size 2, full 2x2 matrix, time-invariant coefficients)
func.func @linoss_two_state(%bu: tensor<?x?x?xf32>, %S: tensor<?xf32>, %dt: tensor<?xf32>, %A: tensor<?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %B = tensor.dim %bu, %c0 : tensor<?x?x?xf32>
  %T = tensor.dim %bu, %c1 : tensor<?x?x?xf32>
  %P = tensor.dim %bu, %c2 : tensor<?x?x?xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %z0 = sl.broadcast %zero dims [] sizes(%B, %P) : tensor<f32> -> tensor<?x?xf32>
  %y0 = sl.broadcast %zero dims [] sizes(%B, %P) : tensor<f32> -> tensor<?x?xf32>
  %z, %y = sl.loop steps(%T) axis -2 lags [1, 1] seq(%bu : tensor<?x?x?xf32>) inv(%S, %dt, %A : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) init(%z0, %y0 : tensor<?x?xf32>, tensor<?x?xf32>) {
  ^bb0(%but: tensor<?x?xf32>, %Si: tensor<?xf32>, %dti: tensor<?xf32>, %Ai: tensor<?xf32>, %z1: tensor<?x?xf32>, %y1: tensor<?x?xf32>):
    %i0 = arith.constant 0 : index
    %b = tensor.dim %but, %i0 : tensor<?x?xf32>
    %dA = arith.mulf %dti, %Ai : tensor<?xf32>
    %dAb = sl.broadcast %dA dims [1] sizes(%b) : tensor<?xf32> -> tensor<?x?xf32>
    %t2 = arith.mulf %dAb, %y1 : tensor<?x?xf32>
    %t3 = arith.subf %z1, %t2 : tensor<?x?xf32>
    %dtb = sl.broadcast %dti dims [1] sizes(%b) : tensor<?xf32> -> tensor<?x?xf32>
    %t4 = arith.mulf %dtb, %but : tensor<?x?xf32>
    %t5 = arith.addf %t3, %t4 : tensor<?x?xf32>
    %Sb = sl.broadcast %Si dims [1] sizes(%b) : tensor<?xf32> -> tensor<?x?xf32>
    %zn = arith.mulf %Sb, %t5 : tensor<?x?xf32>
    %t6 = arith.mulf %dtb, %zn : tensor<?x?xf32>
    %yn = arith.addf %y1, %t6 : tensor<?x?xf32>
    sl.yield %zn, %yn : tensor<?x?xf32>, tensor<?x?xf32>
  } {sl.state_names = ["z", "y"]} -> tensor<?x?x?xf32>, tensor<?x?x?xf32> loc("linoss.sl":12:3)
  return %y, %z : tensor<?x?x?xf32>, tensor<?x?x?xf32>
}

// -----

// Second order: y[t] = c1 * y[t-1] + c2 * y[t-2] + x[t], with inits.
// Companion form, state (y[t], y[t-1]): M = [[c1, c2], [1, 0]], f = (x, 0).

// CHECK-LABEL: func.func @second_order(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>, %[[C1:[^:]*]]: tensor<8xf32>, %[[C2:[^:]*]]: tensor<8xf32>, %[[I1:[^:]*]]: tensor<4x8xf32>, %[[I2:[^:]*]]: tensor<4x8xf32>)
// CHECK: %[[S:.*]]:2 = sl.scan linear steps(%{{.*}}) axis -2 matrix "cc10" forcing "v0" coeffs(%[[C1]], %[[C2]] : tensor<8xf32>, tensor<8xf32>) inputs(%[[X]] : tensor<4x?x8xf32>) init(%[[I1]], %[[I2]] : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK-NOT: sl.loop
// CHECK: return %[[S]]#0
// REMARK: order2.sl:5:3: remark: scan over 'y' became a parallel linear scan (state size 2, companion form of an order-2 recurrence, time-invariant coefficients)
func.func @second_order(%x: tensor<4x?x8xf32>, %c1: tensor<8xf32>, %c2: tensor<8xf32>, %i1: tensor<4x8xf32>, %i2: tensor<4x8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %y = sl.loop steps(%T) axis -2 lags [2] seq(%x : tensor<4x?x8xf32>) inv(%c1, %c2 : tensor<8xf32>, tensor<8xf32>) init(%i1, %i2 : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %a: tensor<8xf32>, %b: tensor<8xf32>, %y1: tensor<4x8xf32>, %y2: tensor<4x8xf32>):
    %ab = sl.broadcast %a dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %p = arith.mulf %ab, %y1 : tensor<4x8xf32>
    %bb = sl.broadcast %b dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %q = arith.mulf %bb, %y2 : tensor<4x8xf32>
    %s = arith.addf %p, %q : tensor<4x8xf32>
    %n = arith.addf %s, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["y"]} -> tensor<4x?x8xf32> loc("order2.sl":5:3)
  return %y : tensor<4x?x8xf32>
}

// -----

// LinOSS-IM as a second-order recurrence with literal constants:
//   y[t] = S * (2.0 * y[t-1] - y[t-2] + dt * dt * bu[t])

// CHECK-LABEL: func.func @linoss_second_order(
// CHECK-SAME: %[[BU:[^:]*]]: tensor<4x?x8xf32>, %[[S:[^:]*]]: tensor<8xf32>, %[[DT:[^:]*]]: tensor<8xf32>)
// CHECK: %[[SB:.*]] = sl.broadcast %[[S]] dims [1] : tensor<8xf32> -> tensor<4x8xf32>
// CHECK: %[[M1:.*]] = arith.mulf %[[SB]], %{{.*}} : tensor<4x8xf32>
// CHECK: %[[M2:.*]] = arith.negf %[[SB]] : tensor<4x8xf32>
// CHECK: %[[R:.*]]:2 = sl.scan linear steps(%{{.*}}) axis -2 matrix "cc10" forcing "v0" coeffs(%[[M1]], %[[M2]] : tensor<4x8xf32>, tensor<4x8xf32>) inputs(%{{.*}} : tensor<4x?x8xf32>)
// CHECK: return %[[R]]#0
// REMARK: linoss2.sl:9:19: remark: scan over 'y' became a parallel linear scan (state size 2, companion form of an order-2 recurrence, time-invariant coefficients)
func.func @linoss_second_order(%bu: tensor<4x?x8xf32>, %S: tensor<8xf32>, %dt: tensor<8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %bu, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %y = sl.loop steps(%T) axis -2 lags [2] seq(%bu : tensor<4x?x8xf32>) inv(%S, %dt : tensor<8xf32>, tensor<8xf32>) init(%i, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%bt: tensor<4x8xf32>, %s: tensor<8xf32>, %d: tensor<8xf32>, %y1: tensor<4x8xf32>, %y2: tensor<4x8xf32>):
    %two = arith.constant dense<2.0> : tensor<f32>
    %twob = sl.broadcast %two dims [] : tensor<f32> -> tensor<4x8xf32>
    %p = arith.mulf %twob, %y1 : tensor<4x8xf32>
    %q = arith.subf %p, %y2 : tensor<4x8xf32>
    %dd = arith.mulf %d, %d : tensor<8xf32>
    %ddb = sl.broadcast %dd dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %u = arith.mulf %ddb, %bt : tensor<4x8xf32>
    %r = arith.addf %q, %u : tensor<4x8xf32>
    %sb = sl.broadcast %s dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %n = arith.mulf %sb, %r : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["y"]} -> tensor<4x?x8xf32> loc("linoss2.sl":9:19)
  return %y : tensor<4x?x8xf32>
}

// -----

// An init value (init h[-1] = h0), an input read with a lag (x[t-2], a
// shifted sequence operand) and a reverse scan.

// CHECK-LABEL: func.func @init_shift_reverse(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>, %[[H0:[^:]*]]: tensor<8xf32>)
// CHECK: %[[XS:.*]] = sl.shift %[[X]] axis 1 by -2 : tensor<4x?x8xf32>
// CHECK: %[[I:.*]] = sl.broadcast %[[H0]] dims [1] : tensor<8xf32> -> tensor<4x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 reverse matrix "c" forcing "v" coeffs(%{{.*}} : tensor<f32>) inputs(%[[XS]] : tensor<4x?x8xf32>) init(%[[I]] : tensor<4x8xf32>)
// CHECK-NOT: sl.loop
// REMARK: rev.sl:4:3: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
func.func @init_shift_reverse(%x: tensor<4x?x8xf32>, %h0: tensor<8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %xs = sl.shift %x axis 1 by -2 : tensor<4x?x8xf32>
  %i = sl.broadcast %h0 dims [1] : tensor<8xf32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 reverse lags [1] seq(%xs : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %c = arith.constant dense<0.9> : tensor<f32>
    %cb = sl.broadcast %c dims [] : tensor<f32> -> tensor<4x8xf32>
    %p = arith.mulf %h1, %cb : tensor<4x8xf32>
    %n = arith.addf %p, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("rev.sl":4:3)
  return %h : tensor<4x?x8xf32>
}

// -----

// Max-plus: h[t] = max(h[t-1] + a[t], b[t]), and commuted
// g[t] = max(b[t], a[t] + g[t-1]); min-plus: m[t] = min(m[t-1] - a[t], b[t]).

// CHECK-LABEL: func.func @tropical(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[B:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[H:.*]] = sl.scan max_plus steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[B]] : tensor<4x?x8xf32>)
// CHECK: %[[G:.*]] = sl.scan max_plus steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[B]] : tensor<4x?x8xf32>)
// CHECK: %[[NA:.*]] = arith.negf %[[A]]
// CHECK: %[[M:.*]] = sl.scan min_plus steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[NA]] : tensor<4x?x8xf32>) inputs(%[[B]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// CHECK: return %[[H]], %[[G]], %[[M]]
// REMARK: trop.sl:3:3: remark: scan over 'h' became a parallel max-plus scan (state size 1, diagonal, time-varying coefficients)
// REMARK: trop.sl:4:3: remark: scan over 'g' became a parallel max-plus scan (state size 1, diagonal, time-varying coefficients)
// REMARK: trop.sl:5:3: remark: scan over 'm' became a parallel min-plus scan (state size 1, diagonal, time-varying coefficients)
func.func @tropical(%a: tensor<4x?x8xf32>, %b: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %a, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %s = arith.addf %h1, %at : tensor<4x8xf32>
    %n = arith.maximumf %s, %bt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("trop.sl":3:3)
  %g = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %g1: tensor<4x8xf32>):
    %s = arith.addf %at, %g1 : tensor<4x8xf32>
    %n = arith.maximumf %bt, %s : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["g"]} -> tensor<4x?x8xf32> loc("trop.sl":4:3)
  %m = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %m1: tensor<4x8xf32>):
    %s = arith.subf %m1, %at : tensor<4x8xf32>
    %n = arith.minimumf %s, %bt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["m"]} -> tensor<4x?x8xf32> loc("trop.sl":5:3)
  return %h, %g, %m : tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// relu of a shifted state is max-plus too: h[t] = relu(h[t-1] + x[t]) is
// max(h[t-1] + x[t], 0), the forcing a rank-0 constant.

// CHECK-LABEL: func.func @relu_max_plus(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: sl.scan max_plus steps(%{{.*}}) axis -2 matrix "v" forcing "c" coeffs(%[[X]] : tensor<4x?x8xf32>) inputs(%{{.*}} : tensor<f32>)
// CHECK-NOT: sl.loop
// REMARK: relu.sl:3:3: remark: scan over 'h' became a parallel max-plus scan (state size 1, diagonal, time-varying coefficients)
func.func @relu_max_plus(%x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %s = arith.addf %h1, %xt : tensor<4x8xf32>
    %z = arith.constant dense<0.0> : tensor<f32>
    %zb = sl.broadcast %z dims [] : tensor<f32> -> tensor<4x8xf32>
    %n = arith.maximumf %s, %zb : tensor<4x8xf32> loc("relu.sl":3:20)
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("relu.sl":3:3)
  return %h : tensor<4x?x8xf32>
}

// -----

// log-add-exp, as the language spells it: h[t] = log(exp(h[t-1] + a[t]) + exp(b[t])),
// and commuted: g[t] = log(exp(b[t]) + exp(g[t-1])).

// CHECK-LABEL: func.func @log_add_exp(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[B:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[H:.*]] = sl.scan log_add_exp steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[B]] : tensor<4x?x8xf32>)
// CHECK: %[[G:.*]] = sl.scan log_add_exp steps(%{{.*}}) axis -2 matrix "1" forcing "v" inputs(%[[B]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// REMARK: lae.sl:3:3: remark: scan over 'h' became a parallel log-add-exp scan (state size 1, diagonal, time-varying coefficients)
// REMARK: lae.sl:4:3: remark: scan over 'g' became a parallel log-add-exp scan (state size 1, diagonal, unit coefficients)
func.func @log_add_exp(%a: tensor<4x?x8xf32>, %b: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %a, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %s = arith.addf %h1, %at : tensor<4x8xf32>
    %e1 = math.exp %s : tensor<4x8xf32>
    %e2 = math.exp %bt : tensor<4x8xf32>
    %p = arith.addf %e1, %e2 : tensor<4x8xf32>
    %n = math.log %p : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("lae.sl":3:3)
  %g = sl.loop steps(%T) axis -2 lags [1] seq(%b : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%bt: tensor<4x8xf32>, %g1: tensor<4x8xf32>):
    %e1 = math.exp %g1 : tensor<4x8xf32>
    %e2 = math.exp %bt : tensor<4x8xf32>
    %p = arith.addf %e2, %e1 : tensor<4x8xf32>
    %n = math.log %p : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["g"]} -> tensor<4x?x8xf32> loc("lae.sl":4:3)
  return %h, %g : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// log-add-exp as the frontend expands `logaddexp(h[t-1] + a[t], b[t])`:
// hi + log1p(exp(lo - min(max(hi, -L), L))), hi = max, lo = min of the two,
// L the largest f32. The whole expansion is one logaddexp. In @lae_near_miss
// the clamp is not at the largest f32 (so it is not logaddexp) and the loop
// stays, named by the op's spelling.

// CHECK-LABEL: func.func @logaddexp_expansion(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[B:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: sl.scan log_add_exp steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[B]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// CHECK-LABEL: func.func @lae_near_miss(
// CHECK: sl.loop
// REMARK: lae2.sl:3:3: remark: scan over 'h' became a parallel log-add-exp scan (state size 1, diagonal, time-varying coefficients)
// REMARK: lae3.sl:3:3: remark: scan stays sequential: 'logaddexp' at 3:12 makes 'h' non-linear
func.func @logaddexp_expansion(%a: tensor<4x?x8xf32>, %b: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %a, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %x = arith.addf %h1, %at : tensor<4x8xf32>
    %hi = arith.maximumf %x, %bt {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %lo = arith.minimumf %x, %bt {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %big = arith.constant dense<3.40282347E+38> : tensor<f32>
    %up = sl.broadcast %big dims [] : tensor<f32> -> tensor<4x8xf32>
    %nbig = arith.constant dense<-3.40282347E+38> : tensor<f32>
    %down = sl.broadcast %nbig dims [] : tensor<f32> -> tensor<4x8xf32>
    %c1 = arith.maximumf %hi, %down {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %c2 = arith.minimumf %c1, %up {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %gap = arith.subf %lo, %c2 {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %e = math.exp %gap {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %t = math.log1p %e {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %n = arith.addf %hi, %t {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("lae2.sl":3:3)
  return %h : tensor<4x?x8xf32>
}
func.func @lae_near_miss(%a: tensor<4x?x8xf32>, %b: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %a, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %x = arith.addf %h1, %at : tensor<4x8xf32>
    %hi = arith.maximumf %x, %bt {sl.spelled = "logaddexp"} : tensor<4x8xf32> loc("lae3.sl":3:12)
    %lo = arith.minimumf %x, %bt {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %big = arith.constant dense<1.0E+30> : tensor<f32>
    %up = sl.broadcast %big dims [] : tensor<f32> -> tensor<4x8xf32>
    %nbig = arith.constant dense<-1.0E+30> : tensor<f32>
    %down = sl.broadcast %nbig dims [] : tensor<f32> -> tensor<4x8xf32>
    %c1 = arith.maximumf %hi, %down {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %c2 = arith.minimumf %c1, %up {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %gap = arith.subf %lo, %c2 {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %e = math.exp %gap {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %t = math.log1p %e {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    %n = arith.addf %hi, %t {sl.spelled = "logaddexp"} : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("lae3.sl":3:3)
  return %h : tensor<4x?x8xf32>
}

// -----

// Not linear: each loop stays an sl.loop, with a remark naming the op.

// CHECK-LABEL: func.func @not_linear(
// CHECK-NOT: sl.scan
// CHECK-COUNT-8: sl.loop
// CHECK-NOT: sl.scan
// REMARK: nl.sl:2:3: remark: scan stays sequential: '*' at 2:20 makes 'h' non-linear (a product of two state-dependent values)
// REMARK: nl.sl:3:3: remark: scan stays sequential: 'exp' at 3:14 makes 'h' non-linear
// REMARK: nl.sl:4:3: remark: scan stays sequential: 'relu' at 4:14 makes 'h' non-linear
// REMARK: nl.sl:5:3: remark: scan stays sequential: 'tanh' at 5:14 makes 'h' non-linear
// REMARK: nl.sl:6:3: remark: scan stays sequential: '/' at 6:20 makes 'h' non-linear (a division by a state-dependent value)
// REMARK: nl.sl:7:3: remark: scan stays sequential: '*' at 7:20 makes 'h', 'g' non-linear (a product of two state-dependent values)
// REMARK: nl.sl:9:3: remark: scan stays sequential: '@' at 9:20 couples the channels of 'h' (linear, but a parallel scan would combine dense matrices)
// REMARK: nl.sl:10:3: remark: scan stays sequential: 'max' at 10:20 makes 'h' non-linear
func.func @not_linear(%x: tensor<4x?x8xf32>, %w: tensor<8xf32>, %W: tensor<8x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  // h[t] = h[t-1] * h[t-1] + x[t]
  %l1 = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %p = arith.mulf %h1, %h1 : tensor<4x8xf32> loc("nl.sl":2:20)
    %n = arith.addf %p, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("nl.sl":2:3)
  // h[t] = exp(h[t-1]) + x[t]
  %l2 = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %e = math.exp %h1 : tensor<4x8xf32> loc("nl.sl":3:14)
    %n = arith.addf %e, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("nl.sl":3:3)
  // h[t] = relu(w * h[t-1] + x[t])
  %l3 = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) inv(%w : tensor<8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %wi: tensor<8xf32>, %h1: tensor<4x8xf32>):
    %wb = sl.broadcast %wi dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %p = arith.mulf %wb, %h1 : tensor<4x8xf32>
    %s = arith.addf %p, %xt : tensor<4x8xf32>
    %z = arith.constant dense<0.0> : tensor<f32>
    %zb = sl.broadcast %z dims [] : tensor<f32> -> tensor<4x8xf32>
    %n = arith.maximumf %s, %zb : tensor<4x8xf32> loc("nl.sl":4:14)
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("nl.sl":4:3)
  // h[t] = tanh(w * h[t-1] + x[t])
  %l4 = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) inv(%w : tensor<8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %wi: tensor<8xf32>, %h1: tensor<4x8xf32>):
    %wb = sl.broadcast %wi dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %p = arith.mulf %wb, %h1 : tensor<4x8xf32>
    %s = arith.addf %p, %xt : tensor<4x8xf32>
    %n = math.tanh %s : tensor<4x8xf32> loc("nl.sl":5:14)
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("nl.sl":5:3)
  // h[t] = x[t] / h[t-1]
  %l5 = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %n = arith.divf %xt, %h1 : tensor<4x8xf32> loc("nl.sl":6:20)
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("nl.sl":6:3)
  // h[t] = g[t-1] * h[t-1]; g[t] = g[t-1] * h[t]
  %l6, %l6g = sl.loop steps(%T) axis -2 lags [1, 1] init(%i, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%h1: tensor<4x8xf32>, %g1: tensor<4x8xf32>):
    %n = arith.mulf %g1, %h1 : tensor<4x8xf32> loc("nl.sl":7:20)
    %m = arith.mulf %g1, %n : tensor<4x8xf32> loc("nl.sl":8:20)
    sl.yield %n, %m : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "g"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("nl.sl":7:3)
  // h[t] = h[t-1] @ W + x[t]
  %l7 = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) inv(%W : tensor<8x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %Wi: tensor<8x8xf32>, %h1: tensor<4x8xf32>):
    %p = sl.matmul %h1, %Wi : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32> loc("nl.sl":9:20)
    %n = arith.addf %p, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("nl.sl":9:3)
  // h[t] = max(2.0 * h[t-1], x[t]): max of a state with a non max-plus form
  %l8 = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %two = arith.constant dense<2.0> : tensor<f32>
    %twob = sl.broadcast %two dims [] : tensor<f32> -> tensor<4x8xf32>
    %p = arith.mulf %twob, %h1 : tensor<4x8xf32>
    %n = arith.maximumf %p, %xt : tensor<4x8xf32> loc("nl.sl":10:20)
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("nl.sl":10:3)
  return %l1, %l2, %l3, %l4, %l5, %l6, %l7, %l8 : tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// Split: h is linear, y only reads it (h[t] and h[t-1], zero init).
//   h[t] = a[t] * h[t-1] + x[t];  y[t] = tanh(y[t-1] + h[t] - h[t-1])
// h becomes a scan; the loop keeps y and reads h and h shifted by one.

// CHECK-LABEL: func.func @split(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[H:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[X]] : tensor<4x?x8xf32>)
// CHECK: %[[H1:.*]] = sl.shift %[[H]] axis 1 by 1 : tensor<4x?x8xf32>
// CHECK: %[[Y:.*]] = sl.loop steps(%{{.*}}) axis -2 lags [1] seq(%[[H]], %[[H1]] : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%{{.*}} : tensor<4x8xf32>) {
// CHECK: ^bb0(%[[HT:.*]]: tensor<4x8xf32>, %[[HP:.*]]: tensor<4x8xf32>, %[[Y1:.*]]: tensor<4x8xf32>):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[Y1]], %[[HT]]
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[S]], %[[HP]]
// CHECK-NEXT: %[[N:.*]] = math.tanh %[[D]]
// CHECK-NEXT: sl.yield %[[N]]
// CHECK: } {sl.state_names = ["y"]} -> tensor<4x?x8xf32>
// CHECK: return %[[H]], %[[Y]]
// REMARK: split.sl:3:3: remark: scan over 'h', 'y' was split: 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients); the rest stays sequential: 'tanh' at 5:10 makes 'y' non-linear
func.func @split(%a: tensor<4x?x8xf32>, %x: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %a, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h, %y = sl.loop steps(%T) axis -2 lags [1, 1] seq(%a, %x : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>, %y1: tensor<4x8xf32>):
    %m = arith.mulf %at, %h1 : tensor<4x8xf32>
    %hn = arith.addf %m, %xt : tensor<4x8xf32>
    %s = arith.addf %y1, %hn : tensor<4x8xf32>
    %d = arith.subf %s, %h1 : tensor<4x8xf32>
    %yn = math.tanh %d : tensor<4x8xf32> loc("split.sl":5:10)
    sl.yield %hn, %yn : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "y"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("split.sl":3:3)
  return %h, %y : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// Split with a param init of the linear state whose earlier value the rest
// reads: the rest reads the scan shifted by one step, the init selected at
// the first step (steps told apart by shifted ones), and keeps only y.
//   init h[-1] = h0;  h[t] = 0.5 * h[t-1] + x[t];  y[t] = tanh(h[t-1] * y[t-1])

// CHECK-LABEL: func.func @split_pass_through(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>, %[[H0:[^:]*]]: tensor<4x8xf32>)
// CHECK: %[[H:.*]] = sl.scan linear {{.*}} init(%[[H0]] : tensor<4x8xf32>)
// CHECK: %[[SH:.*]] = sl.shift %[[H]] axis 1 by 1
// CHECK: %[[INIT:.*]] = sl.broadcast %[[H0]] dims [0, 2] sizes(%{{.*}}) : tensor<4x8xf32> -> tensor<4x?x8xf32>
// CHECK: %[[ONES:.*]] = sl.broadcast %{{.*}} dims [] sizes(%{{.*}}) : tensor<f32> -> tensor<4x?x8xf32>
// CHECK: %[[LATER:.*]] = sl.shift %[[ONES]] axis 1 by 1
// CHECK: %[[FIRST:.*]] = arith.subf %[[ONES]], %[[LATER]]
// CHECK: %[[IS:.*]] = arith.cmpf ogt, %[[FIRST]]
// CHECK: %[[HP:.*]] = arith.select %[[IS]], %[[INIT]], %[[SH]]
// CHECK: %[[L:.*]] = sl.loop steps(%{{.*}}) axis -2 lags [1] seq(%[[HP]] : tensor<4x?x8xf32>) init(%{{.*}} : tensor<4x8xf32>) {
// CHECK: ^bb0(%[[HT:.*]]: tensor<4x8xf32>, %[[Y1:.*]]: tensor<4x8xf32>):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[HT]], %[[Y1]]
// CHECK-NEXT: %[[N:.*]] = math.tanh %[[P]]
// CHECK-NEXT: sl.yield %[[N]]
// CHECK: } {sl.state_names = ["y"]}
// CHECK: return %[[H]], %[[L]]
// REMARK: pass.sl:3:3: remark: scan over 'h', 'y' was split: 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); the rest stays sequential: 'tanh' at 5:10 makes 'y' non-linear
func.func @split_pass_through(%x: tensor<4x?x8xf32>, %h0: tensor<4x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h, %y = sl.loop steps(%T) axis -2 lags [1, 1] seq(%x : tensor<4x?x8xf32>) init(%h0, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>, %y1: tensor<4x8xf32>):
    %c = arith.constant dense<0.5> : tensor<f32>
    %cb = sl.broadcast %c dims [] : tensor<f32> -> tensor<4x8xf32>
    %m = arith.mulf %cb, %h1 : tensor<4x8xf32>
    %hn = arith.addf %m, %xt : tensor<4x8xf32>
    %p = arith.mulf %h1, %y1 : tensor<4x8xf32> loc("pass.sl":5:20)
    %yn = math.tanh %p : tensor<4x8xf32> loc("pass.sl":5:10)
    sl.yield %hn, %yn : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "y"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("pass.sl":3:3)
  return %h, %y : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// States that do not read each other become separate scans, each in its own
// semiring: a[t] = 0.5 * a[t-1] + x[t] (linear), b[t] = max(b[t-1], x[t]) (max-plus).

// CHECK-LABEL: func.func @independent(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[A:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "c" forcing "v"
// CHECK: %[[B:.*]] = sl.scan max_plus steps(%{{.*}}) axis -2 matrix "1" forcing "v" inputs(%[[X]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// CHECK: return %[[A]], %[[B]]
// REMARK: ind.sl:3:3: remark: scan over 'a', 'b': 'a' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients); 'b' became a parallel max-plus scan (state size 1, diagonal, unit coefficients)
func.func @independent(%x: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %a, %b = sl.loop steps(%T) axis -2 lags [1, 1] seq(%x : tensor<4x?x8xf32>) init(%i, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %a1: tensor<4x8xf32>, %b1: tensor<4x8xf32>):
    %c = arith.constant dense<0.5> : tensor<f32>
    %cb = sl.broadcast %c dims [] : tensor<f32> -> tensor<4x8xf32>
    %m = arith.mulf %cb, %a1 : tensor<4x8xf32>
    %an = arith.addf %m, %xt : tensor<4x8xf32>
    %bn = arith.maximumf %b1, %xt : tensor<4x8xf32>
    sl.yield %an, %bn : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["a", "b"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("ind.sl":3:3)
  return %a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// A state of order 0 that reads another at the current step (read by no
// state) does not join its scan (it would take a zero column: M = [[a, 0],
// [2a, 0]], twice the scan's work): h[t] = a[t] * h[t-1] + x[t] is scanned
// and y[t] = 2.0 * h[t] + x[t] computed element-wise from it.

// CHECK-LABEL: func.func @order_zero(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[S:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[X]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.loop
// CHECK: %[[P:.*]] = arith.mulf %{{.*}}, %[[S]]
// CHECK: %[[Y:.*]] = arith.addf %[[P]], %[[X]]
// CHECK: return %[[Y]]
// REMARK: ord0.sl:3:3: remark: scan over 'h', 'y': 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients); 'y' became element-wise (no state is carried) given 'h'
func.func @order_zero(%a: tensor<4x?x8xf32>, %x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %a, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h, %y = sl.loop steps(%T) axis -2 lags [1, 0] seq(%a, %x : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %m = arith.mulf %at, %h1 : tensor<4x8xf32>
    %hn = arith.addf %m, %xt : tensor<4x8xf32>
    %two = arith.constant dense<2.0> : tensor<f32>
    %twob = sl.broadcast %two dims [] : tensor<f32> -> tensor<4x8xf32>
    %p = arith.mulf %twob, %hn : tensor<4x8xf32>
    %yn = arith.addf %p, %xt : tensor<4x8xf32>
    sl.yield %hn, %yn : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "y"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("ord0.sl":3:3)
  return %y : tensor<4x?x8xf32>
}

// -----

// A linear state that reads a non-linear one stays with it; a state that
// carries nothing is element-wise.
//   g[t] = tanh(g[t-1] + x[t]);  h[t] = 0.5 * h[t-1] + g[t-1]
//   e[t] = 2.0 * x[t]

// CHECK-LABEL: func.func @reads_non_linear(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[E:.*]] = arith.mulf %{{.*}}, %[[X]] : tensor<4x?x8xf32>
// CHECK: %[[L:.*]]:2 = sl.loop steps(%{{.*}}) axis -2 lags [1, 1]
// CHECK: return %[[L]]#0, %[[L]]#1, %[[E]]
// REMARK: rnl.sl:3:3: remark: scan over 'g', 'h', 'e' was split: 'e' became element-wise (no state is carried); the rest stays sequential: 'tanh' at 3:20 makes 'g' non-linear; 'h' reads 'g'
func.func @reads_non_linear(%x: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %k1 = arith.constant 1 : index
  %T = tensor.dim %x, %k1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %g, %h, %e = sl.loop steps(%T) axis -2 lags [1, 1, 0] seq(%x : tensor<4x?x8xf32>) init(%i, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %g1: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %s = arith.addf %g1, %xt : tensor<4x8xf32>
    %gn = math.tanh %s : tensor<4x8xf32> loc("rnl.sl":3:20)
    %c = arith.constant dense<0.5> : tensor<f32>
    %cb = sl.broadcast %c dims [] : tensor<f32> -> tensor<4x8xf32>
    %m = arith.mulf %cb, %h1 : tensor<4x8xf32>
    %hn = arith.addf %m, %g1 : tensor<4x8xf32>
    %two = arith.constant dense<2.0> : tensor<f32>
    %twob = sl.broadcast %two dims [] : tensor<f32> -> tensor<4x8xf32>
    %en = arith.mulf %twob, %xt : tensor<4x8xf32>
    sl.yield %gn, %hn, %en : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["g", "h", "e"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("rnl.sl":3:3)
  return %g, %h, %e : tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// Edge cases. A scalar state (rank-0 slice) in f64.

// CHECK-LABEL: func.func @scalar_state(
// CHECK-SAME: %[[X:[^:]*]]: tensor<?xf64>)
// CHECK: %[[E:.*]] = math.exp %[[X]] : tensor<?xf64>
// CHECK: sl.scan linear steps(%{{.*}}) axis -1 matrix "c" forcing "v" coeffs(%{{.*}} : tensor<f64>) inputs(%[[E]] : tensor<?xf64>) init(%{{.*}} : tensor<f64>) -> tensor<?xf64>
// REMARK: e.sl:2:1: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
func.func @scalar_state(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %T = tensor.dim %x, %c0 : tensor<?xf64>
  %z = arith.constant dense<0.0> : tensor<f64>
  %h = sl.loop steps(%T) axis -1 lags [1] seq(%x : tensor<?xf64>) init(%z : tensor<f64>) {
  ^bb0(%a: tensor<f64>, %h1: tensor<f64>):
    %c = arith.constant dense<0.5> : tensor<f64>
    %m = arith.mulf %c, %h1 : tensor<f64>
    %e = math.exp %a : tensor<f64>
    %n = arith.addf %m, %e : tensor<f64>
    sl.yield %n : tensor<f64>
  } {sl.state_names = ["h"]} -> tensor<?xf64> loc("e.sl":2:1)
  return %h : tensor<?xf64>
}

// -----

// Static sizes everywhere (the scan axis first).

// CHECK-LABEL: func.func @static_T(
// CHECK-SAME: %[[X:[^:]*]]: tensor<16x8xf32>, %[[W:[^:]*]]: tensor<8xf32>)
// CHECK: %[[WB:.*]] = sl.broadcast %[[W]] dims [1] : tensor<8xf32> -> tensor<16x8xf32>
// CHECK: %[[F:.*]] = arith.mulf %[[WB]], %[[X]] : tensor<16x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "c" forcing "v" coeffs(%[[W]] : tensor<8xf32>) inputs(%[[F]] : tensor<16x8xf32>)
// REMARK: e.sl:3:1: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-invariant coefficients)
func.func @static_T(%x: tensor<16x8xf32>, %w: tensor<8xf32>) -> tensor<16x8xf32> {
  %T = arith.constant 16 : index
  %z = arith.constant dense<0.0> : tensor<8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<16x8xf32>) inv(%w : tensor<8xf32>) init(%z : tensor<8xf32>) {
  ^bb0(%a: tensor<8xf32>, %v: tensor<8xf32>, %h1: tensor<8xf32>):
    %m = arith.mulf %v, %h1 : tensor<8xf32>
    %p = arith.mulf %v, %a : tensor<8xf32>
    %n = arith.addf %m, %p : tensor<8xf32>
    sl.yield %n : tensor<8xf32>
  } {sl.state_names = ["h"]} -> tensor<16x8xf32> loc("e.sl":3:1)
  return %h : tensor<16x8xf32>
}

// -----

// A sequence of lower rank (a[t] is [D]) broadcast in the body.

// CHECK-LABEL: func.func @mixed_ranks(
// CHECK-SAME: %[[A:[^:]*]]: tensor<?x8xf32>, %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[S:.*]] = sl.sigmoid %[[A]] : tensor<?x8xf32>
// CHECK: %[[SB:.*]] = sl.broadcast %[[S]] dims [1, 2] : tensor<?x8xf32> -> tensor<4x?x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[SB]] : tensor<4x?x8xf32>) inputs(%[[X]] : tensor<4x?x8xf32>)
// REMARK: e.sl:4:1: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
func.func @mixed_ranks(%a: tensor<?x8xf32>, %x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%a, %x : tensor<?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<8xf32>, %xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %s = sl.sigmoid %at : tensor<8xf32>
    %ab = sl.broadcast %s dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %m = arith.mulf %ab, %h1 : tensor<4x8xf32>
    %n = arith.addf %m, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("e.sl":4:1)
  return %h : tensor<4x?x8xf32>
}

// -----

// A coefficient that cannot be computed on the whole sequence (a reduction
// over a dim after the scan axis would move it): the loop stays.

// CHECK-LABEL: func.func @unhoistable(
// CHECK-NOT: sl.scan
// CHECK: sl.loop
// REMARK: e.sl:5:1: remark: scan stays sequential: 'h': cannot compute 'mean' at 5:20 outside the loop
func.func @unhoistable(%x: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %r = sl.reduce mean %xt axis 1 : tensor<4x8xf32> -> tensor<4xf32> loc("e.sl":5:20)
    %rb = sl.broadcast %r dims [0] : tensor<4xf32> -> tensor<4x8xf32>
    %m = arith.mulf %rb, %h1 : tensor<4x8xf32>
    %n = arith.addf %m, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("e.sl":5:1)
  return %h : tensor<4x?x8xf32>
}

// -----

// Coupled states of different shapes (g [4, 8] reads h [8]) stay a loop.

// CHECK-LABEL: func.func @shapes(
// CHECK-NOT: sl.scan
// CHECK: sl.loop
// REMARK: e.sl:6:1: remark: scan stays sequential: 'h', 'g' are coupled but have different shapes
func.func @shapes(%x: tensor<4x?x8xf32>, %y: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<4x?x8xf32>) {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %zero = arith.constant dense<0.0> : tensor<f32>
  %i = sl.broadcast %zero dims [] : tensor<f32> -> tensor<4x8xf32>
  %j = sl.broadcast %zero dims [] : tensor<f32> -> tensor<8xf32>
  %h, %g = sl.loop steps(%T) axis -2 lags [1, 1] seq(%y, %x : tensor<?x8xf32>, tensor<4x?x8xf32>) init(%j, %i : tensor<8xf32>, tensor<4x8xf32>) {
  ^bb0(%yt: tensor<8xf32>, %xt: tensor<4x8xf32>, %h1: tensor<8xf32>, %g1: tensor<4x8xf32>):
    %hn = arith.addf %h1, %yt : tensor<8xf32>
    %hb = sl.broadcast %h1 dims [1] : tensor<8xf32> -> tensor<4x8xf32>
    %s = arith.addf %g1, %hb : tensor<4x8xf32>
    %gn = arith.addf %s, %xt : tensor<4x8xf32>
    sl.yield %hn, %gn : tensor<8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "g"]} -> tensor<?x8xf32>, tensor<4x?x8xf32> loc("e.sl":6:1)
  return %h, %g : tensor<?x8xf32>, tensor<4x?x8xf32>
}

// -----

// Copies: h[t] = h[t-1] (M = 1, no forcing); e[t] = f[t] = x[t] are x itself.

// CHECK-LABEL: func.func @copies(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>, %[[I:[^:]*]]: tensor<4x8xf32>)
// CHECK: %[[H:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "1" forcing "0" init(%[[I]] : tensor<4x8xf32>)
// CHECK: return %[[H]], %[[X]], %[[X]]
// REMARK: e.sl:7:1: remark: scan over 'h', 'e', 'f': 'h' became a parallel linear scan (state size 1, diagonal, unit coefficients); 'e' became element-wise (no state is carried); 'f' became element-wise (no state is carried)
func.func @copies(%x: tensor<4x?x8xf32>, %i: tensor<4x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %h, %e, %f = sl.loop steps(%T) axis -2 lags [1, 0, 0] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    sl.yield %h1, %xt, %xt : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "e", "f"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("e.sl":7:1)
  return %h, %e, %f : tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// Second-order max-plus (companion form, '1' is the semiring's one) and a
// min-plus coefficient merged from two terms: min(m + a, b + m) = m + min(a, b).

// CHECK-LABEL: func.func @tropical2(
// CHECK-SAME: %[[A:[^:]*]]: tensor<4x?x8xf32>, %[[B:[^:]*]]: tensor<4x?x8xf32>, %[[I:[^:]*]]: tensor<4x8xf32>)
// CHECK: %[[Y:.*]]:2 = sl.scan max_plus steps(%{{.*}}) axis -2 matrix "vv10" forcing "00" coeffs(%[[A]], %[[B]] : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%[[I]], %[[I]] : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK: %[[MIN:.*]] = arith.minimumf %[[A]], %[[B]] : tensor<4x?x8xf32>
// CHECK: %[[M:.*]] = sl.scan min_plus steps(%{{.*}}) axis -2 matrix "v" forcing "0" coeffs(%[[MIN]] : tensor<4x?x8xf32>)
// CHECK: return %[[Y]]#0, %[[M]]
// REMARK: e.sl:8:1: remark: scan over 'y' became a parallel max-plus scan (state size 2, companion form of an order-2 recurrence, time-varying coefficients)
// REMARK: e.sl:9:1: remark: scan over 'm' became a parallel min-plus scan (state size 1, diagonal, time-varying coefficients)
func.func @tropical2(%a: tensor<4x?x8xf32>, %b: tensor<4x?x8xf32>, %i: tensor<4x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %a, %c1 : tensor<4x?x8xf32>
  %y = sl.loop steps(%T) axis -2 lags [2] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i, %i : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %y1: tensor<4x8xf32>, %y2: tensor<4x8xf32>):
    %p = arith.addf %y1, %at : tensor<4x8xf32>
    %q = arith.addf %y2, %bt : tensor<4x8xf32>
    %n = arith.maximumf %p, %q : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["y"]} -> tensor<4x?x8xf32> loc("e.sl":8:1)
  %m = sl.loop steps(%T) axis -2 lags [1] seq(%a, %b : tensor<4x?x8xf32>, tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%at: tensor<4x8xf32>, %bt: tensor<4x8xf32>, %m1: tensor<4x8xf32>):
    %p = arith.addf %m1, %at : tensor<4x8xf32>
    %q = arith.addf %bt, %m1 : tensor<4x8xf32>
    %n = arith.minimumf %p, %q : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["m"]} -> tensor<4x?x8xf32> loc("e.sl":9:1)
  return %y, %m : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// x[t] @ W in the body becomes one matmul over the whole sequence.

// CHECK-LABEL: func.func @matmul_input(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>, %[[W:[^:]*]]: tensor<8x8xf32>
// CHECK: %[[P:.*]] = sl.matmul %[[X]], %[[W]] : tensor<4x?x8xf32>, tensor<8x8xf32> -> tensor<4x?x8xf32>
// CHECK: %[[G:.*]] = sl.sigmoid %[[P]] : tensor<4x?x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[G]] : tensor<4x?x8xf32>) inputs(%[[X]] : tensor<4x?x8xf32>)
// REMARK: e.sl:10:1: remark: scan over 'h' became a parallel linear scan (state size 1, diagonal, time-varying coefficients)
func.func @matmul_input(%x: tensor<4x?x8xf32>, %W: tensor<8x8xf32>, %i: tensor<4x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<4x?x8xf32>) inv(%W : tensor<8x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %Wi: tensor<8x8xf32>, %h1: tensor<4x8xf32>):
    %p = sl.matmul %xt, %Wi : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
    %g = sl.sigmoid %p : tensor<4x8xf32>
    %m = arith.mulf %g, %h1 : tensor<4x8xf32>
    %n = arith.addf %m, %xt : tensor<4x8xf32>
    sl.yield %n : tensor<4x8xf32>
  } {sl.state_names = ["h"]} -> tensor<4x?x8xf32> loc("e.sl":10:1)
  return %h : tensor<4x?x8xf32>
}

// -----

// Unused results, and a state that yields a constant.

// CHECK-LABEL: func.func @unused(
// CHECK-NOT: sl.loop
// CHECK: return
// REMARK: e.sl:11:1: remark: scan over 'h', 'k': 'h' became a parallel linear scan (state size 1, diagonal, unit coefficients); 'k' became element-wise (no state is carried)
func.func @unused(%x: tensor<4x?x8xf32>, %i: tensor<4x8xf32>) {
  %c1 = arith.constant 1 : index
  %T = tensor.dim %x, %c1 : tensor<4x?x8xf32>
  %h, %k = sl.loop steps(%T) axis -2 lags [1, 0] seq(%x : tensor<4x?x8xf32>) init(%i : tensor<4x8xf32>) {
  ^bb0(%xt: tensor<4x8xf32>, %h1: tensor<4x8xf32>):
    %n = arith.addf %h1, %xt : tensor<4x8xf32>
    %c = arith.constant dense<1.0> : tensor<4x8xf32>
    sl.yield %n, %c : tensor<4x8xf32>, tensor<4x8xf32>
  } {sl.state_names = ["h", "k"]} -> tensor<4x?x8xf32>, tensor<4x?x8xf32> loc("e.sl":11:1)
  return
}
