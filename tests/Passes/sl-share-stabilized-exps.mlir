// RUN: sluice-opt %s -split-input-file -sl-share-stabilized-exps | sluice-opt -split-input-file | FileCheck %s

// exp(x - max(x, y)) and exp(y - max(x, y)): one exp, of the exponent that
// is not 0, selected by x >= y; the other result is its exponent + 1. The
// new comparison, selects and additions are named `exp` in remarks
// (sl.spelled).

// CHECK-LABEL: func.func @pair(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x?xf32>, %[[Y:[^:]*]]: tensor<4x?xf32>)
// CHECK: %[[M:.*]] = arith.maximumf %[[X]], %[[Y]]
// CHECK: %[[TX:.*]] = arith.subf %[[X]], %[[M]]
// CHECK: %[[TY:.*]] = arith.subf %[[Y]], %[[M]]
// CHECK: %[[C:.*]] = arith.cmpf oge, %[[X]], %[[Y]]
// CHECK: %[[W:.*]] = arith.select %[[C]], %[[TY]], %[[TX]]
// CHECK: %[[Z:.*]] = math.exp %[[W]]
// CHECK: %[[ONE:.*]] = sl.broadcast %{{.*}} dims [] sizes(%{{.*}}) : tensor<f32> -> tensor<4x?xf32>
// CHECK: %[[PX:.*]] = arith.addf %[[TX]], %[[ONE]]
// CHECK: %[[EX:.*]] = arith.select %[[C]], %[[PX]], %[[Z]]
// CHECK: %[[PY:.*]] = arith.addf %[[TY]], %[[ONE]]
// CHECK: %[[EY:.*]] = arith.select %[[C]], %[[Z]], %[[PY]]
// CHECK-NOT: math.exp
// CHECK: return %[[EX]], %[[EY]]
func.func @pair(%x: tensor<4x?xf32>, %y: tensor<4x?xf32>) -> (tensor<4x?xf32>, tensor<4x?xf32>) {
  %m = arith.maximumf %x, %y : tensor<4x?xf32>
  %a = arith.subf %x, %m : tensor<4x?xf32>
  %ea = math.exp %a : tensor<4x?xf32>
  %b = arith.subf %y, %m : tensor<4x?xf32>
  %eb = math.exp %b : tensor<4x?xf32>
  return %ea, %eb : tensor<4x?xf32>, tensor<4x?xf32>
}

// -----

// Inside an sl.loop body, the maximum a state (RWKV-4's
// p[t] = max(p[t-1] - w, k[t]) read as exp(p[t-1] - w - p[t])), its first
// operand computed twice (as IRGen spells `p[t-1] - w` twice).

// CHECK-LABEL: func.func @in_loop(
// CHECK: sl.loop
// CHECK: %[[M:.*]] = arith.maximumf %[[X:[^,]*]], %[[K:[^ ]*]] : tensor<2xf32>
// CHECK: arith.cmpf oge, %[[X]], %[[K]] {sl.spelled = "exp"} : tensor<2xf32>
// CHECK: math.exp
// CHECK: sl.broadcast %{{.*}} dims [] : tensor<f32> -> tensor<2xf32>
// CHECK-NOT: math.exp
// CHECK: sl.yield
func.func @in_loop(%k: tensor<2x?xf32>, %w: tensor<2xf32>, %p0: tensor<2xf32>) -> tensor<2x?xf32> {
  %c1 = arith.constant 1 : index
  %n = tensor.dim %k, %c1 : tensor<2x?xf32>
  %p = sl.loop steps(%n) axis -1 lags [1] seq(%k : tensor<2x?xf32>) inv(%w : tensor<2xf32>) init(%p0 : tensor<2xf32>) {
  ^bb0(%kt: tensor<2xf32>, %wi: tensor<2xf32>, %prev: tensor<2xf32>):
    %x = arith.subf %prev, %wi : tensor<2xf32>
    %m = arith.maximumf %x, %kt : tensor<2xf32>
    %x2 = arith.subf %prev, %wi : tensor<2xf32>
    %d = arith.subf %x2, %m : tensor<2xf32>
    %e1 = math.exp %d : tensor<2xf32>
    %d2 = arith.subf %kt, %m : tensor<2xf32>
    %e2 = math.exp %d2 : tensor<2xf32>
    %s = arith.addf %e1, %e2 : tensor<2xf32>
    %r = arith.addf %m, %s : tensor<2xf32>
    sl.yield %r : tensor<2xf32>
  } -> tensor<2x?xf32>
  return %p : tensor<2x?xf32>
}

// -----

// Scalars, the maximum's operands in the other order, and each exp twice.

// CHECK-LABEL: func.func @scalars(
// CHECK-SAME: %[[X:[^:]*]]: f32, %[[Y:[^:]*]]: f32)
// CHECK: %[[M:.*]] = arith.maximumf %[[Y]], %[[X]] : f32
// CHECK: %[[C:.*]] = arith.cmpf oge, %[[Y]], %[[X]] {sl.spelled = "exp"} : f32
// CHECK: math.exp
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: %[[EY:.*]] = arith.select %[[C]], %{{.*}}, %{{.*}} {sl.spelled = "exp"} : f32
// CHECK: %[[EX:.*]] = arith.select %[[C]], %{{.*}}, %{{.*}} {sl.spelled = "exp"} : f32
// CHECK-NOT: math.exp
// CHECK: return %[[EX]], %[[EY]], %[[EX]]
func.func @scalars(%x: f32, %y: f32) -> (f32, f32, f32) {
  %m = arith.maximumf %y, %x : f32
  %a = arith.subf %x, %m : f32
  %ea = math.exp %a : f32
  %b = arith.subf %y, %m : f32
  %eb = math.exp %b : f32
  %c = arith.subf %x, %m : f32
  %ec = math.exp %c : f32
  return %ea, %eb, %ec : f32, f32, f32
}

// -----

// One exp of the pair only, or max(x, x): nothing to share.

// CHECK-LABEL: func.func @alone(
// CHECK-COUNT-2: math.exp
// CHECK-NOT: arith.select
// CHECK: return
func.func @alone(%x: tensor<?xf32>, %y: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %m = arith.maximumf %x, %y : tensor<?xf32>
  %a = arith.subf %x, %m : tensor<?xf32>
  %ea = math.exp %a : tensor<?xf32>
  %s = arith.maximumf %x, %x : tensor<?xf32>
  %b = arith.subf %x, %s : tensor<?xf32>
  %eb = math.exp %b : tensor<?xf32>
  return %ea, %eb : tensor<?xf32>, tensor<?xf32>
}

// -----

// Vectors (no sluice model has them) keep their pair.

// CHECK-LABEL: func.func @vectors(
// CHECK-COUNT-2: math.exp
// CHECK-NOT: arith.select
func.func @vectors(%x: vector<4xf32>, %y: vector<4xf32>) -> (vector<4xf32>, vector<4xf32>) {
  %m = arith.maximumf %x, %y : vector<4xf32>
  %a = arith.subf %x, %m : vector<4xf32>
  %ea = math.exp %a : vector<4xf32>
  %b = arith.subf %y, %m : vector<4xf32>
  %eb = math.exp %b : vector<4xf32>
  return %ea, %eb : vector<4xf32>, vector<4xf32>
}
