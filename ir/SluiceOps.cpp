//===- SluiceOps.cpp - `sl` op verifiers and helpers ----------------------===//

#include "ir/SluiceOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace sluice::sl;

namespace {
/// Parses a scan structure written as its compact string ("vc10"); `allowed`
/// lists the letters this position takes (a located error names the others).
ParseResult parseStructureString(OpAsmParser &parser, StructureAttr &attr,
                                 StringRef what, StringRef allowed) {
  SMLoc loc = parser.getCurrentLocation();
  std::string compact;
  if (parser.parseString(&compact))
    return failure();
  SmallVector<Entry> entries;
  for (char c : compact) {
    FailureOr<Entry> e = StructureAttr::fromLetter(c);
    if (failed(e) || !allowed.contains(c)) {
      std::string list;
      for (char a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(1, a);
      return parser.emitError(loc) << what << " entry '" << c
                                   << "' is not one of " << list;
    }
    entries.push_back(*e);
  }
  attr = StructureAttr::get(parser.getContext(), entries);
  return success();
}

/// `matrix "vc10"`: the entries of M.
ParseResult parseMatrixStructure(OpAsmParser &parser, StructureAttr &attr) {
  return parseStructureString(parser, attr, "matrix", "01vc");
}

/// `forcing "v0"`: the entries of f (never the semiring's one).
ParseResult parseForcingStructure(OpAsmParser &parser, StructureAttr &attr) {
  return parseStructureString(parser, attr, "forcing", "0vc");
}

void printStructureString(OpAsmPrinter &printer, StructureAttr attr) {
  printer << "\"" << attr.str() << "\"";
}

void printMatrixStructure(OpAsmPrinter &printer, Operation *,
                          StructureAttr attr) {
  printStructureString(printer, attr);
}

void printForcingStructure(OpAsmPrinter &printer, Operation *,
                           StructureAttr attr) {
  printStructureString(printer, attr);
}

/// `type` without dim `axis`.
RankedTensorType dropDim(RankedTensorType type, int64_t axis) {
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  return RankedTensorType::get(shape, type.getElementType());
}

/// Checks `axis` against `rank` for ops that take an absolute axis.
LogicalResult verifyAxis(Operation *op, int64_t axis, int64_t rank) {
  if (axis < 0 || axis >= rank)
    return op->emitOpError() << "axis " << axis
                             << " is out of range for an operand of rank "
                             << rank;
  return success();
}

/// Checks a scan axis counted from the end against a tensor's rank.
LogicalResult verifyAxisFromEnd(Operation *op, int64_t axis, Type type,
                                StringRef what) {
  auto ranked = cast<RankedTensorType>(type);
  if (axis >= 0)
    return op->emitOpError() << "axis must be negative (counted from the end), got "
                             << axis;
  if (-axis > ranked.getRank())
    return op->emitOpError() << what << " of type " << type
                             << " has no axis " << axis;
  return success();
}

/// Static sizes must agree; dynamic sizes are checked at run time.
bool sizesCompatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// `size` as text: the number or `?`.
std::string sizeText(int64_t size) {
  return ShapedType::isDynamic(size) ? "?" : std::to_string(size);
}

/// Checks that `from` broadcasts to `to` without its dim `skip` (none if
/// negative), aligned at the trailing dims: each dim of `from` is 1 or could
/// equal the dim it meets (a dynamic dim could be anything; code generation
/// checks which model dim it is).
LogicalResult verifyBroadcastsTo(Operation *op, RankedTensorType from,
                                 RankedTensorType to, int64_t skip,
                                 const Twine &what) {
  SmallVector<int64_t> target;
  for (int64_t d = 0; d < to.getRank(); ++d)
    if (d != skip)
      target.push_back(to.getDimSize(d));
  int64_t offset = static_cast<int64_t>(target.size()) - from.getRank();
  if (offset < 0)
    return op->emitOpError() << what << " of type " << from
                             << " has more dims than " << to
                             << (skip >= 0 ? " without its scan axis" : "");
  for (int64_t i = 0; i < from.getRank(); ++i) {
    int64_t f = from.getDimSize(i), t = target[offset + i];
    if (f != 1 && !sizesCompatible(f, t))
      return op->emitOpError()
             << what << " of type " << from << " does not broadcast to " << to
             << (skip >= 0 ? " without its scan axis" : "") << ": dim " << i
             << " (size " << sizeText(f) << ") meets size " << sizeText(t);
  }
  return success();
}

/// Checks a constant `steps` operand: not negative, and equal to the static
/// size of the scan axis of `result` (if static).
LogicalResult verifySteps(Operation *op, Value steps, RankedTensorType result,
                          int64_t axis) {
  APInt value;
  if (!matchPattern(steps, m_ConstantInt(&value)))
    return success();
  int64_t n = value.getSExtValue();
  int64_t size = result.getDimSize(axis);
  if (n < 0)
    return op->emitOpError() << "steps must not be negative, got " << n;
  if (!ShapedType::isDynamic(size) && size != n)
    return op->emitOpError() << "steps (" << n
                             << ") must equal the size of the scan axis ("
                             << size << ")";
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// BroadcastOp
//===----------------------------------------------------------------------===//

int64_t BroadcastOp::getNumNewDynamicDims() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  int64_t count = out.getNumDynamicDims();
  for (auto [i, d] : llvm::enumerate(getDims()))
    if (in.isDynamicDim(i) && d >= 0 && d < out.getRank() && out.isDynamicDim(d))
      --count;
  return count;
}

LogicalResult BroadcastOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("operand and result element types differ");
  ArrayRef<int64_t> dims = getDims();
  if (static_cast<int64_t>(dims.size()) != in.getRank())
    return emitOpError() << "expects one 'dims' entry per operand dim ("
                         << in.getRank() << "), got " << dims.size();
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (d < 0 || d >= out.getRank() || (i > 0 && d <= dims[i - 1]))
      return emitOpError() << "'dims' must be strictly increasing and within "
                              "the result rank "
                           << out.getRank();
    int64_t inSize = in.getDimSize(i), outSize = out.getDimSize(d);
    if (inSize == 1)
      continue;
    if (ShapedType::isDynamic(inSize) != ShapedType::isDynamic(outSize) ||
        inSize != outSize)
      return emitOpError() << "operand dim " << i << " (size "
                           << (ShapedType::isDynamic(inSize) ? std::string("?") : std::to_string(inSize))
                           << ") cannot broadcast to result dim " << d
                           << " (size "
                           << (ShapedType::isDynamic(outSize) ? std::string("?") : std::to_string(outSize))
                           << ")";
  }
  int64_t needed = getNumNewDynamicDims();
  if (static_cast<int64_t>(getSizes().size()) != needed)
    return emitOpError() << "expects " << needed
                         << " sizes (one per dynamic result dim that no "
                            "dynamic operand dim gives), got "
                         << getSizes().size();
  return success();
}

