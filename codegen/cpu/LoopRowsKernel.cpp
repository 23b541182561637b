//===- LoopRowsKernel.cpp - An element-wise sl.loop over rows of T --------===//
//
// Holt-Winters on `[B, T]` series, a filter on `[B, H, T]`: the loop's axis
// is the last dim, so each channel's steps are contiguous and neighbouring
// channels are T apart. The tile kernel (LoopKernels.cpp) would give each
// work item one channel: one chain of dependent steps, its latency paid at
// every step, and no vector across channels (Holt-Winters at (2048, 2048):
// 10 ms, slower than the plain loop). Here a work item takes a tile of
// kRowsLoopTile channels of the dim before the axis and walks T in blocks
// of kRowsLoopBlockSteps steps:
//   1. each sequence value of the block is computed from its rows, channel
//      by channel in step order (each channel's cache line read whole), into
//      a small array laid out channel by step;
//   2. the steps run in order, each for the tile's channels side by side
//      (KernelBuilder::laneLoop: one vector), reading the staged sequences,
//      the invariants and the states' lag rings (laid out slot by channel),
//      writing the results into a second array;
//   3. the results go to their rows, channel by channel in step order.
// Rows T apart put a step's lines of every channel in one set of the L1
// when T * 4 is a multiple of 4 KiB; staged, each line is read or written
// whole at once, so that such conflicts cost nothing.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/KernelRemarks.h"
#include "codegen/cpu/LoopBody.h"
#include "codegen/cpu/ScanInfo.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;

