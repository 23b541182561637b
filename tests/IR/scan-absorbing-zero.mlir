// RUN: sluice-opt %s | sluice-opt | FileCheck %s
// RUN: sluice-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: sluice-opt %s -sl-recognize | FileCheck %s --check-prefix=RECOGNIZED
// `absorbing_zero` (a unit attribute of sl.scan) round-trips, and recognition
// sets it on a scan built from a select between affine branches (a reset),
// not on an ordinary scan.

// CHECK-LABEL: func.func @flag
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 reverse absorbing_zero matrix "v" forcing "v"
// CHECK: sl.scan max_plus steps(%{{.*}}) axis -2 matrix "v" forcing "v"
// GENERIC: absorbing_zero
func.func @flag(%T: index, %a: tensor<?x?x?xf32>, %b: tensor<?x?x?xf32>,
                %h0: tensor<?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %0 = sl.scan linear steps(%T) axis -2 reverse absorbing_zero matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%b : tensor<?x?x?xf32>)
      init(%h0 : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %1 = sl.scan max_plus steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%b : tensor<?x?x?xf32>)
      init(%h0 : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return %0, %1 : tensor<?x?x?xf32>, tensor<?x?x?xf32>
}

// RECOGNIZED-LABEL: func.func @reset
// RECOGNIZED: arith.cmpf ogt
// RECOGNIZED: arith.select
// RECOGNIZED: sl.scan linear steps(%{{.*}}) axis -2 absorbing_zero matrix "v" forcing "v"
// RECOGNIZED-NOT: sl.loop
// RECOGNIZED: sl.scan linear steps(%{{.*}}) axis -2 matrix "c" forcing "v"
// RECOGNIZED-NOT: absorbing_zero
// RECOGNIZED: return
func.func @reset(%x: tensor<?x4xf32>, %r: tensor<?x4xf32>, %w: tensor<4xf32>,
                 %i: tensor<4xf32>, %T: index) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  // h[t] = where(r[t] > 0.5, x[t], w * h[t-1] + x[t])
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x, %r : tensor<?x4xf32>, tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i : tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>, %v: tensor<4xf32>, %h1: tensor<4xf32>):
    %half = arith.constant dense<0.5> : tensor<4xf32>
    %c = arith.cmpf ogt, %b, %half : tensor<4xf32>
    %m = arith.mulf %v, %h1 : tensor<4xf32>
    %n = arith.addf %m, %a : tensor<4xf32>
    %s = arith.select %c, %a, %n : tensor<4xi1>, tensor<4xf32>
    sl.yield %s : tensor<4xf32>
  } -> tensor<?x4xf32>
  // g[t] = w * g[t-1] + x[t]: no select, IEEE coefficients.
  %g = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x4xf32>) inv(%w : tensor<4xf32>) init(%i : tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>, %v: tensor<4xf32>, %g1: tensor<4xf32>):
    %m = arith.mulf %v, %g1 : tensor<4xf32>
    %n = arith.addf %m, %a : tensor<4xf32>
    sl.yield %n : tensor<4xf32>
  } -> tensor<?x4xf32>
  return %h, %g : tensor<?x4xf32>, tensor<?x4xf32>
}