//===----------------------------------------------------------------------===//
// ShiftOp, LastOp
//===----------------------------------------------------------------------===//

LogicalResult ShiftOp::verify() {
  // Kernels compute `t - amount` in i64: keep it exact.
  constexpr int64_t kMaxAmount = int64_t(1) << 62;
  int64_t amount = getAmountAttr().getValue().getSExtValue();
  if (amount > kMaxAmount || amount < -kMaxAmount)
    return emitOpError() << "amount " << amount
                         << " is out of range (at most 2^62 either way)";
  return verifyAxis(*this, getAxis(), getInput().getType().getRank());
}

LogicalResult LastOp::verify() {
  auto in = getInput().getType();
  if (failed(verifyAxis(*this, getAxis(), in.getRank())))
    return failure();
  if (dropDim(in, getAxis()) != getResult().getType())
    return emitOpError() << "result type must be " << dropDim(in, getAxis())
                         << " (the operand without axis " << getAxis() << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  auto lhs = getLhs().getType(), rhs = getRhs().getType();
  auto res = getResult().getType();
  if (lhs.getElementType() != rhs.getElementType() ||
      lhs.getElementType() != res.getElementType())
    return emitOpError("operand and result element types must match");
  if (lhs.getRank() < 1)
    return emitOpError("lhs must have at least one dim");
  bool batched = rhs.getRank() == lhs.getRank() + 1 && lhs.getRank() > 1;
  if (rhs.getRank() != 2 && !batched)
    return emitOpError() << "rhs must be [K, N] or [L..., K, N] with the "
                            "leading dims of lhs; got rank "
                         << rhs.getRank() << " for lhs rank " << lhs.getRank();
  int64_t k = lhs.getDimSize(lhs.getRank() - 1);
  int64_t rk = rhs.getDimSize(rhs.getRank() - 2);
  if (!sizesCompatible(k, rk))
    return emitOpError() << "contracted sizes differ: " << k << " vs " << rk;
  SmallVector<int64_t> expected(lhs.getShape().drop_back());
  if (batched)
    for (int64_t i = 0; i + 1 < lhs.getRank(); ++i)
      if (!sizesCompatible(lhs.getDimSize(i), rhs.getDimSize(i)))
        return emitOpError() << "batch dim " << i << " differs";
  expected.push_back(rhs.getDimSize(rhs.getRank() - 1));
  if (res.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape must be lhs's leading dims then N";
  return success();
}

//===----------------------------------------------------------------------===//
// ReduceOp, CumulativeOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::verify() {
  auto in = getInput().getType();
  if (failed(verifyAxis(*this, getAxis(), in.getRank())))
    return failure();
  SmallVector<int64_t> shape(in.getShape());
  if (getKeepdims())
    shape[getAxis()] = 1;
  else
    shape.erase(shape.begin() + getAxis());
  auto expected = RankedTensorType::get(shape, in.getElementType());
  if (expected != getResult().getType())
    return emitOpError() << "result type must be " << expected;
  return success();
}

