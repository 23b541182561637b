// RUN: sluice-opt %s -split-input-file -sl-stabilize-closed-forms 2>/dev/null | sluice-opt -split-input-file | FileCheck %s
// RUN: sluice-opt %s -split-input-file -sl-stabilize-closed-forms --mlir-print-op-on-diagnostic=false 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: sluice-opt %s -split-input-file -sl-recognize 2>/dev/null | FileCheck %s --check-prefix=PIPE

// exp(L) * cumsum(exp(-L) * u) with L = cumsum(l) -> h[t] = exp(l[t]) * h[t-1] + u[t].

// CHECK-LABEL: func.func @closed_form(
// CHECK-SAME: %[[L:[^:]*]]: tensor<4x?x8xf32>, %[[U:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[A:.*]] = math.exp %[[L]] : tensor<4x?x8xf32>
// CHECK: %[[I:.*]] = sl.broadcast %{{.*}} dims [] : tensor<f32> -> tensor<4x8xf32>
// CHECK: %[[H:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[U]] : tensor<4x?x8xf32>) init(%[[I]] : tensor<4x8xf32>) -> tensor<4x?x8xf32>
// CHECK-NOT: sl.cumulative
// CHECK: return %[[H]]
// REMARK: cf.sl:5:22: remark: exp(L) * cumsum(exp(-L) * u) with L = cumsum(l) became the stable recurrence h[t] = exp(l[t]) * h[t-1] + u[t], a parallel linear scan
// PIPE-LABEL: func.func @closed_form(
// PIPE: sl.scan linear {{.*}} matrix "v" forcing "v"
// PIPE-NOT: sl.scan
// PIPE-NOT: sl.cumulative
// PIPE: return
func.func @closed_form(%l: tensor<4x?x8xf32>, %u: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %L = sl.cumulative sum %l axis 1 : tensor<4x?x8xf32> loc("cf.sl":3:11)
  %n = arith.negf %L : tensor<4x?x8xf32>
  %e = math.exp %n : tensor<4x?x8xf32>
  %w = arith.mulf %e, %u : tensor<4x?x8xf32>
  %c = sl.cumulative sum %w axis 1 : tensor<4x?x8xf32> loc("cf.sl":5:22)
  %E = math.exp %L : tensor<4x?x8xf32>
  %h = arith.mulf %E, %c : tensor<4x?x8xf32>
  return %h : tensor<4x?x8xf32>
}

// -----

// Commuted products, `-L` spelled `-1.0 * L`, and a reverse scan.

