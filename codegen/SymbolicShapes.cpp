//===- SymbolicShapes.cpp - Which model dim each `?` is -------------------===//

#include "codegen/SymbolicShapes.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

#include <optional>

using namespace mlir;

namespace sluice::codegen {

namespace {
/// The shape of a fully static type, or nullopt.
std::optional<SymShape> staticShape(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || !ranked.hasStaticShape())
    return std::nullopt;
  SymShape shape;
  for (int64_t s : ranked.getShape())
    shape.push_back(SymDim{-1, s});
  return shape;
}

SymShape dropAxis(const SymShape &shape, int64_t axis) {
  SymShape result(shape);
  result.erase(result.begin() + axis);
  return result;
}

SymShape insertAxis(const SymShape &shape, int64_t axis, SymDim dim) {
  SymShape result(shape);
  result.insert(result.begin() + axis, dim);
  return result;
}
} // namespace

SymbolicShapes::SymbolicShapes(func::FuncOp func) {
  if (auto dims = func->getAttrOfType<ArrayAttr>("sl.dims"))
    for (Attribute a : dims)
      names.push_back(cast<StringAttr>(a).str());
  for (BlockArgument arg : func.getArguments()) {
    auto dims = func.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), "sl.dims");
    if (!dims) {
      fail("argument " + std::to_string(arg.getArgNumber()) +
           " has no sl.dims attribute");
      return;
    }
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || static_cast<int64_t>(dims.size()) != type.getRank()) {
      fail("argument " + std::to_string(arg.getArgNumber()) +
           " needs one sl.dims entry per dim of a ranked tensor");
      return;
    }
    SymShape shape;
    for (auto [i, a] : llvm::enumerate(dims)) {
      auto text = dyn_cast<StringAttr>(a);
      auto it = text ? std::find(names.begin(), names.end(), text.str())
                     : names.end();
      int64_t literal = 0;
      if (it != names.end())
        shape.push_back(SymDim{static_cast<int32_t>(it - names.begin()), 0});
      else if (text && !text.getValue().getAsInteger(10, literal) &&
               literal >= 1 &&
               (type.isDynamicDim(i) || literal == type.getDimSize(i)))
        shape.push_back(SymDim{-1, literal});
      else {
        fail("sl.dims entry " + std::to_string(i) + " of argument " +
             std::to_string(arg.getArgNumber()) +
             " is neither a model dim nor the argument's static size");
        return;
      }
      if (it != names.end() && !type.isDynamicDim(i)) {
        fail("argument " + std::to_string(arg.getArgNumber()) + " dim " +
             std::to_string(i) + " is the model dim '" + *it +
             "' but has a static size");
        return;
      }
    }
    shapes[arg] = shape;
  }
  visitBlock(func.getBody().front());
}

void SymbolicShapes::fail(const std::string &why) {
  if (errorText.empty())
    errorText = why;
}

