//===- ScanMath.h - One step of a recurrence in its semiring ----*- C++ -*-===//
#ifndef SLUICE_CODEGEN_CPU_SCANMATH_H
#define SLUICE_CODEGEN_CPU_SCANMATH_H

#include "codegen/cpu/KernelBuilder.h"
#include "ir/SluiceOps.h"

namespace sluice::codegen::cpu {

/// Scalar arithmetic of a scan's semiring: "add" combines alternatives
/// (+, max, min, logaddexp), "mul" applies a coefficient (*, +, +, +).
class SemiringMath {
public:
  /// With `absorbingZero` (the scan's `absorbing_zero`), a coefficient
  /// equal to zero() makes mul() give zero() whatever the other factor.
  SemiringMath(KernelBuilder &kb, sl::Semiring kind, mlir::Type type,
               bool absorbingZero = false)
      : kb(kb), kind(kind), type(type), absorbingZero(absorbingZero) {}
  /// The identity of add (0, -inf, +inf, -inf).
  mlir::Value zero();
  /// The identity of mul (1, 0, 0, 0).
  mlir::Value one();
  mlir::Value add(mlir::Value a, mlir::Value b);
  /// `a (x) b` with `a` the coefficient (see absorbingZero).
  mlir::Value mul(mlir::Value a, mlir::Value b);
  /// mul() inside a run of the look-back's composition (a state started
  /// from a basis state, not one the loop computes): there zero() is
  /// absorbing on the state's side too, so that an infinite coefficient
  /// leaves an artificial zero alone instead of making it NaN. The same as
  /// mul() for the linear semiring, whose runs are checked for finiteness
  /// instead (ScanCarryTree's `exact`).
  mlir::Value mulRun(mlir::Value a, mlir::Value b);

  /// One step s' = M (x) s (+) f for a k-state: `matrix`/`forcing` are the
  /// scan's structure strings; `m`/`f` hold the operand elements for their
  /// 'v'/'c' entries (null elsewhere). Without `forcing`, f is left out.
  /// With `run`, `state` is a run of the composition (see mulRun).
  llvm::SmallVector<mlir::Value> step(llvm::StringRef matrix,
                                      llvm::StringRef forcing,
                                      llvm::ArrayRef<mlir::Value> m,
                                      llvm::ArrayRef<mlir::Value> f,
                                      llvm::ArrayRef<mlir::Value> state,
                                      bool withForcing = true,
                                      bool run = false);

private:
  KernelBuilder &kb;
  sl::Semiring kind;
  mlir::Type type;
  bool absorbingZero;
};

} // namespace sluice::codegen::cpu

#endif // SLUICE_CODEGEN_CPU_SCANMATH_H
