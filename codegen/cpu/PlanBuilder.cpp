//===- PlanBuilder.cpp - A model function to a plan and CPU kernels -------===//
//
// Walks the model function in order. Arguments are plan buffers; every
// non-fusable op (scan, loop, reduce, shift, last, matmul) gets its steps
// from its generator; fusable element-wise values are computed inside their
// consumers' kernels, and get a buffer of their own (an element-wise kernel)
// only when fusion is off, when several consumers read them, or when they
// are model results.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/ExprEmitter.h"
#include "codegen/cpu/ScanInfo.h"
#include "codegen/cpu/SliceKernels.h"
#include "ir/SluiceOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/TypeSwitch.h"

#include <stdexcept>

using namespace mlir;

namespace sluice::codegen::cpu {

std::string locationPrefix(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return file.getFilename().str() + ":" + std::to_string(file.getLine()) +
           ":" + std::to_string(file.getColumn()) + ": ";
  return "";
}

namespace {

/// Arguments and results are float tensors (f16, bf16, f32, f64): a plan
/// buffer has no boolean or integer dtype.
void checkFloatSignature(func::FuncOp func) {
  auto isFloatTensor = [](Type t) {
    auto ranked = dyn_cast<RankedTensorType>(t);
    return ranked && isa<FloatType>(ranked.getElementType());
  };
  for (BlockArgument arg : func.getArguments())
    if (!isFloatTensor(arg.getType()))
      throw std::runtime_error("sluice codegen: " +
                               locationPrefix(arg.getLoc()) + "argument " +
                               std::to_string(arg.getArgNumber()) +
                               " is not a float tensor");
  Operation *ret = func.getBody().front().getTerminator();
  for (auto [i, v] : llvm::enumerate(ret->getOperands()))
    if (!isFloatTensor(v.getType()))
      throw std::runtime_error("sluice codegen: " +
                               locationPrefix(ret->getLoc()) + "result " +
                               std::to_string(i) + " is not a float tensor");
}

/// A kernel copying buffer `from` to buffer `to` (same size and layout).
void generateCopy(CodegenContext &ctx, Value v, int32_t from, int32_t to) {
  KernelStep ks(ctx.kernels, ctx.kernelName("copy"), v.getLoc());
  KernelBuilder &kb = ks.kb;
  unsigned src = ks.slot(from), dst = ks.slot(to);
  Type srcType = ctx.storageType(from), dstType = ctx.storageType(to);
  kb.forLoop(kb.begin(), kb.end(), [&](Value i) {
    kb.store(kb.buffer(dst), i, kb.load(kb.buffer(src), i, srcType), dstType);
  });
  ks.step.range = runtime::productOf(ctx.plan.buffers[to].shape);
  ks.step.itemSize = runtime::SizeExpr::literal(1);
  ctx.addStep(ks);
}
} // namespace

int32_t CodegenContext::newBuffer(Value v, const std::string &name) {
  runtime::BufferSpec spec;
  spec.dtype = dtypeOf(cast<RankedTensorType>(v.getType()).getElementType());
  spec.shape = shapes.sizes(v);
  spec.name = name;
  auto it = resultIndex.find(v);
  if (it != resultIndex.end()) {
    spec.kind = runtime::BufferSpec::Kind::Result;
    spec.index = it->second;
    resultIndex.erase(it); // a second use of the same value copies
  }
  plan.buffers.push_back(spec);
  return static_cast<int32_t>(plan.buffers.size() - 1);
}

Type CodegenContext::storageType(int32_t buffer) {
  Builder b(kernels.getContext());
  switch (plan.buffers[buffer].dtype) {
  case runtime::DType::F16:
    return b.getF16Type();
  case runtime::DType::BF16:
    return b.getBF16Type();
  case runtime::DType::F64:
    return b.getF64Type();
  default:
    return b.getF32Type();
  }
}

/// The elements one work item of a flat element-wise kernel writes.
constexpr int64_t kFlatChunk = 4096;

int32_t generateElementwise(CodegenContext &ctx, Value v, int32_t into) {
  KernelStep ks(ctx.kernels, ctx.kernelName("elementwise"), v.getLoc());
  KernelBuilder &kb = ks.kb;
  const SymShape shape = ctx.shapes.shape(v);
  int n = static_cast<int>(shape.size());
  ExprEmitter em(ctx, ks, shape);
  DimMap identity;
  for (int d = 0; d < n; ++d)
    identity.push_back(d);
  em.collect(v, identity);
  int32_t out = into >= 0 ? into : ctx.newBuffer(v, "elementwise");
  unsigned outSlot = ks.slot(out);
  Type storage = ctx.storageType(out);

  if (n == 0) {
    kb.forLoop(kb.begin(), kb.end(), [&](Value) {
      em.prepare({});
      em.beginScope();
      kb.store(kb.buffer(outSlot), kb.i64(0), em.emit(v, identity, {}), storage);
    });
    ks.step.range = runtime::SizeExpr::literal(1);
    ks.step.itemSize = runtime::SizeExpr::literal(1);
  } else if (!ctx.options.target.elementwiseRows) {
    // One element per work item (TargetInfo::elementwiseRows).
    Value width = kb.size(shape[n - 1]);
    SmallVector<int> rowDims;
    for (int d = 0; d + 1 < n; ++d)
      rowDims.push_back(d);
    kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
      SmallVector<Value> coords = kb.decompose(shape, rowDims, kb.div(item, width));
      em.prepare(coords);
      em.beginScope();
      SmallVector<Value> at(n, Value());
      at[n - 1] = kb.rem(item, width);
      kb.store(kb.buffer(outSlot), item, em.emit(v, identity, at), storage);
    });
    ks.step.range = runtime::productOf(ctx.shapes.sizes(v));
    ks.step.itemSize = runtime::SizeExpr::literal(1);
  } else if (em.denseOverTrailing(v, identity, n)) {
    // Every operand has the output's shape (or is a constant): the tensor
    // is walked flat, in chunks of kFlatChunk elements, so that a short
    // last dim (mLSTM's gates over H = 4) does not make every row a loop
    // too short to vectorise.
    Value total = kb.product(shape, 0, n);
    SmallVector<Value> at(n, kb.i64(0));
    em.prepare(SmallVector<Value>(n, Value())); // (every dim a loop dim)
    kb.forLoop(kb.begin(), kb.end(), [&](Value chunk) {
      Value first = kb.mul(chunk, kb.i64(kFlatChunk));
      Value last = kb.min(kb.add(first, kb.i64(kFlatChunk)), total);
      kb.forLoop(first, last, [&](Value i) {
        em.beginScope();
        at[n - 1] = i;
        kb.store(kb.buffer(outSlot), i, em.emit(v, identity, at), storage);
      });
    });
    ks.step.range = runtime::productOf(ctx.shapes.sizes(v)).ceilDiv(kFlatChunk);
    ks.step.itemSize = runtime::SizeExpr::literal(kFlatChunk);
  } else {
    Value width = kb.size(shape[n - 1]);
    SmallVector<int> rowDims;
    for (int d = 0; d + 1 < n; ++d)
      rowDims.push_back(d);
    kb.forLoop(kb.begin(), kb.end(), [&](Value row) {
      SmallVector<Value> coords = kb.decompose(shape, rowDims, row);
      em.prepare(coords);
      // What does not change along the row (a normaliser's exp(-m) of a
      // [B, T, H, 1] value broadcast over V), once per row.
      em.beginOuterScope();
      em.hoistInvariant(v, identity, SmallVector<Value>(n, Value()), n - 1);
      Value base = kb.mul(row, width);
      kb.forLoop(kb.i64(0), width, [&](Value j) {
        em.beginScope();
        SmallVector<Value> at(n, Value());
        at[n - 1] = j;
        kb.store(kb.buffer(outSlot), kb.add(base, j), em.emit(v, identity, at),
                 storage);
      });
    });
    std::vector<runtime::SizeExpr> rows;
    for (int d = 0; d + 1 < n; ++d)
      rows.push_back(shape[d].size());
    ks.step.range = runtime::productOf(rows);
    ks.step.itemSize = shape[n - 1].size();
  }
  ctx.addStep(ks);
  ctx.buffers[v] = out;
  return out;
}