// CHECK-LABEL: func.func @commuted_reverse(
// CHECK-SAME: %[[L:[^:]*]]: tensor<4x?x8xf32>, %[[U:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[A:.*]] = math.exp %[[L]]
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 reverse matrix "v" forcing "v" coeffs(%[[A]] : tensor<4x?x8xf32>) inputs(%[[U]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.cumulative
// REMARK: rev.sl:5:22: remark: exp(L) * cumsum(exp(-L) * u)
func.func @commuted_reverse(%l: tensor<4x?x8xf32>, %u: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c1 = arith.constant 1 : index
  %d = tensor.dim %l, %c1 : tensor<4x?x8xf32>
  %L = sl.cumulative sum %l axis 1 reverse : tensor<4x?x8xf32>
  %m1 = arith.constant dense<-1.0> : tensor<f32>
  %m1b = sl.broadcast %m1 dims [] sizes(%d) : tensor<f32> -> tensor<4x?x8xf32>
  %n = arith.mulf %m1b, %L : tensor<4x?x8xf32>
  %e = math.exp %n : tensor<4x?x8xf32>
  %w = arith.mulf %u, %e : tensor<4x?x8xf32>
  %c = sl.cumulative sum %w axis 1 reverse : tensor<4x?x8xf32> loc("rev.sl":5:22)
  %E = math.exp %L : tensor<4x?x8xf32>
  %h = arith.mulf %c, %E : tensor<4x?x8xf32>
  return %h : tensor<4x?x8xf32>
}

// -----

// exp(L) * cumsum(u / exp(L)), with L computed twice.

// CHECK-LABEL: func.func @divided(
// CHECK-SAME: %[[L:[^:]*]]: tensor<?x?xf32>, %[[U:[^:]*]]: tensor<?x?xf32>)
// CHECK: %[[A:.*]] = math.exp %[[L]]
// CHECK: sl.scan linear steps(%{{.*}}) axis -1 matrix "v" forcing "v" coeffs(%[[A]] : tensor<?x?xf32>) inputs(%[[U]] : tensor<?x?xf32>) init(%{{.*}} : tensor<?xf32>)
// CHECK-NOT: sl.cumulative
// REMARK: div.sl:4:9: remark: exp(L) * cumsum(exp(-L) * u)
func.func @divided(%l: tensor<?x?xf32>, %u: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %L1 = sl.cumulative sum %l axis 1 : tensor<?x?xf32>
  %e1 = math.exp %L1 : tensor<?x?xf32>
  %w = arith.divf %u, %e1 : tensor<?x?xf32>
  %c = sl.cumulative sum %w axis 1 : tensor<?x?xf32> loc("div.sl":4:9)
  %L2 = sl.cumulative sum %l axis 1 : tensor<?x?xf32>
  %e2 = math.exp %L2 : tensor<?x?xf32>
  %h = arith.mulf %e2, %c : tensor<?x?xf32>
  return %h : tensor<?x?xf32>
}

// -----

// The cumprod twin: P * cumsum(u / P) with P = cumprod(p) -> h[t] = p[t] * h[t-1] + u[t].
// P is also an output: it stays (and is still a prefix op for sl-cumulative-to-scan).

// CHECK-LABEL: func.func @cumprod(
// CHECK-SAME: %[[P:[^:]*]]: tensor<4x?x8xf32>, %[[U:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[PP:.*]] = sl.cumulative prod %[[P]] axis 1
// CHECK: %[[H:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "v" coeffs(%[[P]] : tensor<4x?x8xf32>) inputs(%[[U]] : tensor<4x?x8xf32>)
// CHECK-NOT: sl.cumulative sum
// CHECK: return %[[H]], %[[PP]]
// REMARK: cp.sl:3:9: remark: P * cumsum(u / P) with P = cumprod(p) became the recurrence h[t] = p[t] * h[t-1] + u[t], a parallel linear scan
// PIPE-LABEL: func.func @cumprod(
// PIPE-COUNT-2: sl.scan linear
// PIPE-NOT: sl.cumulative
func.func @cumprod(%p: tensor<4x?x8xf32>, %u: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %P = sl.cumulative prod %p axis 1 : tensor<4x?x8xf32>
  %w = arith.divf %u, %P : tensor<4x?x8xf32>
  %c = sl.cumulative sum %w axis 1 : tensor<4x?x8xf32> loc("cp.sl":3:9)
  %h = arith.mulf %P, %c : tensor<4x?x8xf32>
  return %h, %P : tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// Not the closed form: no rewrite, no remark.
//   exp(L) * cumsum(exp(L) * u)         (not the inverse)
//   exp(L) * cumsum(exp(-L) * u) over different axes / directions
//   exp(L) * cumsum(exp(-L) * u) with an exclusive cumsum

// CHECK-LABEL: func.func @not_closed_form(
// CHECK-COUNT-8: sl.cumulative
// CHECK-NOT: sl.scan
// REMARK-NOT: remark
func.func @not_closed_form(%l: tensor<4x?x8xf32>, %u: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %L = sl.cumulative sum %l axis 1 : tensor<4x?x8xf32>
  %E = math.exp %L : tensor<4x?x8xf32>
  %w = arith.mulf %E, %u : tensor<4x?x8xf32>
  %c = sl.cumulative sum %w axis 1 : tensor<4x?x8xf32>
  %h1 = arith.mulf %E, %c : tensor<4x?x8xf32>

  %L2 = sl.cumulative sum %l axis 2 : tensor<4x?x8xf32>
  %n2 = arith.negf %L2 : tensor<4x?x8xf32>
  %e2 = math.exp %n2 : tensor<4x?x8xf32>
  %w2 = arith.mulf %e2, %u : tensor<4x?x8xf32>
  %c2 = sl.cumulative sum %w2 axis 1 : tensor<4x?x8xf32>
  %E2 = math.exp %L2 : tensor<4x?x8xf32>
  %h2 = arith.mulf %E2, %c2 : tensor<4x?x8xf32>

  %L3 = sl.cumulative sum %l axis 1 exclusive : tensor<4x?x8xf32>
  %n3 = arith.negf %L3 : tensor<4x?x8xf32>
  %e3 = math.exp %n3 : tensor<4x?x8xf32>
  %w3 = arith.mulf %e3, %u : tensor<4x?x8xf32>
  %c3 = sl.cumulative sum %w3 axis 1 reverse : tensor<4x?x8xf32>
  %E3 = math.exp %L3 : tensor<4x?x8xf32>
  %h3 = arith.mulf %E3, %c3 : tensor<4x?x8xf32>
  %c4 = sl.cumulative sum %w3 axis 1 : tensor<4x?x8xf32>
  %c5 = sl.cumulative prod %w3 axis 1 : tensor<4x?x8xf32>
  %h4 = arith.mulf %c4, %c5 : tensor<4x?x8xf32>
  return %h1, %h2, %h4 : tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>
}
