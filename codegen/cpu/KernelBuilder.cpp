//===- KernelBuilder.cpp - Building one CPU kernel function ---------------===//

#include "codegen/cpu/KernelBuilder.h"
#include "codegen/KernelMarks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace sluice::codegen::cpu {

KernelBuilder::KernelBuilder(ModuleOp module, StringRef name, Location loc)
    : b(module.getContext()), loc(loc) {
  MLIRContext *ctx = module.getContext();
  Type i64 = b.getI64Type();
  Type ptr = LLVM::LLVMPointerType::get(ctx);
  func = func::FuncOp::create(loc, name,
                              b.getFunctionType({i64, i64, ptr, ptr}, {}));
  module.push_back(func);
  Block *entry = func.addEntryBlock();
  beginArg = entry->getArgument(0);
  endArg = entry->getArgument(1);
  buffersArg = entry->getArgument(2);
  dimsArg = entry->getArgument(3);
  b.setInsertionPointToEnd(entry);
  // Header ops (pointer and dim loads) go before this marker.
  headerEnd = b.create<LLVM::ZeroOp>(loc, ptr);
}

OpBuilder KernelBuilder::headerBuilder() {
  OpBuilder hb(b.getContext());
  hb.setInsertionPoint(headerEnd);
  return hb;
}

Value KernelBuilder::buffer(unsigned slot) {
  auto it = bufferPtrs.find(slot);
  if (it != bufferPtrs.end())
    return it->second;
  OpBuilder hb = headerBuilder();
  Type ptr = LLVM::LLVMPointerType::get(b.getContext());
  Value index = hb.create<arith::ConstantIntOp>(loc, slot, 64);
  Value addr = hb.create<LLVM::GEPOp>(loc, ptr, ptr, buffersArg, ValueRange{index});
  Value p = hb.create<LLVM::LoadOp>(loc, ptr, addr);
  bufferPtrs[slot] = p;
  return p;
}

Value KernelBuilder::dim(int32_t d) {
  auto it = dimValues.find(d);
  if (it != dimValues.end())
    return it->second;
  OpBuilder hb = headerBuilder();
  Type i64 = hb.getI64Type();
  Type ptr = LLVM::LLVMPointerType::get(b.getContext());
  Value index = hb.create<arith::ConstantIntOp>(loc, d, 64);
  Value addr = hb.create<LLVM::GEPOp>(loc, ptr, i64, dimsArg, ValueRange{index});
  Value v = hb.create<LLVM::LoadOp>(loc, i64, addr);
  dimValues[d] = v;
  return v;
}

Value KernelBuilder::size(const SymDim &d) {
  return d.dim >= 0 ? dim(d.dim) : i64(d.literal);
}

Value KernelBuilder::product(const SymShape &shape, size_t from, size_t to) {
  Value p = i64(1);
  for (size_t i = from; i < to; ++i)
    p = mul(p, size(shape[i]));
  return p;
}

RowLayout rowLayoutAround(int rank, int axis) {
  RowLayout layout;
  layout.inner = axis == rank - 1 ? -1 : rank - 1;
  for (int d = 0; d < rank; ++d)
    if (d != axis && d != layout.inner)
      layout.itemDims.push_back(d);
  return layout;
}

void forRowRanges(
    KernelBuilder &kb, const SymShape &shape, ArrayRef<int> itemDims,
    Value width,
    const std::function<void(SmallVector<Value> &, Value, Value)> &body) {
  Value rowBegin = kb.div(kb.begin(), width);
  Value rowEnd = kb.div(kb.add(kb.end(), kb.sub(width, kb.i64(1))), width);
  kb.forLoop(rowBegin, rowEnd, [&](Value row) {
    SmallVector<Value> coords = kb.decompose(shape, itemDims, row);
    Value rowStart = kb.mul(row, width);
    Value lo = kb.max(kb.sub(kb.begin(), rowStart), kb.i64(0));
    Value hi = kb.min(kb.sub(kb.end(), rowStart), width);
    body(coords, lo, hi);
  });
}

