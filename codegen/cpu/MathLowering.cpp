//===- MathLowering.cpp - Math ops of the kernels to code -----------------===//

#include "codegen/cpu/MathLowering.h"

#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <functional>
#include <stdexcept>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {
/// A scalar f32 constant.
Value f32Const(OpBuilder &b, Location loc, double v) {
  return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(static_cast<float>(v)));
}

/// log(x) for a subnormal x as log(x * 2^23) - 23 ln 2: the polynomial
/// approximation splits x into exponent and mantissa bits, which is wrong
/// below FLT_MIN (1.18e-38).
void scaleSubnormalLogArguments(ModuleOp kernels) {
  SmallVector<math::LogOp> logs;
  kernels.walk([&](math::LogOp op) {
    if (op.getType().isF32())
      logs.push_back(op);
  });
  for (math::LogOp op : logs) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value x = op.getOperand();
    Value isSubnormal = b.create<arith::CmpFOp>(
        loc, arith::CmpFPredicate::OLT, b.create<math::AbsFOp>(loc, x),
        f32Const(b, loc, 0x1p-126));
    Value scaled = b.create<arith::MulFOp>(loc, x, f32Const(b, loc, 0x1p23));
    Value arg = b.create<arith::SelectOp>(loc, isSubnormal, scaled, x);
    Value log = b.create<math::LogOp>(loc, arg);
    Value shift = b.create<arith::SelectOp>(loc, isSubnormal,
                                            f32Const(b, loc, 23 * M_LN2),
                                            f32Const(b, loc, 0.0));
    op.replaceAllUsesWith(b.create<arith::SubFOp>(loc, log, shift).getResult());
    op.erase();
  }
}

/// exp(x) for x below ln(FLT_MIN) (a subnormal or zero result) as
/// exp(x + 64 ln 2) * 2^-64: the polynomial approximation builds 2^k from
/// exponent bits and gives 0 there. 64 ln 2 is split in two so that x + hi is
/// exact (hi is a multiple of x's ulp) and lo is applied as e * (1 + lo).
void scaleUnderflowingExpArguments(ModuleOp kernels) {
  SmallVector<math::ExpOp> exps;
  kernels.walk([&](math::ExpOp op) {
    if (op.getType().isF32())
      exps.push_back(op);
  });
  constexpr double kShiftHi = 5814540.0 * 0x1p-17; // 64 ln 2, high part
  constexpr double kShiftLo = -1.2189786957605975e-07; // 64 ln 2 - kShiftHi
  for (math::ExpOp op : exps) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value x = op.getOperand();
    Value low = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x,
                                        f32Const(b, loc, -87.0));
    Value shifted = b.create<arith::AddFOp>(loc, x, f32Const(b, loc, kShiftHi));
    Value e = b.create<math::ExpOp>(
        loc, b.create<arith::SelectOp>(loc, low, shifted, x));
    Value corrected = b.create<math::FmaOp>(loc, e, f32Const(b, loc, kShiftLo), e);
    Value scaled = b.create<arith::MulFOp>(loc, corrected,
                                           f32Const(b, loc, 0x1p-64));
    op.replaceAllUsesWith(
        b.create<arith::SelectOp>(loc, low, scaled, e).getResult());
    op.erase();
  }
}

/// The math ops of `kernels` for which `select` holds, as libm calls.
void toLibm(ModuleOp kernels, const std::function<bool(Operation *)> &select) {
  SmallVector<Operation *> ops;
  kernels.walk([&](Operation *op) {
    if (op->getDialect() && isa<math::MathDialect>(op->getDialect()) &&
        op->getNumResults() == 1 && select(op))
      ops.push_back(op);
  });
  if (ops.empty())
    return;
  RewritePatternSet patterns(kernels.getContext());
  populateMathToLibmConversionPatterns(patterns);
  (void)applyOpPatternsAndFold(ops, std::move(patterns));
}
} // namespace

void loadMathLoweringDialects(MLIRContext *ctx) {
  ctx->getOrLoadDialect<math::MathDialect>();
  ctx->getOrLoadDialect<vector::VectorDialect>();
}

void lowerMathOps(ModuleOp kernels) {
  MLIRContext *ctx = kernels.getContext();
  loadMathLoweringDialects(ctx);
  // f32 sin and cos: libm's full range reduction.
  toLibm(kernels, [](Operation *op) {
    return isa<math::SinOp, math::CosOp>(op) &&
           op->getResult(0).getType().isF32();
  });
  scaleSubnormalLogArguments(kernels);
  scaleUnderflowingExpArguments(kernels);
  // The other f32 transcendental math as polynomials (vectorisable).
  {
    RewritePatternSet patterns(ctx);
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(kernels, std::move(patterns))))
      throw std::runtime_error("sluice: math approximation failed");
  }
  // Remaining f64 transcendental math as libm calls.
  toLibm(kernels, [](Operation *op) {
    return op->getResult(0).getType().isF64() &&
           !isa<math::SqrtOp, math::AbsFOp, math::FmaOp, math::RsqrtOp,
                math::PowFOp, math::FloorOp, math::CeilOp>(op);
  });
}

} // namespace sluice::codegen::cpu
