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

/// f32 exp(x) as arithmetic with a short dependency chain (the scans of
/// the model zoo are bound by it: the selective scan's exp(dt * A) per
/// state element was two thirds of its time), accurate to ~1 ulp over the
/// whole domain, subnormal results included (MLIR's polynomial flushes
/// those to 0 and runs ~25 operations deep):
///   x clamped to [-104, 89] (exp is 0 below, +inf above; NaN stays NaN);
///   k = round(x / ln 2) by adding 1.5 * 2^23 (k in the low bits, no
///   float-to-int conversion, whose NaN is poison);
///   r = x - k ln 2 in two parts (Cody-Waite), |r| <= ln 2 / 2;
///   exp(r) = 1 + r + r^2 P(r), P of degree 5 (Cephes' expf coefficients)
///   evaluated by Estrin's scheme;
///   the result times 2^(k - k/2) and 2^(k/2), two normal factors, so that
///   a subnormal result is rounded once.
/// The kernels' math is scalar (LLVM vectorises their loops), so only
/// scalar f32 exps are expanded.
void expandExp(ModuleOp kernels) {
  SmallVector<math::ExpOp> exps;
  kernels.walk([&](math::ExpOp op) {
    if (op.getType().isF32())
      exps.push_back(op);
  });
  for (math::ExpOp op : exps) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    auto f = [&](double v) { return f32Const(b, loc, v); };
    auto i = [&](int32_t v) {
      return b.create<arith::ConstantOp>(loc, b.getI32IntegerAttr(v));
    };
    auto fma = [&](Value x, Value y, Value z) {
      return b.create<math::FmaOp>(loc, x, y, z);
    };
    // x where `pred(x, bound)` fails, else bound (NaN stays x).
    auto clamp = [&](Value x, arith::CmpFPredicate pred, double bound) {
      Value c = f(bound);
      return b.create<arith::SelectOp>(
          loc, b.create<arith::CmpFOp>(loc, pred, x, c), c, x);
    };
    // 2^k for an integer k of [-75, 65], built from its bits.
    auto pow2 = [&](Value k) {
      Value biased = b.create<arith::AddIOp>(loc, k, i(127));
      return b.create<arith::BitcastOp>(
          loc, b.getF32Type(), b.create<arith::ShLIOp>(loc, biased, i(23)));
    };
    Value x = clamp(op.getOperand(), arith::CmpFPredicate::OLT, -104.0);
    x = clamp(x, arith::CmpFPredicate::OGT, 89.0);
    constexpr double kShifter = 12582912.0; // 1.5 * 2^23
    Value shifted = fma(x, f(1.4426950408889634), f(kShifter));
    Value kf = b.create<arith::SubFOp>(loc, shifted, f(kShifter));
    Value k = b.create<arith::SubIOp>(
        loc, b.create<arith::BitcastOp>(loc, b.getI32Type(), shifted),
        i(0x4B400000)); // the bits of kShifter
    Value r = fma(kf, f(-0.693359375), x);
    r = fma(kf, f(2.12194440e-4), r);
    Value r2 = b.create<arith::MulFOp>(loc, r, r);
    Value p45 = fma(f(1.6666665459e-1), r, f(5.0000001201e-1));
    Value p23 = fma(f(8.3334519073e-3), r, f(4.1665795894e-2));
    Value p01 = fma(f(1.9875691500e-4), r, f(1.3981999507e-3));
    Value poly = fma(fma(p01, r2, p23), r2, p45);
    Value e = b.create<arith::AddFOp>(loc, fma(poly, r2, r), f(1.0));
    Value half = b.create<arith::ShRSIOp>(loc, k, i(1));
    Value rest = b.create<arith::SubIOp>(loc, k, half);
    Value scaled = b.create<arith::MulFOp>(
        loc, b.create<arith::MulFOp>(loc, e, pow2(rest)), pow2(half));
    op.replaceAllUsesWith(scaled);
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
  expandExp(kernels);
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
