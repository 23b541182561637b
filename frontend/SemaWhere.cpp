//===- SemaWhere.cpp - Comparisons and where(cond, a, b) ------------------===//
//
// A comparison `a CMP b` is a condition, not a number: it may only be the
// first argument of `where` (docs/LANGUAGE.md, "Comparisons and where"). Its
// operands broadcast like any element-wise operands; the where's result is
// the broadcast of the condition's shape with those of `a` and `b`, and has
// the joined dtype of `a` and `b` (the condition's only when both are weak
// literals).
//
//===----------------------------------------------------------------------===//

#include "frontend/SemaChecker.h"

#include "frontend/Diagnostics.h"

namespace sluice::frontend::sema {

void ModelChecker::misplacedComparison(const Expr &cmp) {
  throw SourceError(cmp.loc,
                    std::string("a comparison ('") + cmpOpSpelling(cmp.cmp) +
                        "') is a condition, not a number: it can only be the "
                        "first argument of where(cond, a, b); write "
                        "where(cond, 1.0, 0.0) for 1 where it holds and 0 "
                        "elsewhere");
}

Ty ModelChecker::checkCondition(Expr &cond) {
  if (cond.kind != ExprKind::Compare)
    throw SourceError(cond.loc,
                      "the condition of 'where' must be a comparison (< <= "
                      "> >= == !=), such as 'x > 0.0' or 'd != 0.0'");
  Ty lhs = check(*cond.operands[0]);
  Ty rhs = check(*cond.operands[1]);
  Ty t = joinElementwise(lhs, rhs, cond.loc);
  set(cond, t);
  return t;
}

Ty ModelChecker::checkWhere(Expr &e) {
  Ty cond = checkCondition(*e.operands[0]);
  Ty a = check(*e.operands[1]);
  Ty b = check(*e.operands[2]);
  Ty result = joinElementwise(a, b, e.loc);
  // The condition brings its shape, not its dtype: `where(x64 > 0, y, z)`
  // selects f32 values by an f64 comparison.
  Ty condShape = cond;
  if (condShape.known)
    condShape.dtype = DType::Weak;
  bool literalBranches = result.known && result.dtype == DType::Weak;
  result = joinElementwise(result, condShape, e.loc);
  // where(x > 0, 1.0, 0.0): literal branches take the compared type, as
  // `x * 1.0` would.
  if (literalBranches && cond.known && result.known)
    result.dtype = cond.dtype;
  return result;
}

} // namespace sluice::frontend::sema
