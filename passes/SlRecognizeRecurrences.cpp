//===- SlRecognizeRecurrences.cpp - sl.loop -> sl.scan --------------------===//
//
// For each sl.loop: classify every state's update in each semiring
// (RecurrenceAnalysis), keep the states that are affine and only read
// states affine in the same semiring, group the coupled ones, and build one
// sl.scan per group (companion form for lags > 1) with the coefficients
// re-emitted before the loop (BodyHoister). What is left stays an sl.loop
// that reads the scans' results (LoopSplitting). One remark per loop.
//
//===----------------------------------------------------------------------===//

#include "passes/BodyHoister.h"
#include "passes/LoopSplitting.h"
#include "passes/Passes.h"
#include "passes/RecurrenceAnalysis.h"
#include "passes/ScanUtils.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringExtras.h"

#include <numeric>

namespace sluice {
#define GEN_PASS_DEF_SLRECOGNIZERECURRENCES
#include "passes/Passes.h.inc"
} // namespace sluice

using namespace mlir;
using namespace sluice;

namespace {

/// `'a', 'b'`.
std::string quoteNames(ArrayRef<unsigned> states, ArrayRef<std::string> names) {
  std::string s;
  for (unsigned i : states)
    s += (s.empty() ? "'" : ", '") + names[i] + "'";
  return s;
}

/// Why a state stays sequential: the op that made its update non-affine, or
/// a sentence.
struct Reason {
  Operation *culprit = nullptr;
  CulpritKind kind = CulpritKind::NonLinear;
  std::string text;
};

/// Renders the reasons of `states`; states with one culprit share a clause:
/// `'tanh' at 7:24 makes 'h', 'g' non-linear`.
std::string renderReasons(ArrayRef<unsigned> states, ArrayRef<Reason> reasons,
                          ArrayRef<std::string> names) {
  SmallVector<std::string> clauses;
  llvm::SmallDenseSet<unsigned> done;
  for (unsigned s : states) {
    if (done.contains(s))
      continue;
    const Reason &r = reasons[s];
    std::string clause = r.text;
    if (r.culprit) {
      SmallVector<unsigned> same;
      for (unsigned j : states)
        if (reasons[j].culprit == r.culprit && reasons[j].kind == r.kind) {
          same.push_back(j);
          done.insert(j);
        }
      std::string who = quoteNames(same, names);
      clause = describeOp(r.culprit);
      switch (r.kind) {
      case CulpritKind::Product:
        clause += " makes " + who +
                  " non-linear (a product of two state-dependent values)";
        break;
      case CulpritKind::Division:
        clause += " makes " + who +
                  " non-linear (a division by a state-dependent value)";
        break;
      case CulpritKind::ChannelCoupling:
        clause += " couples the channels of " + who +
                  " (linear, but a parallel scan would combine dense matrices)";
        break;
      case CulpritKind::UnsignedFactor:
        clause += " makes " + who +
                  " non-linear (its factor's sign is unknown; if the factor "
                  "'c' is positive, write 'c * exp(x)' as 'exp(log(c) + x)' "
                  "and it becomes a log-add-exp scan)";
        break;
      case CulpritKind::StateCondition:
        clause += " makes " + who + " non-linear";
        // (Not for a select the user did not write: sl-share-stabilized-
        // exps' stands for an exp, under whose name it is reported.)
        if (!r.culprit->hasAttr(kSpelledAttr))
          clause += " (its condition depends on the state, so which branch "
                    "applies depends on earlier steps)";
        break;
      case CulpritKind::NonLinear:
        clause += " makes " + who + " non-linear";
        break;
      }
    }
    if (!llvm::is_contained(clauses, clause))
      clauses.push_back(clause);
  }
  return llvm::join(clauses, "; ");
}

/// True when `coef` contains a Select node: a `where` between branches of
/// which (at least) one may not read the state. Its zero must absorb the
/// state (`absorbing_zero`), as the loop never reads it there.
bool containsSelect(const Coef *coef) {
  SmallVector<const Coef *> pending{coef};
  llvm::SmallPtrSet<const Coef *, 16> seen;
  while (!pending.empty()) {
    const Coef *c = pending.pop_back_val();
    if (!c || !seen.insert(c).second)
      continue;
    if (c->kind == Coef::Kind::Select)
      return true;
    pending.append({c->lhs, c->rhs});
  }
  return false;
}

/// The outcome of turning one group of states into a scan.
struct GroupScan {
  SmallVector<unsigned> states;
  /// Per state, its values over all steps.
  SmallVector<Value> values;
  /// For the remark: `a parallel linear scan (...)`.
  std::string text;
  Operation *scan = nullptr;
  std::unique_ptr<BodyHoister> hoister;
};

/// What one round of recognition did to a loop.
struct RecognitionRound {
  /// Per scan built: the quoted names of its states and what they became.
  SmallVector<std::pair<std::string, std::string>> groups;
  /// Why the states that stay sequential do (empty if none stays).
  std::string why;
  /// The loop left after a split (null when the loop is gone or untouched).
  sl::LoopOp remaining;
};

/// How many times a loop is recognised again after a split. Every round
/// that makes progress removes a state, so a block of n states needs at
/// most n rounds; this bounds the work on a block of very many states.
constexpr unsigned kMaxRecognitionRounds = 16;

/// Recognition of one loop, one round.
class LoopRecognizer {
public:
  /// `reanalysis`: `loop` is what an earlier round left after a split.
  LoopRecognizer(sl::LoopOp loop, bool split, bool tropical, bool reanalysis)
      : loop(loop), split(split), reanalysis(reanalysis),
        names(getStateNames(loop)) {
    semirings.push_back(sl::Semiring::linear);
    if (tropical)
      semirings.append({sl::Semiring::max_plus, sl::Semiring::min_plus,
                        sl::Semiring::log_add_exp});
  }

