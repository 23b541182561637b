//===- ReferenceEvaluator.cpp - Walks the IR, one op at a time ------------===//
//
// Values live in an environment from mlir::Value to RtValue, one per block
// run (`sl.loop` and `sl.kernel` bodies are isolated from above). Each op's
// results are checked against their static types.
//
//===----------------------------------------------------------------------===//

#include "codegen/reference/ReferenceEvaluator.h"
#include "codegen/reference/Evaluator.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/DenseMap.h"

#include <new>
#include <stdexcept>

using namespace mlir;

namespace sluice::reference {
namespace {

using Env = llvm::DenseMap<Value, RtValue>;

/// "file:line:col: op.name: " for messages about `op`.
std::string describe(Operation &op) {
  std::string prefix;
  if (auto loc = op.getLoc()->findInstanceOf<FileLineColLoc>())
    prefix = loc.getFilename().str() + ":" + std::to_string(loc.getLine()) +
             ":" + std::to_string(loc.getColumn()) + ": ";
  return prefix + op.getName().getStringRef().str() + ": ";
}

/// The message for an allocation that failed while evaluating an op
/// (std::bad_alloc, or std::length_error for a vector too long).
std::string outOfMemory() {
  return "out of memory: the reference target keeps every value of the model "
         "in float64, and this one does not fit (smaller dims, or --target cpu, "
         "which fuses it away or says how many bytes it needs)";
}

const RtValue &lookup(Env &env, Value v) {
  auto it = env.find(v);
  if (it == env.end())
    throw OpFailure("an operand has no value (used before its definition?)");
  return it->second;
}

const Array &arrayOf(Env &env, Value v) {
  const RtValue &r = lookup(env, v);
  if (!r.array)
    throw OpFailure("expected a tensor or float operand, got an index");
  return *r.array;
}

ArrayPtr pointerOf(Env &env, Value v) {
  arrayOf(env, v);
  return lookup(env, v).array;
}

int64_t indexOf(Env &env, Value v) {
  const RtValue &r = lookup(env, v);
  if (r.array)
    throw OpFailure("expected an index operand, got a tensor");
  return r.index;
}

std::vector<ArrayPtr> pointersOf(Env &env, ValueRange values) {
  std::vector<ArrayPtr> out;
  for (Value v : values)
    out.push_back(pointerOf(env, v));
  return out;
}

/// Checks that `a` has the rank and static sizes of `type`.
void checkType(Type type, const Array &a, const std::string &what) {
  Shape expected;
  if (auto ranked = dyn_cast<RankedTensorType>(type))
    expected = Shape(ranked.getShape());
  else if (!isa<FloatType>(type))
    throw OpFailure(what + " has unsupported type (only ranked float tensors "
                           "and floats)");
  bool ok = static_cast<int64_t>(expected.size()) == a.rank();
  for (size_t i = 0; ok && i < expected.size(); ++i)
    ok = ShapedType::isDynamic(expected[i]) || expected[i] == a.shape[i];
  if (!ok) {
    std::string type_;
    llvm::raw_string_ostream os(type_);
    os << type;
    throw OpFailure(what + " has shape " + toString(a.shape) +
                    ", which does not fit its type " + type_);
  }
}

/// `arith.constant`: dense float tensors, float scalars, integers and index.
RtValue evalConstant(arith::ConstantOp op) {
  Attribute value = op.getValue();
  if (auto dense = dyn_cast<DenseFPElementsAttr>(value)) {
    Array a(Shape(dense.getType().getShape()));
    int64_t i = 0;
    for (const APFloat &f : dense.getValues<APFloat>())
      a.data[i++] = f.convertToDouble();
    return {std::make_shared<const Array>(std::move(a))};
  }
  if (auto f = dyn_cast<FloatAttr>(value))
    return {std::make_shared<const Array>(Shape{}, f.getValueAsDouble())};
  if (auto i = dyn_cast<IntegerAttr>(value))
    return {nullptr, i.getValue().getSExtValue()};
  throw OpFailure("unsupported constant (only dense float tensors, floats, "
                  "integers and index)");
}

/// Evaluates one non-terminator op, adding its results to `env`.
void evalOp(Operation &op, Env &env) {
  auto setArray = [&](Value result, Array a) {
    checkType(result.getType(), a, "the result");
    env[result] = RtValue{std::make_shared<const Array>(std::move(a))};
  };
  auto setArrays = [&](ValueRange results,
                       const std::vector<ArrayPtr> &arrays) {
    for (auto [r, a] : llvm::zip(results, arrays)) {
      checkType(r.getType(), *a, "a result");
      env[r] = RtValue{a};
    }
  };

  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    env[c.getResult()] = evalConstant(c);
  } else if (isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(op)) {
    int64_t a = indexOf(env, op.getOperand(0)),
            b = indexOf(env, op.getOperand(1));
    int64_t r = isa<arith::AddIOp>(op)   ? a + b
                : isa<arith::SubIOp>(op) ? a - b
                                         : a * b;
    env[op.getResult(0)] = RtValue{nullptr, r};
  } else if (auto dim = dyn_cast<tensor::DimOp>(op)) {
    const Array &a = arrayOf(env, dim.getSource());
    int64_t i = indexOf(env, dim.getIndex());
    if (i < 0 || i >= a.rank())
      throw OpFailure("dim " + std::to_string(i) + " of a rank " +
                      std::to_string(a.rank()) + " tensor");
    env[dim.getResult()] = RtValue{nullptr, a.shape[i]};
  } else if (auto cast = dyn_cast<tensor::CastOp>(op)) {
    ArrayPtr a = pointerOf(env, cast.getSource());
    setArrays(cast->getResults(), {a});
  } else if (isElementwise(&op)) {
    std::vector<const Array *> operands;
    for (Value v : op.getOperands())
      operands.push_back(&arrayOf(env, v));
    setArray(op.getResult(0), evalElementwise(&op, operands));
  } else if (auto b = dyn_cast<sl::BroadcastOp>(op)) {
    std::vector<int64_t> sizes;
    for (Value v : b.getSizes())
      sizes.push_back(indexOf(env, v));
    setArray(b.getResult(),
             evalBroadcast(b, arrayOf(env, b.getInput()), sizes));
  } else if (auto m = dyn_cast<sl::MatmulOp>(op)) {
    setArray(m.getResult(),
             evalMatmul(arrayOf(env, m.getLhs()), arrayOf(env, m.getRhs())));
  } else if (auto r = dyn_cast<sl::ReduceOp>(op)) {
    setArray(r.getResult(), evalReduce(r, arrayOf(env, r.getInput())));
  } else if (auto c = dyn_cast<sl::CumulativeOp>(op)) {
    setArray(c.getResult(), evalCumulative(c, arrayOf(env, c.getInput())));
  } else if (auto s = dyn_cast<sl::ShiftOp>(op)) {
    setArray(s.getResult(), evalShift(s, arrayOf(env, s.getInput())));
  } else if (auto l = dyn_cast<sl::LastOp>(op)) {
    setArray(l.getResult(), evalLast(l, arrayOf(env, l.getInput())));
  } else if (auto loop = dyn_cast<sl::LoopOp>(op)) {
    setArrays(loop.getResults(), evalLoop(loop, indexOf(env, loop.getSteps()),
                                          pointersOf(env, loop.getSeqs()),
                                          pointersOf(env, loop.getInvariants()),
                                          pointersOf(env, loop.getInits())));
  } else if (auto scan = dyn_cast<sl::ScanOp>(op)) {
    setArrays(scan.getResults(), evalScan(scan, indexOf(env, scan.getSteps()),
                                          pointersOf(env, scan.getCoeffs()),
                                          pointersOf(env, scan.getInputs()),
                                          pointersOf(env, scan.getInits())));
  } else if (auto kernel = dyn_cast<sl::KernelOp>(op)) {
    std::vector<RtValue> args;
    for (Value v : kernel.getInputs())
      args.push_back(lookup(env, v));
    std::vector<RtValue> results = runBlock(kernel.getBody().front(), args);
    for (auto [r, v] : llvm::zip(kernel.getResults(), results)) {
      if (v.array)
        checkType(r.getType(), *v.array, "a result");
      env[r] = v;
    }
  } else {
    throw OpFailure("the reference evaluator does not support this op");
  }
}
} // namespace

