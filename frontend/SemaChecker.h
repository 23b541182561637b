//===- SemaChecker.h - Internals of Sema shared by its files ------*- C++ -*-===//
//
// Not a public header: the types and the ModelChecker class that Sema.cpp
// (names, statements, scan blocks), SemaExpr.cpp (expressions) and
// SemaTypes.cpp (shapes, dtypes, the builtin table) share. See Sema.cpp for
// how a model is checked.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_FRONTEND_SEMACHECKER_H
#define SLUICE_FRONTEND_SEMACHECKER_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/Parser.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sluice::frontend::sema {

using namespace ast;

/// True when `a` comes before `b` in the source.
bool locBefore(Loc a, Loc b);

/// A quoted name for messages (long names are cut).
std::string q(const std::string &name);

/// A value's type while checking: `known` is false for a value that depends
/// on a state whose type the fixpoint has not found yet; `partial` marks a
/// known type that is only a lower bound for the same reason.
struct Ty {
  bool known = true;
  bool partial = false;
  DType dtype = DType::Weak;
  Shape shape;

  static Ty unknown() {
    Ty t;
    t.known = false;
    return t;
  }
  static Ty of(const TensorType &t) { return Ty{true, false, t.dtype, t.shape}; }
  /// Known exactly: shape checks may be done.
  bool exact() const { return known && !partial; }
  bool operator==(const Ty &o) const {
    if (known != o.known || partial != o.partial)
      return false;
    return !known || (dtype == o.dtype && shape == o.shape);
  }
  bool operator!=(const Ty &o) const { return !(*this == o); }
};

/// The dtype of an expression mixing `a` and `b` (weak adapts; f16, bf16 and
/// f32 mix to f32; f64 mixes with nothing else). Throws at `loc`.
DType joinDType(DType a, DType b, Loc loc, const std::string &prefix = "");

/// NumPy broadcasting on trailing dims. On failure `why` says which dims.
bool broadcastShapes(const Shape &a, const Shape &b, Shape &out,
                     std::string &why);

/// broadcastShapes, throwing a located error when the shapes do not broadcast.
Shape broadcastOrThrow(const Shape &a, const Shape &b, Loc loc,
                       const std::string &prefix = "");

/// Element-wise join of two values; joining with an unknown gives a partial
/// value.
Ty joinElementwise(const Ty &a, const Ty &b, Loc loc);

/// How many times the named dim occurs in `s`.
size_t countDim(const Shape &s, const std::string &name);

/// The first axis of `s` that is the named dim, or -1.
int64_t findDim(const Shape &s, const std::string &name);

/// The kinds of builtin functions, by how their operands are checked.
enum class Cat {
  Unary, Elementwise, Reduce, Prefix, ExpandDims, Shift, Last, Squeeze, Reshape,
  Where
};

struct BuiltinInfo {
  const char *name;
  Builtin builtin;
  Cat cat;
  size_t arity;
  const char *signature;
};

/// The builtin called `name`, or null.
const BuiltinInfo *findBuiltin(const std::string &name);

/// What a name in a model stands for.
enum class SymKind { Dim, Input, Param, Let, State };

/// "a dim", "an input", ... for messages.
const char *symKindName(SymKind k);

/// The syntax tree's reference kind of a symbol kind.
RefKind refOf(SymKind k);

/// A defined name.
struct Symbol {
  SymKind kind = SymKind::Dim;
  Loc loc;
  TensorType type;
  int64_t scanStmt = -1; ///< State: index of its scan in Model::stmts
  const StateInfo *state = nullptr;
};

/// Working data of the scan block being checked.
struct ScanCtx {
  Scan *scan = nullptr;
  int64_t stmtIdx = -1;
  std::unordered_map<std::string, size_t> stateIdx; ///< name -> states[i]
  std::unordered_map<std::string, size_t> letIdx;   ///< name -> body index
  std::unordered_map<std::string, Ty> letTy;
  std::vector<Ty> stateTy; ///< current slice types
  /// Which body statements read each state / let (recorded in the first pass).
  std::vector<std::vector<size_t>> stateReaders;
  std::unordered_map<std::string, std::vector<size_t>> letReaders;
  bool recording = false;
  std::vector<int64_t> order;
  size_t cur = 0;                     ///< body index being checked
  const ScanStmt *init = nullptr;     ///< the init being checked, if any
  // The first time-indexed outer tensor read in this pass.
  bool haveRef = false;
  int64_t refFromEnd = 0;
  std::string refName;
  Shape refShape;
  /// For window inits: how many dims follow the scan dim in the first tensor
  /// the block reads at [t] (-1: it reads none), and that tensor's name.
  int64_t windowFromEnd = -1;
  std::string windowRefName;
};