SmallVector<Value> KernelBuilder::decompose(const SymShape &shape,
                                           ArrayRef<int> dims, Value flat) {
  SmallVector<Value> coords(shape.size(), Value());
  for (int i = static_cast<int>(dims.size()) - 1; i >= 0; --i) {
    Value n = size(shape[dims[i]]);
    coords[dims[i]] = i == 0 ? flat : rem(flat, n);
    if (i > 0)
      flat = div(flat, n);
  }
  return coords;
}

Value KernelBuilder::i64(int64_t v) {
  return b.create<arith::ConstantIntOp>(loc, v, 64);
}
Value KernelBuilder::add(Value a, Value c) { return b.create<arith::AddIOp>(loc, a, c); }
Value KernelBuilder::sub(Value a, Value c) { return b.create<arith::SubIOp>(loc, a, c); }
Value KernelBuilder::mul(Value a, Value c) { return b.create<arith::MulIOp>(loc, a, c); }
Value KernelBuilder::div(Value a, Value c) { return b.create<arith::DivSIOp>(loc, a, c); }
Value KernelBuilder::rem(Value a, Value c) { return b.create<arith::RemSIOp>(loc, a, c); }
Value KernelBuilder::min(Value a, Value c) { return b.create<arith::MinSIOp>(loc, a, c); }
Value KernelBuilder::max(Value a, Value c) { return b.create<arith::MaxSIOp>(loc, a, c); }

Value KernelBuilder::fconst(Type type, double v) {
  return b.create<arith::ConstantOp>(loc, type, b.getFloatAttr(type, v));
}

Type KernelBuilder::computeType(Type storage) {
  return storage.isF64() ? storage : Float32Type::get(storage.getContext());
}

Value KernelBuilder::gep(Value ptr, Value index, Type elem) {
  return b.create<LLVM::GEPOp>(loc, ptr.getType(), elem, ptr, ValueRange{index});
}

Value KernelBuilder::load(Value ptr, Value index, Type storage) {
  if (storage.isBF16()) {
    // bf16 is the top half of an f32.
    Type i16 = b.getI16Type(), i32 = b.getI32Type();
    Value bits = b.create<LLVM::LoadOp>(loc, i16, gep(ptr, index, i16));
    return bf16LowBitsToF32(b.create<arith::ExtUIOp>(loc, i32, bits));
  }
  Value v = b.create<LLVM::LoadOp>(loc, storage, gep(ptr, index, storage));
  if (storage.isF16())
    v = b.create<arith::ExtFOp>(loc, b.getF32Type(), v);
  return v;
}

Value KernelBuilder::bf16LowBitsToF32(Value bits) {
  Value shifted = b.create<arith::ShLIOp>(
      loc, bits, b.create<arith::ConstantIntOp>(loc, 16, 32));
  return b.create<arith::BitcastOp>(loc, b.getF32Type(), shifted);
}

Value KernelBuilder::roundToBf16Bits(Value v) {
  // As arith ops the targets lower in their own ways: the CPU through
  // the free bf16Bits (Jit.cpp's lowerBf16Roundings), OpenCL through its
  // sl_round_bf16.
  Value rounded = b.create<arith::TruncFOp>(loc, b.getBF16Type(), v);
  return b.create<arith::BitcastOp>(loc, b.getI16Type(), rounded);
}

Value bf16Bits(OpBuilder &b, Location loc, Value f) {
  Type i32 = b.getI32Type();
  auto c32 = [&](int64_t v) { return b.create<arith::ConstantIntOp>(loc, v, 32); };
  Value bits = b.create<arith::BitcastOp>(loc, i32, f);
  Value lsb = b.create<arith::AndIOp>(
      loc, b.create<arith::ShRUIOp>(loc, bits, c32(16)), c32(1));
  Value rounded = b.create<arith::AddIOp>(
      loc, bits, b.create<arith::AddIOp>(loc, c32(0x7fff), lsb));
  Value isNan = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, f, f);
  Value chosen = b.create<arith::SelectOp>(
      loc, isNan, b.create<arith::OrIOp>(loc, bits, c32(0x400000)), rounded);
  Value high = b.create<arith::ShRUIOp>(loc, chosen, c32(16));
  return b.create<arith::TruncIOp>(loc, b.getI16Type(), high);
}

