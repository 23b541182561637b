//===- ScanCarryTree.cpp - The look-back's carries as a tree --------------===//
//
// Level 0 is the look-back's blocks (their maps: the lanes' aggregates, in
// lane order); a node of level l >= 1 is G consecutive nodes of level l - 1
// (the last one fewer), its map their composition. Per level three kernels:
// compose (node maps, from the children's: k+1 recurrences from the basis
// states, as the aggregate kernel runs them over steps), top (one work item
// per channel walks the level's nodes in order from the init, storing each
// node's carry) and expand (one work item per (node, channel) walks the
// node's children from the node's carry, storing theirs). The executor
// runs compose 1..L, top L, expand L..1, and the apply kernel reads the
// block carries expand 1 wrote.
//
// A linear scan goes through a node's map only while the state and the map
// are finite; otherwise it walks the node's children (down to the lanes'
// steps, throughLane), like the carry kernel, so an infinite state or an
// overflowed product behaves as in the loop. A node whose composition met
// a non-finite run or child map gets a NaN map (so it is always walked):
// an infinite run through a product that underflowed to 0 would give NaN,
// or 0 with an absorbing zero, where the loop stays infinite.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/ScanCarryTree.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <limits>

using namespace mlir;

namespace sluice::codegen::cpu {

namespace {

/// The tree's buffers and sizes, shared by its kernels.
struct Tree {
  CodegenContext &ctx;
  ScanInfo &info;
  int32_t agg, carry; ///< level 0: the lanes' aggregates, the block carries
  /// Level l >= 1 at index l (index 0 unused): node maps [nodes, C, k*k+k]
  /// and node carries [nodes, C, k].
  std::vector<int32_t> maps, carries;
  int32_t fanoutDim; ///< the dims slot of G
  int levels;
  int64_t k, aggWidth;
};

/// One kernel of the tree: its builder, emitter and semiring, and the
/// run-time sizes (G, C, the node count of every level).
class TreeKernel {
public:
  TreeKernel(Tree &t, const std::string &base)
      : t(t), info(t.info),
        ks(t.ctx.deferredKernels, t.ctx.kernelName(base), t.info.op.getLoc()),
        kb(ks.kb), em(t.ctx, ks, t.info.shape),
        sr(kb, info.op.getSemiring(), info.compute, info.op.getAbsorbingZero()),
        full(t.k * t.k, 'v'), fullF(t.k, 'v') {
    info.collect(em); // the inits, and m and f for the walks
    fanout = kb.dim(t.fanoutDim);
    channels = kb.i64(1);
    for (size_t d = 0; d < info.shape.size(); ++d)
      if (static_cast<int>(d) != info.axis) {
        channelDims.push_back(static_cast<int>(d));
        channels = kb.mul(channels, kb.size(info.shape[d]));
      }
    Value steps = kb.size(info.shape[info.axis]);
    sizes.push_back(ceilDiv(steps, info.blockStepsValue(kb)));
    for (int l = 1; l <= t.levels; ++l)
      sizes.push_back(ceilDiv(sizes.back(), fanout));
  }

  /// Work item `item` = (node, channel): its node, channel and channel
  /// coordinates (the emitter prepared for them).
  void frame(Value item, Value &node, Value &channel,
             SmallVector<Value> &coords) {
    node = kb.div(item, channels);
    channel = kb.rem(item, channels);
    coords = kb.decompose(info.shape, channelDims, channel);
    em.prepare(coords);
  }

  /// The children of `node` of level `level` (>= 1): [first, end).
  std::pair<Value, Value> children(int level, Value node) {
    Value first = kb.mul(node, fanout);
    return {first, kb.min(kb.add(first, fanout), sizes[level - 1])};
  }

