//===- ScalarOps.cpp - One element of an element-wise op ------------------===//

#include "codegen/cpu/ScalarOps.h"
#include "codegen/cpu/CodegenContext.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace sluice::codegen::cpu {

Value emitSplatConstant(KernelBuilder &kb, Operation *op) {
  auto c = dyn_cast<arith::ConstantOp>(op);
  if (!c)
    return {};
  auto splat = dyn_cast<SplatElementsAttr>(c.getValue());
  if (!splat)
    return {};
  Type compute = KernelBuilder::computeType(splat.getElementType());
  double v = splat.getSplatValue<APFloat>().convertToDouble();
  return kb.fconst(compute, v);
}

namespace {
/// 1 / (1 + exp(-x)) for x >= 0, exp(x) / (1 + exp(x)) below: exp(-|x|)
/// never overflows, so sigmoid(-100) is 3.8e-44 rather than 1 / inf = 0.
Value sigmoid(KernelBuilder &kb, Value x) {
  OpBuilder &b = kb.b;
  Location l = kb.loc;
  Value one = kb.fconst(x.getType(), 1.0);
  Value e = b.create<math::ExpOp>(
      l, b.create<arith::NegFOp>(l, b.create<math::AbsFOp>(l, x)));
  Value positive = b.create<arith::DivFOp>(l, one, b.create<arith::AddFOp>(l, one, e));
  Value nonNegative = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UGE, x,
                                              kb.fconst(x.getType(), 0.0));
  return b.create<arith::SelectOp>(l, nonNegative, positive,
                                   b.create<arith::MulFOp>(l, e, positive));
}
/// A call of the libm function `name` of one f64 (declared in the kernels
/// module on first use).
Value callLibmF64(KernelBuilder &kb, StringRef name, Value arg) {
  OpBuilder &b = kb.b;
  auto module = b.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  auto type = b.getFunctionType({b.getF64Type()}, {b.getF64Type()});
  if (!module.lookupSymbol<func::FuncOp>(name)) {
    OpBuilder top = OpBuilder::atBlockBegin(module.getBody());
    top.create<func::FuncOp>(kb.loc, name, type).setPrivate();
  }
  return b.create<func::CallOp>(kb.loc, name, type.getResults(), ValueRange{arg})
      .getResult(0);
}

/// x * Phi(x) = x/2 * erfc(-x / sqrt(2)), in f64 through libm's erfc: the
/// form 1 + erf(x / sqrt(2)) cancels for negative x (gelu(-5) lost every
/// digit in f32), and erfc of an f32 argument would carry the argument's
/// rounding times 2 z^2.
Value gelu(KernelBuilder &kb, Value x) {
  OpBuilder &b = kb.b;
  Location l = kb.loc;
  Type t = x.getType(), f64 = b.getF64Type();
  Value wide = t.isF64() ? x : b.create<arith::ExtFOp>(l, f64, x).getResult();
  Value z = b.create<arith::MulFOp>(l, wide, kb.fconst(f64, -M_SQRT1_2));
  Value erfc = callLibmF64(kb, "erfc", z);
  Value half = b.create<arith::MulFOp>(l, wide, kb.fconst(f64, 0.5));
  Value r = b.create<arith::MulFOp>(l, half, erfc);
  return t.isF64() ? r : b.create<arith::TruncFOp>(l, t, r).getResult();
}
} // namespace

Value emitScalarOp(KernelBuilder &kb, Operation *op, ArrayRef<Value> x) {
  OpBuilder &b = kb.b;
  Location l = kb.loc;
  return llvm::TypeSwitch<Operation *, Value>(op)
      .Case([&](arith::AddFOp) { return b.create<arith::AddFOp>(l, x[0], x[1]); })
      .Case([&](arith::SubFOp) { return b.create<arith::SubFOp>(l, x[0], x[1]); })
      .Case([&](arith::MulFOp) { return b.create<arith::MulFOp>(l, x[0], x[1]); })
      .Case([&](arith::DivFOp) { return b.create<arith::DivFOp>(l, x[0], x[1]); })
      .Case([&](arith::NegFOp) { return b.create<arith::NegFOp>(l, x[0]); })
      .Case([&](arith::MaximumFOp) { return b.create<arith::MaximumFOp>(l, x[0], x[1]); })
      .Case([&](arith::MinimumFOp) { return b.create<arith::MinimumFOp>(l, x[0], x[1]); })
      .Case([&](arith::CmpFOp c) {
        return b.create<arith::CmpFOp>(l, c.getPredicate(), x[0], x[1]);
      })
      // A real select: the branch not taken is computed (it is fused and
      // cheap) but never mixed into the result, so inf or NaN there is harmless.
      .Case([&](arith::SelectOp) {
        return b.create<arith::SelectOp>(l, x[0], x[1], x[2]);
      })
      .Case([&](arith::ExtFOp e) -> Value {
        Type target = KernelBuilder::computeType(
            getElementTypeOrSelf(e.getType()));
        if (x[0].getType() == target)
          return x[0];
        return b.create<arith::ExtFOp>(l, target, x[0]);
      })
      .Case([&](arith::TruncFOp t) -> Value {
        Type storage = getElementTypeOrSelf(t.getType());
        return kb.roundTo(x[0], storage);
      })
      .Case([&](math::ExpOp) { return b.create<math::ExpOp>(l, x[0]); })
      .Case([&](math::LogOp) { return b.create<math::LogOp>(l, x[0]); })
      .Case([&](math::Log1pOp) { return b.create<math::Log1pOp>(l, x[0]); })
      .Case([&](math::ExpM1Op) { return b.create<math::ExpM1Op>(l, x[0]); })
      .Case([&](math::SqrtOp) { return b.create<math::SqrtOp>(l, x[0]); })
      .Case([&](math::RsqrtOp) { return b.create<math::RsqrtOp>(l, x[0]); })
      .Case([&](math::TanhOp) { return b.create<math::TanhOp>(l, x[0]); })
      .Case([&](math::AbsFOp) { return b.create<math::AbsFOp>(l, x[0]); })
      .Case([&](math::SinOp) { return b.create<math::SinOp>(l, x[0]); })
      .Case([&](math::CosOp) { return b.create<math::CosOp>(l, x[0]); })
      .Case([&](math::ErfOp) { return b.create<math::ErfOp>(l, x[0]); })
      .Case([&](math::PowFOp) { return b.create<math::PowFOp>(l, x[0], x[1]); })
      .Case([&](sl::SigmoidOp) { return sigmoid(kb, x[0]); })
      .Case([&](sl::SiluOp) {
        return b.create<arith::MulFOp>(l, x[0], sigmoid(kb, x[0]));
      })
      .Case([&](sl::SoftplusOp) -> Value {
        // max(x, 0) + log1p(exp(-|x|)): no overflow for large x.
        Value zero = kb.fconst(x[0].getType(), 0.0);
        Value pos = b.create<arith::MaximumFOp>(l, x[0], zero);
        Value negAbs = b.create<arith::NegFOp>(l, b.create<math::AbsFOp>(l, x[0]));
        Value tail = b.create<math::Log1pOp>(l, b.create<math::ExpOp>(l, negAbs));
        return b.create<arith::AddFOp>(l, pos, tail);
      })
      .Case([&](sl::GeluOp) { return gelu(kb, x[0]); })
      .Default([](Operation *) { return Value(); });
}

} // namespace sluice::codegen::cpu