void KernelBuilder::store(Value ptr, Value index, Value v, Type storage) {
  if (storage.isBF16()) {
    b.create<LLVM::StoreOp>(loc, roundToBf16Bits(v),
                            gep(ptr, index, b.getI16Type()));
    return;
  }
  if (storage.isF16())
    v = b.create<arith::TruncFOp>(loc, storage, v);
  b.create<LLVM::StoreOp>(loc, v, gep(ptr, index, storage));
}

Value KernelBuilder::roundTo(Value v, Type storage) {
  if (storage.isBF16()) // (lowered as store's rounding is)
    return b.create<arith::ExtFOp>(
        loc, b.getF32Type(),
        b.create<arith::TruncFOp>(loc, b.getBF16Type(), v).getResult());
  if (storage.isF16())
    return b.create<arith::ExtFOp>(
        loc, b.getF32Type(),
        b.create<arith::TruncFOp>(loc, storage, v).getResult());
  if (storage.isF32() && v.getType().isF64())
    return b.create<arith::TruncFOp>(loc, storage, v);
  return v;
}

void KernelBuilder::forLoop(Value lb, Value ub,
                            const std::function<void(Value)> &body) {
  auto loop = b.create<scf::ForOp>(loc, lb, ub, i64(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(loop.getBody()->getTerminator());
  body(loop.getInductionVar());
}

void KernelBuilder::forLoopStep(Value lb, Value ub, Value step,
                                const std::function<void(Value)> &body) {
  auto loop = b.create<scf::ForOp>(loc, lb, ub, step);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(loop.getBody()->getTerminator());
  body(loop.getInductionVar());
}

void KernelBuilder::laneLoop(Value lb, Value ub, int64_t width,
                             const std::function<void(Value)> &body) {
  llvm::APInt first, end;
  if (!matchPattern(lb, m_ConstantInt(&first)) ||
      !matchPattern(ub, m_ConstantInt(&end)) ||
      (end - first).getSExtValue() != width)
    return forLoop(lb, ub, body);
  auto loop = b.create<scf::ForOp>(loc, lb, ub, i64(1));
  MLIRContext *ctx = b.getContext();
  auto vectorize = LLVM::LoopVectorizeAttr::get(
      ctx, /*disable=*/BoolAttr::get(ctx, false), /*predicateEnable=*/{},
      /*scalableEnable=*/BoolAttr::get(ctx, false),
      /*width=*/IntegerAttr::get(IntegerType::get(ctx, 32), width),
      /*followupVectorized=*/{}, /*followupEpilogue=*/{}, /*followupAll=*/{});
  auto unroll = LLVM::LoopUnrollAttr::get(ctx, BoolAttr::get(ctx, true), {},
                                          {}, {}, {}, {}, {});
  loop->setAttr(kLaneLoopAttr,
                LLVM::LoopAnnotationAttr::get(ctx, {}, vectorize, {}, unroll,
                                              {}, {}, {}, {}, {}, {}, {}, {},
                                              {}, {}, {}));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(loop.getBody()->getTerminator());
  body(loop.getInductionVar());
}

Value KernelBuilder::sumLanes(Value array, Value base, int64_t lanes,
                              Type type) {
  auto vectorType = VectorType::get({lanes}, type);
  Value vector =
      b.create<LLVM::LoadOp>(loc, vectorType, gep(array, base, type),
                             /*alignment=*/type.getIntOrFloatBitWidth() / 8);
  return b.create<LLVM::vector_reduce_fadd>(
      loc, type, fconst(type, -0.0), vector, LLVM::FastmathFlags::reassoc);
}

void KernelBuilder::forTiles(
    Value lo, Value hi, int64_t tile,
    const std::function<void(Value, Value)> &body) {
  forLoopStep(lo, hi, i64(tile), [&](Value start) {
    Value count = min(i64(tile), sub(hi, start));
    Value full = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, count,
                                         i64(tile));
    Value partial = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne,
                                            count, i64(tile));
    ifThen(full, [&] { body(start, i64(tile)); });
    ifThen(partial, [&] { body(start, count); });
  });
}

