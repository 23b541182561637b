//===- ScanUtils.cpp - Helpers shared by the scan-forming passes ----------===//

#include "passes/ScanUtils.h"
#include "passes/RecurrenceAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace sluice {

Value createFilledSlice(OpBuilder &builder, Location loc, Value full,
                        int64_t absAxis, double value) {
  auto type = cast<RankedTensorType>(full.getType());
  Type element = type.getElementType();
  auto scalar = RankedTensorType::get({}, element);
  Value splat = builder.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(scalar, builder.getFloatAttr(element, value)));
  SmallVector<int64_t> shape;
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (d == absAxis)
      continue;
    shape.push_back(type.getDimSize(d));
    if (type.isDynamicDim(d))
      sizes.push_back(builder.create<tensor::DimOp>(loc, full, d));
  }
  if (shape.empty())
    return splat;
  return builder.create<sl::BroadcastOp>(
      loc, RankedTensorType::get(shape, element), splat, ArrayRef<int64_t>{},
      sizes);
}

StringRef semiringName(sl::Semiring semiring) {
  switch (semiring) {
  case sl::Semiring::linear:
    return "linear";
  case sl::Semiring::max_plus:
    return "max-plus";
  case sl::Semiring::min_plus:
    return "min-plus";
  case sl::Semiring::log_add_exp:
    return "log-add-exp";
  }
  return "?";
}

std::string describeMatrix(sl::StructureAttr m, int64_t k) {
  std::string kxk = std::to_string(k) + "x" + std::to_string(k);
  bool lower = true, upper = true, diagonal = true, companion = k > 1;
  int64_t nonZeros = 0;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j) {
      sl::Entry e = m.at(i, j, k);
      bool zero = e == sl::Entry::zero;
      nonZeros += !zero;
      lower &= j <= i || zero;
      upper &= j >= i || zero;
      diagonal &= j == i || zero;
      // Row 0 is free; row i >= 1 only shifts component i-1 down.
      if (i > 0)
        companion &= j == i - 1 ? e == sl::Entry::one : zero;
    }
  if (diagonal)
    return "diagonal";
  if (companion)
    return "companion " + kxk + " matrix";
  if (lower)
    return "lower-triangular " + kxk + " matrix";
  if (upper)
    return "upper-triangular " + kxk + " matrix";
  if (nonZeros == k * k)
    return "full " + kxk + " matrix";
  return "sparse " + kxk + " matrix (" + std::to_string(nonZeros) + " of " +
         std::to_string(k * k) + " entries non-zero)";
}

std::string describeScan(sl::ScanOp scan, StringRef structure) {
  int64_t k = scan.getStateSize();
  sl::StructureAttr m = scan.getMatrix();
  std::string s = "state size " + std::to_string(k) + ", ";
  s += structure.empty() ? describeMatrix(m, k) : structure.str();
  if (m.contains(sl::Entry::varying))
    s += ", time-varying coefficients";
  else if (m.contains(sl::Entry::invariant))
    s += ", time-invariant coefficients";
  else
    s += ", unit coefficients";
  return s;
}

std::string userOpName(Operation *op) {
  // An op standing for a builtin of another name (squeeze, reshape).
  if (auto spelled = op->getAttrOfType<StringAttr>(kSpelledAttr))
    return spelled.str();
  if (isa<arith::MaximumFOp, arith::MaxNumFOp>(op)) {
    for (Value v : op->getOperands())
      if (getSplatValue(v) == 0.0)
        return "relu";
    return "max";
  }
  if (auto reduce = dyn_cast<sl::ReduceOp>(op)) {
    switch (reduce.getKind()) {
    case sl::ReduceKind::max:
      return "amax";
    case sl::ReduceKind::min:
      return "amin";
    default:
      return sl::stringifyReduceKind(reduce.getKind()).str();
    }
  }
  if (auto cum = dyn_cast<sl::CumulativeOp>(op))
    return cum.getKind() == sl::CumulativeKind::logsumexp
               ? "logcumsumexp"
               : "cum" + sl::stringifyCumulativeKind(cum.getKind()).str();
  if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
    switch (cmp.getPredicate()) {
    case arith::CmpFPredicate::OLT:
    case arith::CmpFPredicate::ULT:
      return "<";
    case arith::CmpFPredicate::OLE:
    case arith::CmpFPredicate::ULE:
      return "<=";
    case arith::CmpFPredicate::OGT:
    case arith::CmpFPredicate::UGT:
      return ">";
    case arith::CmpFPredicate::OGE:
    case arith::CmpFPredicate::UGE:
      return ">=";
    case arith::CmpFPredicate::OEQ:
    case arith::CmpFPredicate::UEQ:
      return "==";
    case arith::CmpFPredicate::ONE:
    case arith::CmpFPredicate::UNE:
      return "!=";
    default:
      return "cmpf";
    }
  }
  StringRef name = op->getName().getStringRef();
  return llvm::StringSwitch<std::string>(name)
      .Case("arith.select", "where")
      .Case("arith.addf", "+")
      .Cases("arith.subf", "arith.negf", "-")
      .Case("arith.mulf", "*")
      .Case("arith.divf", "/")
      .Cases("arith.minimumf", "arith.minnumf", "min")
      .Case("sl.matmul", "@")
      .Case("math.absf", "abs")
      .Case("math.powf", "pow")
      .Default(op->getName().stripDialect().str());
}

std::string describeOp(Operation *op) {
  std::string s = "'" + userOpName(op) + "'";
  if (auto loc = op->getLoc()->findInstanceOf<FileLineColLoc>())
    return s + " at " + std::to_string(loc.getLine()) + ":" +
           std::to_string(loc.getColumn());
  return s + " (no source location)";
}

} // namespace sluice
