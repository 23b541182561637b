// RUN: sluice-opt %s -split-input-file -sl-cumulative-to-scan 2>/dev/null | sluice-opt -split-input-file | FileCheck %s
// RUN: sluice-opt %s -split-input-file -sl-cumulative-to-scan --mlir-print-op-on-diagnostic=false 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// Every prefix op becomes a one-component scan whose init is its identity.

// CHECK-LABEL: func.func @kinds(
// CHECK-SAME: %[[X:[^:]*]]: tensor<?x?x?xf32>)
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[B:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %c2
// CHECK: %[[I0:.*]] = sl.broadcast %[[Z]] dims [] sizes(%[[B]], %[[D]]) : tensor<f32> -> tensor<?x?xf32>
// CHECK: %[[T:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[SUM:.*]] = sl.scan linear steps(%[[T]]) axis -2 matrix "1" forcing "v" inputs(%[[X]] : tensor<?x?x?xf32>) init(%[[I0]] : tensor<?x?xf32>) -> tensor<?x?x?xf32>
// CHECK: arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[PROD:.*]] = sl.scan linear steps(%{{.*}}) axis -2 matrix "v" forcing "0" coeffs(%[[X]] : tensor<?x?x?xf32>) init(%{{.*}} : tensor<?x?xf32>) -> tensor<?x?x?xf32>
// CHECK: arith.constant dense<0xFF800000> : tensor<f32>
// CHECK: %[[MAX:.*]] = sl.scan max_plus steps(%{{.*}}) axis -2 matrix "1" forcing "v" inputs(%[[X]] : tensor<?x?x?xf32>)
// CHECK: arith.constant dense<0x7F800000> : tensor<f32>
// CHECK: %[[MIN:.*]] = sl.scan min_plus steps(%{{.*}}) axis -2 matrix "1" forcing "v" inputs(%[[X]] : tensor<?x?x?xf32>)
// CHECK: arith.constant dense<0xFF800000> : tensor<f32>
// CHECK: %[[LSE:.*]] = sl.scan log_add_exp steps(%{{.*}}) axis -2 matrix "1" forcing "v" inputs(%[[X]] : tensor<?x?x?xf32>)
// CHECK-NOT: sl.cumulative
// CHECK: return %[[SUM]], %[[PROD]], %[[MAX]], %[[MIN]], %[[LSE]]
// REMARK: k.sl:2:11: remark: cumsum became a parallel linear scan
// REMARK: k.sl:3:11: remark: cumprod became a parallel linear scan
// REMARK: k.sl:4:11: remark: cummax became a parallel max-plus scan
// REMARK: k.sl:5:11: remark: cummin became a parallel min-plus scan
// REMARK: k.sl:6:11: remark: logcumsumexp became a parallel log-add-exp scan
func.func @kinds(%x: tensor<?x?x?xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %a = sl.cumulative sum %x axis 1 : tensor<?x?x?xf32> loc("k.sl":2:11)
  %b = sl.cumulative prod %x axis 1 : tensor<?x?x?xf32> loc("k.sl":3:11)
  %c = sl.cumulative max %x axis 1 : tensor<?x?x?xf32> loc("k.sl":4:11)
  %d = sl.cumulative min %x axis 1 : tensor<?x?x?xf32> loc("k.sl":5:11)
  %e = sl.cumulative logsumexp %x axis 1 : tensor<?x?x?xf32> loc("k.sl":6:11)
  return %a, %b, %c, %d, %e : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>
}

// -----

// reverse and exclusive carry over; the axis is counted from the end.

// CHECK-LABEL: func.func @flags(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?x8xf32>)
// CHECK: %[[I:.*]] = sl.broadcast %{{.*}} dims [] : tensor<f32> -> tensor<4x8xf32>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 reverse matrix "1" forcing "v" inputs(%[[X]] : tensor<4x?x8xf32>) init(%[[I]] : tensor<4x8xf32>)
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 exclusive matrix "1" forcing "v" inputs(%[[X]] : tensor<4x?x8xf32>)
// CHECK: sl.scan max_plus steps(%{{.*}}) axis -2 reverse exclusive matrix "1" forcing "v" inputs(%[[X]] : tensor<4x?x8xf32>)
// CHECK: arith.constant dense<1.000000e+00>
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 reverse exclusive matrix "v" forcing "0" coeffs(%[[X]] : tensor<4x?x8xf32>)
// REMARK: f.sl:2:11: remark: cumsum became a parallel linear scan
// REMARK: f.sl:3:11: remark: cumsum became a parallel linear scan
// REMARK: f.sl:4:11: remark: cummax became a parallel max-plus scan
// REMARK: f.sl:5:11: remark: cumprod became a parallel linear scan
func.func @flags(%x: tensor<4x?x8xf32>) -> (tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>) {
  %a = sl.cumulative sum %x axis 1 reverse : tensor<4x?x8xf32> loc("f.sl":2:11)
  %b = sl.cumulative sum %x axis 1 exclusive : tensor<4x?x8xf32> loc("f.sl":3:11)
  %c = sl.cumulative max %x axis 1 reverse exclusive : tensor<4x?x8xf32> loc("f.sl":4:11)
  %d = sl.cumulative prod %x axis 1 reverse exclusive : tensor<4x?x8xf32> loc("f.sl":5:11)
  return %a, %b, %c, %d : tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>, tensor<4x?x8xf32>
}

// -----

// A prefix over the last axis of a vector: the state slice is rank 0, the init
// the scalar identity itself. f64 keeps its element type.

// CHECK-LABEL: func.func @vector(
// CHECK-SAME: %[[X:[^:]*]]: tensor<?xf64>)
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<f64>
// CHECK: sl.scan linear steps(%{{.*}}) axis -1 matrix "1" forcing "v" inputs(%[[X]] : tensor<?xf64>) init(%[[Z]] : tensor<f64>) -> tensor<?xf64>
// REMARK: v.sl:1:1: remark: cumsum became a parallel linear scan
func.func @vector(%x: tensor<?xf64>) -> tensor<?xf64> {
  %a = sl.cumulative sum %x axis 0 : tensor<?xf64> loc("v.sl":1:1)
  return %a : tensor<?xf64>
}

// -----

// The scan axis need not be the second: a prefix over the first axis.

// CHECK-LABEL: func.func @first_axis(
// CHECK-SAME: %[[X:[^:]*]]: tensor<?x8xf32>)
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "1" forcing "v" inputs(%[[X]] : tensor<?x8xf32>) init(%{{.*}} : tensor<8xf32>) -> tensor<?x8xf32>
func.func @first_axis(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %a = sl.cumulative sum %x axis 0 : tensor<?x8xf32>
  return %a : tensor<?x8xf32>
}