  /// Builds the scans; leaves the IR untouched when none is built.
  RecognitionRound run();

private:
  void classify();
  /// Builds the scan of `states` (all of semiring `choice`); on failure
  /// returns the reason.
  FailureOr<GroupScan> buildGroup(ArrayRef<unsigned> states, std::string &why);
  /// Takes out of a group `states`, and returns, its states of order 0
  /// that read other states (no state reads theirs: a one-step error
  /// `err[t] = y[t] - l[t-1]`, an output `h[t] = o[t] * c[t]`): where the
  /// rest becomes a scan they stay in the loop, which the next round
  /// computes element-wise from the scan's results. (In the scan each
  /// would be a component with a zero column: more work a step for every
  /// component.) A group within kMaxScanStates keeps them where the next
  /// round could not (they read a scanned state's earlier values whose
  /// init is not one constant).
  SmallVector<unsigned> unreadStatesToLeave(SmallVector<unsigned> &states);
  const StateUpdate &update(unsigned s) {
    return analyses[choice[s]]->getUpdate(s);
  }

  sl::LoopOp loop;
  bool split;
  bool reanalysis;
  SmallVector<std::string> names;
  SmallVector<sl::Semiring> semirings;
  CoefBuilder coefs;
  SmallVector<std::unique_ptr<RecurrenceAnalysis>> analyses;
  /// Log-add-exp with every factor of an exp-form taken as positive: only
  /// to tell whether the remark may suggest `exp(log(c) + x)`.
  std::unique_ptr<RecurrenceAnalysis> positiveFactors;
  /// Per state: the index of its semiring in `semirings`, or -1.
  SmallVector<int> choice;
  /// Per state that stays sequential: why.
  SmallVector<Reason> reasons;
};

void LoopRecognizer::classify() {
  unsigned n = loop.getNumResults();
  choice.assign(n, -1);
  reasons.assign(n, Reason());
  for (auto [r, semiring] : llvm::enumerate(semirings)) {
    if (r > 0 && llvm::none_of(choice, [](int c) { return c < 0; }))
      break;
    analyses.push_back(
        std::make_unique<RecurrenceAnalysis>(loop, semiring, coefs));
    for (unsigned s = 0; s < n; ++s)
      if (choice[s] < 0 && analyses[r]->getUpdate(s).affine)
        choice[s] = r;
  }
  for (unsigned s = 0; s < n; ++s)
    if (choice[s] < 0) {
      // The linear culprit, unless writing a factor of an exp-form as
      // `exp(log(c))` would make the update log-add-exp affine.
      const StateUpdate *culprit = &analyses[0]->getUpdate(s);
      for (auto &analysis : analyses) {
        if (analysis->getUpdate(s).kind != CulpritKind::UnsignedFactor)
          continue;
        if (!positiveFactors)
          positiveFactors = std::make_unique<RecurrenceAnalysis>(
              loop, sl::Semiring::log_add_exp, coefs,
              /*assumePositiveFactors=*/true);
        if (positiveFactors->getUpdate(s).affine)
          culprit = &analysis->getUpdate(s);
      }
      reasons[s] = {culprit->culprit, culprit->kind,
                    "'" + names[s] + "' is not affine in its earlier values"};
    }
  // A recognised state reads only recognised states of its semiring.
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned s = 0; s < n; ++s) {
      if (choice[s] < 0)
        continue;
      for (auto &[key, coef] : update(s).form.terms) {
        unsigned j = key.first;
        if (choice[j] == choice[s])
          continue;
        reasons[s].text = choice[j] < 0
                              ? "'" + names[s] + "' reads '" + names[j] + "'"
                              : "'" + names[s] + "' and '" + names[j] +
                                    "' are affine in different semirings";
        choice[s] = -1;
        changed = true;
        break;
      }
    }
  }
}

