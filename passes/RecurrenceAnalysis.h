//===- RecurrenceAnalysis.h - The algebra of recognition --------*- C++ -*-===//
//
// Classifies the values of an `sl.loop` body by their dependence on the
// states of earlier steps `s = (h1[t-1], ..., h1[t-k1], h2[t-1], ...)`, in
// one semiring (+,*), (max,+), (min,+) or (logaddexp,+):
//   - independent: no dependence on `s`;
//   - affine:      (+)_j M_j (x) s_j (+) f, each M_j and f independent;
//   - non-linear:  anything else, with the op that made it so.
// See docs/RECOGNITION.md for the rules.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_PASSES_RECURRENCEANALYSIS_H
#define SLUICE_PASSES_RECURRENCEANALYSIS_H

#include "ir/SluiceOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Allocator.h"

#include <optional>
#include <string>
#include <utility>

namespace sluice {

/// A state-independent quantity built from loop-body values: one entry of
/// `M` or `f`. Nodes are owned by a CoefBuilder and shared as a DAG.
struct Coef {
  enum class Kind {
    Const, Leaf, Neg, Add, Sub, Mul, Div, Max, Min, LogAddExp, Broadcast,
    Select ///< `cond ? lhs : rhs` element-wise (cond: a boolean Leaf)
  };
  Kind kind;
  /// Const: the splat value.
  double value = 0;
  /// Leaf: a state-independent body value.
  mlir::Value leaf;
  /// Operands of Neg (lhs), the binary kinds, Broadcast (lhs), Select.
  const Coef *lhs = nullptr, *rhs = nullptr;
  /// Select: the condition, a Leaf of a boolean (i1) body value.
  const Coef *cond = nullptr;
  /// The body op this node comes from (its location; for Broadcast the
  /// `sl.broadcast` to re-emit). Null for constants.
  mlir::Operation *origin = nullptr;
  /// True when the value depends on a sequence slice (varies over time).
  bool varying = false;

  bool isConst(double v) const { return kind == Kind::Const && value == v; }
};

/// Builds Coef nodes, folding constants (`0 + x`, `1 * x`, `-(-x)`, ...).
class CoefBuilder {
public:
  const Coef *constant(double value);
  /// A body value; splat constants (possibly broadcast) fold to Const.
  const Coef *leaf(mlir::Value value, bool varying);
  const Coef *neg(const Coef *a, mlir::Operation *origin);
  const Coef *binary(Coef::Kind kind, const Coef *a, const Coef *b,
                     mlir::Operation *origin);
  /// `a` through the body's `sl.broadcast` op `origin`.
  const Coef *broadcast(const Coef *a, mlir::Operation *origin);
  /// `cond ? a : b` (the body's `arith.select` `origin`); `a` when both
  /// sides are the same constant or body value.
  const Coef *select(const Coef *cond, const Coef *a, const Coef *b,
                     mlir::Operation *origin);

private:
  Coef *make(Coef::Kind kind);
  llvm::SpecificBumpPtrAllocator<Coef> arena;
};

/// The splat value of `v` if it is a constant (possibly broadcast).
std::optional<double> getSplatValue(mlir::Value v);

/// A state at a lag: (state index, lag >= 1).
using StateLag = std::pair<unsigned, unsigned>;

/// `(+)_j terms[j].second (x) s[terms[j].first] (+) forcing` in a semiring.
struct AffineForm {
  /// Sorted by state and lag, at most one term per key.
  llvm::SmallVector<std::pair<StateLag, const Coef *>, 4> terms;
  /// Null: the semiring's zero (0, -inf, +inf, -inf).
  const Coef *forcing = nullptr;
};

/// Why a state's update is not affine.
enum class CulpritKind {
  /// An op that is not affine in the semiring (tanh, exp, max, ...).
  NonLinear,
  /// A product of two state-dependent values.
  Product,
  /// Division by a state-dependent value.
  Division,
  /// Linear, but coupling channels (`h @ W`, `sum(h, D)`).
  ChannelCoupling,
  /// Log-add-exp only: `c * exp(A)` with `c` not spelled `exp(w)`; it is
  /// `exp(log(c) + A)` when `c > 0`, which the analysis cannot know.
  UnsignedFactor,
  /// A `where` whose condition depends on a state (its branches may be
  /// affine, but which one applies depends on the state).
  StateCondition,
};

/// What the analysis found for one state's new value.
struct StateUpdate {
  bool affine = false;
  AffineForm form;
  /// For a non-affine update: the first op that broke it, and why.
  mlir::Operation *culprit = nullptr;
  CulpritKind kind = CulpritKind::NonLinear;
};

/// The classification of an `sl.loop` body in one semiring.
class RecurrenceAnalysis {
public:
  /// Analyses `loop`'s body; Coef nodes are created with `coefs`, which
  /// must outlive the analysis' results.
  /// With `assumePositiveFactors` (log-add-exp, for remarks only), a factor
  /// `c` of an exp-form counts as `exp(log(c))` without knowing its sign:
  /// the forms then tell whether that rewrite would make the update affine,
  /// and their coefficients are not the recurrence's.
  RecurrenceAnalysis(sl::LoopOp loop, sl::Semiring semiring,
                     CoefBuilder &coefs, bool assumePositiveFactors = false);