/// The scf.for of forLoopCarried, built at `b`'s insertion point.
static scf::ForOp carriedLoop(
    KernelBuilder &kb, Value lb, Value ub, ValueRange init,
    const std::function<SmallVector<Value>(Value, ValueRange)> &body) {
  OpBuilder &b = kb.b;
  return b.create<scf::ForOp>(
      kb.loc, lb, ub, kb.i64(1), init,
      [&](OpBuilder &nested, Location l, Value iv, ValueRange args) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(nested.getInsertionBlock());
        SmallVector<Value> next = body(iv, args);
        b.create<scf::YieldOp>(kb.loc, next);
      });
}

SmallVector<Value> KernelBuilder::forLoopCarried(
    Value lb, Value ub, ValueRange init,
    const std::function<SmallVector<Value>(Value, ValueRange)> &body) {
  return SmallVector<Value>(carriedLoop(*this, lb, ub, init, body).getResults());
}

SmallVector<Value> KernelBuilder::stepLoopCarried(
    Value lb, Value ub, ValueRange init,
    const std::function<SmallVector<Value>(Value, ValueRange)> &body) {
  scf::ForOp loop = carriedLoop(*this, lb, ub, init, body);
  loop->setAttr(kSteppedLoopAttr, b.getUnitAttr());
  return SmallVector<Value>(loop.getResults());
}

SmallVector<Value> KernelBuilder::unrolledLoopCarried(
    int64_t lb, int64_t ub, ValueRange init,
    const std::function<SmallVector<Value>(Value, ValueRange)> &body) {
  scf::ForOp loop = carriedLoop(*this, i64(lb), i64(ub), init, body);
  loop->setAttr(kUnrolledLoopAttr, b.getUnitAttr());
  return SmallVector<Value>(loop.getResults());
}