FailureOr<GroupScan> LoopRecognizer::buildGroup(ArrayRef<unsigned> states,
                                                std::string &why) {
  OpBuilder builder(loop);
  GroupScan group;
  group.states.assign(states.begin(), states.end());
  auto resultType = cast<RankedTensorType>(loop.getResult(states[0]).getType());
  group.hoister = std::make_unique<BodyHoister>(loop, builder,
                                                resultType.getElementType());
  BodyHoister &hoister = *group.hoister;
  for (unsigned s : states)
    if (loop.getResult(s).getType() != resultType) {
      why = quoteNames(states, names) + " are coupled but have different shapes";
      return failure();
    }
  auto cannotHoist = [&]() {
    why = quoteNames(states, names) + ": cannot compute " +
          (hoister.getFailedOp() ? describeOp(hoister.getFailedOp())
                                 : std::string("a coefficient")) +
          " outside the loop";
    hoister.rollback();
    return failure();
  };

  // Companion layout: state s takes components (s[t], ..., s[t-lag+1]).
  ArrayRef<int64_t> lags = loop.getLags();
  DenseMap<unsigned, unsigned> offset;
  unsigned k = 0, totalLag = 0;
  for (unsigned s : states) {
    offset[s] = k;
    k += std::max<int64_t>(lags[s], 1);
    totalLag += lags[s];
  }
  if (k > kMaxScanStates) {
    why = quoteNames(states, names) + " would need a " + std::to_string(k) +
          "-state " +
          (states.size() == 1 ? "companion scan (lag " +
                                    std::to_string(lags[states[0]]) + ")"
                              : std::string("scan")) +
          "; parallel scans take at most " + std::to_string(kMaxScanStates) +
          " states";
    hoister.rollback();
    return failure();
  }
  if (totalLag == 0) {
    // Nothing is carried: the state is its forcing, element-wise.
    const Coef *f = update(states[0]).form.forcing;
    if (!f)
      f = coefs.constant(0);
    FailureOr<Value> full = hoister.emitFull(f, resultType);
    if (succeeded(full)) {
      group.values.push_back(*full);
      group.text = "element-wise (no state is carried)";
      return group;
    }
    if (hoister.getFailedOp())
      return cannotHoist();
    why = quoteNames(states, names) + " carries no state and has no shape to copy";
    hoister.rollback();
    return failure();
  }

  sl::Semiring semiring = semirings[choice[states[0]]];
  const Coef *one = coefs.constant(semiring == sl::Semiring::linear ? 1 : 0);
  SmallVector<const Coef *> matrix(k * k, nullptr), forcing(k, nullptr);
  for (unsigned s : states) {
    unsigned row = offset[s];
    for (auto &[key, coef] : update(s).form.terms)
      matrix[row * k + offset[key.first] + key.second - 1] = coef;
    forcing[row] = update(s).form.forcing;
    for (int64_t m = 1; m < lags[s]; ++m)
      matrix[(row + m) * k + row + m - 1] = one;
  }
  bool anySelect = llvm::any_of(matrix, containsSelect);
  // Operands and the 0/1/v/c strings.
  auto encode = [&](ArrayRef<const Coef *> entries, std::string &kinds,
                    SmallVectorImpl<Value> &operands) -> LogicalResult {
    for (const Coef *c : entries) {
      if (!c) {
        kinds += '0';
      } else if (c == one || c->isConst(one->value)) {
        kinds += '1';
      } else {
        FailureOr<BodyHoister::Hoisted> h = hoister.emitOperand(c, resultType);
        if (failed(h))
          return failure();
        kinds += h->varying ? 'v' : 'c';
        operands.push_back(h->value);
      }
    }
    return success();
  };
  std::string matrixKinds, forcingKinds;
  SmallVector<Value> coeffs, inputs, inits;
  if (failed(encode(matrix, matrixKinds, coeffs)))
    return cannotHoist();
  // A forcing of `1` is an operand, not the semiring's one.
  std::string plainForcing;
  for (auto [i, f] : llvm::enumerate(forcing)) {
    if (f && f->kind == Coef::Kind::Const) {
      FailureOr<BodyHoister::Hoisted> h = hoister.emitOperand(f, resultType);
      if (failed(h))
        return cannotHoist();
      forcingKinds += 'c';
      inputs.push_back(h->value);
    } else if (failed(encode({f}, forcingKinds, inputs))) {
      return cannotHoist();
    }
  }
  // Inits: s[-1] = (s[t-1], ..., s[t-lag]) before the first step. A state
  // that reads none of its own earlier values has a zero column: any slice.
  Value anyInit;
  for (unsigned s : states)
    if (lags[s] > 0 && !anyInit)
      anyInit = loop.getInits()[loop.getFirstInitIndex(s)];
  for (unsigned s : states) {
    if (lags[s] == 0)
      inits.push_back(anyInit);
    for (int64_t l = 0; l < lags[s]; ++l)
      inits.push_back(loop.getInits()[loop.getFirstInitIndex(s) + l]);
  }

  SmallVector<Type> types(k, resultType);
  auto scan = builder.create<sl::ScanOp>(
      loop.getLoc(), types, sl::SemiringAttr::get(loop.getContext(), semiring),
      loop.getSteps(), loop.getAxisAttr(), loop.getReverseAttr(), UnitAttr(),
      sl::StructureAttr::get(loop.getContext(), matrixKinds),
      sl::StructureAttr::get(loop.getContext(), forcingKinds),
      coeffs, inputs, inits);
  if (anySelect)
    scan.setAbsorbingZero(true);
  group.scan = scan;
  for (unsigned s : states)
    group.values.push_back(scan.getResult(offset[s]));
  std::string structure;
  if (states.size() == 1 && lags[states[0]] > 1)
    structure = "companion form of an order-" +
                std::to_string(lags[states[0]]) + " recurrence";
  group.text = ("a parallel " + semiringName(semiring) + " scan (").str() +
               describeScan(scan, structure) + ")";
  return group;
}