void SymbolicShapes::fail(Operation *op, const std::string &why) {
  if (!errorText.empty())
    return;
  std::string where;
  if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
    where = file.getFilename().str() + ":" + std::to_string(file.getLine()) +
            ":" + std::to_string(file.getColumn()) + ": ";
  else
    op->getLoc()->walk([&](Location l) {
      if (auto f = dyn_cast<FileLineColLoc>(l)) {
        where = f.getFilename().str() + ":" + std::to_string(f.getLine()) +
                ":" + std::to_string(f.getColumn()) + ": ";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
  errorText = where + op->getName().getStringRef().str() + ": " + why;
}

namespace {
std::string dimText(const SymDim &d, const std::vector<std::string> &names) {
  return d.dim >= 0 ? names[d.dim] : std::to_string(d.literal);
}
} // namespace

std::string SymbolicShapes::str(const SymShape &shape) const {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + dimText(shape[i], names);
  return out + "]";
}

bool SymbolicShapes::checkOperands(Operation *op) {
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type)
      continue;
    auto it = shapes.find(v);
    if (it == shapes.end() ||
        static_cast<int64_t>(it->second.size()) != type.getRank()) {
      fail(op, "operand " + std::to_string(i) + " has no known dims");
      return false;
    }
  }
  return true;
}

std::optional<SymDim> SymbolicShapes::sizeOf(Operation *op, Value index,
                                             const char *what) {
  if (int32_t d = dimOfIndex(index); d >= 0)
    return SymDim{d, 0};
  llvm::APInt value;
  if (matchPattern(index, m_ConstantInt(&value)) && value.isStrictlyPositive() &&
      value.getActiveBits() < 48)
    return SymDim{-1, value.getSExtValue()};
  fail(op, std::string(what) +
               " must be a tensor.dim of a model dim or a positive constant");
  return std::nullopt;
}

bool SymbolicShapes::broadcastsTo(Operation *op, const SymShape &from,
                                  const SymShape &to, int skip,
                                  const std::string &what) {
  // Trailing-aligned, skipping dim `skip` of `to` (the scan axis of a slice).
  SmallVector<SymDim> target;
  for (int d = 0; d < static_cast<int>(to.size()); ++d)
    if (d != skip)
      target.push_back(to[d]);
  bool ok = from.size() <= target.size();
  for (size_t i = 0; ok && i < from.size(); ++i) {
    const SymDim &t = target[target.size() - from.size() + i];
    const SymDim &f = from[i];
    ok = f == t || (f.dim < 0 && f.literal == 1);
  }
  if (!ok)
    fail(op, what + " " + str(from) + " does not broadcast to " + str(to) +
                 (skip >= 0 ? " without its scan axis" : ""));
  return ok;
}

const SymShape &SymbolicShapes::shape(Value v) const {
  static const SymShape empty;
  auto it = shapes.find(v);
  return it == shapes.end() ? empty : it->second;
}

int32_t SymbolicShapes::dimOfIndex(Value v) const {
  auto it = indexDims.find(v);
  return it == indexDims.end() ? -1 : it->second;
}

std::vector<runtime::SizeExpr> SymbolicShapes::sizes(Value v) const {
  std::vector<runtime::SizeExpr> result;
  for (const SymDim &d : shape(v))
    result.push_back(d.size());
  return result;
}

void SymbolicShapes::visitBlock(Block &block) {
  // Copies `s` before inserting `v`: `shapes[v] = shape(w)` would read `w`'s
  // entry through a reference that the insertion may invalidate (rehash).
  auto assign = [this](Value v, SymShape s) { shapes[v] = std::move(s); };
  for (Operation &op : block) {
    // Every rule below reads its operands' shapes: IR that verifies but was
    // not built by sluice may lack them (or disagree), and the kernels would
    // index out of bounds, so each disagreement is an error at the op.
    if (!ok() || !checkOperands(&op))
      return;
    if (auto dim = dyn_cast<tensor::DimOp>(&op)) {
      std::optional<int64_t> axis = dim.getConstantIndex();
      const SymShape &s = shape(dim.getSource());
      if (!axis || *axis < 0 || *axis >= static_cast<int64_t>(s.size()))
        return fail(&op, "tensor.dim with an unknown axis");
      indexDims[dim.getResult()] = s[*axis].dim;
      continue;
    }
    if (auto bc = dyn_cast<sl::BroadcastOp>(&op)) {
      auto outType = bc.getResult().getType();
      const SymShape &in = shape(bc.getInput());
      SymShape out(outType.getRank(), SymDim{-1, 1});
      SmallVector<bool> given(outType.getRank(), false);
      for (auto [i, d] : llvm::enumerate(bc.getDims()))
        if (bc.getInput().getType().isDynamicDim(i)) {
          out[d] = in[i];
          given[d] = true;
        }
      unsigned next = 0;
      for (int64_t j = 0; j < outType.getRank(); ++j) {
        if (given[j])
          continue;
        if (outType.isDynamicDim(j)) {
          std::optional<SymDim> size =
              sizeOf(&op, bc.getSizes()[next++], "a broadcast size");
          if (!size)
            return;
          out[j] = *size;
        } else {
          out[j] = SymDim{-1, outType.getDimSize(j)};
        }
      }
      shapes[bc.getResult()] = out;
      continue;
    }
    if (auto last = dyn_cast<sl::LastOp>(&op)) {
      shapes[last.getResult()] =
          dropAxis(shape(last.getInput()), last.getAxis());
      continue;
    }
    if (auto reduce = dyn_cast<sl::ReduceOp>(&op)) {
      SymShape s = shape(reduce.getInput());
      if (reduce.getKeepdims())
        s[reduce.getAxis()] = SymDim{-1, 1};
      else
        s.erase(s.begin() + reduce.getAxis());
      shapes[reduce.getResult()] = s;
      continue;
    }
    if (auto mm = dyn_cast<sl::MatmulOp>(&op)) {
      SymShape lhs = shape(mm.getLhs());
      const SymShape &rhs = shape(mm.getRhs());
      bool batched = rhs.size() > 2;
      bool agree = lhs.back() == rhs[rhs.size() - 2];
      for (size_t i = 0; batched && i + 2 < rhs.size(); ++i)
        agree = agree && lhs[i] == rhs[i];
      if (!agree)
        return fail(&op, "operands " + str(lhs) + " and " + str(rhs) +
                             " do not agree on the contracted or batch dims");
      lhs.back() = rhs.back();
      shapes[mm.getResult()] = lhs;
      continue;
    }
    if (auto loop = dyn_cast<sl::LoopOp>(&op)) {
      std::optional<SymDim> steps = sizeOf(&op, loop.getSteps(), "steps");
      if (!steps)
        return;
      Block &body = loop.getBody().front();
      int64_t axis = loop.getAxis();
      unsigned arg = 0;
      for (Value seq : loop.getSeqs()) {
        const SymShape &s = shape(seq);
        if (s[s.size() + axis] != *steps)
          return fail(&op, "sequence operand " + str(s) +
                               " does not have the steps (" +
                               dimText(*steps, names) + ") at axis " +
                               std::to_string(axis));
        shapes[body.getArgument(arg++)] = dropAxis(s, s.size() + axis);
      }
      for (Value inv : loop.getInvariants())
        assign(body.getArgument(arg++), shape(inv));
      for (Value init : loop.getInits())
        assign(body.getArgument(arg++), shape(init));
      visitBlock(body);
      if (!ok() || !checkOperands(loop.getYield()))
        return;
      for (auto [r, v] : llvm::enumerate(loop.getYield().getValues())) {
        const SymShape &slice = shape(v);
        if (loop.getLags()[r] > 0 &&
            shape(loop.getInits()[loop.getFirstInitIndex(r)]) != slice)
          return fail(&op, "state " + std::to_string(r) + " yields " +
                               str(slice) + " but its init is " +
                               str(shape(loop.getInits()[loop.getFirstInitIndex(r)])));
        shapes[loop.getResult(r)] =
            insertAxis(slice, slice.size() + 1 + axis, *steps);
      }
      continue;
    }
    if (auto scan = dyn_cast<sl::ScanOp>(&op)) {
      std::optional<SymDim> steps = sizeOf(&op, scan.getSteps(), "steps");
      if (!steps)
        return;
      SymShape slice = shape(scan.getInits()[0]);
      for (Value init : scan.getInits())
        if (shape(init) != slice)
          return fail(&op, "inits " + str(slice) + " and " +
                               str(shape(init)) + " differ");
      SymShape result = insertAxis(slice, slice.size() + 1 + scan.getAxis(), *steps);
      int axis = static_cast<int>(result.size() + scan.getAxis());
      auto check = [&](StringRef kinds, OperandRange operands,
                       const std::string &what) {
        unsigned next = 0;
        for (char c : kinds)
          if (c == 'v' || c == 'c') {
            Value v = operands[next++];
            const SymShape &s = shape(v);
            std::string name = what + " " + std::to_string(next - 1);
            if (c == 'v' && s[s.size() + scan.getAxis()] != *steps) {
              fail(&op, "varying " + name + " " + str(s) +
                            " does not have the steps (" +
                            dimText(*steps, names) + ") at its scan axis");
              return false;
            }
            if (!broadcastsTo(&op, s, result, c == 'v' ? -1 : axis, name))
              return false;
          }
        return true;
      };
      if (!check(scan.getMatrix().str(), scan.getCoeffs(), "coeff") ||
          !check(scan.getForcing().str(), scan.getInputs(), "input"))
        return;
      for (Value r : scan.getResults())
        shapes[r] = result;
      continue;
    }
    if (auto kernel = dyn_cast<sl::KernelOp>(&op)) {
      Block &body = kernel.getBody().front();
      for (auto [arg, in] : llvm::zip(body.getArguments(), kernel.getInputs()))
        assign(arg, shape(in));
      visitBlock(body);
      auto yield = cast<sl::YieldOp>(body.getTerminator());
      if (!ok() || !checkOperands(yield))
        return;
      for (auto [r, v] : llvm::zip(kernel.getResults(), yield.getValues()))
        assign(r, shape(v));
      continue;
    }
    // Element-wise and shape-preserving ops: the result has the first tensor
    // operand's shape (IRGen broadcasts operands explicitly), and every
    // other tensor operand must have it too.
    for (Value result : op.getResults()) {
      if (!isa<RankedTensorType>(result.getType()))
        continue;
      if (auto s = staticShape(result.getType())) {
        shapes[result] = *s;
        continue;
      }
      Value like;
      for (Value operand : op.getOperands())
        if (isa<RankedTensorType>(operand.getType())) {
          like = operand;
          break;
        }
      if (!like || !shapes.count(like))
        return fail(&op, "cannot name the dims of the result");
      for (Value operand : op.getOperands())
        if (isa<RankedTensorType>(operand.getType()) &&
            shape(operand) != shape(like))
          return fail(&op, "operands " + str(shape(like)) + " and " +
                               str(shape(operand)) +
                               " have different dims (an element-wise op "
                               "needs one shape; broadcast with sl.broadcast)");
      if (shape(like).size() !=
          static_cast<size_t>(cast<RankedTensorType>(result.getType()).getRank()))
        return fail(&op, "the result's rank differs from its operands'");
      assign(result, shape(like));
    }
  }
}

runtime::DType dtypeOf(Type type) {
  Type elem = getElementTypeOrSelf(type);
  if (elem.isF16())
    return runtime::DType::F16;
  if (elem.isBF16())
    return runtime::DType::BF16;
  if (elem.isF64())
    return runtime::DType::F64;
  return runtime::DType::F32;
}

namespace {
std::string stringAttr(DictionaryAttr attrs, StringRef name) {
  if (!attrs)
    return "";
  if (auto s = attrs.getAs<StringAttr>(name))
    return s.str();
  return "";
}

runtime::ValueSpec valueSpec(const SymbolicShapes &shapes, Value v,
                             DictionaryAttr attrs) {
  runtime::ValueSpec spec;
  spec.name = stringAttr(attrs, "sl.name");
  spec.isParam = stringAttr(attrs, "sl.kind") == "param";
  spec.dtype = dtypeOf(cast<RankedTensorType>(v.getType()).getElementType());
  for (const SymDim &d : shapes.shape(v)) {
    spec.dims.push_back(d.dim);
    spec.literal.push_back(d.dim >= 0 ? 0 : d.literal);
  }
  return spec;
}
} // namespace

runtime::Plan signatureOf(func::FuncOp func, const SymbolicShapes &shapes) {
  runtime::Plan plan;
  plan.model = func.getSymName().str();
  plan.dimNames = shapes.dimNames();
  for (BlockArgument arg : func.getArguments())
    plan.arguments.push_back(
        valueSpec(shapes, arg, func.getArgAttrDict(arg.getArgNumber())));
  auto ret = func.getBody().front().getTerminator();
  for (auto [i, v] : llvm::enumerate(ret->getOperands()))
    plan.results.push_back(valueSpec(shapes, v, func.getResultAttrDict(i)));
  return plan;
}

} // namespace sluice::codegen
