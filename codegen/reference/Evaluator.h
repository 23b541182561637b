//===- Evaluator.h - The reference evaluator's op families -------*- C++
//-*-===//
//
// Internal to the reference evaluator. ReferenceEvaluator.cpp walks the IR
// and dispatches each op to one of these functions, which see plain arrays
// and throw OpFailure; the walker adds the op's name and location.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_REFERENCE_EVALUATOR_H
#define SLUICE_CODEGEN_REFERENCE_EVALUATOR_H

#include "codegen/reference/Array.h"
#include "ir/SluiceOps.h"

#include "llvm/ADT/ArrayRef.h"

namespace mlir {
class Block;
class Operation;
} // namespace mlir

namespace sluice::reference {

/// A runtime value of the IR: `array` for tensors and floats (rank 0),
/// `index` (with a null `array`) for index and integer values.
struct RtValue {
  ArrayPtr array;
  int64_t index = 0;
};

/// Runs the ops of `block` with its arguments bound to `args` and returns
/// the values of its terminator's operands. Throws EvaluationError.
std::vector<RtValue> runBlock(mlir::Block &block,
                              const std::vector<RtValue> &args);

/// True for the element-wise arith, math and `sl` ops (all operands and the
/// result have one shape).
bool isElementwise(mlir::Operation *op);
/// Evaluates an element-wise op on operands of one shape.
Array evalElementwise(mlir::Operation *op,
                      llvm::ArrayRef<const Array *> operands);

/// `sl.broadcast`, with the runtime values of its `sizes` operands.
Array evalBroadcast(sl::BroadcastOp op, const Array &input,
                    llvm::ArrayRef<int64_t> sizes);
/// `sl.matmul`, both forms.
Array evalMatmul(const Array &lhs, const Array &rhs);
/// `sl.reduce`.
Array evalReduce(sl::ReduceOp op, const Array &input);
/// `sl.cumulative` (ONNX CumSum semantics).
Array evalCumulative(sl::CumulativeOp op, const Array &input);
/// `sl.shift` (zero fill).
Array evalShift(sl::ShiftOp op, const Array &input);
/// `sl.last`.
Array evalLast(sl::LastOp op, const Array &input);

/// `sl.loop`: runs the body once per step.
std::vector<ArrayPtr> evalLoop(sl::LoopOp op, int64_t steps,
                               llvm::ArrayRef<ArrayPtr> seqs,
                               llvm::ArrayRef<ArrayPtr> invariants,
                               llvm::ArrayRef<ArrayPtr> inits);
/// `sl.scan`, step by step in its semiring.
std::vector<ArrayPtr> evalScan(sl::ScanOp op, int64_t steps,
                               llvm::ArrayRef<ArrayPtr> coeffs,
                               llvm::ArrayRef<ArrayPtr> inputs,
                               llvm::ArrayRef<ArrayPtr> inits);

} // namespace sluice::reference

#endif // SLUICE_CODEGEN_REFERENCE_EVALUATOR_H