/// True when a state of `extracted` would stay in the loop as a
/// pass-through after splitOffStates: the updates of the states that stay
/// (`rest`) read its earlier values with inits that cannot fill a shift
/// (earlierValuesShift).
static bool staysAsPassThrough(sl::LoopOp loop, ArrayRef<unsigned> extracted,
                               ArrayRef<unsigned> rest) {
  // Everything the rest's updates compute from (a backward slice).
  llvm::SmallDenseSet<Value> needed;
  SmallVector<Value> work;
  for (unsigned s : rest)
    work.push_back(loop.getYield().getValues()[s]);
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!needed.insert(v).second)
      continue;
    if (Operation *def = v.getDefiningOp())
      llvm::append_range(work, def->getOperands());
  }
  return llvm::any_of(extracted, [&](unsigned s) {
    return !earlierValuesShift(loop, s, [&](unsigned l) {
      return needed.contains(loop.getStateArg(s, l));
    });
  });
}

SmallVector<unsigned>
LoopRecognizer::unreadStatesToLeave(SmallVector<unsigned> &states) {
  ArrayRef<int64_t> lags = loop.getLags();
  int64_t k = 0;
  SmallVector<unsigned> unread, carried;
  for (unsigned s : states) {
    k += std::max<int64_t>(lags[s], 1);
    // (Order 0: no state reads its earlier values, so no term of another
    // state's form names it; its own terms read the others'.)
    (lags[s] == 0 && !update(s).form.terms.empty() ? unread : carried)
        .push_back(s);
  }
  if (unread.empty() || carried.empty())
    return {};
  // Within the bound, only where the next round computes them element-wise
  // (not as a loop keeping the scanned states as pass-throughs: a loop
  // sequential along the axis, where the whole group was one scan).
  if (k <= kMaxScanStates && staysAsPassThrough(loop, carried, unread))
    return {};
  states = std::move(carried);
  return unread;
}