LogicalResult CumulativeOp::verify() {
  return verifyAxis(*this, getAxis(), getInput().getType().getRank());
}

//===----------------------------------------------------------------------===//
// LoopOp
//===----------------------------------------------------------------------===//

YieldOp LoopOp::getYield() {
  return cast<YieldOp>(getBody().front().getTerminator());
}

BlockArgument LoopOp::getStateArg(unsigned state, unsigned lag) {
  unsigned index = getSeqs().size() + getInvariants().size();
  for (unsigned s = 0; s < state; ++s)
    index += getLags()[s];
  return getBody().getArgument(index + lag - 1);
}

unsigned LoopOp::getFirstInitIndex(unsigned state) {
  unsigned index = 0;
  for (unsigned s = 0; s < state; ++s)
    index += getLags()[s];
  return index;
}

LogicalResult LoopOp::verifyRegions() {
  int64_t axis = getAxis();
  ArrayRef<int64_t> lags = getLags();
  if (lags.size() != getResults().size())
    return emitOpError() << "expects one lag per state (" << getResults().size()
                         << "), got " << lags.size();
  int64_t totalLags = 0;
  for (int64_t lag : lags) {
    if (lag < 0)
      return emitOpError("lags must be non-negative");
    totalLags += lag;
  }
  if (static_cast<int64_t>(getInits().size()) != totalLags)
    return emitOpError() << "expects " << totalLags
                         << " inits (one per state and lag), got "
                         << getInits().size();
  for (Value v : getSeqs())
    if (failed(verifyAxisFromEnd(*this, axis, v.getType(), "sequence operand")))
      return failure();
  for (Value v : getResults())
    if (failed(verifyAxisFromEnd(*this, axis, v.getType(), "result")))
      return failure();
  // Every sequence operand and result has the steps at the scan axis.
  SmallVector<Value> sequences(getSeqs());
  llvm::append_range(sequences, getResults());
  for (Value v : sequences) {
    auto t = cast<RankedTensorType>(v.getType());
    if (failed(verifySteps(*this, getSteps(), t,
                           absoluteAxis(axis, t.getRank()))))
      return failure();
  }
  std::optional<int64_t> steps;
  for (Value v : sequences) {
    auto t = cast<RankedTensorType>(v.getType());
    int64_t size = t.getDimSize(absoluteAxis(axis, t.getRank()));
    if (ShapedType::isDynamic(size))
      continue;
    if (steps && *steps != size)
      return emitOpError() << "sequence operands and results disagree on the "
                              "number of steps ("
                           << *steps << " vs " << size << ")";
    steps = size;
  }

  Block &body = getBody().front();
  size_t expectedArgs = getSeqs().size() + getInvariants().size() + totalLags;
  if (body.getNumArguments() != expectedArgs)
    return emitOpError() << "body must take " << expectedArgs
                         << " arguments (sequence slices, invariants, state "
                            "lags), got "
                         << body.getNumArguments();
  auto slice = [&](Value v) {
    auto t = cast<RankedTensorType>(v.getType());
    return dropDim(t, absoluteAxis(axis, t.getRank()));
  };
  unsigned arg = 0;
  for (Value v : getSeqs()) {
    if (body.getArgument(arg).getType() != slice(v))
      return emitOpError() << "body argument " << arg << " must be the slice "
                           << slice(v) << " of its sequence operand";
    ++arg;
  }
  for (Value v : getInvariants()) {
    if (body.getArgument(arg).getType() != v.getType())
      return emitOpError() << "body argument " << arg
                           << " must have its invariant's type " << v.getType();
    ++arg;
  }
  auto results = getResults();
  unsigned init = 0;
  for (auto [s, lag] : llvm::enumerate(lags)) {
    Type sliceType = slice(results[s]);
    for (int64_t l = 0; l < lag; ++l, ++arg, ++init) {
      if (body.getArgument(arg).getType() != sliceType)
        return emitOpError() << "body argument " << arg << " (state " << s
                             << " at lag " << l + 1 << ") must be "
                             << sliceType;
      if (getInits()[init].getType() != sliceType)
        return emitOpError() << "init " << init << " (state " << s
                             << " at lag " << l + 1 << ") must be "
                             << sliceType;
    }
  }
  YieldOp yield = getYield();
  if (yield.getValues().size() != results.size())
    return emitOpError() << "body must yield one value per state ("
                         << results.size() << "), got "
                         << yield.getValues().size();
  for (auto [s, v] : llvm::enumerate(yield.getValues()))
    if (v.getType() != slice(results[s]))
      return emitOpError() << "yielded value " << s << " must be "
                           << slice(results[s]);
  return success();
}