bool makesNoKernel(CodegenContext &ctx, Operation *op) {
  if (isa<tensor::DimOp>(op))
    return true;
  if (auto c = dyn_cast<arith::ConstantOp>(op);
      c && !isa<RankedTensorType>(c.getType()))
    return true;
  // sl-fuse's decision (FusionRules.h): inline values are computed inside
  // the kernels that read them, the others get their own.
  return isFusable(op) && (ctx.fusionOf(op) == sl::Fusion::inlined ||
                           isBoolean(op->getResult(0)));
}

void generateOps(CodegenContext &ctx, Block &block) {
  for (Operation &op : block) {
    if (op.hasTrait<OpTrait::IsTerminator>() || ctx.generated.contains(&op) ||
        makesNoKernel(ctx, &op))
      continue;
    if (isFusable(&op)) {
      ctx.materialize(op.getResult(0));
      continue;
    }
    llvm::TypeSwitch<Operation *>(&op)
        .Case([&](sl::ScanOp) { generateScan(ctx, &op); })
        .Case([&](sl::LoopOp) { generateLoop(ctx, &op); })
        .Case([&](sl::ReduceOp) { generateReduce(ctx, &op); })
        .Case([&](sl::LastOp) { generateLast(ctx, &op); })
        .Case([&](sl::MatmulOp) { generateMatmul(ctx, &op); })
        .Case([&](sl::CumulativeOp) {
          throw std::runtime_error("sluice codegen: sl.cumulative must become "
                                   "sl.scan first (sl-cumulative-to-scan)");
        })
        .Default([&](Operation *other) {
          throw std::runtime_error("sluice codegen: no CPU lowering for " +
                                   other->getName().getStringRef().str());
        });
  }

}