RecognitionRound LoopRecognizer::run() {
  RecognitionRound round;
  unsigned n = loop.getNumResults();
  if (n == 0)
    return round;
  classify();

  // Coupled states (one reads another's earlier value) share a scan.
  llvm::EquivalenceClasses<unsigned> coupled;
  for (unsigned s = 0; s < n; ++s)
    if (choice[s] >= 0) {
      coupled.insert(s);
      for (auto &[key, coef] : update(s).form.terms)
        coupled.unionSets(s, key.first);
    }
  SmallVector<GroupScan> groups;
  llvm::SmallDenseSet<unsigned> grouped;
  for (unsigned s = 0; s < n; ++s) {
    if (choice[s] < 0 || grouped.contains(s))
      continue;
    SmallVector<unsigned> states;
    for (unsigned j = 0; j < n; ++j)
      if (choice[j] >= 0 && coupled.isEquivalent(s, j)) {
        states.push_back(j);
        grouped.insert(j);
      }
    SmallVector<unsigned> unread = unreadStatesToLeave(states);
    std::string why;
    FailureOr<GroupScan> group = buildGroup(states, why);
    if (succeeded(group)) {
      groups.push_back(std::move(*group));
      for (unsigned j : unread) {
        choice[j] = -1;
        reasons[j].text = quoteNames({j}, names) +
                          " reads the scanned states' earlier values (read "
                          "by no state, it stays in the loop)";
      }
      continue;
    }
    states.append(unread);
    for (unsigned j : states) {
      choice[j] = -1;
      reasons[j].text = why;
    }
  }

  SmallVector<unsigned> rest;
  for (unsigned s = 0; s < n; ++s)
    if (choice[s] < 0)
      rest.push_back(s);
  round.why = renderReasons(rest, reasons, names);
  // In a later round, splitting off again a state that would stay as a
  // pass-through gains nothing (its update already is a slice of the scan
  // that computed it): such a group stays, and what it reads with it.
  for (bool dropped = reanalysis && !rest.empty(); dropped;) {
    dropped = false;
    for (auto *it = groups.begin(); it != groups.end(); ++it) {
      if (!staysAsPassThrough(loop, it->states, rest))
        continue;
      if (it->scan)
        it->scan->erase();
      it->hoister->rollback();
      llvm::append_range(rest, it->states);
      groups.erase(it);
      dropped = true;
      break;
    }
  }
  llvm::sort(rest);
  if (groups.empty() || (!split && !rest.empty())) {
    for (GroupScan &group : groups) {
      if (group.scan)
        group.scan->erase();
      group.hoister->rollback();
    }
    return round;
  }

  for (GroupScan &group : groups)
    round.groups.push_back(
        {quoteNames(group.states, names), std::move(group.text)});

  SmallVector<Value> values;
  for (GroupScan &group : groups)
    for (auto [s, v] : llvm::zip(group.states, group.values))
      values.push_back(v);
  SmallVector<unsigned> groupedStates;
  for (GroupScan &group : groups)
    llvm::append_range(groupedStates, group.states);
  // Hoisted ops that ended up unused go once the results have their users.
  auto eraseDead = [&] {
    for (GroupScan &group : llvm::reverse(groups))
      group.hoister->eraseDead();
  };
  if (rest.empty()) {
    for (auto [s, v] : llvm::zip(groupedStates, values))
      loop.getResult(s).replaceAllUsesWith(v);
    loop.erase();
    eraseDead();
    return round;
  }
  SmallVector<unsigned> order(groupedStates.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](unsigned a, unsigned b) {
    return groupedStates[a] < groupedStates[b];
  });
  SmallVector<unsigned> sortedStates;
  SmallVector<Value> sortedValues;
  for (unsigned i : order) {
    sortedStates.push_back(groupedStates[i]);
    sortedValues.push_back(values[i]);
  }
  round.remaining = splitOffStates(loop, sortedStates, sortedValues);
  eraseDead();
  return round;
}