  /// The map of node `node` of level `level` >= 1 for `channel`.
  void loadNodeMap(int level, Value node, Value channel,
                   SmallVector<Value> &m, SmallVector<Value> &f) {
    Value base =
        kb.mul(kb.add(kb.mul(node, channels), channel), kb.i64(t.aggWidth));
    loadMap(kb.buffer(ks.slot(t.maps[level])), base, m, f);
  }
  /// The aggregate of lane `g` of block `block` for `channel`.
  void loadLaneMap(Value block, Value g, Value channel, SmallVector<Value> &m,
                   SmallVector<Value> &f) {
    Value item = kb.add(kb.mul(block, channels), channel);
    Value base = kb.mul(kb.add(kb.mul(item, kb.i64(info.lanes)), g),
                        kb.i64(t.aggWidth));
    loadMap(kb.buffer(ks.slot(t.agg)), base, m, f);
  }

  /// Stores `state` as the carry of node `node` of level `level` (0: the
  /// block carries) for `channel`.
  void storeCarry(int level, Value node, Value channel,
                  ArrayRef<Value> state) {
    Value ptr = kb.buffer(ks.slot(level == 0 ? t.carry : t.carries[level]));
    Value base = kb.mul(kb.add(kb.mul(node, channels), channel), kb.i64(t.k));
    for (int64_t i = 0; i < t.k; ++i)
      kb.store(ptr, kb.add(base, kb.i64(i)), state[i], info.compute);
  }
  SmallVector<Value> loadCarry(int level, Value node, Value channel) {
    Value ptr = kb.buffer(ks.slot(t.carries[level]));
    Value base = kb.mul(kb.add(kb.mul(node, channels), channel), kb.i64(t.k));
    SmallVector<Value> state;
    for (int64_t i = 0; i < t.k; ++i)
      state.push_back(kb.load(ptr, kb.add(base, kb.i64(i)), info.compute));
    return state;
  }

  /// The state after node `node` of level `level` from `state`: through
  /// its map, or (a linear scan that mustWalk: a state or map not finite,
  /// or a map of ~90 blocks too large to compose with) through its
  /// children's, down to the lanes' steps.
  SmallVector<Value> throughNode(int level, Value node, Value channel,
                                 ArrayRef<Value> coords,
                                 ArrayRef<Value> state) {
    if (level == 0)
      return kb.forLoopCarried(
          kb.i64(0), kb.i64(info.lanes), state, [&](Value g, ValueRange cur) {
            SmallVector<Value> m, f;
            loadLaneMap(node, g, channel, m, f);
            SmallVector<Value> s(cur.begin(), cur.end());
            return throughLane(kb, em, info, sr, coords, node, g, s, m, f);
          });
    SmallVector<Value> m, f;
    loadNodeMap(level, node, channel, m, f);
    if (info.op.getSemiring() != sl::Semiring::linear)
      return sr.step(full, fullF, m, f, state);
    Value stepwise = mustWalk(kb, info, state, m, f);
    SmallVector<Type> types(state.size(), info.compute);
    SmallVector<Value> result = kb.ifElse(
        stepwise, types,
        [&] {
          auto [first, end] = children(level, node);
          return kb.forLoopCarried(
              first, end, state, [&](Value child, ValueRange cur) {
                em.beginScope();
                SmallVector<Value> s(cur.begin(), cur.end());
                return throughNode(level - 1, child, channel, coords, s);
              });
        },
        [&] { return sr.step(full, fullF, m, f, state); });
    em.beginScope();
    return result;
  }

  /// `runs` (k+1 states of k: from each basis state, then from the zero
  /// state with forcing) through the map (`m`, `f`). A linear scan carries
  /// one more value after the runs, whether every run and map so far was
  /// finite (see composeKernel), and returns it updated.
  SmallVector<Value> composeRuns(ArrayRef<Value> m, ArrayRef<Value> f,
                                 ValueRange runs) {
    SmallVector<Value> next;
    Value exact;
    if (info.op.getSemiring() == sl::Semiring::linear) {
      SmallVector<Value> checked(runs.begin(), runs.begin() + (t.k + 1) * t.k);
      checked.append(m.begin(), m.end());
      checked.append(f.begin(), f.end());
      exact = kb.b.create<arith::AndIOp>(kb.loc, runs.back(),
                                         allFinite(kb, checked));
    }
    for (int64_t r = 0; r <= t.k; ++r) {
      SmallVector<Value> st(runs.begin() + r * t.k,
                            runs.begin() + (r + 1) * t.k);
      SmallVector<Value> out =
          sr.step(full, fullF, m, f, st, r == t.k, /*run=*/true);
      next.append(out.begin(), out.end());
    }
    if (exact)
      next.push_back(exact);
    return next;
  }

