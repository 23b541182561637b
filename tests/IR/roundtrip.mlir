// RUN: sluice-opt %s | sluice-opt | FileCheck %s

// CHECK-LABEL: func.func @all_ops
func.func @all_ops(%x: tensor<?x?x?xf32>, %alpha: tensor<?xf32>, %W: tensor<?x?xf32>) -> tensor<?x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %B = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>
  %D = tensor.dim %x, %c2 : tensor<?x?x?xf32>
  %z = arith.constant dense<0.0> : tensor<f32>
  // CHECK: sl.broadcast %{{.*}} dims [] sizes(%{{.*}}, %{{.*}}) : tensor<f32> -> tensor<?x?xf32>
  %zi = sl.broadcast %z dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>
  // CHECK: sl.broadcast %{{.*}} dims [0, 1, 2] : tensor<?x?x?xf32> -> tensor<?x?x?x1xf32>
  %e = sl.broadcast %x dims [0, 1, 2] : tensor<?x?x?xf32> -> tensor<?x?x?x1xf32>
  // CHECK: sl.loop steps(%{{.*}}) axis -2 lags [1] seq(%{{.*}} : tensor<?x?x?xf32>) inv(%{{.*}} : tensor<?xf32>) init(%{{.*}} : tensor<?x?xf32>) {
  // CHECK: ^bb0(%{{.*}}: tensor<?x?xf32>, %{{.*}}: tensor<?xf32>, %{{.*}}: tensor<?x?xf32>):
  // CHECK: sl.yield %{{.*}} : tensor<?x?xf32>
  // CHECK: } -> tensor<?x?x?xf32>
  %m = sl.loop steps(%T) axis -2 lags [1] seq(%x : tensor<?x?x?xf32>) inv(%alpha : tensor<?xf32>) init(%zi : tensor<?x?xf32>) {
  ^bb0(%xt: tensor<?x?xf32>, %a: tensor<?xf32>, %h: tensor<?x?xf32>):
    %s = sl.sigmoid %xt : tensor<?x?xf32>
    %t = sl.softplus %s : tensor<?x?xf32>
    %u = sl.silu %t : tensor<?x?xf32>
    %v = sl.gelu %u : tensor<?x?xf32>
    %w = arith.addf %v, %h : tensor<?x?xf32>
    sl.yield %w : tensor<?x?xf32>
  } -> tensor<?x?x?xf32>
  // CHECK: sl.scan linear steps(%{{.*}}) axis -2 reverse exclusive matrix "v" forcing "v" coeffs(%{{.*}} : tensor<?x?x?xf32>) inputs(%{{.*}} : tensor<?x?x?xf32>) init(%{{.*}} : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %h = sl.scan linear steps(%T) axis -2 reverse exclusive matrix "v" forcing "v" coeffs(%x : tensor<?x?x?xf32>) inputs(%x : tensor<?x?x?xf32>) init(%zi : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  // CHECK: sl.scan max_plus steps(%{{.*}}) axis -2 matrix "cc10" forcing "v0"
  %y:2 = sl.scan max_plus steps(%T) axis -2 matrix "cc10" forcing "v0" coeffs(%alpha, %alpha : tensor<?xf32>, tensor<?xf32>) inputs(%x : tensor<?x?x?xf32>) init(%zi, %zi : tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  // CHECK: sl.kernel ins(%{{.*}} : tensor<?x?x?xf32>) {
  // CHECK: schedule = #sl.schedule<strategy = "chunked", chunk = 4, tile = 1, workgroup = 1, items = 1>
  %k = sl.kernel ins(%x : tensor<?x?x?xf32>) {
  ^bb0(%a0: tensor<?x?x?xf32>):
    sl.yield %a0 : tensor<?x?x?xf32>
  } {schedule = #sl.schedule<strategy = "chunked", chunk = 4, tile = 1, workgroup = 1, items = 1>} -> tensor<?x?x?xf32>
  // CHECK: sl.reduce mean %{{.*}} axis 2 keepdims : tensor<?x?x?xf32> -> tensor<?x?x1xf32>
  %r = sl.reduce mean %x axis 2 keepdims : tensor<?x?x?xf32> -> tensor<?x?x1xf32>
  // CHECK: sl.reduce max %{{.*}} axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %r2 = sl.reduce max %x axis 0 : tensor<?x?x?xf32> -> tensor<?x?xf32>
  // CHECK: sl.cumulative logsumexp %{{.*}} axis 1 reverse exclusive : tensor<?x?x?xf32>
  %cu = sl.cumulative logsumexp %x axis 1 reverse exclusive : tensor<?x?x?xf32>
  // CHECK: sl.shift %{{.*}} axis 1 by -2 : tensor<?x?x?xf32>
  %sh = sl.shift %x axis 1 by -2 : tensor<?x?x?xf32>
  // CHECK: sl.last %{{.*}} axis 1 reverse : tensor<?x?x?xf32> -> tensor<?x?xf32>
  %l = sl.last %m axis 1 reverse : tensor<?x?x?xf32> -> tensor<?x?xf32>
  // CHECK: sl.matmul %{{.*}}, %{{.*}} : tensor<?x?x?xf32>, tensor<?x?xf32> -> tensor<?x?x?xf32>
  %mm = sl.matmul %x, %W : tensor<?x?x?xf32>, tensor<?x?xf32> -> tensor<?x?x?xf32>
  return %m : tensor<?x?x?xf32>
}