//===----------------------------------------------------------------------===//
// ScanOp
//===----------------------------------------------------------------------===//

bool ScanOp::isDiagonal() { return getMatrix().isDiagonal(getStateSize()); }

LogicalResult ScanOp::verify() {
  int64_t k = getResults().size();
  if (k < 1)
    return emitOpError("must have at least one result (state component)");
  std::string m = getMatrix().str(), f = getForcing().str();
  if (static_cast<int64_t>(m.size()) != k * k)
    return emitOpError() << "matrix must describe " << k * k
                         << " entries (k = " << k << "), got " << m.size();
  if (static_cast<int64_t>(f.size()) != k)
    return emitOpError() << "forcing must describe " << k
                         << " entries (k = " << k << "), got " << f.size();
  size_t coeffCount = 0, inputCount = 0;
  for (char c : m) {
    if (!StringRef("01vc").contains(c))
      return emitOpError() << "matrix entry '" << c
                           << "' is not one of 0, 1, v, c";
    coeffCount += (c == 'v' || c == 'c');
  }
  for (char c : f) {
    if (!StringRef("0vc").contains(c))
      return emitOpError() << "forcing entry '" << c
                           << "' is not one of 0, v, c";
    inputCount += (c == 'v' || c == 'c');
  }
  if (getCoeffs().size() != coeffCount)
    return emitOpError() << "matrix \"" << m << "\" needs " << coeffCount
                         << " coeffs, got " << getCoeffs().size();
  if (getInputs().size() != inputCount)
    return emitOpError() << "forcing \"" << f << "\" needs " << inputCount
                         << " inputs, got " << getInputs().size();
  if (static_cast<int64_t>(getInits().size()) != k)
    return emitOpError() << "expects " << k << " inits, got "
                         << getInits().size();
  Type resultType = getResults().front().getType();
  for (Value r : getResults())
    if (r.getType() != resultType)
      return emitOpError("all state components must have one type");
  if (failed(verifyAxisFromEnd(*this, getAxis(), resultType, "result")))
    return failure();
  auto result = cast<RankedTensorType>(resultType);
  auto sliceType = dropDim(result, absoluteAxis(getAxis(), result.getRank()));
  for (Value init : getInits())
    if (init.getType() != sliceType)
      return emitOpError() << "inits must be state slices of type " << sliceType;
  int64_t axis = absoluteAxis(getAxis(), result.getRank());
  if (failed(verifySteps(*this, getSteps(), result, axis)))
    return failure();
  // What code generation relies on: a varying operand has the scan axis with
  // the result's size there (it is read at every step) and broadcasts to the
  // result; a time-invariant one broadcasts to the state slice.
  auto checkOperands = [&](StringRef kinds, OperandRange operands,
                           StringRef what) -> LogicalResult {
    unsigned i = 0;
    for (char c : kinds) {
      if (c != 'v' && c != 'c')
        continue;
      Value v = operands[i++];
      auto t = cast<RankedTensorType>(v.getType());
      if (t.getElementType() != result.getElementType())
        return emitOpError() << what << " " << i - 1
                             << " must have element type "
                             << result.getElementType();
      if (c == 'v') {
        if (failed(verifyAxisFromEnd(*this, getAxis(), t, "varying operand")))
          return failure();
        int64_t own = t.getDimSize(absoluteAxis(getAxis(), t.getRank()));
        if (!sizesCompatible(own, result.getDimSize(axis)))
          return emitOpError()
                 << "varying " << what << " " << i - 1 << " has "
                 << sizeText(own) << " steps at the scan axis, the result "
                 << sizeText(result.getDimSize(axis));
        if (failed(verifyBroadcastsTo(*this, t, result, -1,
                                      "varying " + what + " " + Twine(i - 1))))
          return failure();
      }
      if (c == 'c' && t.getRank() > sliceType.getRank())
        return emitOpError() << "time-invariant " << what << " " << i - 1
                             << " has a higher rank than the state slice";
      if (c == 'c' &&
          failed(verifyBroadcastsTo(*this, t, result, axis,
                                    "time-invariant " + what + " " +
                                        Twine(i - 1))))
        return failure();
    }
    return success();
  };
  if (failed(checkOperands(m, getCoeffs(), "coeff")) ||
      failed(checkOperands(f, getInputs(), "input")))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

LogicalResult KernelOp::verifyRegions() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError() << "body must take one argument per input ("
                         << getInputs().size() << "), got "
                         << body.getNumArguments();
  for (auto [arg, in] : llvm::zip(body.getArguments(), getInputs()))
    if (arg.getType() != in.getType())
      return emitOpError() << "body argument types must match the inputs";
  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValues().getTypes() != getResults().getTypes())
    return emitOpError() << "body must yield the kernel's result types";
  return success();
}

#define GET_OP_CLASSES
#include "ir/SluiceOps.cpp.inc"