std::vector<RtValue> runBlock(Block &block, const std::vector<RtValue> &args) {
  Env env;
  for (auto [arg, value] : llvm::zip(block.getArguments(), args))
    env[arg] = value;
  for (Operation &op : block) {
    try {
      if (op.hasTrait<OpTrait::IsTerminator>()) {
        std::vector<RtValue> results;
        for (Value v : op.getOperands())
          results.push_back(lookup(env, v));
        return results;
      }
      evalOp(op, env);
    } catch (const OpFailure &failure) {
      throw EvaluationError(describe(op) + failure.what());
    } catch (const std::bad_alloc &) {
      throw EvaluationError(describe(op) + outOfMemory());
    } catch (const std::length_error &) {
      throw EvaluationError(describe(op) + outOfMemory());
    }
  }
  throw EvaluationError("a block without a terminator");
}

std::vector<runtime::Tensor>
evaluateReference(func::FuncOp func, llvm::ArrayRef<runtime::Tensor> args) {
  std::string name = func.getSymName().str();
  if (func.isExternal())
    throw EvaluationError("function '" + name + "' has no body");
  if (args.size() != func.getNumArguments())
    throw EvaluationError("function '" + name + "' takes " +
                          std::to_string(func.getNumArguments()) +
                          " arguments, got " + std::to_string(args.size()));
  Block &entry = func.getBody().front();
  std::vector<RtValue> values;
  for (auto [i, tensor] : llvm::enumerate(args)) {
    Array a(tensor.shape());
    a.data = tensor.toDoubles();
    try {
      checkType(entry.getArgument(i).getType(), a,
                "argument " + std::to_string(i));
    } catch (const OpFailure &failure) {
      throw EvaluationError("function '" + name + "': " + failure.what());
    }
    values.push_back(RtValue{std::make_shared<const Array>(std::move(a))});
  }
  std::vector<runtime::Tensor> results;
  for (const RtValue &v : runBlock(entry, values)) {
    if (!v.array)
      throw EvaluationError("function '" + name + "' returns an index");
    results.push_back(
        runtime::Tensor::fromDoubles(v.array->shape, v.array->data));
  }
  return results;
}

} // namespace sluice::reference