  sl::Semiring getSemiring() const { return semiring; }
  unsigned getNumStates() const { return updates.size(); }
  /// The new value of state `state` (its yield operand), classified.
  const StateUpdate &getUpdate(unsigned state) const { return updates[state]; }
  /// True when body value `v` depends on a sequence slice.
  bool isVarying(mlir::Value v) const { return varying.contains(v); }
  /// True when body value `v` depends on a state of an earlier step.
  bool dependsOnState(mlir::Value v) const;

private:
  /// What is known of one body value.
  struct Info {
    enum Kind { Independent, Affine, Exp, NonLinear } kind = Independent;
    /// Affine: the value; Exp (log-add-exp only): the value is exp(form).
    AffineForm form;
    mlir::Operation *culprit = nullptr;
    CulpritKind why = CulpritKind::NonLinear;
  };

  void visit(mlir::Operation *op);
  Info classify(mlir::Operation *op);
  /// In the linear semiring, for `op` reading a channel-coupled value: the
  /// reason `op` itself makes the update non-linear (tanh of it, a product
  /// of two state-dependent values), or nullopt where `op` keeps it linear.
  std::optional<Info> breaksLinearity(mlir::Operation *op);
  Info linear(mlir::Operation *op);
  Info tropical(mlir::Operation *op);
  Info logAddExp(mlir::Operation *op);
  /// `logaddexp(x, y)` (op, the frontend's expansion of it) in log-add-exp:
  /// `x (+) y` when each side is affine or state-independent.
  Info logaddexpOf(mlir::Operation *op, mlir::Value x, mlir::Value y);
  /// `where(c, a, b)` in any semiring: affine when `c` is state-independent
  /// and both branches are affine (or independent), with each coefficient
  /// and the forcing selected by `c` (a missing one is the semiring's zero).
  Info select(mlir::Operation *op);
  const Info &info(mlir::Value v) const;
  const Coef *leaf(mlir::Value v);
  /// `a (+) b` with `kind` merging coefficients of the same state.
  AffineForm merge(const AffineForm &a, const AffineForm &b, Coef::Kind kind,
                   mlir::Operation *origin);
  /// Applies `fn` to every coefficient and (when present) the forcing.
  AffineForm map(const AffineForm &a, bool mapForcing,
                 llvm::function_ref<const Coef *(const Coef *)> fn);
  static Info nonLinear(mlir::Operation *op,
                        CulpritKind why = CulpritKind::NonLinear);

  sl::Semiring semiring;
  CoefBuilder &coefs;
  bool assumePositiveFactors;
  llvm::DenseMap<mlir::Value, Info> infos;
  llvm::DenseSet<mlir::Value> varying;
  llvm::SmallVector<StateUpdate> updates;
};

/// Renders `coef` for tests and debugging: `mul(seq0, inv1)`, `2.5`, ...
/// Leaves print as their body expression (`seq0`, `inv0`, `sigmoid(seq0)`).
std::string describe(const Coef *coef);

} // namespace sluice

#endif // SLUICE_PASSES_RECURRENCEANALYSIS_H
