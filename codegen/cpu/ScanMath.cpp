//===- ScanMath.cpp - One step of a recurrence in its semiring ------------===//

#include "codegen/cpu/ScanMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;

namespace sluice::codegen::cpu {

Value SemiringMath::zero() {
  double inf = std::numeric_limits<double>::infinity();
  switch (kind) {
  case sl::Semiring::linear:
    return kb.fconst(type, 0.0);
  case sl::Semiring::min_plus:
    return kb.fconst(type, inf);
  default:
    return kb.fconst(type, -inf);
  }
}

Value SemiringMath::one() {
  return kb.fconst(type, kind == sl::Semiring::linear ? 1.0 : 0.0);
}

Value SemiringMath::mul(Value a, Value b) {
  Value product = kind == sl::Semiring::linear
                      ? kb.b.create<arith::MulFOp>(kb.loc, a, b).getResult()
                      : kb.b.create<arith::AddFOp>(kb.loc, a, b).getResult();
  if (!absorbingZero)
    return product;
  // zero (x) b = zero, also for an infinite or NaN b (a reset's state).
  Value z = zero();
  Value isZero =
      kb.b.create<arith::CmpFOp>(kb.loc, arith::CmpFPredicate::OEQ, a, z);
  return kb.b.create<arith::SelectOp>(kb.loc, isZero, z, product);
}

Value SemiringMath::mulRun(Value a, Value b) {
  Value product = mul(a, b);
  if (kind == sl::Semiring::linear)
    return product;
  // coefficient (x) zero = zero, also for an infinite coefficient of the
  // opposite sign (-inf + +inf would be NaN).
  Value z = zero();
  Value isZero =
      kb.b.create<arith::CmpFOp>(kb.loc, arith::CmpFPredicate::OEQ, b, z);
  return kb.b.create<arith::SelectOp>(kb.loc, isZero, z, product);
}

Value SemiringMath::add(Value a, Value b) {
  OpBuilder &bb = kb.b;
  Location l = kb.loc;
  switch (kind) {
  case sl::Semiring::linear:
    return bb.create<arith::AddFOp>(l, a, b);
  case sl::Semiring::max_plus:
    return bb.create<arith::MaximumFOp>(l, a, b);
  case sl::Semiring::min_plus:
    return bb.create<arith::MinimumFOp>(l, a, b);
  case sl::Semiring::log_add_exp: {
    // max(a, b) + log1p(exp(-|a - b|)), and max(a, b) where that is
    // infinite: -inf when both are -inf, +inf when one is (two +inf would
    // make lo - hi NaN).
    Value hi = bb.create<arith::MaximumFOp>(l, a, b);
    Value lo = bb.create<arith::MinimumFOp>(l, a, b);
    Value diff = bb.create<arith::SubFOp>(l, lo, hi);
    Value tail = bb.create<math::Log1pOp>(l, bb.create<math::ExpOp>(l, diff));
    Value sum = bb.create<arith::AddFOp>(l, hi, tail);
    Value infinite = bb.create<arith::CmpFOp>(
        l, arith::CmpFPredicate::OEQ, bb.create<math::AbsFOp>(l, hi),
        kb.fconst(type, std::numeric_limits<double>::infinity()));
    return bb.create<arith::SelectOp>(l, infinite, hi, sum);
  }
  }
  return a;
}

SmallVector<Value> SemiringMath::step(StringRef matrix, StringRef forcing,
                                      ArrayRef<Value> m, ArrayRef<Value> f,
                                      ArrayRef<Value> state, bool withForcing,
                                      bool run) {
  size_t k = state.size();
  SmallVector<Value> next;
  for (size_t i = 0; i < k; ++i) {
    Value acc;
    auto accumulate = [&](Value term) { acc = acc ? add(acc, term) : term; };
    for (size_t j = 0; j < k; ++j) {
      char c = matrix[i * k + j];
      if (c == '0')
        continue;
      if (c == '1')
        accumulate(state[j]);
      else
        accumulate(run ? mulRun(m[i * k + j], state[j])
                       : mul(m[i * k + j], state[j]));
    }
    if (withForcing && forcing[i] != '0')
      accumulate(f[i]);
    next.push_back(acc ? acc : zero());
  }
  return next;
}

} // namespace sluice::codegen::cpu
