//===- ReferenceEvaluator.h - The float64 oracle -----------------*- C++
//-*-===//
//
// `--target reference`: a plain, sequential float64 evaluator of `sl` IR,
// written for clarity and independent of every optimising path. It is the
// oracle of all numerical tests. It runs the `parsed` stage and also the
// `recognized` stage's `sl.scan`, so recognition can be checked numerically.
//
// Every value is computed in float64, whatever its IR element type; only
// `arith.truncf` rounds (to its result element type: f16, bf16 or f32).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_REFERENCE_REFERENCEEVALUATOR_H
#define SLUICE_CODEGEN_REFERENCE_REFERENCEEVALUATOR_H

#include "runtime/Tensor.h"

#include "llvm/ADT/ArrayRef.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace sluice::reference {

/// A failure while evaluating: an op the evaluator does not know, or shapes
/// that disagree at run time. `what()` starts with the op's source location
/// when it has one: "m.sl:4:3: sl.matmul: contracted sizes differ: 3 vs 4".
class EvaluationError : public std::runtime_error {
public:
  explicit EvaluationError(const std::string &message)
      : std::runtime_error(message) {}
};

/// Evaluates `func` on `args` (one per function argument, any dtype, any
/// strides; converted to float64) and returns one owned, contiguous F64
/// tensor per result: outputs are never rounded to the result element type
/// (a result that went through `arith.truncf` already holds values of it).
/// Throws EvaluationError.
std::vector<runtime::Tensor>
evaluateReference(mlir::func::FuncOp func,
                  llvm::ArrayRef<runtime::Tensor> args);

} // namespace sluice::reference

#endif // SLUICE_CODEGEN_REFERENCE_REFERENCEEVALUATOR_H
