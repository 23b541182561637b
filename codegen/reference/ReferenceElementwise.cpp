//===- ReferenceElementwise.cpp - arith, math and sl element-wise ops -----===//
//
// Every function is the textbook formula in float64. `arith.truncf` is the
// one op that rounds: to its result element type.
//
//===----------------------------------------------------------------------===//

#include "codegen/reference/Evaluator.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringSwitch.h"

#include "runtime/Tensor.h"

#include <cmath>

using namespace mlir;

namespace sluice::reference {
namespace {

using Unary = double (*)(double);
using Binary = double (*)(double, double);

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// IEEE maximum: NaN if either is NaN; +0 above -0.
double maximum(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return NAN;
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

/// IEEE minimum: NaN if either is NaN; -0 below +0.
double minimum(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return NAN;
  if (a == b)
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

Unary unaryFunction(llvm::StringRef name) {
  return llvm::StringSwitch<Unary>(name)
      .Case(
          "arith.negf", +[](double x) { return -x; })
      .Case(
          "arith.extf", +[](double x) { return x; })
      .Case(
          "math.exp", +[](double x) { return std::exp(x); })
      .Case(
          "math.log", +[](double x) { return std::log(x); })
      .Case(
          "math.log1p", +[](double x) { return std::log1p(x); })
      .Case(
          "math.expm1", +[](double x) { return std::expm1(x); })
      .Case(
          "math.sqrt", +[](double x) { return std::sqrt(x); })
      .Case(
          "math.rsqrt", +[](double x) { return 1.0 / std::sqrt(x); })
      .Case(
          "math.tanh", +[](double x) { return std::tanh(x); })
      .Case(
          "math.absf", +[](double x) { return std::fabs(x); })
      .Case(
          "math.sin", +[](double x) { return std::sin(x); })
      .Case(
          "math.cos", +[](double x) { return std::cos(x); })
      .Case(
          "math.erf", +[](double x) { return std::erf(x); })
      .Case(
          "sl.sigmoid", +[](double x) { return sigmoid(x); })
      // log(1 + exp(x)), without overflow for large x.
      .Case(
          "sl.softplus",
          +[](double x) {
            return x > 0 ? x + std::log1p(std::exp(-x))
                         : std::log1p(std::exp(x));
          })
      .Case(
          "sl.silu", +[](double x) { return x * sigmoid(x); })
      .Case(
          "sl.gelu",
          +[](double x) {
            // erfc(-z) is 1 + erf(z) without its cancellation for x < 0.
            return x * std::erfc(-x / std::sqrt(2.0)) / 2.0;
          })
      .Default(nullptr);
}

Binary binaryFunction(llvm::StringRef name) {
  return llvm::StringSwitch<Binary>(name)
      .Case(
          "arith.addf", +[](double a, double b) { return a + b; })
      .Case(
          "arith.subf", +[](double a, double b) { return a - b; })
      .Case(
          "arith.mulf", +[](double a, double b) { return a * b; })
      .Case(
          "arith.divf", +[](double a, double b) { return a / b; })
      .Case(
          "arith.maximumf", +[](double a, double b) { return maximum(a, b); })
      .Case(
          "arith.minimumf", +[](double a, double b) { return minimum(a, b); })
      .Case(
          "arith.maxnumf", +[](double a, double b) { return std::fmax(a, b); })
      .Case(
          "arith.minnumf", +[](double a, double b) { return std::fmin(a, b); })
      .Case(
          "math.powf", +[](double a, double b) { return std::pow(a, b); })
      .Default(nullptr);
}

/// `arith.cmpf`'s predicate on two float64 values (a boolean is 1 or 0).
bool compare(arith::CmpFPredicate predicate, double a, double b) {
  using P = arith::CmpFPredicate;
  bool unordered = std::isnan(a) || std::isnan(b);
  switch (predicate) {
  case P::AlwaysFalse:
    return false;
  case P::AlwaysTrue:
    return true;
  case P::OEQ:
    return !unordered && a == b;
  case P::OGT:
    return !unordered && a > b;
  case P::OGE:
    return !unordered && a >= b;
  case P::OLT:
    return !unordered && a < b;
  case P::OLE:
    return !unordered && a <= b;
  case P::ONE:
    return !unordered && a != b;
  case P::ORD:
    return !unordered;
  case P::UEQ:
    return unordered || a == b;
  case P::UGT:
    return unordered || a > b;
  case P::UGE:
    return unordered || a >= b;
  case P::ULT:
    return unordered || a < b;
  case P::ULE:
    return unordered || a <= b;
  case P::UNE:
    return unordered || a != b;
  case P::UNO:
    return unordered;
  }
  return false;
}

/// The runtime dtype of a float type, for `arith.truncf`.
runtime::DType dtypeOf(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (element.isF16())
    return runtime::DType::F16;
  if (element.isBF16())
    return runtime::DType::BF16;
  if (element.isF32())
    return runtime::DType::F32;
  if (element.isF64())
    return runtime::DType::F64;
  throw OpFailure("unsupported element type (only f16, bf16, f32, f64)");
}
} // namespace

bool isElementwise(Operation *op) {
  llvm::StringRef name = op->getName().getStringRef();
  return name == "arith.truncf" || isa<arith::CmpFOp, arith::SelectOp>(op) ||
         unaryFunction(name) || binaryFunction(name);
}

Array evalElementwise(Operation *op, llvm::ArrayRef<const Array *> operands) {
  llvm::StringRef name = op->getName().getStringRef();
  for (const Array *a : operands)
    if (a->shape != operands.front()->shape)
      throw OpFailure("operand shapes " + toString(operands.front()->shape) +
                      " and " + toString(a->shape) + " differ");
  Array out(operands.front()->shape);
  if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
    // A boolean tensor holds 1 (true) or 0 (false).
    for (int64_t i = 0; i < out.size(); ++i)
      out.data[i] = compare(cmp.getPredicate(), operands[0]->data[i],
                            operands[1]->data[i]);
  } else if (isa<arith::SelectOp>(op)) {
    // A real select: the other branch is never read, so an inf or NaN
    // there does not leak into the result.
    for (int64_t i = 0; i < out.size(); ++i)
      out.data[i] = operands[0]->data[i] != 0 ? operands[1]->data[i]
                                              : operands[2]->data[i];
  } else if (name == "arith.truncf") {
    runtime::DType dtype = dtypeOf(op->getResult(0).getType());
    for (int64_t i = 0; i < out.size(); ++i)
      out.data[i] = runtime::roundTo(dtype, operands[0]->data[i]);
  } else if (Unary f = unaryFunction(name)) {
    for (int64_t i = 0; i < out.size(); ++i)
      out.data[i] = f(operands[0]->data[i]);
  } else if (Binary f = binaryFunction(name)) {
    for (int64_t i = 0; i < out.size(); ++i)
      out.data[i] = f(operands[0]->data[i], operands[1]->data[i]);
  }
  return out;
}

} // namespace sluice::reference
