// RUN: sluice-opt %s -split-input-file -sl-fuse | FileCheck %s
// RUN: sluice-opt %s -split-input-file -sl-fuse=fusion=false | FileCheck %s --check-prefix=UNFUSED
// RUN: sluice-opt %s -split-input-file -sl-fuse | sluice-opt -split-input-file | FileCheck %s

// sl-fuse records, on every element-wise op and shift, whether its value is
// computed inside the kernels of the ops that read it or stored
// (passes/FusionRules.h); the attribute reads back through sluice-opt.

// A gate and an outer product read once by a scan are inline; the returned
// value is stored (a model output); the comparison is inline even with
// fusion off, since booleans never get a buffer.
// CHECK-LABEL: func.func @gated
// CHECK: math.exp %arg2 {sl.fusion = #sl.fusion<inline>}
// CHECK: arith.mulf {{.*}} {sl.fusion = #sl.fusion<inline>}
// CHECK: arith.cmpf {{.*}} {sl.fusion = #sl.fusion<inline>}
// CHECK: arith.select {{.*}} {sl.fusion = #sl.fusion<inline>}
// CHECK: sl.scan
// CHECK: arith.addf {{.*}} {sl.fusion = #sl.fusion<store_result>}
// UNFUSED-LABEL: func.func @gated
// UNFUSED: math.exp %arg2 {sl.fusion = #sl.fusion<store_unfused>}
// UNFUSED: arith.mulf {{.*}} {sl.fusion = #sl.fusion<store_unfused>}
// UNFUSED: arith.cmpf {{.*}} {sl.fusion = #sl.fusion<inline>}
// UNFUSED: arith.select {{.*}} {sl.fusion = #sl.fusion<store_unfused>}
// UNFUSED: arith.addf {{.*}} {sl.fusion = #sl.fusion<store_unfused>}
func.func @gated(%T: index, %a: tensor<?x?x?xf32>, %g: tensor<?x?x?xf32>,
                 %i: tensor<?x?xf32>) -> tensor<?x?x?xf32> {
  %e = math.exp %g : tensor<?x?x?xf32>
  %f = arith.mulf %e, %a : tensor<?x?x?xf32>
  %p = arith.cmpf ogt, %a, %g : tensor<?x?x?xf32>
  %s = arith.select %p, %f, %a : tensor<?x?x?xi1>, tensor<?x?x?xf32>
  %h = sl.scan linear steps(%T) axis -2 matrix "v" forcing "v"
      coeffs(%a : tensor<?x?x?xf32>) inputs(%s : tensor<?x?x?xf32>)
      init(%i : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %o = arith.addf %h, %a : tensor<?x?x?xf32>
  return %o : tensor<?x?x?xf32>
}

// -----

// A transcendental value that a broadcast spreads along two more dims is
// stored (each of the V x K elements would compute it again: mLSTM's gate
// per (t, head)), also through the arithmetic between them and reached
// through a broadcast that only adds a unit dim; spread along one more dim
// (GLA's gate per (t, k) along V) or not a transcendental, it stays inline.
// CHECK-LABEL: func.func @spread
// CHECK: %0 = math.exp %arg0 {sl.fusion = #sl.fusion<store_broadcast>}
// CHECK-NEXT: %1 = arith.mulf %0, %0 {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %2 = sl.broadcast %1 dims [0, 1] {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %3 = sl.broadcast %2 dims [0, 1, 2, 3] sizes(%arg3, %arg4) {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %4 = math.exp %arg1 {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %5 = sl.broadcast %4 dims [0, 1, 2] {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %6 = sl.broadcast %5 dims [0, 1, 2, 3] sizes(%arg4) {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %7 = sl.broadcast %arg2 dims [0, 1] {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %8 = sl.broadcast %7 dims [0, 1, 2, 3] sizes(%arg3, %arg4) {sl.fusion = #sl.fusion<inline>}
// CHECK: sl.fusion = #sl.fusion<store_result>
func.func @spread(%g: tensor<?x?xf32>, %a: tensor<?x?x?xf32>,
                  %x: tensor<?x?xf32>, %V: index, %K: index)
    -> tensor<?x?x?x?xf32> {
  %e = math.exp %g : tensor<?x?xf32>
  %sq = arith.mulf %e, %e : tensor<?x?xf32>
  %u = sl.broadcast %sq dims [0, 1] : tensor<?x?xf32> -> tensor<?x?x1x1xf32>
  %s = sl.broadcast %u dims [0, 1, 2, 3] sizes(%V, %K) : tensor<?x?x1x1xf32> -> tensor<?x?x?x?xf32>
  %ea = math.exp %a : tensor<?x?x?xf32>
  %ua = sl.broadcast %ea dims [0, 1, 2] : tensor<?x?x?xf32> -> tensor<?x?x?x1xf32>
  %sa = sl.broadcast %ua dims [0, 1, 2, 3] sizes(%K) : tensor<?x?x?x1xf32> -> tensor<?x?x?x?xf32>
  %ux = sl.broadcast %x dims [0, 1] : tensor<?x?xf32> -> tensor<?x?x1x1xf32>
  %sx = sl.broadcast %ux dims [0, 1, 2, 3] sizes(%V, %K) : tensor<?x?x1x1xf32> -> tensor<?x?x?x?xf32>
  %p = arith.mulf %s, %sa : tensor<?x?x?x?xf32>
  %o = arith.addf %p, %sx : tensor<?x?x?x?xf32>
  return %o : tensor<?x?x?x?xf32>
}

// -----

// Dims of the broadcast before the value's own do not count: a parameter's
// exp per channel [D], spread along batch and time ahead of it (Hawk's
// softplus(Lambda), S4D's exp(A_log)), stays inline; the scan kernels
// compute it once per channel. Spread along one trailing dim too, it is
// still inline.
// CHECK-LABEL: func.func @leading
// CHECK: math.exp %arg0 {sl.fusion = #sl.fusion<inline>}
// CHECK: math.exp %arg1 {sl.fusion = #sl.fusion<inline>}
func.func @leading(%p: tensor<?xf32>, %q: tensor<?xf32>, %x: tensor<?x?x?xf32>,
                   %y: tensor<?x?x?x?xf32>, %B: index, %T: index, %N: index)
    -> (tensor<?x?x?xf32>, tensor<?x?x?x?xf32>) {
  %e = math.exp %p : tensor<?xf32>
  %s = sl.broadcast %e dims [2] sizes(%B, %T) : tensor<?xf32> -> tensor<?x?x?xf32>
  %o = arith.mulf %s, %x : tensor<?x?x?xf32>
  %eq = math.exp %q : tensor<?xf32>
  %u = sl.broadcast %eq dims [2] : tensor<?xf32> -> tensor<1x1x?x1xf32>
  %sq = sl.broadcast %u dims [0, 1, 2, 3] sizes(%B, %T, %N) : tensor<1x1x?x1xf32> -> tensor<?x?x?x?xf32>
  %o2 = arith.mulf %sq, %y : tensor<?x?x?x?xf32>
  return %o, %o2 : tensor<?x?x?xf32>, tensor<?x?x?x?xf32>
}

// -----

// A value read twice is recomputed in each reader while it costs at most 24
// ops: the 25-op chain is stored, the 24-op one is not.
// CHECK-LABEL: func.func @shared
// CHECK: %23 = math.exp %22 {sl.fusion = #sl.fusion<inline>}
// CHECK-NEXT: %24 = math.exp %23 {sl.fusion = #sl.fusion<store_shared>}
// CHECK-NEXT: arith.addf %24, %24 {sl.fusion = #sl.fusion<store_result>}
// CHECK-NEXT: arith.mulf %23, %23 {sl.fusion = #sl.fusion<store_result>}
func.func @shared(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %c0 = math.exp %x : tensor<?x?xf32>
  %c1 = math.exp %c0 : tensor<?x?xf32>
  %c2 = math.exp %c1 : tensor<?x?xf32>
  %c3 = math.exp %c2 : tensor<?x?xf32>
  %c4 = math.exp %c3 : tensor<?x?xf32>
  %c5 = math.exp %c4 : tensor<?x?xf32>
  %c6 = math.exp %c5 : tensor<?x?xf32>
  %c7 = math.exp %c6 : tensor<?x?xf32>
  %c8 = math.exp %c7 : tensor<?x?xf32>
  %c9 = math.exp %c8 : tensor<?x?xf32>
  %c10 = math.exp %c9 : tensor<?x?xf32>
  %c11 = math.exp %c10 : tensor<?x?xf32>
  %c12 = math.exp %c11 : tensor<?x?xf32>
  %c13 = math.exp %c12 : tensor<?x?xf32>
  %c14 = math.exp %c13 : tensor<?x?xf32>
  %c15 = math.exp %c14 : tensor<?x?xf32>
  %c16 = math.exp %c15 : tensor<?x?xf32>
  %c17 = math.exp %c16 : tensor<?x?xf32>
  %c18 = math.exp %c17 : tensor<?x?xf32>
  %c19 = math.exp %c18 : tensor<?x?xf32>
  %c20 = math.exp %c19 : tensor<?x?xf32>
  %c21 = math.exp %c20 : tensor<?x?xf32>
  %c22 = math.exp %c21 : tensor<?x?xf32>
  %c23 = math.exp %c22 : tensor<?x?xf32>
  %c24 = math.exp %c23 : tensor<?x?xf32>
  %twice = arith.addf %c24, %c24 : tensor<?x?xf32>
  %other = arith.mulf %c23, %c23 : tensor<?x?xf32>
  return %twice, %other : tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// A chain deeper than 512 ops computed inline is cut: the 513th op is
// stored (the emitter's recursion and one kernel's size stay bounded).
// CHECK-LABEL: func.func @deep
// CHECK-COUNT-512: sl.fusion = #sl.fusion<inline>
// CHECK-NEXT: sl.fusion = #sl.fusion<store_deep>
// CHECK-COUNT-6: sl.fusion = #sl.fusion<inline>
// CHECK-NEXT: sl.fusion = #sl.fusion<store_result>
func.func @deep(%x: tensor<?xf32>) -> tensor<?xf32> {
  %d0 = math.exp %x : tensor<?xf32>
  %d1 = math.exp %d0 : tensor<?xf32>
  %d2 = math.exp %d1 : tensor<?xf32>
  %d3 = math.exp %d2 : tensor<?xf32>
  %d4 = math.exp %d3 : tensor<?xf32>
  %d5 = math.exp %d4 : tensor<?xf32>
  %d6 = math.exp %d5 : tensor<?xf32>
  %d7 = math.exp %d6 : tensor<?xf32>
  %d8 = math.exp %d7 : tensor<?xf32>
  %d9 = math.exp %d8 : tensor<?xf32>
  %d10 = math.exp %d9 : tensor<?xf32>
  %d11 = math.exp %d10 : tensor<?xf32>
  %d12 = math.exp %d11 : tensor<?xf32>
  %d13 = math.exp %d12 : tensor<?xf32>
  %d14 = math.exp %d13 : tensor<?xf32>
  %d15 = math.exp %d14 : tensor<?xf32>
  %d16 = math.exp %d15 : tensor<?xf32>
  %d17 = math.exp %d16 : tensor<?xf32>
  %d18 = math.exp %d17 : tensor<?xf32>
  %d19 = math.exp %d18 : tensor<?xf32>
  %d20 = math.exp %d19 : tensor<?xf32>
  %d21 = math.exp %d20 : tensor<?xf32>
  %d22 = math.exp %d21 : tensor<?xf32>
  %d23 = math.exp %d22 : tensor<?xf32>
  %d24 = math.exp %d23 : tensor<?xf32>
  %d25 = math.exp %d24 : tensor<?xf32>
  %d26 = math.exp %d25 : tensor<?xf32>
  %d27 = math.exp %d26 : tensor<?xf32>
  %d28 = math.exp %d27 : tensor<?xf32>
  %d29 = math.exp %d28 : tensor<?xf32>
  %d30 = math.exp %d29 : tensor<?xf32>
  %d31 = math.exp %d30 : tensor<?xf32>
  %d32 = math.exp %d31 : tensor<?xf32>
  %d33 = math.exp %d32 : tensor<?xf32>
  %d34 = math.exp %d33 : tensor<?xf32>
  %d35 = math.exp %d34 : tensor<?xf32>
  %d36 = math.exp %d35 : tensor<?xf32>
  %d37 = math.exp %d36 : tensor<?xf32>
  %d38 = math.exp %d37 : tensor<?xf32>
  %d39 = math.exp %d38 : tensor<?xf32>
  %d40 = math.exp %d39 : tensor<?xf32>
  %d41 = math.exp %d40 : tensor<?xf32>
  %d42 = math.exp %d41 : tensor<?xf32>
  %d43 = math.exp %d42 : tensor<?xf32>
  %d44 = math.exp %d43 : tensor<?xf32>
  %d45 = math.exp %d44 : tensor<?xf32>
  %d46 = math.exp %d45 : tensor<?xf32>
  %d47 = math.exp %d46 : tensor<?xf32>
  %d48 = math.exp %d47 : tensor<?xf32>
  %d49 = math.exp %d48 : tensor<?xf32>
  %d50 = math.exp %d49 : tensor<?xf32>
  %d51 = math.exp %d50 : tensor<?xf32>
  %d52 = math.exp %d51 : tensor<?xf32>
  %d53 = math.exp %d52 : tensor<?xf32>
  %d54 = math.exp %d53 : tensor<?xf32>
  %d55 = math.exp %d54 : tensor<?xf32>
  %d56 = math.exp %d55 : tensor<?xf32>
  %d57 = math.exp %d56 : tensor<?xf32>
  %d58 = math.exp %d57 : tensor<?xf32>
  %d59 = math.exp %d58 : tensor<?xf32>
  %d60 = math.exp %d59 : tensor<?xf32>
  %d61 = math.exp %d60 : tensor<?xf32>
  %d62 = math.exp %d61 : tensor<?xf32>
  %d63 = math.exp %d62 : tensor<?xf32>
  %d64 = math.exp %d63 : tensor<?xf32>
  %d65 = math.exp %d64 : tensor<?xf32>
  %d66 = math.exp %d65 : tensor<?xf32>
  %d67 = math.exp %d66 : tensor<?xf32>
  %d68 = math.exp %d67 : tensor<?xf32>
  %d69 = math.exp %d68 : tensor<?xf32>
  %d70 = math.exp %d69 : tensor<?xf32>
  %d71 = math.exp %d70 : tensor<?xf32>
  %d72 = math.exp %d71 : tensor<?xf32>
  %d73 = math.exp %d72 : tensor<?xf32>
  %d74 = math.exp %d73 : tensor<?xf32>
  %d75 = math.exp %d74 : tensor<?xf32>
  %d76 = math.exp %d75 : tensor<?xf32>
  %d77 = math.exp %d76 : tensor<?xf32>
  %d78 = math.exp %d77 : tensor<?xf32>
  %d79 = math.exp %d78 : tensor<?xf32>
  %d80 = math.exp %d79 : tensor<?xf32>
  %d81 = math.exp %d80 : tensor<?xf32>
  %d82 = math.exp %d81 : tensor<?xf32>
  %d83 = math.exp %d82 : tensor<?xf32>
  %d84 = math.exp %d83 : tensor<?xf32>
  %d85 = math.exp %d84 : tensor<?xf32>
  %d86 = math.exp %d85 : tensor<?xf32>
  %d87 = math.exp %d86 : tensor<?xf32>
  %d88 = math.exp %d87 : tensor<?xf32>
  %d89 = math.exp %d88 : tensor<?xf32>
  %d90 = math.exp %d89 : tensor<?xf32>
  %d91 = math.exp %d90 : tensor<?xf32>
  %d92 = math.exp %d91 : tensor<?xf32>
  %d93 = math.exp %d92 : tensor<?xf32>
  %d94 = math.exp %d93 : tensor<?xf32>
  %d95 = math.exp %d94 : tensor<?xf32>
  %d96 = math.exp %d95 : tensor<?xf32>
  %d97 = math.exp %d96 : tensor<?xf32>
  %d98 = math.exp %d97 : tensor<?xf32>
  %d99 = math.exp %d98 : tensor<?xf32>
  %d100 = math.exp %d99 : tensor<?xf32>
  %d101 = math.exp %d100 : tensor<?xf32>
  %d102 = math.exp %d101 : tensor<?xf32>
  %d103 = math.exp %d102 : tensor<?xf32>
  %d104 = math.exp %d103 : tensor<?xf32>
  %d105 = math.exp %d104 : tensor<?xf32>
  %d106 = math.exp %d105 : tensor<?xf32>
  %d107 = math.exp %d106 : tensor<?xf32>
  %d108 = math.exp %d107 : tensor<?xf32>
  %d109 = math.exp %d108 : tensor<?xf32>
  %d110 = math.exp %d109 : tensor<?xf32>
  %d111 = math.exp %d110 : tensor<?xf32>
  %d112 = math.exp %d111 : tensor<?xf32>
  %d113 = math.exp %d112 : tensor<?xf32>
  %d114 = math.exp %d113 : tensor<?xf32>
  %d115 = math.exp %d114 : tensor<?xf32>
  %d116 = math.exp %d115 : tensor<?xf32>
  %d117 = math.exp %d116 : tensor<?xf32>
  %d118 = math.exp %d117 : tensor<?xf32>
  %d119 = math.exp %d118 : tensor<?xf32>
  %d120 = math.exp %d119 : tensor<?xf32>
  %d121 = math.exp %d120 : tensor<?xf32>
  %d122 = math.exp %d121 : tensor<?xf32>
  %d123 = math.exp %d122 : tensor<?xf32>
  %d124 = math.exp %d123 : tensor<?xf32>
  %d125 = math.exp %d124 : tensor<?xf32>
  %d126 = math.exp %d125 : tensor<?xf32>
  %d127 = math.exp %d126 : tensor<?xf32>
  %d128 = math.exp %d127 : tensor<?xf32>
  %d129 = math.exp %d128 : tensor<?xf32>
  %d130 = math.exp %d129 : tensor<?xf32>
  %d131 = math.exp %d130 : tensor<?xf32>
  %d132 = math.exp %d131 : tensor<?xf32>
  %d133 = math.exp %d132 : tensor<?xf32>
  %d134 = math.exp %d133 : tensor<?xf32>
  %d135 = math.exp %d134 : tensor<?xf32>
  %d136 = math.exp %d135 : tensor<?xf32>
  %d137 = math.exp %d136 : tensor<?xf32>
  %d138 = math.exp %d137 : tensor<?xf32>
  %d139 = math.exp %d138 : tensor<?xf32>
  %d140 = math.exp %d139 : tensor<?xf32>
  %d141 = math.exp %d140 : tensor<?xf32>
  %d142 = math.exp %d141 : tensor<?xf32>
  %d143 = math.exp %d142 : tensor<?xf32>
  %d144 = math.exp %d143 : tensor<?xf32>
  %d145 = math.exp %d144 : tensor<?xf32>
  %d146 = math.exp %d145 : tensor<?xf32>
  %d147 = math.exp %d146 : tensor<?xf32>
  %d148 = math.exp %d147 : tensor<?xf32>
  %d149 = math.exp %d148 : tensor<?xf32>
  %d150 = math.exp %d149 : tensor<?xf32>
  %d151 = math.exp %d150 : tensor<?xf32>
  %d152 = math.exp %d151 : tensor<?xf32>
  %d153 = math.exp %d152 : tensor<?xf32>
  %d154 = math.exp %d153 : tensor<?xf32>
  %d155 = math.exp %d154 : tensor<?xf32>
  %d156 = math.exp %d155 : tensor<?xf32>
  %d157 = math.exp %d156 : tensor<?xf32>
  %d158 = math.exp %d157 : tensor<?xf32>
  %d159 = math.exp %d158 : tensor<?xf32>
  %d160 = math.exp %d159 : tensor<?xf32>
  %d161 = math.exp %d160 : tensor<?xf32>
  %d162 = math.exp %d161 : tensor<?xf32>
  %d163 = math.exp %d162 : tensor<?xf32>
  %d164 = math.exp %d163 : tensor<?xf32>
  %d165 = math.exp %d164 : tensor<?xf32>
  %d166 = math.exp %d165 : tensor<?xf32>
  %d167 = math.exp %d166 : tensor<?xf32>
  %d168 = math.exp %d167 : tensor<?xf32>
  %d169 = math.exp %d168 : tensor<?xf32>
  %d170 = math.exp %d169 : tensor<?xf32>
  %d171 = math.exp %d170 : tensor<?xf32>
  %d172 = math.exp %d171 : tensor<?xf32>
  %d173 = math.exp %d172 : tensor<?xf32>
  %d174 = math.exp %d173 : tensor<?xf32>
  %d175 = math.exp %d174 : tensor<?xf32>
  %d176 = math.exp %d175 : tensor<?xf32>
  %d177 = math.exp %d176 : tensor<?xf32>
  %d178 = math.exp %d177 : tensor<?xf32>
  %d179 = math.exp %d178 : tensor<?xf32>
  %d180 = math.exp %d179 : tensor<?xf32>
  %d181 = math.exp %d180 : tensor<?xf32>
  %d182 = math.exp %d181 : tensor<?xf32>
  %d183 = math.exp %d182 : tensor<?xf32>
  %d184 = math.exp %d183 : tensor<?xf32>
  %d185 = math.exp %d184 : tensor<?xf32>
  %d186 = math.exp %d185 : tensor<?xf32>
  %d187 = math.exp %d186 : tensor<?xf32>
  %d188 = math.exp %d187 : tensor<?xf32>
  %d189 = math.exp %d188 : tensor<?xf32>
  %d190 = math.exp %d189 : tensor<?xf32>
  %d191 = math.exp %d190 : tensor<?xf32>
  %d192 = math.exp %d191 : tensor<?xf32>
  %d193 = math.exp %d192 : tensor<?xf32>
  %d194 = math.exp %d193 : tensor<?xf32>
  %d195 = math.exp %d194 : tensor<?xf32>
  %d196 = math.exp %d195 : tensor<?xf32>
  %d197 = math.exp %d196 : tensor<?xf32>
  %d198 = math.exp %d197 : tensor<?xf32>
  %d199 = math.exp %d198 : tensor<?xf32>
  %d200 = math.exp %d199 : tensor<?xf32>
  %d201 = math.exp %d200 : tensor<?xf32>
  %d202 = math.exp %d201 : tensor<?xf32>
  %d203 = math.exp %d202 : tensor<?xf32>
  %d204 = math.exp %d203 : tensor<?xf32>
  %d205 = math.exp %d204 : tensor<?xf32>
  %d206 = math.exp %d205 : tensor<?xf32>
  %d207 = math.exp %d206 : tensor<?xf32>
  %d208 = math.exp %d207 : tensor<?xf32>
  %d209 = math.exp %d208 : tensor<?xf32>
  %d210 = math.exp %d209 : tensor<?xf32>
  %d211 = math.exp %d210 : tensor<?xf32>
  %d212 = math.exp %d211 : tensor<?xf32>
  %d213 = math.exp %d212 : tensor<?xf32>
  %d214 = math.exp %d213 : tensor<?xf32>
  %d215 = math.exp %d214 : tensor<?xf32>
  %d216 = math.exp %d215 : tensor<?xf32>
  %d217 = math.exp %d216 : tensor<?xf32>
  %d218 = math.exp %d217 : tensor<?xf32>
  %d219 = math.exp %d218 : tensor<?xf32>
  %d220 = math.exp %d219 : tensor<?xf32>
  %d221 = math.exp %d220 : tensor<?xf32>
  %d222 = math.exp %d221 : tensor<?xf32>
  %d223 = math.exp %d222 : tensor<?xf32>
  %d224 = math.exp %d223 : tensor<?xf32>
  %d225 = math.exp %d224 : tensor<?xf32>
  %d226 = math.exp %d225 : tensor<?xf32>
  %d227 = math.exp %d226 : tensor<?xf32>
  %d228 = math.exp %d227 : tensor<?xf32>
  %d229 = math.exp %d228 : tensor<?xf32>
  %d230 = math.exp %d229 : tensor<?xf32>
  %d231 = math.exp %d230 : tensor<?xf32>
  %d232 = math.exp %d231 : tensor<?xf32>
  %d233 = math.exp %d232 : tensor<?xf32>
  %d234 = math.exp %d233 : tensor<?xf32>
  %d235 = math.exp %d234 : tensor<?xf32>
  %d236 = math.exp %d235 : tensor<?xf32>
  %d237 = math.exp %d236 : tensor<?xf32>
  %d238 = math.exp %d237 : tensor<?xf32>
  %d239 = math.exp %d238 : tensor<?xf32>
  %d240 = math.exp %d239 : tensor<?xf32>
  %d241 = math.exp %d240 : tensor<?xf32>
  %d242 = math.exp %d241 : tensor<?xf32>
  %d243 = math.exp %d242 : tensor<?xf32>
  %d244 = math.exp %d243 : tensor<?xf32>
  %d245 = math.exp %d244 : tensor<?xf32>
  %d246 = math.exp %d245 : tensor<?xf32>
  %d247 = math.exp %d246 : tensor<?xf32>
  %d248 = math.exp %d247 : tensor<?xf32>
  %d249 = math.exp %d248 : tensor<?xf32>
  %d250 = math.exp %d249 : tensor<?xf32>
  %d251 = math.exp %d250 : tensor<?xf32>
  %d252 = math.exp %d251 : tensor<?xf32>
  %d253 = math.exp %d252 : tensor<?xf32>
  %d254 = math.exp %d253 : tensor<?xf32>
  %d255 = math.exp %d254 : tensor<?xf32>
  %d256 = math.exp %d255 : tensor<?xf32>
  %d257 = math.exp %d256 : tensor<?xf32>
  %d258 = math.exp %d257 : tensor<?xf32>
  %d259 = math.exp %d258 : tensor<?xf32>
  %d260 = math.exp %d259 : tensor<?xf32>
  %d261 = math.exp %d260 : tensor<?xf32>
  %d262 = math.exp %d261 : tensor<?xf32>
  %d263 = math.exp %d262 : tensor<?xf32>
  %d264 = math.exp %d263 : tensor<?xf32>
  %d265 = math.exp %d264 : tensor<?xf32>
  %d266 = math.exp %d265 : tensor<?xf32>
  %d267 = math.exp %d266 : tensor<?xf32>
  %d268 = math.exp %d267 : tensor<?xf32>
  %d269 = math.exp %d268 : tensor<?xf32>
  %d270 = math.exp %d269 : tensor<?xf32>
  %d271 = math.exp %d270 : tensor<?xf32>
  %d272 = math.exp %d271 : tensor<?xf32>
  %d273 = math.exp %d272 : tensor<?xf32>
  %d274 = math.exp %d273 : tensor<?xf32>
  %d275 = math.exp %d274 : tensor<?xf32>
  %d276 = math.exp %d275 : tensor<?xf32>
  %d277 = math.exp %d276 : tensor<?xf32>
  %d278 = math.exp %d277 : tensor<?xf32>
  %d279 = math.exp %d278 : tensor<?xf32>
  %d280 = math.exp %d279 : tensor<?xf32>
  %d281 = math.exp %d280 : tensor<?xf32>
  %d282 = math.exp %d281 : tensor<?xf32>
  %d283 = math.exp %d282 : tensor<?xf32>
  %d284 = math.exp %d283 : tensor<?xf32>
  %d285 = math.exp %d284 : tensor<?xf32>
  %d286 = math.exp %d285 : tensor<?xf32>
  %d287 = math.exp %d286 : tensor<?xf32>
  %d288 = math.exp %d287 : tensor<?xf32>
  %d289 = math.exp %d288 : tensor<?xf32>
  %d290 = math.exp %d289 : tensor<?xf32>
  %d291 = math.exp %d290 : tensor<?xf32>
  %d292 = math.exp %d291 : tensor<?xf32>
  %d293 = math.exp %d292 : tensor<?xf32>
  %d294 = math.exp %d293 : tensor<?xf32>
  %d295 = math.exp %d294 : tensor<?xf32>
  %d296 = math.exp %d295 : tensor<?xf32>
  %d297 = math.exp %d296 : tensor<?xf32>
  %d298 = math.exp %d297 : tensor<?xf32>
  %d299 = math.exp %d298 : tensor<?xf32>
  %d300 = math.exp %d299 : tensor<?xf32>
  %d301 = math.exp %d300 : tensor<?xf32>
  %d302 = math.exp %d301 : tensor<?xf32>
  %d303 = math.exp %d302 : tensor<?xf32>
  %d304 = math.exp %d303 : tensor<?xf32>
  %d305 = math.exp %d304 : tensor<?xf32>
  %d306 = math.exp %d305 : tensor<?xf32>
  %d307 = math.exp %d306 : tensor<?xf32>
  %d308 = math.exp %d307 : tensor<?xf32>
  %d309 = math.exp %d308 : tensor<?xf32>
  %d310 = math.exp %d309 : tensor<?xf32>
  %d311 = math.exp %d310 : tensor<?xf32>
  %d312 = math.exp %d311 : tensor<?xf32>
  %d313 = math.exp %d312 : tensor<?xf32>
  %d314 = math.exp %d313 : tensor<?xf32>
  %d315 = math.exp %d314 : tensor<?xf32>
  %d316 = math.exp %d315 : tensor<?xf32>
  %d317 = math.exp %d316 : tensor<?xf32>
  %d318 = math.exp %d317 : tensor<?xf32>
  %d319 = math.exp %d318 : tensor<?xf32>
  %d320 = math.exp %d319 : tensor<?xf32>
  %d321 = math.exp %d320 : tensor<?xf32>
  %d322 = math.exp %d321 : tensor<?xf32>
  %d323 = math.exp %d322 : tensor<?xf32>
  %d324 = math.exp %d323 : tensor<?xf32>
  %d325 = math.exp %d324 : tensor<?xf32>
  %d326 = math.exp %d325 : tensor<?xf32>
  %d327 = math.exp %d326 : tensor<?xf32>
  %d328 = math.exp %d327 : tensor<?xf32>
  %d329 = math.exp %d328 : tensor<?xf32>
  %d330 = math.exp %d329 : tensor<?xf32>
  %d331 = math.exp %d330 : tensor<?xf32>
  %d332 = math.exp %d331 : tensor<?xf32>
  %d333 = math.exp %d332 : tensor<?xf32>
  %d334 = math.exp %d333 : tensor<?xf32>
  %d335 = math.exp %d334 : tensor<?xf32>
  %d336 = math.exp %d335 : tensor<?xf32>
  %d337 = math.exp %d336 : tensor<?xf32>
  %d338 = math.exp %d337 : tensor<?xf32>
  %d339 = math.exp %d338 : tensor<?xf32>
  %d340 = math.exp %d339 : tensor<?xf32>
  %d341 = math.exp %d340 : tensor<?xf32>
  %d342 = math.exp %d341 : tensor<?xf32>
  %d343 = math.exp %d342 : tensor<?xf32>
  %d344 = math.exp %d343 : tensor<?xf32>
  %d345 = math.exp %d344 : tensor<?xf32>
  %d346 = math.exp %d345 : tensor<?xf32>
  %d347 = math.exp %d346 : tensor<?xf32>
  %d348 = math.exp %d347 : tensor<?xf32>
  %d349 = math.exp %d348 : tensor<?xf32>
  %d350 = math.exp %d349 : tensor<?xf32>
  %d351 = math.exp %d350 : tensor<?xf32>
  %d352 = math.exp %d351 : tensor<?xf32>
  %d353 = math.exp %d352 : tensor<?xf32>
  %d354 = math.exp %d353 : tensor<?xf32>
  %d355 = math.exp %d354 : tensor<?xf32>
  %d356 = math.exp %d355 : tensor<?xf32>
  %d357 = math.exp %d356 : tensor<?xf32>
  %d358 = math.exp %d357 : tensor<?xf32>
  %d359 = math.exp %d358 : tensor<?xf32>
  %d360 = math.exp %d359 : tensor<?xf32>
  %d361 = math.exp %d360 : tensor<?xf32>
  %d362 = math.exp %d361 : tensor<?xf32>
  %d363 = math.exp %d362 : tensor<?xf32>
  %d364 = math.exp %d363 : tensor<?xf32>
  %d365 = math.exp %d364 : tensor<?xf32>
  %d366 = math.exp %d365 : tensor<?xf32>
  %d367 = math.exp %d366 : tensor<?xf32>
  %d368 = math.exp %d367 : tensor<?xf32>
  %d369 = math.exp %d368 : tensor<?xf32>
  %d370 = math.exp %d369 : tensor<?xf32>
  %d371 = math.exp %d370 : tensor<?xf32>
  %d372 = math.exp %d371 : tensor<?xf32>
  %d373 = math.exp %d372 : tensor<?xf32>
  %d374 = math.exp %d373 : tensor<?xf32>
  %d375 = math.exp %d374 : tensor<?xf32>
  %d376 = math.exp %d375 : tensor<?xf32>
  %d377 = math.exp %d376 : tensor<?xf32>
  %d378 = math.exp %d377 : tensor<?xf32>
  %d379 = math.exp %d378 : tensor<?xf32>
  %d380 = math.exp %d379 : tensor<?xf32>
  %d381 = math.exp %d380 : tensor<?xf32>
  %d382 = math.exp %d381 : tensor<?xf32>
  %d383 = math.exp %d382 : tensor<?xf32>
  %d384 = math.exp %d383 : tensor<?xf32>
  %d385 = math.exp %d384 : tensor<?xf32>
  %d386 = math.exp %d385 : tensor<?xf32>
  %d387 = math.exp %d386 : tensor<?xf32>
  %d388 = math.exp %d387 : tensor<?xf32>
  %d389 = math.exp %d388 : tensor<?xf32>
  %d390 = math.exp %d389 : tensor<?xf32>
  %d391 = math.exp %d390 : tensor<?xf32>
  %d392 = math.exp %d391 : tensor<?xf32>
  %d393 = math.exp %d392 : tensor<?xf32>
  %d394 = math.exp %d393 : tensor<?xf32>
  %d395 = math.exp %d394 : tensor<?xf32>
  %d396 = math.exp %d395 : tensor<?xf32>
  %d397 = math.exp %d396 : tensor<?xf32>
  %d398 = math.exp %d397 : tensor<?xf32>
  %d399 = math.exp %d398 : tensor<?xf32>
  %d400 = math.exp %d399 : tensor<?xf32>
  %d401 = math.exp %d400 : tensor<?xf32>
  %d402 = math.exp %d401 : tensor<?xf32>
  %d403 = math.exp %d402 : tensor<?xf32>
  %d404 = math.exp %d403 : tensor<?xf32>
  %d405 = math.exp %d404 : tensor<?xf32>
  %d406 = math.exp %d405 : tensor<?xf32>
  %d407 = math.exp %d406 : tensor<?xf32>
  %d408 = math.exp %d407 : tensor<?xf32>
  %d409 = math.exp %d408 : tensor<?xf32>
  %d410 = math.exp %d409 : tensor<?xf32>
  %d411 = math.exp %d410 : tensor<?xf32>
  %d412 = math.exp %d411 : tensor<?xf32>
  %d413 = math.exp %d412 : tensor<?xf32>
  %d414 = math.exp %d413 : tensor<?xf32>
  %d415 = math.exp %d414 : tensor<?xf32>
  %d416 = math.exp %d415 : tensor<?xf32>
  %d417 = math.exp %d416 : tensor<?xf32>
  %d418 = math.exp %d417 : tensor<?xf32>
  %d419 = math.exp %d418 : tensor<?xf32>
  %d420 = math.exp %d419 : tensor<?xf32>
  %d421 = math.exp %d420 : tensor<?xf32>
  %d422 = math.exp %d421 : tensor<?xf32>
  %d423 = math.exp %d422 : tensor<?xf32>
  %d424 = math.exp %d423 : tensor<?xf32>
  %d425 = math.exp %d424 : tensor<?xf32>
  %d426 = math.exp %d425 : tensor<?xf32>
  %d427 = math.exp %d426 : tensor<?xf32>
  %d428 = math.exp %d427 : tensor<?xf32>
  %d429 = math.exp %d428 : tensor<?xf32>
  %d430 = math.exp %d429 : tensor<?xf32>
  %d431 = math.exp %d430 : tensor<?xf32>
  %d432 = math.exp %d431 : tensor<?xf32>
  %d433 = math.exp %d432 : tensor<?xf32>
  %d434 = math.exp %d433 : tensor<?xf32>
  %d435 = math.exp %d434 : tensor<?xf32>
  %d436 = math.exp %d435 : tensor<?xf32>
  %d437 = math.exp %d436 : tensor<?xf32>
  %d438 = math.exp %d437 : tensor<?xf32>
  %d439 = math.exp %d438 : tensor<?xf32>
  %d440 = math.exp %d439 : tensor<?xf32>
  %d441 = math.exp %d440 : tensor<?xf32>
  %d442 = math.exp %d441 : tensor<?xf32>
  %d443 = math.exp %d442 : tensor<?xf32>
  %d444 = math.exp %d443 : tensor<?xf32>
  %d445 = math.exp %d444 : tensor<?xf32>
  %d446 = math.exp %d445 : tensor<?xf32>
  %d447 = math.exp %d446 : tensor<?xf32>
  %d448 = math.exp %d447 : tensor<?xf32>
  %d449 = math.exp %d448 : tensor<?xf32>
  %d450 = math.exp %d449 : tensor<?xf32>
  %d451 = math.exp %d450 : tensor<?xf32>
  %d452 = math.exp %d451 : tensor<?xf32>
  %d453 = math.exp %d452 : tensor<?xf32>
  %d454 = math.exp %d453 : tensor<?xf32>
  %d455 = math.exp %d454 : tensor<?xf32>
  %d456 = math.exp %d455 : tensor<?xf32>
  %d457 = math.exp %d456 : tensor<?xf32>
  %d458 = math.exp %d457 : tensor<?xf32>
  %d459 = math.exp %d458 : tensor<?xf32>
  %d460 = math.exp %d459 : tensor<?xf32>
  %d461 = math.exp %d460 : tensor<?xf32>
  %d462 = math.exp %d461 : tensor<?xf32>
  %d463 = math.exp %d462 : tensor<?xf32>
  %d464 = math.exp %d463 : tensor<?xf32>
  %d465 = math.exp %d464 : tensor<?xf32>
  %d466 = math.exp %d465 : tensor<?xf32>
  %d467 = math.exp %d466 : tensor<?xf32>
  %d468 = math.exp %d467 : tensor<?xf32>
  %d469 = math.exp %d468 : tensor<?xf32>
  %d470 = math.exp %d469 : tensor<?xf32>
  %d471 = math.exp %d470 : tensor<?xf32>
  %d472 = math.exp %d471 : tensor<?xf32>
  %d473 = math.exp %d472 : tensor<?xf32>
  %d474 = math.exp %d473 : tensor<?xf32>
  %d475 = math.exp %d474 : tensor<?xf32>
  %d476 = math.exp %d475 : tensor<?xf32>
  %d477 = math.exp %d476 : tensor<?xf32>
  %d478 = math.exp %d477 : tensor<?xf32>
  %d479 = math.exp %d478 : tensor<?xf32>
  %d480 = math.exp %d479 : tensor<?xf32>
  %d481 = math.exp %d480 : tensor<?xf32>
  %d482 = math.exp %d481 : tensor<?xf32>
  %d483 = math.exp %d482 : tensor<?xf32>
  %d484 = math.exp %d483 : tensor<?xf32>
  %d485 = math.exp %d484 : tensor<?xf32>
  %d486 = math.exp %d485 : tensor<?xf32>
  %d487 = math.exp %d486 : tensor<?xf32>
  %d488 = math.exp %d487 : tensor<?xf32>
  %d489 = math.exp %d488 : tensor<?xf32>
  %d490 = math.exp %d489 : tensor<?xf32>
  %d491 = math.exp %d490 : tensor<?xf32>
  %d492 = math.exp %d491 : tensor<?xf32>
  %d493 = math.exp %d492 : tensor<?xf32>
  %d494 = math.exp %d493 : tensor<?xf32>
  %d495 = math.exp %d494 : tensor<?xf32>
  %d496 = math.exp %d495 : tensor<?xf32>
  %d497 = math.exp %d496 : tensor<?xf32>
  %d498 = math.exp %d497 : tensor<?xf32>
  %d499 = math.exp %d498 : tensor<?xf32>
  %d500 = math.exp %d499 : tensor<?xf32>
  %d501 = math.exp %d500 : tensor<?xf32>
  %d502 = math.exp %d501 : tensor<?xf32>
  %d503 = math.exp %d502 : tensor<?xf32>
  %d504 = math.exp %d503 : tensor<?xf32>
  %d505 = math.exp %d504 : tensor<?xf32>
  %d506 = math.exp %d505 : tensor<?xf32>
  %d507 = math.exp %d506 : tensor<?xf32>
  %d508 = math.exp %d507 : tensor<?xf32>
  %d509 = math.exp %d508 : tensor<?xf32>
  %d510 = math.exp %d509 : tensor<?xf32>
  %d511 = math.exp %d510 : tensor<?xf32>
  %d512 = math.exp %d511 : tensor<?xf32>
  %d513 = math.exp %d512 : tensor<?xf32>
  %d514 = math.exp %d513 : tensor<?xf32>
  %d515 = math.exp %d514 : tensor<?xf32>
  %d516 = math.exp %d515 : tensor<?xf32>
  %d517 = math.exp %d516 : tensor<?xf32>
  %d518 = math.exp %d517 : tensor<?xf32>
  %d519 = math.exp %d518 : tensor<?xf32>
  return %d519 : tensor<?xf32>
}