  Tree &t;
  ScanInfo &info;
  KernelStep ks;
  KernelBuilder &kb;
  ExprEmitter em;
  SemiringMath sr;
  std::string full, fullF; ///< every entry of M and f given
  Value fanout, channels;
  SmallVector<int> channelDims;
  SmallVector<Value> sizes; ///< node count per level (0: blocks)

private:
  Value ceilDiv(Value a, Value b) {
    return kb.div(kb.add(a, kb.sub(b, kb.i64(1))), b);
  }
  void loadMap(Value ptr, Value base, SmallVector<Value> &m,
               SmallVector<Value> &f) {
    for (int64_t e = 0; e < t.k * t.k; ++e)
      m.push_back(kb.load(ptr, kb.add(base, kb.i64(e)), info.compute));
    for (int64_t i = 0; i < t.k; ++i)
      f.push_back(
          kb.load(ptr, kb.add(base, kb.i64(t.k * t.k + i)), info.compute));
  }
};

/// Adds `tk`'s step: `range` work items, each touching about `itemSize`
/// elements (the CPU runtime's grain; the OpenCL executor launches these
/// kernels itself).
void finish(Tree &t, TreeKernel &tk, runtime::SizeExpr range,
            int64_t itemSize) {
  tk.ks.step.range = std::move(range);
  tk.ks.step.itemSize = runtime::SizeExpr::literal(itemSize);
  t.ctx.addStep(tk.ks);
}

/// Level `level`'s node maps from its children's (k+1 recurrences).
void composeKernel(Tree &t, int level, const runtime::SizeExpr &nodes) {
  TreeKernel tk(t, "scan_tree_compose");
  KernelBuilder &kb = tk.kb;
  int64_t k = t.k;
  kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
    Value node, channel;
    SmallVector<Value> coords;
    tk.frame(item, node, channel, coords);
    SmallVector<Value> runs;
    for (int64_t r = 0; r <= k; ++r)
      for (int64_t i = 0; i < k; ++i)
        runs.push_back(r == k ? tk.sr.zero()
                              : (i == r ? tk.sr.one() : tk.sr.zero()));
    // A linear scan's composition is exact only while every run and every
    // child's map stays finite: once a run is infinite (an infinite input),
    // a child's coefficient product that underflowed to 0 would make it NaN,
    // or, with an absorbing zero, 0, where the loop keeps the infinity.
    // Such a node gets a NaN in M, so that whoever goes through it walks
    // its children instead (TreeKernel::throughNode).
    bool linear = t.info.op.getSemiring() == sl::Semiring::linear;
    if (linear)
      runs.push_back(kb.b.create<arith::ConstantIntOp>(kb.loc, 1, 1));
    auto [first, end] = tk.children(level, node);
    runs = kb.forLoopCarried(first, end, runs, [&](Value child, ValueRange cur) {
      if (level > 1) {
        SmallVector<Value> m, f;
        tk.loadNodeMap(level - 1, child, channel, m, f);
        return tk.composeRuns(m, f, cur);
      }
      // Level 1: the child block's lanes, in order.
      return kb.forLoopCarried(
          kb.i64(0), kb.i64(t.info.lanes), cur, [&](Value g, ValueRange lane) {
            SmallVector<Value> m, f;
            tk.loadLaneMap(child, g, channel, m, f);
            return tk.composeRuns(m, f, lane);
          });
    });
    Value ptr = kb.buffer(tk.ks.slot(t.maps[level]));
    Value base = kb.mul(kb.add(kb.mul(node, tk.channels), channel),
                        kb.i64(t.aggWidth));
    // M[i][j] is run j's component i; f follows (as the lanes' aggregates).
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < k; ++j) {
        Value entry = runs[j * k + i];
        if (linear)
          entry = kb.b.create<arith::SelectOp>(
              kb.loc, runs.back(), entry,
              kb.fconst(t.info.compute,
                        std::numeric_limits<double>::quiet_NaN()));
        kb.store(ptr, kb.add(base, kb.i64(i * k + j)), entry, t.info.compute);
      }
    for (int64_t i = 0; i < k; ++i)
      kb.store(ptr, kb.add(base, kb.i64(k * k + i)), runs[k * k + i],
               t.info.compute);
  });
  finish(t, tk, nodes * t.info.channels(), 64 * t.aggWidth);
}

