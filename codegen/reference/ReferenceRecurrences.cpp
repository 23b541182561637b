//===- ReferenceRecurrences.cpp - sl.loop and sl.scan, step by step -------===//
//
// Both walk the scan axis sequentially (from the end when `reverse`). The
// axis is counted from the end (`-2` is the second-to-last dim) so tensors of
// different ranks share it.
//
//===----------------------------------------------------------------------===//

#include "codegen/reference/Evaluator.h"

#include <cmath>

using namespace mlir;

namespace sluice::reference {
namespace {

/// The absolute position of the scan axis `axis` (< 0) in a tensor of `rank`.
int64_t absoluteAxis(int64_t axis, int64_t rank, const std::string &what) {
  if (axis >= 0 || -axis > rank)
    throw OpFailure(what + " of rank " + std::to_string(rank) +
                    " has no scan axis " + std::to_string(axis));
  return rank + axis;
}

/// Checks that `a` has `steps` entries along its scan axis; returns the axis.
int64_t checkSteps(const Array &a, int64_t axis, int64_t steps,
                   const std::string &what) {
  int64_t at = absoluteAxis(axis, a.rank(), what);
  if (a.shape[at] != steps)
    throw OpFailure(what + " of shape " + toString(a.shape) + " has " +
                    std::to_string(a.shape[at]) + " steps along axis " +
                    std::to_string(at) + ", but the recurrence runs " +
                    std::to_string(steps));
  return at;
}

/// The step index of the `step`-th executed step.
int64_t stepIndex(int64_t step, int64_t steps, bool reverse) {
  return reverse ? steps - 1 - step : step;
}

/// A semiring: s[t] = plus(times(M, s[t-1]) ..., f).
struct Semiring {
  double zero, one;
  double (*plus)(double, double);
  double (*times)(double, double);
};

Semiring semiringOf(sl::Semiring kind) {
  auto add = +[](double a, double b) { return a + b; };
  auto mul = +[](double a, double b) { return a * b; };
  switch (kind) {
  case sl::Semiring::linear:
    return {0.0, 1.0, add, mul};
  case sl::Semiring::max_plus:
    return {-INFINITY, 0.0, maxOf, add};
  case sl::Semiring::min_plus:
    return {INFINITY, 0.0, minOf, add};
  case sl::Semiring::log_add_exp:
    return {-INFINITY, 0.0, logAddExp, add};
  }
  throw OpFailure("unknown semiring");
}
} // namespace

std::vector<ArrayPtr> evalLoop(sl::LoopOp op, int64_t steps,
                               llvm::ArrayRef<ArrayPtr> seqs,
                               llvm::ArrayRef<ArrayPtr> invariants,
                               llvm::ArrayRef<ArrayPtr> inits) {
  int64_t axis = op.getAxis();
  llvm::ArrayRef<int64_t> lags = op.getLags();
  size_t numStates = lags.size();
  std::vector<int64_t> seqAxes;
  for (auto [i, seq] : llvm::enumerate(seqs))
    seqAxes.push_back(
        checkSteps(*seq, axis, steps, "sequence operand " + std::to_string(i)));

  // history[s][l]: state s, l + 1 steps before the current one.
  std::vector<std::vector<ArrayPtr>> history(numStates);
  size_t nextInit = 0;
  for (size_t s = 0; s < numStates; ++s)
    for (int64_t l = 0; l < lags[s]; ++l)
      history[s].push_back(inits[nextInit++]);

  // Each result's shape: the state's slice with the steps inserted; the
  // slice comes from the init, else from the first step's value.
  std::vector<Array> results(numStates);
  std::vector<int64_t> resultAxes(numStates);
  auto startResult = [&](size_t s, const Shape &slice) {
    resultAxes[s] = absoluteAxis(axis, static_cast<int64_t>(slice.size()) + 1,
                                 "result " + std::to_string(s));
    results[s] = Array(insertAxis(slice, resultAxes[s], steps));
  };
  for (size_t s = 0; s < numStates; ++s)
    if (lags[s] > 0)
      startResult(s, history[s][0]->shape);

  Block &body = op.getBody().front();
  for (int64_t step = 0; step < steps; ++step) {
    int64_t t = stepIndex(step, steps, op.getReverse());
    std::vector<RtValue> args;
    for (auto [seq, at] : llvm::zip(seqs, seqAxes))
      args.push_back({std::make_shared<const Array>(sliceAt(*seq, at, t))});
    for (const ArrayPtr &inv : invariants)
      args.push_back({inv});
    for (size_t s = 0; s < numStates; ++s)
      for (const ArrayPtr &previous : history[s])
        args.push_back({previous});

    std::vector<RtValue> yielded = runBlock(body, args);
    for (size_t s = 0; s < numStates; ++s) {
      ArrayPtr value = yielded[s].array;
      if (!value)
        throw OpFailure("the body yields an index for state " +
                        std::to_string(s));
      if (step == 0 && lags[s] == 0)
        startResult(s, value->shape);
      if (value->shape != dropAxis(results[s].shape, resultAxes[s]))
        throw OpFailure("state " + std::to_string(s) + " has shape " +
                        toString(value->shape) + " at step " +
                        std::to_string(t) + ", not its slice shape " +
                        toString(dropAxis(results[s].shape, resultAxes[s])));
      storeSlice(results[s], resultAxes[s], t, *value);
      if (lags[s] > 0) {
        history[s].insert(history[s].begin(), value);
        history[s].pop_back();
      }
    }
  }
  // Without steps, a state without a lag has its slice shape from one run
  // of the body on zero slices (its values are not used): `y[t] = 2 * x[t]`
  // over x of [2, 0, 3] is [2, 0, 3], as the other targets give.
  if (steps == 0 && llvm::is_contained(lags, 0)) {
    std::vector<RtValue> args;
    for (auto [seq, at] : llvm::zip(seqs, seqAxes))
      args.push_back(
          {std::make_shared<const Array>(Array(dropAxis(seq->shape, at)))});
    for (const ArrayPtr &inv : invariants)
      args.push_back({inv});
    for (size_t s = 0; s < numStates; ++s)
      for (const ArrayPtr &previous : history[s])
        args.push_back({previous});
    std::vector<RtValue> yielded = runBlock(body, args);
    for (size_t s = 0; s < numStates; ++s) {
      if (lags[s] > 0)
        continue;
      if (!yielded[s].array)
        throw OpFailure("the body yields an index for state " +
                        std::to_string(s));
      startResult(s, yielded[s].array->shape);
    }
  }

  std::vector<ArrayPtr> out;
  for (Array &r : results)
    out.push_back(std::make_shared<const Array>(std::move(r)));
  return out;
}

std::vector<ArrayPtr> evalScan(sl::ScanOp op, int64_t steps,
                               llvm::ArrayRef<ArrayPtr> coeffs,
                               llvm::ArrayRef<ArrayPtr> inputs,
                               llvm::ArrayRef<ArrayPtr> inits) {
  int64_t k = op.getStateSize(), axis = op.getAxis();
  std::string matrix = op.getMatrix().str(), forcing = op.getForcing().str();
  Semiring ring = semiringOf(op.getSemiring());
  const Shape &slice = inits.front()->shape;
  for (const ArrayPtr &init : inits)
    if (init->shape != slice)
      throw OpFailure("inits have different shapes " + toString(slice) +
                      " and " + toString(init->shape));
  int64_t resultAxis =
      absoluteAxis(axis, static_cast<int64_t>(slice.size()) + 1, "the result");

  // One operand per 'v' or 'c' entry of `kinds`, in order.
  struct Entry {
    char kind;            // '0', '1', 'v' or 'c'
    const Array *operand; // for 'v' and 'c'
    Array invariant;      // a 'c' operand broadcast to the slice
  };
  auto entriesOf = [&](llvm::StringRef kinds, llvm::ArrayRef<ArrayPtr> operands,
                       const char *what) {
    std::vector<Entry> entries;
    size_t next = 0;
    for (char c : kinds) {
      Entry e{c, nullptr, Array()};
      if (c == 'v' || c == 'c') {
        e.operand = operands[next].get();
        std::string name = std::string(what) + " " + std::to_string(next++);
        if (c == 'v')
          checkSteps(*e.operand, axis, steps, name);
        else
          e.invariant = broadcastTo(*e.operand, slice);
      }
      entries.push_back(std::move(e));
    }
    return entries;
  };
  std::vector<Entry> m = entriesOf(matrix, coeffs, "coeff");
  std::vector<Entry> f = entriesOf(forcing, inputs, "input");
  // An entry's value at step t, broadcast to the slice shape.
  auto valueAt = [&](const Entry &e, int64_t t) {
    if (e.kind == 'c')
      return e.invariant;
    int64_t at = absoluteAxis(axis, e.operand->rank(), "operand");
    return broadcastTo(sliceAt(*e.operand, at, t), slice);
  };

  bool absorbing = op.getAbsorbingZero();
  std::vector<Array> state, results;
  for (const ArrayPtr &init : inits) {
    state.push_back(*init);
    results.push_back(Array(insertAxis(slice, resultAxis, steps)));
  }
  for (int64_t step = 0; step < steps; ++step) {
    int64_t t = stepIndex(step, steps, op.getReverse());
    std::vector<Array> mt(k * k), ft(k);
    for (int64_t i = 0; i < k * k; ++i)
      if (m[i].kind == 'v' || m[i].kind == 'c')
        mt[i] = valueAt(m[i], t);
    for (int64_t i = 0; i < k; ++i)
      if (f[i].kind != '0')
        ft[i] = valueAt(f[i], t);

    std::vector<Array> next(k, Array(slice));
    for (int64_t e = 0; e < next[0].size(); ++e)
      for (int64_t i = 0; i < k; ++i) {
        double acc = ring.zero;
        for (int64_t j = 0; j < k; ++j) {
          char kind = m[i * k + j].kind;
          if (kind == '0') // structurally zero: no term at all
            continue;
          double coefficient = kind == '1' ? ring.one : mt[i * k + j].data[e];
          // absorbing_zero: zero (x) s is zero even for an infinite s.
          double term = absorbing && coefficient == ring.zero
                            ? ring.zero
                            : ring.times(coefficient, state[j].data[e]);
          acc = ring.plus(acc, term);
        }
        if (f[i].kind != '0')
          acc = ring.plus(acc, ft[i].data[e]);
        next[i].data[e] = acc;
      }
    for (int64_t i = 0; i < k; ++i)
      storeSlice(results[i], resultAxis, t,
                 op.getExclusive() ? state[i] : next[i]);
    state = std::move(next);
  }
  std::vector<ArrayPtr> out;
  for (Array &r : results)
    out.push_back(std::make_shared<const Array>(std::move(r)));
  return out;
}

} // namespace sluice::reference
