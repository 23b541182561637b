// RUN: sluice-opt %s -sl-recognize-recurrences | FileCheck %s
// An f32 sequence feeding an f64 state (converted by arith.extf in the body):
// constant coefficients get the state's element type, f64, and the converted
// input is hoisted with its arith.extf. Before, the constant took the last
// sequence operand's type (f32) and the pass produced invalid IR.

// CHECK-LABEL: func.func @mixed(
// CHECK: arith.extf %{{.*}} : tensor<?x?x?xf32> to tensor<?x?x?xf64>
// CHECK: sl.scan linear {{.*}} matrix "c" forcing "v" coeffs(%{{.*}} : tensor<f64>) inputs(%{{.*}} : tensor<?x?x?xf64>) init(%{{.*}} : tensor<?x?xf64>) -> tensor<?x?x?xf64>
// CHECK-NOT: sl.loop
func.func @mixed(%x: tensor<?x?x?xf32>) -> tensor<?x?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %B = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %D = tensor.dim %x, %c2 : tensor<?x?x?xf32>
  %zero = arith.constant dense<0.0> : tensor<f64>
  %h0 = sl.broadcast %zero dims [] sizes(%B, %D) : tensor<f64> -> tensor<?x?xf64>
  %h = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x?x?xf32>) init(%h0 : tensor<?x?xf64>) {
  ^bb0(%xt: tensor<?x?xf32>, %h1: tensor<?x?xf64>):
    %half = arith.constant dense<0.5> : tensor<f64>
    %c0i = arith.constant 0 : index
    %c1i = arith.constant 1 : index
    %b = tensor.dim %xt, %c0i : tensor<?x?xf32>
    %d = tensor.dim %xt, %c1i : tensor<?x?xf32>
    %a = sl.broadcast %half dims [] sizes(%b, %d) : tensor<f64> -> tensor<?x?xf64>
    %x64 = arith.extf %xt : tensor<?x?xf32> to tensor<?x?xf64>
    %ah = arith.mulf %a, %h1 : tensor<?x?xf64>
    %hn = arith.addf %ah, %x64 : tensor<?x?xf64>
    sl.yield %hn : tensor<?x?xf64>
  } -> tensor<?x?x?xf64>
  return %h : tensor<?x?x?xf64>
}