/// The serial pass over level `level`'s nodes: one work item per channel,
/// from the init.
void topKernel(Tree &t, int level) {
  TreeKernel tk(t, "scan_tree_top");
  KernelBuilder &kb = tk.kb;
  kb.forLoop(kb.begin(), kb.end(), [&](Value channel) {
    Value node, ch;
    SmallVector<Value> coords;
    tk.frame(channel, node, ch, coords); // node is 0
    tk.em.beginScope();
    SmallVector<Value> init = t.info.emit(tk.em, t.info.init, coords);
    Value last = kb.sub(tk.sizes[level], kb.i64(1));
    SmallVector<Value> state = kb.forLoopCarried(
        kb.i64(0), last, init, [&](Value p, ValueRange cur) {
          tk.em.beginScope();
          SmallVector<Value> s(cur.begin(), cur.end());
          tk.storeCarry(level, p, channel, s);
          return tk.throughNode(level, p, channel, coords, s);
        });
    tk.storeCarry(level, last, channel, state);
  });
  finish(t, tk, t.info.channels(), 4096);
}

/// Each node's carry into its children's (level `level` - 1).
void expandKernel(Tree &t, int level, const runtime::SizeExpr &nodes) {
  TreeKernel tk(t, "scan_tree_expand");
  KernelBuilder &kb = tk.kb;
  kb.forLoop(kb.begin(), kb.end(), [&](Value item) {
    Value node, channel;
    SmallVector<Value> coords;
    tk.frame(item, node, channel, coords);
    tk.em.beginScope();
    SmallVector<Value> state = tk.loadCarry(level, node, channel);
    auto [first, end] = tk.children(level, node);
    Value last = kb.sub(end, kb.i64(1));
    state = kb.forLoopCarried(first, last, state, [&](Value child, ValueRange cur) {
      tk.em.beginScope();
      SmallVector<Value> s(cur.begin(), cur.end());
      tk.storeCarry(level - 1, child, channel, s);
      return tk.throughNode(level - 1, child, channel, coords, s);
    });
    tk.storeCarry(level - 1, last, channel, state);
  });
  finish(t, tk, nodes * t.info.channels(), 64 * t.k);
}

} // namespace

void addCarryTree(CodegenContext &ctx, ScanInfo &info, int32_t agg,
                  int32_t carry, const runtime::SizeExpr &blocks,
                  runtime::Step &lookbackStep) {
  int levels = static_cast<int>(ctx.options.target.carryTreeLevels);
  if (levels <= 0)
    return;
  Tree t{ctx, info, agg, carry, {-1}, {-1}, -1, levels, info.k,
         info.k * info.k + info.k};
  runtime::SizeExpr C = info.channels();
  // G >= 2 (the executor's rule), so level l has at most ceil(blocks / 2^l)
  // nodes; a buffer is allocated only when a call uses its level.
  std::vector<runtime::SizeExpr> nodes{blocks};
  for (int l = 1; l <= levels; ++l) {
    nodes.push_back(blocks.ceilDiv(int64_t(1) << l));
    auto temp = [&](const std::string &name, int64_t width) {
      return info.temporary(ctx, name + "_" + std::to_string(l),
                            {nodes[l], C, runtime::SizeExpr::literal(width)});
    };
    t.maps.push_back(temp("scan_tree_maps", t.aggWidth));
    t.carries.push_back(temp("scan_tree_carries", t.k));
  }
  t.fanoutDim =
      static_cast<int32_t>(ctx.plan.dimNames.size()) + ctx.plan.numCounters++;
  lookbackStep.counter = t.fanoutDim;
  for (int l = 1; l <= levels; ++l) {
    composeKernel(t, l, nodes[l]);
    topKernel(t, l);
    expandKernel(t, l, nodes[l]);
  }
}

} // namespace sluice::codegen::cpu
