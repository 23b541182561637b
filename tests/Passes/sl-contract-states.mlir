// RUN: sluice-opt %s -split-input-file -sl-contract-states | sluice-opt -split-input-file | FileCheck %s

// A batched vector-matrix product with a scan's state, q [B, T, K] @
// S [B, T, K, N], becomes the sum over K of q spread along N times S; N's
// size comes from the scan's init (the state itself is read once).

// CHECK-LABEL: func.func @state(
// CHECK-SAME: %[[Q:[^:]*]]: tensor<?x?x?xf32>
// CHECK: %[[S:.*]] = sl.scan linear
// CHECK: %[[N:.*]] = tensor.dim %[[INIT:[^,]*]], %c2
// CHECK: %[[SPREAD:.*]] = sl.broadcast %[[Q]] dims [0, 1, 2] sizes(%[[N]]) : tensor<?x?x?xf32> -> tensor<?x?x?x?xf32>
// CHECK: %[[P:.*]] = arith.mulf %[[SPREAD]], %[[S]] : tensor<?x?x?x?xf32>
// CHECK: %[[O:.*]] = sl.reduce sum %[[P]] axis 2 : tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
// CHECK-NOT: sl.matmul
// CHECK: return %[[O]]
func.func @state(%q: tensor<?x?x?xf32>, %a: tensor<?x?x?x?xf32>, %x: tensor<?x?x?x?xf32>, %init: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %x, %c1 : tensor<?x?x?x?xf32>
  %s = sl.scan linear steps(%t) axis -3 matrix "v" forcing "v" coeffs(%a : tensor<?x?x?x?xf32>) inputs(%x : tensor<?x?x?x?xf32>) init(%init : tensor<?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %o = sl.matmul %q, %s : tensor<?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
  return %o : tensor<?x?x?xf32>
}

// -----

// The scan along the state's last dim: N is the scan's steps.

// CHECK-LABEL: func.func @along_last(
// CHECK-SAME: %[[Q:[^:]*]]: tensor<?x?xf32>
// CHECK: %[[T:.*]] = tensor.dim
// CHECK: %[[S:.*]] = sl.scan linear steps(%[[T]])
// CHECK: %[[SPREAD:.*]] = sl.broadcast %[[Q]] dims [0, 1] sizes(%[[T]]) : tensor<?x?xf32> -> tensor<?x?x?xf32>
// CHECK: sl.reduce sum %{{.*}} axis 1 : tensor<?x?x?xf32> -> tensor<?x?xf32>
func.func @along_last(%q: tensor<?x?xf32>, %x: tensor<?x?x?xf32>, %init: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c2 = arith.constant 2 : index
  %t = tensor.dim %x, %c2 : tensor<?x?x?xf32>
  %s = sl.scan linear steps(%t) axis -1 matrix "1" forcing "v" inputs(%x : tensor<?x?x?xf32>) init(%init : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %o = sl.matmul %q, %s : tensor<?x?xf32>, tensor<?x?x?xf32> -> tensor<?x?xf32>
  return %o : tensor<?x?xf32>
}

// -----

// A matrix that is not a scan's state, shared ([K, N]) or batched, stays
// a matmul.

// CHECK-LABEL: func.func @not_a_state(
// CHECK: sl.matmul
// CHECK: sl.matmul
// CHECK-NOT: sl.reduce
func.func @not_a_state(%q: tensor<?x?x?xf32>, %w: tensor<?x?xf32>, %m: tensor<?x?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %a = sl.matmul %q, %w : tensor<?x?x?xf32>, tensor<?x?xf32> -> tensor<?x?x?xf32>
  %b = sl.matmul %q, %m : tensor<?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
  return %a, %b : tensor<?x?x?xf32>, tensor<?x?x?xf32>
}

// -----

// Types whose shapes differ dim for dim (a static K against the state's
// dynamic one) stay a matmul: the product would not have the state's type.

// CHECK-LABEL: func.func @mixed_shapes(
// CHECK: sl.matmul
// CHECK-NOT: sl.reduce
func.func @mixed_shapes(%q: tensor<?x?x4xf32>, %x: tensor<?x?x?x?xf32>, %init: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %x, %c1 : tensor<?x?x?x?xf32>
  %s = sl.scan linear steps(%t) axis -3 matrix "1" forcing "v" inputs(%x : tensor<?x?x?x?xf32>) init(%init : tensor<?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %o = sl.matmul %q, %s : tensor<?x?x4xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
  return %o : tensor<?x?x?xf32>
}

// -----

// The scan along K: N's size is the init's last dim.

// CHECK-LABEL: func.func @along_k(
// CHECK-SAME: %[[Q:[^:]*]]: tensor<?x?x?xf32>, %{{[^:]*}}: tensor<?x?x?x?xf32>, %[[INIT:[^:]*]]: tensor<?x?x?xf32>
// CHECK: %[[N:.*]] = tensor.dim %[[INIT]], %c2
// CHECK: sl.broadcast %[[Q]] dims [0, 1, 2] sizes(%[[N]])
// CHECK: sl.reduce sum %{{.*}} axis 2
func.func @along_k(%q: tensor<?x?x?xf32>, %x: tensor<?x?x?x?xf32>, %init: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %c2 = arith.constant 2 : index
  %t = tensor.dim %x, %c2 : tensor<?x?x?x?xf32>
  %s = sl.scan linear steps(%t) axis -2 matrix "1" forcing "v" inputs(%x : tensor<?x?x?x?xf32>) init(%init : tensor<?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %o = sl.matmul %q, %s : tensor<?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
  return %o : tensor<?x?x?xf32>
}

// -----

// A rank-1 q against a reverse exclusive scan of static N: no sizes.

// CHECK-LABEL: func.func @static_n(
// CHECK: sl.broadcast %{{.*}} dims [0] : tensor<?xf32> -> tensor<?x4xf32>
// CHECK: sl.reduce sum %{{.*}} axis 0 : tensor<?x4xf32> -> tensor<4xf32>
func.func @static_n(%q: tensor<?xf32>, %x: tensor<?x4xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %t = tensor.dim %x, %c0 : tensor<?x4xf32>
  %s = sl.scan linear steps(%t) axis -2 reverse exclusive matrix "1" forcing "v" inputs(%x : tensor<?x4xf32>) init(%init : tensor<4xf32>) -> tensor<?x4xf32>
  %o = sl.matmul %q, %s : tensor<?xf32>, tensor<?x4xf32> -> tensor<4xf32>
  return %o : tensor<4xf32>
}

// -----

// The second state of a two-state scan: N from the second init.

// CHECK-LABEL: func.func @second_state(
// CHECK-SAME: %[[I1:[^:]*]]: tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[S:.*]]:2 = sl.scan
// CHECK: %[[N:.*]] = tensor.dim %[[I1]], %c1
// CHECK: %[[B:.*]] = sl.broadcast %{{.*}} dims [0, 1] sizes(%[[N]])
// CHECK: arith.mulf %[[B]], %[[S]]#1
func.func @second_state(%q: tensor<?x?xf32>, %a: tensor<?x?x?xf32>, %x: tensor<?x?x?xf32>, %i0: tensor<?x?xf32>, %i1: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %t = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %s:2 = sl.scan linear steps(%t) axis -3 matrix "v1v0" forcing "v0" coeffs(%a, %a : tensor<?x?x?xf32>, tensor<?x?x?xf32>) inputs(%x : tensor<?x?x?xf32>) init(%i0, %i1 : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  %o = sl.matmul %q, %s#1 : tensor<?x?xf32>, tensor<?x?x?xf32> -> tensor<?x?xf32>
  return %o : tensor<?x?xf32>
}

// -----

// A state read by something else too stays a matmul (it is stored anyway).

// CHECK-LABEL: func.func @state_also_returned(
// CHECK: sl.matmul
// CHECK-NOT: sl.reduce
func.func @state_also_returned(%q: tensor<?x?x?xf32>, %x: tensor<?x?x?x?xf32>, %init: tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?x?xf32>) {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %x, %c1 : tensor<?x?x?x?xf32>
  %s = sl.scan linear steps(%t) axis -3 matrix "1" forcing "v" inputs(%x : tensor<?x?x?x?xf32>) init(%init : tensor<?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %o = sl.matmul %q, %s : tensor<?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?xf32>
  return %o, %s : tensor<?x?x?xf32>, tensor<?x?x?x?xf32>
}
