// RUN: sluice-opt %s | sluice-opt | FileCheck %s
// Every operand is captured and checked at its uses, so a printer or parser
// that swaps, drops or duplicates an operand fails.

// CHECK-LABEL: func.func @all_ops
// CHECK-SAME: ([[X:%[a-z0-9_]+]]: tensor<?x?x?xf32>, [[ALPHA:%[a-z0-9_]+]]: tensor<?xf32>, [[W:%[a-z0-9_]+]]: tensor<?x?xf32>)
func.func @all_ops(%x: tensor<?x?x?xf32>, %alpha: tensor<?xf32>, %W: tensor<?x?xf32>) -> tensor<?x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  // CHECK: [[B:%[a-z0-9_]+]] = tensor.dim [[X]], %c0
  // CHECK: [[T:%[a-z0-9_]+]] = tensor.dim [[X]], %c1
  // CHECK: [[D:%[a-z0-9_]+]] = tensor.dim [[X]], %c2
  %B = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %D = tensor.dim %x, %c2 : tensor<?x?x?xf32>
  // CHECK: [[Z:%[a-z0-9_]+]] = arith.constant dense<0.000000e+00> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<f32>
  // CHECK: [[ZI:%[a-z0-9_]+]] = sl.broadcast [[Z]] dims [] sizes([[B]], [[D]]) : tensor<f32> -> tensor<?x?xf32>
  %zi = sl.broadcast %z dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>
  // CHECK: sl.broadcast [[X]] dims [0, 1, 2] : tensor<?x?x?xf32> -> tensor<?x?x?x1xf32>
  %e = sl.broadcast %x dims [0, 1, 2] : tensor<?x?x?xf32> -> tensor<?x?x?x1xf32>
  // CHECK: [[M:%[a-z0-9_]+]] = sl.loop steps([[T]]) axis -2 lags [1] seq([[X]] : tensor<?x?x?xf32>) inv([[ALPHA]] : tensor<?xf32>) init([[ZI]] : tensor<?x?xf32>) {
  // CHECK-NEXT: ^bb0([[XT:%[a-z0-9_]+]]: tensor<?x?xf32>, [[A:%[a-z0-9_]+]]: tensor<?xf32>, [[H:%[a-z0-9_]+]]: tensor<?x?xf32>):
  // CHECK-NEXT: [[S:%[a-z0-9_]+]] = sl.sigmoid [[XT]] : tensor<?x?xf32>
  // CHECK-NEXT: [[SP:%[a-z0-9_]+]] = sl.softplus [[S]] : tensor<?x?xf32>
  // CHECK-NEXT: [[U:%[a-z0-9_]+]] = sl.silu [[SP]] : tensor<?x?xf32>
  // CHECK-NEXT: [[V:%[a-z0-9_]+]] = sl.gelu [[U]] : tensor<?x?xf32>
  // CHECK-NEXT: [[SUM:%[a-z0-9_]+]] = arith.addf [[V]], [[H]] : tensor<?x?xf32>
  // CHECK-NEXT: sl.yield [[SUM]] : tensor<?x?xf32>
  // CHECK-NEXT: } -> tensor<?x?x?xf32>
  %m = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x?x?xf32>) inv(%alpha : tensor<?xf32>) init(%zi : tensor<?x?xf32>) {
  ^bb0(%xt: tensor<?x?xf32>, %a: tensor<?xf32>, %h: tensor<?x?xf32>):
    %s = sl.sigmoid %xt : tensor<?x?xf32>
    %t = sl.softplus %s : tensor<?x?xf32>
    %u = sl.silu %t : tensor<?x?xf32>
    %v = sl.gelu %u : tensor<?x?xf32>
    %w = arith.addf %v, %h : tensor<?x?xf32>
    sl.yield %w : tensor<?x?xf32>
  } -> tensor<?x?x?xf32>
  // CHECK: sl.scan linear steps([[T]]) axis -2 reverse exclusive matrix "v" forcing "v" coeffs([[X]] : tensor<?x?x?xf32>) inputs([[X]] : tensor<?x?x?xf32>) init([[ZI]] : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %h = sl.scan linear steps(%T) axis -2 reverse exclusive matrix "v" forcing "v" coeffs(%x : tensor<?x?x?xf32>) inputs(%x : tensor<?x?x?xf32>) init(%zi : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  // CHECK: sl.scan max_plus steps([[T]]) axis -2 matrix "cc10" forcing "v0" coeffs([[ALPHA]], [[ALPHA]] : tensor<?xf32>, tensor<?xf32>) inputs([[X]] : tensor<?x?x?xf32>) init([[ZI]], [[ZI]] : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  %y:2 = sl.scan max_plus steps(%T) axis -2 matrix "cc10" forcing "v0" coeffs(%alpha, %alpha : tensor<?xf32>, tensor<?xf32>) inputs(%x : tensor<?x?x?xf32>) init(%zi, %zi : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  // CHECK: sl.kernel ins([[X]] : tensor<?x?x?xf32>) {
  // CHECK-NEXT: ^bb0([[K0:%[a-z0-9_]+]]: tensor<?x?x?xf32>):
  // CHECK-NEXT: sl.yield [[K0]] : tensor<?x?x?xf32>
  // CHECK-NEXT: } {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 2, lane_steps = 2>} -> tensor<?x?x?xf32>
  %k = sl.kernel ins(%x : tensor<?x?x?xf32>) {
  ^bb0(%a0: tensor<?x?x?xf32>):
    sl.yield %a0 : tensor<?x?x?xf32>
  } {schedule = #sl.schedule<target = cpu, strategy = lookback, lanes = 2, lane_steps = 2>} -> tensor<?x?x?xf32>
  // CHECK: sl.reduce mean [[X]] axis 2 keepdims : tensor<?x?x?xf32> -> tensor<?x?x1xf32>
  %r = sl.reduce mean %x axis 2 keepdims : tensor<?x?x?xf32> -> tensor<?x?x1xf32>
  // CHECK: sl.reduce max [[X]] axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %r2 = sl.reduce max %x axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  // CHECK: sl.cumulative logsumexp [[X]] axis 1 reverse exclusive : tensor<?x?x?xf32>
  %cu = sl.cumulative logsumexp %x axis 1 reverse exclusive : tensor<?x?x?xf32>
  // CHECK: sl.shift [[X]] axis 1 by -2 : tensor<?x?x?xf32>
  %sh = sl.shift %x axis 1 by -2 : tensor<?x?x?xf32>
  // CHECK: sl.last [[M]] axis 1 reverse : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %l = sl.last %m axis 1 reverse : tensor<?x?x?xf32> -> tensor<?x?xf32>
  // CHECK: sl.matmul [[X]], [[W]] : tensor<?x?x?xf32>, tensor<?x?xf32> -> tensor<?x?x?xf32>
  %mm = sl.matmul %x, %W : tensor<?x?x?xf32>, tensor<?x?xf32> -> tensor<?x?x?xf32>
  // CHECK: return [[M]] : tensor<?x?x?xf32>
  return %m : tensor<?x?x?xf32>
}
