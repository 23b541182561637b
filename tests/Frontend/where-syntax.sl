# Comparisons and where(cond, a, b): precedence (comparisons bind looser than
# + - * /, tighter than nothing), every operator's arith.cmpf predicate
# (ordered, except != which is true for NaN), broadcasting of the three
# operands to the where's shape before the compare (no i1 tensor is ever
# broadcast), literal branches taking the compared type, and locations (the
# cmpf at its operator, the select at 'where').
# RUN: sluice dump %s --stage parsed | FileCheck %s
# CHECK-LABEL: func.func @cmp(
# CHECK: %[[XP1:.*]] = arith.addf {{.*}} loc(#[[PLUS:loc[0-9]+]])
# CHECK: %[[TWOY:.*]] = arith.mulf {{.*}} : tensor<?x?xf32>
# CHECK: %[[C:.*]] = arith.cmpf ogt, %[[XP1]], %[[TWOY]] : tensor<?x?xf32> loc(#[[GT:loc[0-9]+]])
# CHECK: arith.select %[[C]], {{.*}} : tensor<?x?xi1>, tensor<?x?xf32> loc(#[[WHERE:loc[0-9]+]])
# CHECK: arith.cmpf olt
# CHECK: arith.cmpf ole
# CHECK: arith.cmpf oge
# CHECK: arith.cmpf oeq
# CHECK: arith.cmpf une
# The [D] condition is compared at [T, D]: its operands are broadcast.
# CHECK: %[[WB:.*]] = sl.broadcast %arg1 dims [1] {{.*}} : tensor<?xf32> -> tensor<?x?xf32>
# CHECK: %[[WC:.*]] = arith.cmpf ogt, %[[WB]], {{.*}} : tensor<?x?xf32>
# CHECK: arith.select %[[WC]]
# f64 comparison, f32 values: where(z > 0.0, x, 1.0) selects f32.
# CHECK: arith.cmpf ogt, {{.*}} : tensor<?x?xf64>
# CHECK: arith.select {{.*}} : tensor<?x?xi1>, tensor<?x?xf32>
# Literal branches take the compared type (f64 here).
# CHECK: arith.cmpf olt, {{.*}} : tensor<?x?xf64>
# CHECK: arith.select {{.*}} : tensor<?x?xi1>, tensor<?x?xf64>
# CHECK: return
# CHECK-DAG: #[[PLUS]] = loc("{{.*}}where-syntax.sl":37:22)
# CHECK-DAG: #[[GT]] = loc("{{.*}}where-syntax.sl":37:28)
# CHECK-DAG: #[[WHERE]] = loc("{{.*}}where-syntax.sl":37:14)
model cmp {
  dims T, D
  input x : f32[T, D]
  input w : f32[D]
  input z : f64[T, D]
  output a = where(x + 1.0 > 2.0 * x, x, 0.0),
         b = where(x < 0.5, x, 0.0), c = where(x <= 0.5, x, 0.0),
         d = where(x >= 0.5, x, 0.0), e = where(x == 0.5, x, 0.0),
         f = where(x != 0.5, x, 0.0), g = where(w > 0.0, x, -x),
         h = where(z > 0.0, x, 1.0), i = where(z < 1.0, 1.0, 0.0)
}