void KernelBuilder::ifThen(Value cond, const std::function<void()> &then) {
  auto ifOp = b.create<scf::IfOp>(loc, cond, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  then();
}

SmallVector<Value>
KernelBuilder::ifElse(Value cond, TypeRange types,
                      const std::function<SmallVector<Value>()> &then,
                      const std::function<SmallVector<Value>()> &otherwise) {
  auto ifOp = b.create<scf::IfOp>(loc, types, cond, /*withElseRegion=*/true);
  auto fill = [&](Block *block, const std::function<SmallVector<Value>()> &fn) {
    OpBuilder::InsertionGuard guard(b);
    // Without results the builder already put an scf.yield there.
    Operation *old = block->empty() ? nullptr : &block->back();
    if (old)
      b.setInsertionPoint(old);
    else
      b.setInsertionPointToEnd(block);
    SmallVector<Value> values = fn();
    if (old && types.empty())
      return;
    if (old)
      old->erase();
    b.setInsertionPointToEnd(block);
    b.create<scf::YieldOp>(loc, values);
  };
  fill(ifOp.thenBlock(), then);
  fill(ifOp.elseBlock(), otherwise);
  return SmallVector<Value>(ifOp.getResults());
}

void KernelBuilder::prefetch(Value ptr, Value index, Type elem, Value lastByte,
                             int64_t maxLines, bool write) {
  constexpr int64_t kLine = 64;
  // (No inbounds GEPs: the address may lie past the buffer; a prefetch of
  // it is a no-op.)
  Type ptrType = LLVM::LLVMPointerType::get(b.getContext());
  Value start =
      b.create<LLVM::GEPOp>(loc, ptrType, elem, ptr, ValueRange{index});
  Value lines = min(add(div(lastByte, i64(kLine)), i64(1)), i64(maxLines));
  forLoop(i64(0), lines, [&](Value line) {
    Value at = b.create<LLVM::GEPOp>(loc, ptrType, b.getI8Type(), start,
                                     ValueRange{mul(line, i64(kLine))});
    b.create<LLVM::Prefetch>(loc, at, /*rw=*/write ? 1 : 0, /*hint=*/3,
                             /*cache=*/1);
  });
}

Value KernelBuilder::stackArray(Type type, int64_t count) {
  OpBuilder hb = headerBuilder();
  Type ptr = LLVM::LLVMPointerType::get(b.getContext());
  Value n = hb.create<arith::ConstantIntOp>(loc, count, 64);
  return hb.create<LLVM::AllocaOp>(loc, ptr, type, n, /*alignment=*/64);
}

void KernelBuilder::annotateBufferAliasing() {
  // The kernel's stack arrays (stackArray) get scopes of their own: LLVM's
  // vectoriser otherwise checked at run time that a loop's stores to one
  // (a tile's partial sums) miss the buffers, checks hoisted out of the
  // walk over T where they always failed (the scalar loop ran).
  SmallVector<Value> stacks;
  func.walk([&](LLVM::AllocaOp alloca) { stacks.push_back(alloca); });
  if (bufferPtrs.size() + stacks.size() < 2)
    return;
  MLIRContext *ctx = b.getContext();
  auto domain = LLVM::AliasScopeDomainAttr::get(ctx, func.getSymNameAttr());
  llvm::SmallVector<unsigned> slots;
  for (auto &entry : bufferPtrs)
    slots.push_back(entry.first);
  llvm::sort(slots); // scopes numbered in slot order: dumps are stable
  DenseMap<Value, Attribute> scopeOf;
  SmallVector<Attribute> all;
  for (unsigned slot : slots) {
    Attribute scope = LLVM::AliasScopeAttr::get(
        domain, b.getStringAttr("buffer " + std::to_string(slot)));
    scopeOf[bufferPtrs[slot]] = scope;
    all.push_back(scope);
  }
  for (auto [i, stack] : llvm::enumerate(stacks)) {
    Attribute scope = LLVM::AliasScopeAttr::get(
        domain, b.getStringAttr("stack " + std::to_string(i)));
    scopeOf[stack] = scope;
    all.push_back(scope);
  }
  // The scope of the buffer an access goes to (through its element GEP).
  auto scopeOfAccess = [&](Value addr) -> Attribute {
    if (auto gep = addr.getDefiningOp<LLVM::GEPOp>())
      addr = gep.getBase();
    return scopeOf.lookup(addr);
  };
  auto annotate = [&](auto access, Attribute scope) {
    SmallVector<Attribute> others;
    for (Attribute a : all)
      if (a != scope)
        others.push_back(a);
    access.setAliasScopesAttr(ArrayAttr::get(ctx, {scope}));
    access.setNoaliasScopesAttr(ArrayAttr::get(ctx, others));
  };
  func.walk([&](Operation *op) {
    if (auto load = dyn_cast<LLVM::LoadOp>(op)) {
      if (Attribute scope = scopeOfAccess(load.getAddr()))
        annotate(load, scope);
    } else if (auto store = dyn_cast<LLVM::StoreOp>(op)) {
      if (Attribute scope = scopeOfAccess(store.getAddr()))
        annotate(store, scope);
    }
  });
}

void KernelBuilder::finish() {
  headerEnd->erase();
  headerEnd = nullptr;
  b.create<func::ReturnOp>(loc);
  annotateBufferAliasing();
}

} // namespace sluice::codegen::cpu