/// Checks one model and fills its Sema fields.
class ModelChecker {
public:
  ModelChecker(Model &m, const std::vector<std::vector<Loc>> &dimLocs,
               const ParseInfo &info)
      : m_(m), dimLocs_(dimLocs), info_(info) {}

  void check();

private:
  // ---- names ----
  void collectDefs();
  void define(const std::string &name, Loc loc, Symbol sym);
  [[noreturn]] void undefined(const std::string &name, Loc use,
                              const char *what);
  const Symbol &lookupDim(const std::string &name, Loc loc);
  void checkDeclType(const Decl &d, size_t stmtIdx);

  // ---- statements ----
  void checkScan(Stmt &stmt, size_t stmtIdx);
  bool joinState(size_t idx, const Ty &t, Loc loc);
  void checkOutput(Stmt &stmt);

  // ---- expressions ----
  Ty check(Expr &e);
  SLUICE_NOINLINE Ty checkName(Expr &e);
  SLUICE_NOINLINE Ty checkTimeIndex(Expr &e);
  Ty checkBinary(Expr &e);
  Ty checkCall(Expr &e);
  SLUICE_NOINLINE const BuiltinInfo &checkSignature(Expr &e);
  SLUICE_NOINLINE Ty checkLast(Expr &e);
  /// `where(cond, a, b)` (SemaWhere.cpp): the result is the NumPy broadcast
  /// of the three shapes, of the dtype of `a` and `b` joined.
  Ty checkWhere(Expr &e);
  /// The condition of a where: a comparison of two numbers; its Sema type
  /// is the joined type of its operands (the type they are compared in).
  Ty checkCondition(Expr &cond);
  /// A comparison anywhere but as the condition of a where: an error.
  [[noreturn]] SLUICE_NOINLINE void misplacedComparison(const Expr &cmp);
  SLUICE_NOINLINE Ty expandDims(Expr &e, Ty x, int64_t k);
  // ---- shape builtins (SemaShapes.cpp) ----
  /// squeeze(x, k): x without its size-1 dim at position k.
  SLUICE_NOINLINE Ty squeeze(Expr &e, Ty x, int64_t k);
  /// reshape(x, [dims]): x with size-1 dims added or removed.
  SLUICE_NOINLINE Ty reshape(Expr &e, Ty x);
  /// The element-wise join of `node`'s operands; a broadcasting error gets a
  /// note for each state the operands read, saying why its scan dim is where
  /// it is.
  SLUICE_NOINLINE Ty joinNamingStates(const Ty &a, const Ty &b, Expr &node);
  /// Adds to `err` a note at state `name`'s definition saying why its scan
  /// dim is where it is (nothing when `name` is not a state of an earlier
  /// block).
  void noteStateShape(::sluice::SourceError &err,
                      const std::string &name) const;
  /// The axis of the lag dim of window init `st` (`init h[-k:] = v`), whose
  /// value has type `v`: where the state has its scan dim, counted from the
  /// end (the first dim when the block reads no tensor at [t]); it must have
  /// literal size k.
  SLUICE_NOINLINE int64_t windowAxis(const ScanStmt &st, const Ty &v);
  /// Sets the ScanCtx's window fields from the block's first read at [t].
  void findWindowRef(const Scan &s);
  SLUICE_NOINLINE Ty matmul(const Ty &a, const Ty &b, Loc loc);
  /// A DIM argument: a declared dim name; returns its name.
  SLUICE_NOINLINE const std::string &dimArg(Expr &arg, const BuiltinInfo &b);
  /// The axis of `dim` in `operand` (which must have it exactly once).
  SLUICE_NOINLINE int64_t axisOf(const Ty &operand, const std::string &dim, Loc loc,
                 const BuiltinInfo &b);
  SLUICE_NOINLINE int64_t intArg(Expr &arg, const BuiltinInfo &b, const char *what);
  [[noreturn]] void perStep(const std::string &what, Loc loc);
  static void set(Expr &e, const Ty &t) {
    if (t.known) {
      e.type.dtype = t.dtype;
      e.type.shape = t.shape;
    }
  }

  Model &m_;
  const std::vector<std::vector<Loc>> &dimLocs_;
  const ParseInfo &info_;
  std::unordered_map<std::string, Symbol> syms_;
  /// First model-level definition of every name, for "used before its
  /// definition".
  std::unordered_map<std::string, Loc> defs_;
  /// The `let`s inside scan blocks (the first of each name), for "local to
  /// the scan block" when such a name is used outside its block.
  std::unordered_map<std::string, Loc> scanLocals_;
  std::unordered_set<std::string> declDims_; ///< dims of inputs/params
  ScanCtx *sc_ = nullptr;
};

} // namespace sluice::frontend::sema

#endif // SLUICE_FRONTEND_SEMACHECKER_H