namespace {
/// One plan dim per sl.scan whose schedule leaves the look-back's steps
/// per lane to the run time (`runtime_chunk`: TargetInfo::runtimeLaneSteps
/// and no chunk forced), named `lookback_chunk#N` (a name no model dim can
/// have), bound by the executor. Registered before any op is generated, so
/// loop counters (numbered after the dims) never move.
void registerLookbackChunks(CodegenContext &ctx, func::FuncOp func) {
  func.walk([&](sl::ScanOp scan) {
    if (!scheduleOf(ctx, scan).getRuntimeChunk())
      return;
    ctx.lookbackChunkDims[scan.getOperation()] =
        static_cast<int32_t>(ctx.plan.dimNames.size());
    ctx.plan.dimNames.push_back(
        "lookback_chunk#" + std::to_string(ctx.lookbackChunkDims.size() - 1));
  });
}
} // namespace

CpuProgram buildCpuProgram(func::FuncOp func, const CpuOptions &options) {
  checkFloatSignature(func);
  MLIRContext *mlirContext = func.getContext();
  mlirContext->getOrLoadDialect<LLVM::LLVMDialect>();
  mlirContext->getOrLoadDialect<scf::SCFDialect>();
  mlirContext->getOrLoadDialect<math::MathDialect>();
  mlirContext->getOrLoadDialect<arith::ArithDialect>();
  mlirContext->getOrLoadDialect<func::FuncDialect>();
  SymbolicShapes shapes(func);
  if (!shapes.ok())
    throw std::runtime_error("sluice codegen: " + shapes.error());
  CpuProgram program;
  program.kernels = ModuleOp::create(func.getLoc());
  program.deferredKernels = ModuleOp::create(func.getLoc());
  runtime::Plan &plan = program.plan;
  plan = signatureOf(func, shapes);
  std::vector<runtime::ValueSpec> resultSpecs = std::move(plan.results);
  plan.results.clear();
  CodegenContext ctx(*program.kernels, *program.deferredKernels, shapes, plan,
                     options);

  for (BlockArgument arg : func.getArguments()) {
    runtime::ValueSpec &spec = plan.arguments[arg.getArgNumber()];
    runtime::BufferSpec buffer;
    buffer.kind = runtime::BufferSpec::Kind::Argument;
    buffer.index = arg.getArgNumber();
    buffer.dtype = spec.dtype;
    buffer.shape = shapes.sizes(arg);
    buffer.name = spec.name;
    plan.buffers.push_back(buffer);
    spec.buffer = static_cast<int32_t>(plan.buffers.size() - 1);
    ctx.buffers[arg] = spec.buffer;
  }

  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands()))
    if (!isa<BlockArgument>(v) && !ctx.resultIndex.count(v))
      ctx.resultIndex[v] = static_cast<int32_t>(i);

  ctx.materialize = [&ctx](Value v) -> int32_t {
    auto it = ctx.buffers.find(v);
    if (it != ctx.buffers.end())
      return it->second;
    if (isBoolean(v))
      throw std::runtime_error(
          "sluice codegen: " + locationPrefix(v.getLoc()) +
          "a boolean tensor would need a buffer (comparisons are computed "
          "inside the element-wise kernel of the select that reads them)");
    Operation *def = v.getDefiningOp();
    if (def && isFusable(def))
      return generateElementwise(ctx, v);
    throw std::runtime_error("sluice codegen: a value is used before the op "
                             "computing it was generated");
  };

  // IR that did not go through sl-fuse (hand-written, or stopped at an
  // earlier stage) gets the decisions sl-fuse would record.
  bool undecided = func.walk([](Operation *op) {
                          return isFusable(op) && !recordedFusion(op)
                                     ? WalkResult::interrupt()
                                     : WalkResult::advance();
                        }).wasInterrupted();
  if (undecided) {
    FusionOptions fusion;
    fusion.fusion = options.fusion;
    ctx.defaultFusion = decideFusion(func, fusion);
  }
  registerLookbackChunks(ctx, func);
  generateOps(ctx, func.getBody().front());

  // Results: each returned value in its Result buffer (copies for arguments
  // and for values returned twice).
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    runtime::ValueSpec spec = resultSpecs[i];
    int32_t buffer = ctx.materialize(v);
    const runtime::BufferSpec &b = plan.buffers[buffer];
    if (b.kind != runtime::BufferSpec::Kind::Result ||
        b.index != static_cast<int32_t>(i)) {
      runtime::BufferSpec copy = b;
      copy.kind = runtime::BufferSpec::Kind::Result;
      copy.index = static_cast<int32_t>(i);
      copy.dtype = spec.dtype;
      plan.buffers.push_back(copy);
      int32_t to = static_cast<int32_t>(plan.buffers.size() - 1);
      generateCopy(ctx, v, buffer, to);
      buffer = to;
    }
    spec.buffer = buffer;
    plan.results.push_back(spec);
  }
  return program;
}

} // namespace sluice::codegen::cpu
