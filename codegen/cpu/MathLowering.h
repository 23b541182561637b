//===- MathLowering.h - Math ops of the kernels to code ----------*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_MATHLOWERING_H
#define SLUICE_CODEGEN_CPU_MATHLOWERING_H

namespace mlir {
class MLIRContext;
class ModuleOp;
} // namespace mlir

namespace sluice::codegen::cpu {

/// Rewrites the `math` ops of a kernels module into code LLVM can compile,
/// accurate over each function's whole domain (docs/USAGE.md, "Accuracy"):
/// - f32 sin and cos call libm's sinf/cosf (a full range reduction: MLIR's
///   polynomials lose all accuracy beyond a few multiples of pi);
/// - f32 exp becomes arithmetic with a short dependency chain, subnormal
///   results included (MLIR's polynomial flushes those to 0 and runs ~25
///   operations deep; the scans of the model zoo wait on it);
/// - f32 log of a subnormal argument is computed from the argument scaled
///   by 2^23 (MLIR's polynomial reads the exponent bits of a normal float);
/// - the other f32 transcendental ops become MLIR's polynomial
///   approximations (vectorisable);
/// - f64 transcendental ops become libm calls.
/// Throws std::runtime_error on failure.
void lowerMathOps(mlir::ModuleOp kernels);

/// Loads the dialects lowerMathOps creates ops of (before threads lower
/// modules of one context in parallel).
void loadMathLoweringDialects(mlir::MLIRContext *ctx);

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_MATHLOWERING_H