/// Recognises `loop`, then the loop left after each split again (states
/// that were non-linear only through a split-off state become scans once
/// it is a sequence operand: mLSTM's `C`, `n` given `m`), until a round
/// makes no progress; emits one remark for the user's scan block.
static void recognizeLoop(sl::LoopOp loop, bool split, bool tropical) {
  Location loc = loop.getLoc();
  std::string all = quoteNames(
      llvm::to_vector(llvm::seq<unsigned>(0, loop.getNumResults())),
      getStateNames(loop));
  SmallVector<std::string> texts;
  std::string why, taken;
  bool restLeft = true;
  sl::LoopOp current = loop;
  // Each round that makes progress removes at least one state.
  for (unsigned round = 0; current && round < kMaxRecognitionRounds; ++round) {
    RecognitionRound result =
        LoopRecognizer(current, split, tropical, round > 0).run();
    if (result.groups.empty()) {
      why = result.why;
      break;
    }
    std::string given = taken.empty() ? "" : " given " + taken;
    for (auto &[who, text] : result.groups) {
      texts.push_back(who + " became " + text + given);
      taken += (taken.empty() ? "" : ", ") + who;
    }
    why = result.why;
    restLeft = static_cast<bool>(result.remaining);
    current = result.remaining;
  }
  if (texts.empty()) {
    emitRemark(loc) << "scan stays sequential: " << why;
    return;
  }
  std::string text = llvm::join(texts, "; ");
  if (!restLeft && texts.size() == 1)
    emitRemark(loc) << "scan over " << text;
  else if (!restLeft)
    emitRemark(loc) << "scan over " << all << ": " << text;
  else
    emitRemark(loc) << "scan over " << all << " was split: " << text
                    << "; the rest stays sequential: " << why;
}

struct RecognizeRecurrences
    : sluice::impl::SlRecognizeRecurrencesBase<RecognizeRecurrences> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<sl::LoopOp> loops;
    getOperation()->walk([&](sl::LoopOp loop) { loops.push_back(loop); });
    for (sl::LoopOp loop : loops)
      recognizeLoop(loop, split, tropical);
  }
};

} // namespace