namespace sluice::codegen::cpu {

void generateRowsLoop(CodegenContext &ctx, sl::LoopOp loop,
                      ArrayRef<int32_t> outputs) {
  KernelStep ks(ctx.kernels, ctx.kernelName("loop_rows"), loop.getLoc());
  KernelBuilder &kb = ks.kb;
  const SymShape shape = ctx.shapes.shape(loop.getResult(0));
  int n = static_cast<int>(shape.size());
  int axis = n - 1, inner = n - 2;
  ExprEmitter em(ctx, ks, shape);
  Block &body = loop.getBody().front();
  LoopOperandMaps maps = collectLoopOperands(ctx, em, loop, shape, axis);
  SmallVector<unsigned> outSlots;
  for (int32_t out : outputs)
    outSlots.push_back(ks.slot(out));
  SmallVector<int> itemDims;
  for (int d = 0; d < inner; ++d)
    itemDims.push_back(d);

  const int64_t tile = kRowsLoopTile, block = kRowsLoopBlockSteps;
  ArrayRef<int64_t> lags = loop.getLags();
  int64_t totalLags = loop.getInits().size();
  Type compute = KernelBuilder::computeType(
      cast<RankedTensorType>(loop.getResult(0).getType()).getElementType());
  // The rings (slot by channel), the staged sequences (channel by step:
  // each channel's steps copied from its row whole, gathered a step at a
  // time) and the results (step by channel: stored a step at a time,
  // gathered a channel at a time into its row).
  Value rings = kb.stackArray(compute, std::max<int64_t>(totalLags, 1) * tile);
  SmallVector<Value> staged, results;
  for (size_t i = 0; i < loop.getSeqs().size(); ++i)
    staged.push_back(kb.stackArray(compute, block * tile));
  for (size_t st = 0; st < outputs.size(); ++st)
    results.push_back(kb.stackArray(compute, block * tile));
  SmallVector<int64_t> ringStart = lagRingStarts(loop);

  Value steps = kb.size(shape[axis]);
  Value width = kb.size(shape[inner]);
  SmallVector<Value> strides = stridesOf(kb, shape);
  bool reverse = loop.getReverse();
  /// Slot (row, channel g) of a ring or of the results (a row: a ring slot
  /// or a step of the block).
  auto slotOf = [&](Value row, Value g) {
    return kb.add(kb.mul(row, kb.i64(tile)), g);
  };
  /// Slot (channel g, step k) of a staged sequence.
  auto stagedSlot = [&](Value g, Value k) {
    return kb.add(kb.mul(g, kb.i64(block)), k);
  };

  forRowRanges(
      kb, shape, itemDims, width,
      [&](SmallVector<Value> &coords, Value jlo, Value jhi) {
        em.prepare(coords);
        kb.forLoopStep(jlo, jhi, kb.i64(tile), [&](Value ts) {
          Value count = kb.min(kb.i64(tile), kb.sub(jhi, ts));
          Value te = kb.add(ts, count);
          auto ringAddr = [&](Value slot, Value g) {
            return kb.gep(rings, slotOf(slot, g), compute);
          };
          kb.forLoop(ts, te, [&](Value j) {
            em.beginScope();
            SmallVector<Value> at(coords);
            at[inner] = j;
            storeLagInits(kb, em, loop, maps, ringStart, at, [&](Value slot) {
              return ringAddr(slot, kb.sub(j, ts));
            });
          });
          // (A full block's loops over its steps have a constant trip count:
          // the copies to and from the rows are whole vectors.)
          kb.forTiles(kb.i64(0), steps, block, [&](Value s0, Value stepsHere) {
            auto timeOf = [&](Value k) {
              return storageStep(kb, reverse, kb.add(s0, k), steps);
            };
            // 1. The block's sequence values, each channel's steps in order.
            if (!staged.empty())
              kb.forLoop(ts, te, [&](Value j) {
                kb.laneLoop(kb.i64(0), stepsHere, block, [&](Value k) {
                  em.beginScope();
                  SmallVector<Value> at(coords);
                  at[axis] = timeOf(k);
                  at[inner] = j;
                  for (auto [i, v] : llvm::enumerate(loop.getSeqs()))
                    kb.store(staged[i], stagedSlot(kb.sub(j, ts), k),
                             em.emit(v, maps.seqs[i], at), compute);
                });
              });
            // 2. The steps, the tile's channels side by side.
            kb.forLoop(kb.i64(0), stepsHere, [&](Value k) {
              LagSlots slots = lagSlotsAt(kb, loop, ringStart, kb.add(s0, k));
              kb.laneLoop(kb.i64(0), count, tile, [&](Value g) {
                em.beginScope();
                SmallVector<Value> at(coords);
                at[axis] = timeOf(k);
                at[inner] = kb.add(ts, g);
                IRMapping scalars;
                unsigned arg = 0;
                for (size_t i = 0; i < staged.size(); ++i)
                  scalars.map(body.getArgument(arg++),
                              kb.load(staged[i], stagedSlot(g, k), compute));
                for (auto [i, v] : llvm::enumerate(loop.getInvariants()))
                  scalars.map(body.getArgument(arg++),
                              em.emit(v, maps.invariants[i], at));
                for (auto [lagArg, slot] : slots.reads)
                  scalars.map(lagArg, kb.b.create<LLVM::LoadOp>(
                                          kb.loc, compute, ringAddr(slot, g)));
                SmallVector<Value> next = emitLoopBody(kb, loop, scalars);
                for (size_t st = 0; st < next.size(); ++st) {
                  kb.store(results[st], slotOf(k, g), next[st], compute);
                  if (lags[st] >= 1)
                    kb.b.create<LLVM::StoreOp>(kb.loc, next[st],
                                               ringAddr(slots.write[st], g));
                }
              });
            });
            // 3. The results to their rows, each channel's steps in order.
            kb.forLoop(ts, te, [&](Value j) {
              kb.laneLoop(kb.i64(0), stepsHere, block, [&](Value k) {
                SmallVector<Value> at(coords);
                at[axis] = timeOf(k);
                at[inner] = j;
                Value off = offsetOf(kb, at, strides);
                for (size_t st = 0; st < outputs.size(); ++st)
                  kb.store(
                      kb.buffer(outSlots[st]), off,
                      kb.load(results[st], slotOf(k, kb.sub(j, ts)), compute),
                      ctx.storageType(outputs[st]));
              });
            });
          });
        });
      });
  runtime::SizeExpr channels = runtime::SizeExpr::literal(1);
  for (int d = 0; d < axis; ++d)
    channels = channels * shape[d].size();
  ks.step.range = channels;
  ks.step.itemSize = shape[axis].size();
  ks.step.minGrain = tile;
  remarkLoop(ctx, loop, channels, /*sequentialItems=*/false, tile);
  ctx.addStep(ks);
}

} // namespace sluice::codegen::cpu
