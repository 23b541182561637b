//===- SymbolicShapes.cpp - Which model dim each `?` is -------------------===//

#include "codegen/SymbolicShapes.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

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
    SymShape shape;
    for (Attribute a : dims) {
      std::string text = cast<StringAttr>(a).str();
      auto it = std::find(names.begin(), names.end(), text);
      if (it != names.end())
        shape.push_back(SymDim{static_cast<int32_t>(it - names.begin()), 0});
      else
        shape.push_back(SymDim{-1, std::stoll(text)});
    }
    shapes[arg] = shape;
  }
  visitBlock(func.getBody().front());
}

void SymbolicShapes::fail(const std::string &why) {
  if (errorText.empty())
    errorText = why;
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
    if (!ok())
      return;
    if (auto dim = dyn_cast<tensor::DimOp>(&op)) {
      std::optional<int64_t> axis = dim.getConstantIndex();
      const SymShape &s = shape(dim.getSource());
      if (!axis || *axis >= static_cast<int64_t>(s.size()))
        return fail("tensor.dim with an unknown axis");
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
        if (outType.isDynamicDim(j))
          out[j] = SymDim{dimOfIndex(bc.getSizes()[next++]), 0};
        else
          out[j] = SymDim{-1, outType.getDimSize(j)};
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
      SymShape s = shape(mm.getLhs());
      s.back() = shape(mm.getRhs()).back();
      shapes[mm.getResult()] = s;
      continue;
    }
    if (auto loop = dyn_cast<sl::LoopOp>(&op)) {
      Block &body = loop.getBody().front();
      int64_t axis = loop.getAxis();
      unsigned arg = 0;
      for (Value seq : loop.getSeqs()) {
        const SymShape &s = shape(seq);
        shapes[body.getArgument(arg++)] = dropAxis(s, s.size() + axis);
      }
      for (Value inv : loop.getInvariants())
        assign(body.getArgument(arg++), shape(inv));
      for (Value init : loop.getInits())
        assign(body.getArgument(arg++), shape(init));
      visitBlock(body);
      SymDim steps{dimOfIndex(loop.getSteps()), 0};
      for (auto [r, v] : llvm::enumerate(loop.getYield().getValues())) {
        const SymShape &slice = shape(v);
        shapes[loop.getResult(r)] =
            insertAxis(slice, slice.size() + 1 + axis, steps);
      }
      continue;
    }
    if (auto scan = dyn_cast<sl::ScanOp>(&op)) {
      SymDim steps{dimOfIndex(scan.getSteps()), 0};
      for (auto [r, init] : llvm::enumerate(scan.getInits())) {
        const SymShape &slice = shape(init);
        shapes[scan.getResult(r)] =
            insertAxis(slice, slice.size() + 1 + scan.getAxis(), steps);
      }
      continue;
    }
    if (auto kernel = dyn_cast<sl::KernelOp>(&op)) {
      Block &body = kernel.getBody().front();
      for (auto [arg, in] : llvm::zip(body.getArguments(), kernel.getInputs()))
        assign(arg, shape(in));
      visitBlock(body);
      auto yield = cast<sl::YieldOp>(body.getTerminator());
      for (auto [r, v] : llvm::zip(kernel.getResults(), yield.getValues()))
        assign(r, shape(v));
      continue;
    }
    // Element-wise and shape-preserving ops: the result has the first tensor
    // operand's shape (IRGen broadcasts operands explicitly).
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
        return fail("cannot name the dims of the result of " +
                    op.getName().getStringRef().str());
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
