//===- KernelPrinter.cpp - One kernel function as OpenCL C ----------------===//
//
// Walks the function's one block in order and prints one statement per op,
// `T vN = expression;`, with constants inlined and scf.for / scf.if as C
// loops and branches (their results are variables declared before them and
// assigned by the scf.yield ops). The pointer loads of the header become
// the buffer parameters b<s>, the dim loads the parameters d<j>, and a
// getelementptr is folded into the load or store that uses it (`b3[v12]`).
//
//===----------------------------------------------------------------------===//

#include "codegen/opencl/KernelPrinter.h"
#include "codegen/KernelMarks.h"
#include "codegen/opencl/ScalarPrinter.h"

#include "runtime/opencl/KernelAbi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <set>
#include <stdexcept>

using namespace mlir;

namespace sluice::codegen::opencl {

namespace {

/// The largest private array an llvm.alloca may become (elements).
constexpr int64_t kMaxPrivateElements = 1 << 16;

/// An address the kernel reads or writes: a buffer parameter or a private
/// array, plus the element offset of the getelementptr ops applied to it.
struct Pointer {
  std::string base; ///< "b3" or the private array's name
  bool isBuffer = false;
  runtime::DType dtype = runtime::DType::F32; ///< buffers: the plan's dtype
  Type storage;      ///< the element type the memory holds
  std::string index; ///< "" before any getelementptr
  /// A bf16 buffer read or written as 32-bit words of two elements (a pair
  /// tile's, LanePairs.h): `storage` is i32.
  bool words = false;
};

/// The expression of `pointer`'s memory as its loads (`write` false) or
/// stores see it: a bf16 buffer's words through a cast of its pointer.
std::string memoryOf(const Pointer &pointer, bool write) {
  if (!pointer.words)
    return pointer.base;
  return std::string("((__global ") + (write ? "" : "const ") + "uint *)" +
         pointer.base + ")";
}

/// The MLIR element type a buffer of `dtype` is indexed with (bf16 buffers
/// are read and written as their i16 bits).
Type storageType(runtime::DType dtype, MLIRContext *ctx) {
  switch (dtype) {
  case runtime::DType::F16:
    return Float16Type::get(ctx);
  case runtime::DType::BF16:
    return IntegerType::get(ctx, 16);
  case runtime::DType::F64:
    return Float64Type::get(ctx);
  case runtime::DType::F32:
    break;
  }
  return Float32Type::get(ctx);
}

std::string typeText(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// The constant value of an integer `value`, if it is one.
std::optional<int64_t> constantInt(Value value) {
  if (auto c = value.getDefiningOp<arith::ConstantOp>())
    if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      return i.getInt();
  return std::nullopt;
}

/// Whether `loop` computes a math-dialect function or calls one: its
/// unrolled copies would hold many more registers (on the H200 the
/// selective scan's walk, with an exp per step, took 2.04 ms unrolled by 8
/// against 1.41 ms without; h = a*h + b's, without, 1.46 against 3.90 ms).
bool callsMath(scf::ForOp loop) {
  return loop
      ->walk([](Operation *op) {
        return op->getName().getDialectNamespace() == "math" ||
                       isa<func::CallOp>(op)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

class KernelPrinter {
public:
  KernelPrinter(func::FuncOp func, const KernelParams &params,
                ProgramNeeds &needs, std::string &out)
      : func(func), params(params), needs(needs), out(out),
        outerIndexType(needs.indexType) {
    needs.indexType = params.wideIndex ? "long" : "sl_index";
  }
  ~KernelPrinter() { needs.indexType = outerIndexType; }

  void print();
  /// printTileBody.
  void printTile(int depth);

private:
  void printBlock(Block &block, int depth,
                  llvm::ArrayRef<std::string> yieldTargets);
  void printYield(Operation *yield, int depth,
                  llvm::ArrayRef<std::string> targets);
  void printOp(Operation *op, int depth);
  void printFor(scf::ForOp loop, int depth);
  /// Whether `loop` is a tile body's loop over its one item (from the
  /// tile function's begin to its end, begin + 1, by 1): it runs once.
  bool isTileItemLoop(scf::ForOp loop);
  void printIf(scf::IfOp branch, int depth);
  void printGep(LLVM::GEPOp gep);
  void printLoad(LLVM::LoadOp load, int depth);
  void printStore(LLVM::StoreOp store, int depth);
  void printAlloca(LLVM::AllocaOp alloca, int depth);

  /// The expression of `value` (a variable, parameter or literal).
  std::string expr(Operation *user, Value value);
  /// The OpenCL C type of `value` (refusing types it cannot hold).
  std::string typeOf(Operation *op, Value value);
  /// A new variable name.
  std::string fresh() { return "v" + std::to_string(nextName++); }
  /// `expression` (a long of the kernel's template or ABI) read as an
  /// index value: cast unless indices are long.
  std::string asIndex(const std::string &expression) const {
    return needs.indexType == "long"
               ? expression
               : "((" + needs.indexType + ")" + expression + ")";
  }
  void line(int depth, const std::string &text) {
    out.append(2 * depth, ' ');
    out += text;
    out += "\n";
  }
  const Pointer &pointerOf(Operation *user, Value address);
  /// The name of buffer slot `slot` in the printed code.
  std::string bufferName(int64_t slot) const {
    if (slot >= 0 && static_cast<size_t>(slot) < params.bufferNames.size())
      return params.bufferNames[slot];
    return "b" + std::to_string(slot);
  }

  func::FuncOp func;
  const KernelParams &params;
  ProgramNeeds &needs;
  std::string &out;
  /// Whether the dims are the items function's index parameters (else the
  /// __kernel's long arguments).
  bool dimsAreIndexParams = false;
  /// needs.indexType before this kernel (a tile body is printed inside
  /// another kernel's printing).
  std::string outerIndexType;
  Value buffersArg, dimsArg;
  llvm::DenseMap<Value, std::string> names;
  llvm::DenseMap<Value, Pointer> pointers;
  /// getelementptr results into the buffer and dim arrays: their slot.
  llvm::DenseMap<Value, int64_t> bufferSlots, dimSlots;
  int nextName = 0;
};

void KernelPrinter::print() {
  std::string name = func.getSymName().str();
  auto refuse = [&](const std::string &why) {
    throw std::runtime_error(locationPrefix(func.getLoc()) +
                             "the OpenCL target cannot print kernel '" + name +
                             "': " + why);
  };
  FunctionType type = func.getFunctionType();
  MLIRContext *ctx = func.getContext();
  Type i64 = IntegerType::get(ctx, 64);
  Type ptr = LLVM::LLVMPointerType::get(ctx);
  if (type.getNumResults() != 0 || type.getNumInputs() != 4 ||
      type.getInput(0) != i64 || type.getInput(1) != i64 ||
      type.getInput(2) != ptr || type.getInput(3) != ptr)
    refuse("not a kernel (begin: i64, end: i64, buffers: !llvm.ptr, dims: "
           "!llvm.ptr) -> ()");
  if (!func.getBody().hasOneBlock())
    refuse("more than one block");
  Block &entry = func.getBody().front();
  names[entry.getArgument(0)] = "begin";
  names[entry.getArgument(1)] = "end";
  buffersArg = entry.getArgument(2);
  dimsArg = entry.getArgument(3);

  out += kernelHeading(func);
  if (!params.legend.empty())
    out += "// " + params.legend + "\n";
  std::set<int> written = storedBufferSlots(func);
  // The items function takes the dims as index values, the __kernel as the
  // 64-bit arguments of the ABI.
  std::string bufferParams, kernelBufferParams, dimParams, kernelDimParams,
      bufferArgs, dimArgs;
  for (size_t s = 0; s < params.buffers.size(); ++s) {
    runtime::DType dtype = params.buffers[s];
    if (dtype == runtime::DType::F64)
      needs.usesDouble = true;
    std::string b = "b" + std::to_string(s);
    bool isVolatile = params.itemsFunction &&
                      s < params.volatileBuffers.size() &&
                      params.volatileBuffers[s];
    if (isVolatile && dtype == runtime::DType::F16)
      refuse("a volatile f16 buffer (vload_half takes no volatile pointer)");
    // Buffers of a step are distinct allocations (restrict, on the
    // __kernel); one the kernel never stores to is const, so the compiler
    // may keep loads ahead of stores and use the read-only data path.
    bool isConst = !written.count(static_cast<int>(s));
    bufferParams += std::string("__global ") + (isConst ? "const " : "") +
                    (isVolatile ? "volatile " : "") +
                    runtime::opencl::openclElementType(dtype) + " *" + b +
                    ",\n";
    kernelBufferParams += std::string("__global ") +
                          (isConst ? "const " : "") +
                          runtime::opencl::openclElementType(dtype) +
                          " *restrict " + b + ",\n";
    bufferArgs += b + ", ";
  }
  for (int j = 0; j < params.dims; ++j) {
    dimParams +=
        (j ? " " : "") + needs.indexType + " d" + std::to_string(j) + ",";
    kernelDimParams += (j ? " long d" : "long d") + std::to_string(j) + ",";
    dimArgs += ", d" + std::to_string(j);
  }
  /// The parameter lines, each after `indent`.
  auto paramLines = [&](const std::string &indent, const std::string &text) {
    std::string lines;
    size_t at = 0;
    while (at < text.size()) {
      size_t next = text.find('\n', at);
      lines += text.substr(at, next - at) + "\n" + indent;
      at = next + 1;
    }
    return lines;
  };

  if (params.itemsFunction) {
    std::string head = "static void " + name + "_items(";
    std::string indent(head.size(), ' ');
    std::string signature = head + needs.indexType + " begin, " +
                            needs.indexType + " end,\n" + indent;
    signature += paramLines(indent, bufferParams);
    if (params.dims > 0)
      signature += dimParams.substr(0, dimParams.size() - 1);
    else
      signature.resize(signature.size() - indent.size() - 2); // drop ",\n"
    out += signature + ") {\n";
    dimsAreIndexParams = true;
    printBlock(entry, 1, {});
    dimsAreIndexParams = false;
    out += "}\n\n";
  }

  std::string head = "__kernel void " + name + "(";
  if (params.requiredWorkGroupSize > 0)
    out += "__attribute__((reqd_work_group_size(" +
           std::to_string(params.requiredWorkGroupSize) + ", 1, 1)))\n";
  std::string indent(head.size(), ' ');
  std::string signature = head;
  signature += paramLines(indent, kernelBufferParams);
  if (params.dims > 0)
    signature += kernelDimParams + "\n" + indent;
  signature += "long first, long count, long stride, long repeats,\n" + indent +
               "long repeatStride) {";
  out += signature + "\n";
  line(1, "long g = get_global_id(0);");
  line(1, "if (g >= count)");
  line(2, "return;");
  line(1, "for (long r = 0; r < repeats; ++r) {");
  line(2, needs.indexType + " begin = first + r * repeatStride + g * stride;");
  line(2, needs.indexType + " end = begin + stride;");
  std::string itemsArgs = bufferArgs + dimArgs.substr(dimArgs.empty() ? 0 : 2);
  if (itemsArgs.size() >= 2 && itemsArgs.substr(itemsArgs.size() - 2) == ", ")
    itemsArgs.resize(itemsArgs.size() - 2);
  if (itemsArgs.size())
    itemsArgs = ", " + itemsArgs;
  if (params.itemsFunction)
    line(2, name + "_items(begin, end" + itemsArgs + ");");
  else
    printBlock(entry, 2, {});
  line(1, "}");
  out += "}\n\n";
  if (!params.itemsFunction || !params.rowsKernel)
    return;
  // Row order: work-item g runs item (g mod blocks) * channels + g / blocks,
  // so a warp's work-items run consecutive blocks of one channel.
  out += "// " + name + "_rows: " + name +
         "'s items in row order (KernelAbi.h): work-item first + g runs "
         "item\n// (g mod blocks) * channels + g / blocks.\n";
  if (params.requiredWorkGroupSize > 0)
    out += "__attribute__((reqd_work_group_size(" +
           std::to_string(params.requiredWorkGroupSize) + ", 1, 1)))\n";
  head = "__kernel void " + name + "_rows(";
  indent.assign(head.size(), ' ');
  signature = head + paramLines(indent, kernelBufferParams);
  if (params.dims > 0)
    signature += kernelDimParams + "\n" + indent;
  signature += "long first, long count, long blocks, long channels) {";
  out += signature + "\n";
  const std::string &index = needs.indexType;
  line(1, "long g = first + get_global_id(0);");
  line(1, "if (g >= count)");
  line(2, "return;");
  line(1, index + " row = (" + index + ")g / (" + index + ")blocks;");
  line(1, index + " item = ((" + index + ")g - row * (" + index +
              ")blocks) * (" + index + ")channels + row;");
  line(1, name + "_items(item, item + 1" + itemsArgs + ");");
  out += "}\n\n";
}

void KernelPrinter::printTile(int depth) {
  FunctionType type = func.getFunctionType();
  if (type.getNumInputs() != 4 || !func.getBody().hasOneBlock() ||
      params.item.empty())
    cannotPrint(func, "a look-back tile function without one block of "
                      "(begin, end, buffers, dims)");
  Block &entry = func.getBody().front();
  // The template's item is a long (as are its tile calls' values, below).
  names[entry.getArgument(0)] = asIndex(params.item);
  names[entry.getArgument(1)] = asIndex("(" + params.item + " + 1)");
  buffersArg = entry.getArgument(2);
  dimsArg = entry.getArgument(3);
  for (size_t s = 0; s < params.buffers.size(); ++s)
    if (params.buffers[s] == runtime::DType::F64)
      needs.usesDouble = true;
  printBlock(entry, depth, {});
}

void KernelPrinter::printBlock(Block &block, int depth,
                               llvm::ArrayRef<std::string> yieldTargets) {
  for (Operation &op : block) {
    if (isa<scf::YieldOp>(op)) {
      printYield(&op, depth, yieldTargets);
      continue;
    }
    if (isa<func::ReturnOp>(op)) {
      if (op.getNumOperands() != 0 || op.getParentOp() != func)
        cannotPrint(&op, "a return with values");
      continue;
    }
    printOp(&op, depth);
  }
}

void KernelPrinter::printYield(Operation *yield, int depth,
                               llvm::ArrayRef<std::string> targets) {
  if (yield->getNumOperands() != targets.size())
    cannotPrint(yield, "operands that do not match the results");
  std::vector<std::string> values;
  bool readsTarget = false;
  for (unsigned i = 0; i < targets.size(); ++i) {
    values.push_back(expr(yield, yield->getOperand(i)));
    for (unsigned j = 0; j < targets.size(); ++j)
      if (j != i && values[i] == targets[j])
        readsTarget = true;
  }
  // A yield that passes one carried variable into another (a swap) reads
  // them all before writing any.
  if (readsTarget) {
    for (unsigned i = 0; i < targets.size(); ++i) {
      std::string copy = fresh();
      line(depth, typeOf(yield, yield->getOperand(i)) + " " + copy + " = " +
                      values[i] + ";");
      values[i] = copy;
    }
  }
  for (unsigned i = 0; i < targets.size(); ++i)
    if (values[i] != targets[i])
      line(depth, targets[i] + " = " + values[i] + ";");
}

std::string KernelPrinter::expr(Operation *user, Value value) {
  auto it = names.find(value);
  if (it == names.end())
    cannotPrint(user, "an operand that is not a number (" +
                          typeText(value.getType()) + ")");
  return it->second;
}

std::string KernelPrinter::typeOf(Operation *op, Value value) {
  std::string name = valueTypeName(value.getType(), needs);
  if (name.empty())
    cannotPrint(op, "a value of type " + typeText(value.getType()));
  return name;
}

void KernelPrinter::printOp(Operation *op, int depth) {
  if (isa<arith::ConstantOp>(op)) {
    names[op->getResult(0)] = constantLiteral(op, needs);
    return;
  }
  if (auto gep = dyn_cast<LLVM::GEPOp>(op))
    return printGep(gep);
  if (auto load = dyn_cast<LLVM::LoadOp>(op))
    return printLoad(load, depth);
  if (auto store = dyn_cast<LLVM::StoreOp>(op))
    return printStore(store, depth);
  if (auto alloca = dyn_cast<LLVM::AllocaOp>(op))
    return printAlloca(alloca, depth);
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return printFor(loop, depth);
  if (auto branch = dyn_cast<scf::IfOp>(op))
    return printIf(branch, depth);
  if (op->getNumRegions() != 0)
    cannotPrint(op);
  if (auto call = dyn_cast<func::CallOp>(op);
      call && call.getCallee().starts_with(kTileCalleePrefix)) {
    auto found = params.tileCalls.find(call.getCallee().str());
    if (found == params.tileCalls.end())
      cannotPrint(op, "a tile call outside a one-pass tile kernel");
    // $i: operand i's expression (from the last, so that $1 never eats
    // the start of $10).
    std::string code = found->second;
    for (unsigned i = call.getNumOperands(); i-- > 0;) {
      typeOf(op, call.getOperand(i));
      std::string mark = "$" + std::to_string(i);
      std::string value = expr(op, call.getOperand(i));
      for (size_t at = code.find(mark); at != std::string::npos;
           at = code.find(mark, at + value.size()))
        code.replace(at, mark.size(), value);
    }
    if (call.getNumResults() == 1) {
      std::string type = typeOf(op, call.getResult(0));
      if (call.getNumOperands() == 0) {
        names[call.getResult(0)] = type == needs.indexType
                                       ? asIndex("(" + code + ")")
                                       : "(" + code + ")";
      } else {
        std::string name = fresh();
        line(depth, type + " " + name + " = " + code + ";");
        names[call.getResult(0)] = name;
      }
      return;
    }
    out += indentLines(code, 2 * depth);
    return;
  }
  llvm::StringRef dialect = op->getName().getDialectNamespace();
  if (dialect != "arith" && dialect != "math" && !isa<func::CallOp>(op))
    cannotPrint(op);
  std::vector<std::string> operands;
  for (Value operand : op->getOperands()) {
    typeOf(op, operand);
    operands.push_back(expr(op, operand));
  }
  std::string value = scalarExpression(op, operands, needs);
  std::string name = fresh();
  line(depth, typeOf(op, op->getResult(0)) + " " + name + " = " + value + ";");
  names[op->getResult(0)] = name;
}

void KernelPrinter::printFor(scf::ForOp loop, int depth) {
  Value iv = loop.getInductionVar();
  std::string ivType = typeOf(loop, iv);
  if (ivType != needs.indexType && ivType != "long")
    cannotPrint(loop,
                "an induction variable of type " + typeText(iv.getType()));
  std::vector<std::string> carried;
  for (auto [init, arg, result] : llvm::zip(
           loop.getInitArgs(), loop.getRegionIterArgs(), loop.getResults())) {
    std::string name = fresh();
    line(depth,
         typeOf(loop, arg) + " " + name + " = " + expr(loop, init) + ";");
    names[arg] = name;
    names[result] = name;
    carried.push_back(name);
  }
  std::string ivName = fresh();
  names[iv] = ivName;
  if (isTileItemLoop(loop)) {
    // One trip: a scope, so that the tile's barriers sit in no loop whose
    // bounds vary between work-items (PoCL's work-group compiler
    // miscompiled such a loop with 32-bit indices and wrote past its
    // memory: tests/Run/opencl-onepass.sl).
    line(depth, "{");
    line(depth + 1, ivType + " " + ivName + " = " +
                        expr(loop, loop.getLowerBound()) + ";");
    printBlock(*loop.getBody(), depth + 1, carried);
    line(depth, "}");
    return;
  }
  if (loop->hasAttr(kSteppedLoopAttr) && !callsMath(loop))
    line(depth, params.stepLoopMacro);
  if (loop->hasAttr(kUnrolledLoopAttr))
    line(depth, "#pragma unroll");
  line(depth, "for (" + ivType + " " + ivName + " = " +
                  expr(loop, loop.getLowerBound()) +
                  "; " + ivName + " < " + expr(loop, loop.getUpperBound()) +
                  "; " + ivName + " += " + expr(loop, loop.getStep()) + ") {");
  printBlock(*loop.getBody(), depth + 1, carried);
  line(depth, "}");
}

bool KernelPrinter::isTileItemLoop(scf::ForOp loop) {
  if (params.item.empty() || func.getNumArguments() != 4 ||
      func.getBody().empty())
    return false;
  Block &entry = func.getBody().front();
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  return loop.getLowerBound() == entry.getArgument(0) &&
         loop.getUpperBound() == entry.getArgument(1) && step == 1;
}

void KernelPrinter::printIf(scf::IfOp branch, int depth) {
  std::vector<std::string> results;
  for (Value result : branch.getResults()) {
    std::string name = fresh();
    line(depth, typeOf(branch, result) + " " + name + ";");
    names[result] = name;
    results.push_back(name);
  }
  line(depth, "if (" + expr(branch, branch.getCondition()) + ") {");
  printBlock(branch.getThenRegion().front(), depth + 1, results);
  if (!branch.getElseRegion().empty()) {
    Block &otherwise = branch.getElseRegion().front();
    // An else block holding only an empty yield prints nothing.
    if (otherwise.getOperations().size() > 1 || !results.empty()) {
      line(depth, "} else {");
      printBlock(otherwise, depth + 1, results);
    }
  }
  line(depth, "}");
}

const Pointer &KernelPrinter::pointerOf(Operation *user, Value address) {
  auto it = pointers.find(address);
  if (it == pointers.end())
    cannotPrint(user, "an address that is not in a buffer or a private array");
  return it->second;
}

void KernelPrinter::printGep(LLVM::GEPOp gep) {
  auto indices = gep.getIndices();
  if (indices.size() != 1)
    cannotPrint(gep, std::to_string(indices.size()) + " indices");
  std::optional<int64_t> constant;
  std::string index;
  auto first = *indices.begin();
  if (auto attr = llvm::dyn_cast_if_present<IntegerAttr>(first)) {
    constant = attr.getInt();
    index = std::to_string(*constant);
  } else {
    Value value = llvm::cast<Value>(first);
    constant = constantInt(value);
    index = expr(gep, value);
  }
  Value base = gep.getBase();
  Type element = gep.getElemType();
  if (base == buffersArg || base == dimsArg) {
    bool isBuffers = base == buffersArg;
    int64_t limit =
        isBuffers ? static_cast<int64_t>(params.buffers.size()) : params.dims;
    if (!constant || *constant < 0 || *constant >= limit)
      cannotPrint(gep, std::string("an index into the ") +
                           (isBuffers ? "buffers" : "dims") +
                           " that is not a constant below " +
                           std::to_string(limit));
    (isBuffers ? bufferSlots : dimSlots)[gep.getResult()] = *constant;
    return;
  }
  Pointer pointer = pointerOf(gep, base);
  if (pointer.isBuffer && pointer.dtype == runtime::DType::BF16 &&
      pointer.index.empty() && element.isInteger(32)) {
    pointer.words = true;
    pointer.storage = element;
  }
  if (element != pointer.storage)
    cannotPrint(gep, "elements of type " + typeText(element) + " in " +
                         (pointer.isBuffer ? "a buffer of " : "an array of ") +
                         typeText(pointer.storage));
  pointer.index =
      pointer.index.empty() ? index : "(" + pointer.index + " + " + index + ")";
  pointers[gep.getResult()] = pointer;
}

void KernelPrinter::printLoad(LLVM::LoadOp load, int depth) {
  if (load.getVolatile_() ||
      load.getOrdering() != LLVM::AtomicOrdering::not_atomic)
    cannotPrint(load, "a volatile or atomic load");
  Value address = load.getAddr();
  if (auto slot = bufferSlots.find(address); slot != bufferSlots.end()) {
    Pointer pointer;
    pointer.base = bufferName(slot->second);
    pointer.isBuffer = true;
    pointer.dtype = params.buffers[slot->second];
    pointer.storage = storageType(pointer.dtype, load.getContext());
    pointers[load.getResult()] = pointer;
    return;
  }
  if (auto slot = dimSlots.find(address); slot != dimSlots.end()) {
    if (!load.getType().isInteger(64))
      cannotPrint(load, "a dim of type " + typeText(load.getType()));
    // An items function has its dims as index parameters; a __kernel (and
    // a tile body printed into one) as the ABI's long arguments, which an
    // overloaded builtin (min, max) must not mix with sl_index values.
    std::string dim = "d" + std::to_string(slot->second);
    names[load.getResult()] = dimsAreIndexParams ? dim : asIndex(dim);
    return;
  }
  const Pointer &pointer = pointerOf(load, address);
  if (load.getType() != pointer.storage)
    cannotPrint(load, "a value of type " + typeText(load.getType()) +
                          " from elements of type " +
                          typeText(pointer.storage));
  std::string index = pointer.index.empty() ? "0" : pointer.index;
  std::string value = pointer.isBuffer && pointer.dtype == runtime::DType::F16
                          ? "vload_half(" + index + ", " + pointer.base + ")"
                          : memoryOf(pointer, false) + "[" + index + "]";
  std::string name = fresh();
  line(depth,
       typeOf(load, load.getResult()) + " " + name + " = " + value + ";");
  names[load.getResult()] = name;
}

void KernelPrinter::printStore(LLVM::StoreOp store, int depth) {
  if (store.getVolatile_() ||
      store.getOrdering() != LLVM::AtomicOrdering::not_atomic)
    cannotPrint(store, "a volatile or atomic store");
  const Pointer &pointer = pointerOf(store, store.getAddr());
  Value value = store.getValue();
  if (value.getType() != pointer.storage)
    cannotPrint(store, "a value of type " + typeText(value.getType()) +
                           " into elements of type " +
                           typeText(pointer.storage));
  std::string index = pointer.index.empty() ? "0" : pointer.index;
  std::string v = expr(store, value);
  if (pointer.isBuffer && pointer.dtype == runtime::DType::F16)
    line(depth,
         "vstore_half_rte(" + v + ", " + index + ", " + pointer.base + ");");
  else
    line(depth, memoryOf(pointer, true) + "[" + index + "] = " + v + ";");
}

void KernelPrinter::printAlloca(LLVM::AllocaOp alloca, int depth) {
  std::optional<int64_t> count = constantInt(alloca.getArraySize());
  if (!count || *count < 1 || *count > kMaxPrivateElements)
    cannotPrint(alloca, "a size that is not a constant in [1, " +
                            std::to_string(kMaxPrivateElements) + "]");
  Type element = alloca.getElemType();
  std::string type = valueTypeName(element, needs);
  if (type.empty() || element.isF16() || element.isBF16())
    cannotPrint(alloca, "elements of type " + typeText(element));
  Pointer pointer;
  pointer.base = fresh();
  pointer.storage = element;
  line(depth, type + " " + pointer.base + "[" + std::to_string(*count) + "];");
  pointers[alloca.getResult()] = pointer;
}

} // namespace

std::set<int> storedBufferSlots(func::FuncOp func) {
  std::set<int> slots;
  if (func.getBody().empty() || func.getNumArguments() < 3)
    return slots;
  Value buffersArg = func.getBody().front().getArgument(2);
  func.walk([&](LLVM::StoreOp store) {
    Value address = store.getAddr();
    // Through the getelementptr ops to the pointer loaded from the buffers.
    while (auto gep = address.getDefiningOp<LLVM::GEPOp>())
      address = gep.getBase();
    auto load = address.getDefiningOp<LLVM::LoadOp>();
    if (!load)
      return;
    auto slot = load.getAddr().getDefiningOp<LLVM::GEPOp>();
    if (!slot || slot.getBase() != buffersArg || slot.getIndices().size() != 1)
      return;
    auto index = *slot.getIndices().begin();
    if (auto attr = llvm::dyn_cast_if_present<IntegerAttr>(index))
      slots.insert(static_cast<int>(attr.getInt()));
    else if (auto c = constantInt(llvm::cast<Value>(index)))
      slots.insert(static_cast<int>(*c));
  });
  return slots;
}

std::string indexTypePrelude(bool wideLiteral) {
  std::string macro = runtime::opencl::kIndex32Macro;
  std::string text =
      "// Dims, counts, offsets and loop counters are sl_index: 32 bits when "
      "the\n// runtime builds with -D" + macro +
      " (a call whose dims and buffers all\n// stay below 2^30 elements, "
      "KernelAbi.h), else 64.\n";
  if (wideLiteral)
    return text + "typedef long sl_index; // (a literal needs 64 bits)\n\n";
  return text + "#ifdef " + macro +
         "\ntypedef int sl_index;\n#else\ntypedef long sl_index;\n#endif\n\n";
}

void printKernel(func::FuncOp func, const KernelParams &params,
                 ProgramNeeds &needs, std::string &out) {
  KernelPrinter(func, params, needs, out).print();
}

void printTileBody(func::FuncOp func, const KernelParams &params, int depth,
                   ProgramNeeds &needs, std::string &out) {
  KernelPrinter(func, params, needs, out).printTile(depth);
}

} // namespace sluice::codegen::opencl
