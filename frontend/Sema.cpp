//===- Sema.cpp - Names, dims, shapes and types of the model language -----===//
//
// One ModelChecker per model walks the statements in order with a symbol
// table of what is defined so far. Expressions are checked by a recursive
// walk whose depth the parser bounds (kMaxExprDepth); chains of binary
// operators are followed with a loop along their left spine.
//
// Scan blocks: the slice shapes and dtypes of the states are found by a
// fixpoint. Each state starts "unknown" (no information yet); the body is
// checked statement by statement, and after each definition and init the
// state's type is joined (broadcast shapes, joined dtypes) with the value's.
// A read of an unknown state gives an unknown value. Element-wise operations
// combine an unknown with a known value into a "partial" one (its shape and
// dtype are what is known so far, a lower bound); operations that check the
// shape of their operand (matmul, reductions, prefix ops, shift, expand_dims)
// give unknown for an unknown or partial operand. States take the type of
// partial values too, so later checks know more. After a first pass over the
// body, only the statements that read a state or let whose type changed are
// checked again (a worklist, in body order), so a long chain of states settles
// in linear time. When nothing changes any more, states still unknown become
// weak scalars, then weak states become f32, and the checks go on; a last
// full pass, which changes nothing, leaves its types in the tree.
//
//===----------------------------------------------------------------------===//

#include "frontend/Sema.h"

#include "frontend/Diagnostics.h"
#include "frontend/Lexer.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace sluice::frontend {

using namespace ast;

namespace {

bool locBefore(Loc a, Loc b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/// A quoted name for messages (long names are cut).
std::string q(const std::string &name) {
  constexpr size_t kMax = 64;
  if (name.size() <= kMax)
    return "'" + name + "'";
  return "'" + name.substr(0, kMax) + "...'";
}

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

DType joinDType(DType a, DType b, Loc loc, const std::string &prefix = "") {
  if (a == b)
    return a;
  if (a == DType::Weak)
    return b;
  if (b == DType::Weak)
    return a;
  if (a == DType::F64 || b == DType::F64)
    throw SourceError(loc, prefix + "cannot mix " + dtypeName(a) + " with " +
                               dtypeName(b) + " in one expression");
  return DType::F32; // f16, bf16 and f32 mix to f32
}

/// NumPy broadcasting on trailing dims. On failure `why` says which dims.
bool broadcastShapes(const Shape &a, const Shape &b, Shape &out,
                     std::string &why) {
  size_t r = std::max(a.size(), b.size());
  Shape res(r);
  for (size_t i = 0; i < r; ++i) {
    const Dim *da = i < a.size() ? &a[a.size() - 1 - i] : nullptr;
    const Dim *db = i < b.size() ? &b[b.size() - 1 - i] : nullptr;
    Dim &o = res[r - 1 - i];
    if (!da)
      o = *db;
    else if (!db)
      o = *da;
    else if (*da == *db)
      o = *da;
    else if (da->isLiteral() && da->size == 1)
      o = *db;
    else if (db->isLiteral() && db->size == 1)
      o = *da;
    else {
      why = "dim " + da->str() + " vs " + db->str();
      return false;
    }
  }
  out = std::move(res);
  return true;
}

Shape broadcastOrThrow(const Shape &a, const Shape &b, Loc loc,
                       const std::string &prefix = "") {
  Shape out;
  std::string why;
  if (!broadcastShapes(a, b, out, why))
    throw SourceError(loc, prefix + "cannot broadcast " + shapeStr(a) +
                               " with " + shapeStr(b) + ": " + why);
  return out;
}

/// Element-wise join of two values; joining with an unknown gives a partial
/// value.
SLUICE_NOINLINE Ty joinElementwise(const Ty &a, const Ty &b, Loc loc) {
  if (!a.known || !b.known) {
    Ty r = a.known ? a : b;
    if (r.known)
      r.partial = true;
    return r;
  }
  Ty r;
  r.partial = a.partial || b.partial;
  r.dtype = joinDType(a.dtype, b.dtype, loc);
  r.shape = broadcastOrThrow(a.shape, b.shape, loc);
  return r;
}

size_t countDim(const Shape &s, const std::string &name) {
  size_t n = 0;
  for (const Dim &d : s)
    if (!d.isLiteral() && d.name == name)
      ++n;
  return n;
}

int64_t findDim(const Shape &s, const std::string &name) {
  for (size_t i = 0; i < s.size(); ++i)
    if (!s[i].isLiteral() && s[i].name == name)
      return static_cast<int64_t>(i);
  return -1;
}

enum class Cat { Unary, Elementwise, Reduce, Prefix, ExpandDims, Shift, Last };

struct BuiltinInfo {
  const char *name;
  Builtin builtin;
  Cat cat;
  size_t arity;
  const char *signature;
};

constexpr BuiltinInfo kBuiltins[] = {
    {"exp", Builtin::Exp, Cat::Unary, 1, "(x)"},
    {"log", Builtin::Log, Cat::Unary, 1, "(x)"},
    {"log1p", Builtin::Log1p, Cat::Unary, 1, "(x)"},
    {"expm1", Builtin::Expm1, Cat::Unary, 1, "(x)"},
    {"sqrt", Builtin::Sqrt, Cat::Unary, 1, "(x)"},
    {"rsqrt", Builtin::Rsqrt, Cat::Unary, 1, "(x)"},
    {"tanh", Builtin::Tanh, Cat::Unary, 1, "(x)"},
    {"sigmoid", Builtin::Sigmoid, Cat::Unary, 1, "(x)"},
    {"softplus", Builtin::Softplus, Cat::Unary, 1, "(x)"},
    {"silu", Builtin::Silu, Cat::Unary, 1, "(x)"},
    {"gelu", Builtin::Gelu, Cat::Unary, 1, "(x)"},
    {"relu", Builtin::Relu, Cat::Unary, 1, "(x)"},
    {"abs", Builtin::Abs, Cat::Unary, 1, "(x)"},
    {"sin", Builtin::Sin, Cat::Unary, 1, "(x)"},
    {"cos", Builtin::Cos, Cat::Unary, 1, "(x)"},
    {"logsigmoid", Builtin::Logsigmoid, Cat::Unary, 1, "(x)"},
    {"elu", Builtin::Elu, Cat::Unary, 1, "(x)"},
    {"pow", Builtin::Pow, Cat::Elementwise, 2, "(x, y)"},
    {"min", Builtin::Min, Cat::Elementwise, 2, "(x, y)"},
    {"max", Builtin::Max, Cat::Elementwise, 2, "(x, y)"},
    {"clamp", Builtin::Clamp, Cat::Elementwise, 3, "(x, lo, hi)"},
    {"clip", Builtin::Clamp, Cat::Elementwise, 3, "(x, lo, hi)"},
    {"logaddexp", Builtin::Logaddexp, Cat::Elementwise, 2, "(x, y)"},
    {"sum", Builtin::Sum, Cat::Reduce, 2, "(x, dim)"},
    {"mean", Builtin::Mean, Cat::Reduce, 2, "(x, dim)"},
    {"amax", Builtin::Amax, Cat::Reduce, 2, "(x, dim)"},
    {"amin", Builtin::Amin, Cat::Reduce, 2, "(x, dim)"},
    {"cumsum", Builtin::Cumsum, Cat::Prefix, 2, "(x, dim)"},
    {"cumprod", Builtin::Cumprod, Cat::Prefix, 2, "(x, dim)"},
    {"cummax", Builtin::Cummax, Cat::Prefix, 2, "(x, dim)"},
    {"cummin", Builtin::Cummin, Cat::Prefix, 2, "(x, dim)"},
    {"logcumsumexp", Builtin::Logcumsumexp, Cat::Prefix, 2, "(x, dim)"},
    {"expand_dims", Builtin::ExpandDims, Cat::ExpandDims, 2, "(x, k)"},
    {"shift", Builtin::Shift, Cat::Shift, 3, "(x, dim, k)"},
    {"last", Builtin::Last, Cat::Last, 1, "(h)"},
};

const BuiltinInfo *findBuiltin(const std::string &name) {
  for (const BuiltinInfo &b : kBuiltins)
    if (name == b.name)
      return &b;
  return nullptr;
}

enum class SymKind { Dim, Input, Param, Let, State };

const char *symKindName(SymKind k) {
  switch (k) {
  case SymKind::Dim:
    return "a dim";
  case SymKind::Input:
    return "an input";
  case SymKind::Param:
    return "a param";
  case SymKind::Let:
    return "a let";
  case SymKind::State:
    return "a state";
  }
  return "?";
}

RefKind refOf(SymKind k) {
  switch (k) {
  case SymKind::Input:
    return RefKind::Input;
  case SymKind::Param:
    return RefKind::Param;
  case SymKind::Let:
    return RefKind::Let;
  case SymKind::State:
    return RefKind::State;
  case SymKind::Dim:
    break;
  }
  return RefKind::None;
}

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
};

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
  SLUICE_NOINLINE Ty expandDims(Expr &e, Ty x, int64_t k);
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
  std::unordered_set<std::string> declDims_; ///< dims of inputs/params
  ScanCtx *sc_ = nullptr;
};

void ModelChecker::collectDefs() {
  auto add = [&](const std::string &n, Loc l) { defs_.emplace(n, l); };
  for (Stmt &s : m_.stmts) {
    switch (s.kind) {
    case Stmt::Kind::Dims:
      for (size_t i = 0; i < s.dims.size(); ++i)
        add(s.dims[i], s.dimLocs[i]);
      break;
    case Stmt::Kind::Input:
    case Stmt::Kind::Param:
      add(s.decl.name, s.decl.loc);
      for (const Dim &d : s.decl.type.shape)
        if (!d.isLiteral())
          declDims_.insert(d.name);
      break;
    case Stmt::Kind::Let:
      add(s.letName, s.letNameLoc);
      break;
    case Stmt::Kind::Scan:
      for (ScanStmt &st : s.scan->body)
        if (st.kind == ScanStmt::Kind::State)
          add(st.name, st.nameLoc);
      break;
    case Stmt::Kind::Output:
      for (OutputItem &o : s.outputs)
        if (o.value)
          add(o.name, o.loc);
      break;
    }
  }
}

void ModelChecker::define(const std::string &name, Loc loc, Symbol sym) {
  auto it = syms_.find(name);
  if (it != syms_.end())
    throw SourceError(loc, q(name) + " is defined twice (first at " +
                               locStr(it->second.loc) + ")");
  sym.loc = loc;
  syms_.emplace(name, std::move(sym));
}

void ModelChecker::undefined(const std::string &name, Loc use,
                             const char *what) {
  auto it = defs_.find(name);
  if (it != defs_.end()) {
    if (locBefore(it->second, use))
      throw SourceError(use, q(name) + " is used in its own definition");
    throw SourceError(use, q(name) + " is used before its definition (at " +
                               locStr(it->second) + ")");
  }
  throw SourceError(use, std::string("unknown ") + what + " " + q(name));
}

const Symbol &ModelChecker::lookupDim(const std::string &name, Loc loc) {
  if (sc_) {
    if (name == sc_->scan->index)
      throw SourceError(loc, q(name) + " is the scan index, not a dim");
    if (sc_->letIdx.count(name) || sc_->stateIdx.count(name))
      throw SourceError(loc, q(name) + " is a tensor, not a dim");
  }
  auto it = syms_.find(name);
  if (it == syms_.end())
    undefined(name, loc, "dim");
  if (it->second.kind != SymKind::Dim)
    throw SourceError(loc, q(name) + " is a tensor, not a dim");
  return it->second;
}

void ModelChecker::checkDeclType(const Decl &d, size_t stmtIdx) {
  static const std::vector<Loc> kNone;
  const std::vector<Loc> &locs =
      stmtIdx < dimLocs_.size() ? dimLocs_[stmtIdx] : kNone;
  for (size_t i = 0; i < d.type.shape.size(); ++i) {
    const Dim &dim = d.type.shape[i];
    if (!dim.isLiteral())
      lookupDim(dim.name, i < locs.size() ? locs[i] : d.loc);
  }
}

void ModelChecker::check() {
  m_.dims.clear();
  m_.inputs.clear();
  m_.params.clear();
  collectDefs();
  std::unordered_map<std::string, Loc> outputNames;
  for (size_t i = 0; i < m_.stmts.size(); ++i) {
    Stmt &s = m_.stmts[i];
    switch (s.kind) {
    case Stmt::Kind::Dims:
      for (size_t j = 0; j < s.dims.size(); ++j) {
        Symbol sym;
        sym.kind = SymKind::Dim;
        define(s.dims[j], s.dimLocs[j], sym);
        m_.dims.push_back(s.dims[j]);
      }
      break;
    case Stmt::Kind::Input:
    case Stmt::Kind::Param: {
      checkDeclType(s.decl, i);
      Symbol sym;
      bool input = s.kind == Stmt::Kind::Input;
      sym.kind = input ? SymKind::Input : SymKind::Param;
      sym.type = s.decl.type;
      define(s.decl.name, s.decl.loc, sym);
      (input ? m_.inputs : m_.params).push_back(&s.decl);
      break;
    }
    case Stmt::Kind::Let: {
      Ty t = check(*s.value);
      Symbol sym;
      sym.kind = SymKind::Let;
      sym.type = {t.dtype, t.shape};
      define(s.letName, s.letNameLoc, sym);
      break;
    }
    case Stmt::Kind::Scan:
      checkScan(s, i);
      break;
    case Stmt::Kind::Output:
      for (OutputItem &o : s.outputs) {
        auto prev = outputNames.find(o.name);
        if (prev != outputNames.end())
          throw SourceError(o.loc, q(o.name) + " is output twice (first at " +
                                       locStr(prev->second) + ")");
        outputNames.emplace(o.name, o.loc);
        TensorType type;
        if (o.value) {
          Ty t = check(*o.value);
          type = {t.dtype, t.shape};
          Symbol sym;
          sym.kind = SymKind::Let;
          sym.type = type;
          define(o.name, o.loc, sym);
        } else {
          auto it = syms_.find(o.name);
          if (it == syms_.end())
            undefined(o.name, o.loc, "name");
          if (it->second.kind == SymKind::Dim)
            throw SourceError(o.loc, q(o.name) + " is a dim, not a tensor");
          type = it->second.type;
        }
        if (type.dtype == DType::Weak)
          type.dtype = DType::F32;
        o.type = type;
      }
      break;
    }
  }
  if (outputNames.empty())
    throw SourceError(m_.loc, "model " + q(m_.name) +
                                  " has no output (add 'output NAME')");
}

// ---- scan blocks ----------------------------------------------------------

bool ModelChecker::joinState(size_t idx, const Ty &t, Loc loc) {
  if (!t.known)
    return false;
  Ty &cur = sc_->stateTy[idx];
  const std::string prefix =
      "state " + q(sc_->scan->states[idx].name) + ": ";
  Ty next;
  if (!cur.known) {
    next = t;
    next.partial = false;
  } else {
    next.dtype = joinDType(cur.dtype, t.dtype, loc, prefix);
    next.shape = broadcastOrThrow(cur.shape, t.shape, loc, prefix);
  }
  if (next == cur)
    return false;
  if (next.shape.size() + 1 > kMaxRank)
    throw SourceError(sc_->scan->states[idx].loc,
                      "state " + q(sc_->scan->states[idx].name) +
                          " would have more than " + std::to_string(kMaxRank) +
                          " dims");
  cur = std::move(next);
  return true;
}

void ModelChecker::checkScan(Stmt &stmt, size_t stmtIdx) {
  Scan &s = *stmt.scan;
  // The header.
  {
    auto it = syms_.find(s.index);
    if (it != syms_.end())
      throw SourceError(s.indexLoc, "scan index " + q(s.index) +
                                        " is already defined (at " +
                                        locStr(it->second.loc) + ")");
  }
  lookupDim(s.dim, s.dimLoc);
  if (!declDims_.count(s.dim))
    throw SourceError(s.dimLoc, "dim " + q(s.dim) +
                                    " is not a dim of any input or param, so "
                                    "its size is unknown");

  ScanCtx ctx;
  ctx.scan = &s;
  ctx.stmtIdx = static_cast<int64_t>(stmtIdx);
  s.states.clear();
  // Collect the states and lets, and check their names.
  std::unordered_map<std::string, Loc> local;
  for (size_t j = 0; j < s.body.size(); ++j) {
    ScanStmt &st = s.body[j];
    if (st.kind == ScanStmt::Kind::Init)
      continue;
    if (st.name == s.index)
      throw SourceError(st.nameLoc, q(st.name) +
                                        " is the index of this scan block");
    auto outer = syms_.find(st.name);
    if (outer != syms_.end())
      throw SourceError(st.nameLoc, q(st.name) + " is defined twice (first at " +
                                        locStr(outer->second.loc) + ")");
    auto prev = local.find(st.name);
    if (prev != local.end())
      throw SourceError(st.nameLoc, q(st.name) + " is defined twice (first at " +
                                        locStr(prev->second) + ")");
    local.emplace(st.name, st.nameLoc);
    if (st.kind == ScanStmt::Kind::State) {
      ctx.stateIdx.emplace(st.name, s.states.size());
      StateInfo info;
      info.name = st.name;
      info.loc = st.loc;
      info.defStmt = static_cast<int64_t>(j);
      s.states.push_back(std::move(info));
    } else {
      ctx.letIdx.emplace(st.name, j);
    }
  }
  if (s.states.empty())
    throw SourceError(s.loc, "scan block has no state (define one with '" +
                                 std::string("h[") + s.index + "] = ...')");
  // Inits: of a state of this block, at most one per lag.
  std::map<std::pair<size_t, int64_t>, Loc> inits;
  for (ScanStmt &st : s.body) {
    if (st.kind != ScanStmt::Kind::Init)
      continue;
    auto it = ctx.stateIdx.find(st.name);
    if (it == ctx.stateIdx.end())
      throw SourceError(st.nameLoc, q(st.name) +
                                        " is not a state of this scan block");
    auto key = std::make_pair(it->second, st.lag);
    auto prev = inits.find(key);
    if (prev != inits.end())
      throw SourceError(st.loc, "init " + st.name + "[-" +
                                    std::to_string(st.lag) +
                                    "] is given twice (first at " +
                                    locStr(prev->second) + ")");
    inits.emplace(key, st.loc);
  }

  ctx.stateTy.assign(s.states.size(), Ty::unknown());
  ctx.stateReaders.assign(s.states.size(), {});
  sc_ = &ctx;

  // The statements still to (re)check, in body order.
  std::set<size_t> work;
  auto pushReaders = [&](const std::vector<size_t> &readers) {
    work.insert(readers.begin(), readers.end());
  };
  size_t lastChanged = 0;
  // Checks body statement `j`; queues the readers of what changed.
  auto checkStmt = [&](size_t j) -> bool {
    ScanStmt &st = s.body[j];
    ctx.cur = j;
    switch (st.kind) {
    case ScanStmt::Kind::Let: {
      Ty t = check(*st.value);
      auto it = ctx.letTy.find(st.name);
      if (it != ctx.letTy.end() && it->second == t)
        return false;
      ctx.letTy[st.name] = std::move(t);
      pushReaders(ctx.letReaders[st.name]);
      return false;
    }
    case ScanStmt::Kind::State: {
      size_t idx = ctx.stateIdx.at(st.name);
      Ty t = check(*st.value);
      if (!joinState(idx, t, st.nameLoc))
        return false;
      pushReaders(ctx.stateReaders[idx]);
      lastChanged = idx;
      return true;
    }
    case ScanStmt::Kind::Init: {
      size_t idx = ctx.stateIdx.at(st.name);
      ctx.init = &st;
      Ty t = check(*st.value);
      ctx.init = nullptr;
      if (t.exact() && countDim(t.shape, s.dim))
        throw SourceError(st.value->loc,
                          "the init value of " + q(st.name) +
                              " must not vary over " + s.dim +
                              ": its shape is " + shapeStr(t.shape));
      if (!joinState(idx, t, st.nameLoc))
        return false;
      pushReaders(ctx.stateReaders[idx]);
      lastChanged = idx;
      return true;
    }
    }
    return false;
  };
  // A pass over the whole body, in order. The first one records which
  // statements read which states and lets; the last one, which changes
  // nothing, leaves the final types in the tree.
  auto fullPass = [&](bool record) {
    ctx.recording = record;
    ctx.order.assign(s.states.size(), 0);
    ctx.haveRef = false;
    bool changed = false;
    for (size_t j = 0; j < s.body.size(); ++j)
      changed |= checkStmt(j);
    ctx.recording = false;
    return changed;
  };

  fullPass(true);
  // A state that changed during the first pass may have been read before.
  for (size_t k = 0; k < s.states.size(); ++k)
    if (ctx.stateTy[k].known)
      pushReaders(ctx.stateReaders[k]);
  // Inits must be read.
  for (ScanStmt &st : s.body) {
    if (st.kind != ScanStmt::Kind::Init)
      continue;
    size_t idx = ctx.stateIdx.at(st.name);
    int64_t order = ctx.order[idx];
    if (st.lag <= order)
      continue;
    auto lagLoc = info_.initLagLocs.find(st.value.get());
    Loc loc = lagLoc != info_.initLagLocs.end() ? lagLoc->second : st.loc;
    std::string head = "init " + st.name + "[-" + std::to_string(st.lag) +
                       "] is never read: ";
    if (order == 0)
      throw SourceError(loc, head + st.name + " never reads a previous step");
    throw SourceError(loc, head + st.name + " reads at most " + st.name + "[" +
                               s.index + (s.reverse ? "+" : "-") +
                               std::to_string(order) + "]");
  }
  // Every change makes a state's rank grow, a size-1 dim concrete or its
  // dtype wider, so the number of re-checks is bounded; the cap only guards
  // against mistakes.
  const size_t maxChecks = (s.body.size() + 1) *
                           (16 + s.states.size() * (2 * kMaxRank + 8));
  size_t checks = 0;
  while (true) {
    while (!work.empty()) {
      if (++checks > maxChecks)
        throw SourceError(s.states[lastChanged].loc,
                          "the shape of state " +
                              q(s.states[lastChanged].name) +
                              " does not settle");
      size_t j = *work.begin();
      work.erase(work.begin());
      checkStmt(j);
    }
    // Settled: resolve what no value determined, then go on until nothing
    // changes.
    bool resolved = false;
    for (size_t k = 0; k < s.states.size(); ++k)
      if (!ctx.stateTy[k].known) {
        ctx.stateTy[k] = Ty{true, false, DType::Weak, {}};
        pushReaders(ctx.stateReaders[k]);
        resolved = true;
      }
    if (!resolved)
      for (size_t k = 0; k < s.states.size(); ++k)
        if (ctx.stateTy[k].dtype == DType::Weak) {
          ctx.stateTy[k].dtype = DType::F32;
          pushReaders(ctx.stateReaders[k]);
          resolved = true;
        }
    if (resolved)
      continue;
    if (!fullPass(false))
      break;
  }
  sc_ = nullptr;

  // Where the scan dim goes: at the position, counted from the end, that it
  // has in the time-indexed tensors; first when there are none.
  for (size_t k = 0; k < s.states.size(); ++k) {
    StateInfo &info = s.states[k];
    const Ty &t = ctx.stateTy[k];
    info.order = ctx.order[k];
    info.dtype = t.dtype;
    info.sliceShape = t.shape;
    int64_t rank = static_cast<int64_t>(t.shape.size());
    if (ctx.haveRef && rank < ctx.refFromEnd)
      throw SourceError(info.loc,
                        "state '" + info.name + "' has one step of shape " +
                            shapeStr(t.shape) + ", fewer dims than follow '" +
                            s.dim + "' in the tensors its block reads at [" +
                            s.index + "] (" + std::to_string(ctx.refFromEnd) +
                            "); one block runs as one recurrence, so its states "
                            "need those trailing dims too");
    int64_t pos = ctx.haveRef ? rank - ctx.refFromEnd : 0;
    info.timeAxis = pos;
    info.shape = t.shape;
    Dim tdim;
    tdim.name = s.dim;
    info.shape.insert(info.shape.begin() + pos, tdim);
    info.inits.assign(static_cast<size_t>(info.order), nullptr);
  }
  // One block runs as one recurrence over T: every state needs the scan dim
  // at the same position counted from the end (as the tensors it reads).
  for (size_t k = 1; k < s.states.size(); ++k) {
    const StateInfo &first = s.states[0], &info = s.states[k];
    int64_t fromEnd0 = static_cast<int64_t>(first.shape.size()) - first.timeAxis;
    int64_t fromEnd = static_cast<int64_t>(info.shape.size()) - info.timeAxis;
    if (fromEnd != fromEnd0)
      throw SourceError(info.loc,
                        "state '" + info.name + "' " + shapeStr(info.shape) +
                            " has '" + s.dim +
                            "' at a different position, counted from the end, "
                            "than state '" + first.name + "' " +
                            shapeStr(first.shape) +
                            "; give the states of one scan block the same "
                            "trailing dims");
  }
  for (ScanStmt &st : s.body)
    if (st.kind == ScanStmt::Kind::Init) {
      StateInfo &info = s.states[ctx.stateIdx.at(st.name)];
      info.inits[static_cast<size_t>(st.lag - 1)] = st.value.get();
    }
  // After the block, each state is a tensor over all steps.
  for (StateInfo &info : s.states) {
    Symbol sym;
    sym.kind = SymKind::State;
    sym.type = {info.dtype, info.shape};
    sym.scanStmt = static_cast<int64_t>(stmtIdx);
    sym.state = &info;
    define(info.name, info.loc, sym);
  }
}

// ---- expressions -----------------------------------------------------------

Ty ModelChecker::check(Expr &e) {
  Ty t;
  switch (e.kind) {
  case ExprKind::Number:
    t = Ty{true, false, DType::Weak, {}};
    break;
  case ExprKind::Name:
    t = checkName(e);
    break;
  case ExprKind::TimeIndex:
    t = checkTimeIndex(e);
    break;
  case ExprKind::Neg:
    t = check(*e.operands[0]);
    break;
  case ExprKind::Binary:
    t = checkBinary(e);
    break;
  case ExprKind::Call:
    t = checkCall(e);
    break;
  }
  set(e, t);
  return t;
}

void ModelChecker::perStep(const std::string &what, Loc loc) {
  throw SourceError(loc, "the init value of " + q(sc_->init->name) +
                             " cannot read the per-step value " + what +
                             " (an init is computed before the first step)");
}

Ty ModelChecker::checkName(Expr &e) {
  e.timeAxis = -1;
  if (sc_) {
    const Scan &s = *sc_->scan;
    if (e.name == s.index)
      throw SourceError(e.loc, "the scan index " + q(e.name) +
                                   " is not a tensor; it can only be used "
                                   "inside '[...]'");
    auto let = sc_->letIdx.find(e.name);
    if (let != sc_->letIdx.end()) {
      if (sc_->init)
        perStep(q(e.name), e.loc);
      if (let->second >= sc_->cur)
        throw SourceError(e.loc, q(e.name) +
                                     " is used before its definition (at " +
                                     locStr(s.body[let->second].nameLoc) + ")");
      e.ref = RefKind::ScanLet;
      if (sc_->recording) {
        std::vector<size_t> &r = sc_->letReaders[e.name];
        if (r.empty() || r.back() != sc_->cur)
          r.push_back(sc_->cur);
      }
      return sc_->letTy.at(e.name);
    }
    if (sc_->stateIdx.count(e.name)) {
      if (sc_->init)
        perStep(q(e.name), e.loc);
      std::string prev = s.reverse ? "+1]" : "-1]";
      throw SourceError(e.loc, q(e.name) + " is a state of this scan block: "
                                           "write " +
                                   e.name + "[" + s.index + "] or " + e.name +
                                   "[" + s.index + prev);
    }
  }
  auto it = syms_.find(e.name);
  if (it == syms_.end())
    undefined(e.name, e.loc, "name");
  const Symbol &sym = it->second;
  if (sym.kind == SymKind::Dim) {
    // A dim as a value: its run-time size, a weakly typed scalar; the size
    // comes from an input or param that has the dim.
    bool held = false;
    for (const auto &[name, other] : syms_)
      if ((other.kind == SymKind::Input || other.kind == SymKind::Param) &&
          findDim(other.type.shape, e.name) >= 0)
        held = true;
    if (!held)
      throw SourceError(e.loc, "dim " + q(e.name) +
                                   " has no size to use as a value: no input "
                                   "or param has it");
    e.ref = RefKind::Dim;
    return Ty{};
  }
  if (sc_ && countDim(sym.type.shape, sc_->scan->dim))
    throw SourceError(e.loc, q(e.name) + " varies over " + sc_->scan->dim +
                                 "; write " + e.name + "[" +
                                 sc_->scan->index + "]");
  e.ref = refOf(sym.kind);
  return Ty::of(sym.type);
}

Ty ModelChecker::checkTimeIndex(Expr &e) {
  if (!sc_)
    throw SourceError(e.loc, "time indexing is only allowed inside a scan "
                             "block");
  const Scan &s = *sc_->scan;
  if (e.indexName != s.index)
    throw SourceError(e.loc, "expected the scan index " + q(s.index) +
                                 ", found " + q(e.indexName));
  std::string spelled = e.name + "[" + s.index;
  if (e.offset > 0)
    spelled += "+" + std::to_string(e.offset);
  else if (e.offset < 0)
    spelled += "-" + std::to_string(-e.offset);
  spelled += "]";
  Loc offLoc = e.loc;
  auto ol = info_.offsetLocs.find(&e);
  if (ol != info_.offsetLocs.end())
    offLoc = ol->second;
  // Reading a later step: t+k forward, t-k in reverse.
  bool later = s.reverse ? e.offset < 0 : e.offset > 0;
  const char *dir = s.reverse ? "reverse" : "forward";
  e.timeAxis = -1;

  if (e.name == s.index)
    throw SourceError(e.loc, "the scan index " + q(e.name) +
                                 " cannot be indexed");
  if (sc_->letIdx.count(e.name)) {
    if (sc_->init)
      perStep(q(spelled), e.loc);
    throw SourceError(e.loc, q(e.name) + " is a per-step temporary of this "
                                         "scan block: use it without '[...]'");
  }
  auto st = sc_->stateIdx.find(e.name);
  if (st != sc_->stateIdx.end()) {
    if (sc_->init)
      perStep(q(spelled), e.loc);
    if (later)
      throw SourceError(offLoc, q(spelled) + " reads a later step of a " +
                                    dir + " scan");
    int64_t lag = e.offset < 0 ? -e.offset : e.offset;
    if (lag == 0) {
      const StateInfo &info = s.states[st->second];
      if (static_cast<size_t>(info.defStmt) >= sc_->cur)
        throw SourceError(e.loc, q(spelled) + " is read before its "
                                              "definition in this step (at " +
                                     locStr(info.loc) + ")");
    }
    if (lag > kMaxStateLag)
      throw SourceError(offLoc, "lag " + std::to_string(lag) + " of " +
                                    q(e.name) + " is too large (at most " +
                                    std::to_string(kMaxStateLag) + ")");
    sc_->order[st->second] = std::max(sc_->order[st->second], lag);
    if (sc_->recording) {
      std::vector<size_t> &r = sc_->stateReaders[st->second];
      if (r.empty() || r.back() != sc_->cur)
        r.push_back(sc_->cur);
    }
    e.ref = RefKind::State;
    return sc_->stateTy[st->second];
  }
  // An outer tensor: it must have the scan dim exactly once.
  auto it = syms_.find(e.name);
  if (it == syms_.end())
    undefined(e.name, e.loc, "name");
  const Symbol &sym = it->second;
  if (sym.kind == SymKind::Dim)
    throw SourceError(e.loc, q(e.name) + " is a dim, not a tensor");
  if (sc_->init)
    perStep(q(spelled), e.loc);
  const Shape &shape = sym.type.shape;
  size_t n = countDim(shape, s.dim);
  if (n == 0)
    throw SourceError(e.loc, q(e.name) + " " + shapeStr(shape) +
                                 " does not vary over " + s.dim +
                                 ", so it cannot be indexed; write " + e.name);
  if (n > 1)
    throw SourceError(e.loc, q(e.name) + " " + shapeStr(shape) + " has dim " +
                                 s.dim + " more than once, so " + spelled +
                                 " is ambiguous");
  if (later)
    throw SourceError(offLoc, q(spelled) + " reads a later step of a " + dir +
                                  " scan");
  int64_t axis = findDim(shape, s.dim);
  int64_t fromEnd = static_cast<int64_t>(shape.size()) - 1 - axis;
  if (!sc_->haveRef) {
    sc_->haveRef = true;
    sc_->refFromEnd = fromEnd;
    sc_->refName = e.name;
    sc_->refShape = shape;
  } else if (sc_->refFromEnd != fromEnd) {
    throw SourceError(e.loc, q(e.name) + " " + shapeStr(shape) + " has " +
                                 s.dim +
                                 " at a different position, counted from the "
                                 "end, than " +
                                 q(sc_->refName) + " " +
                                 shapeStr(sc_->refShape));
  }
  e.ref = refOf(sym.kind);
  e.timeAxis = axis;
  Ty t = Ty::of(sym.type);
  t.shape.erase(t.shape.begin() + axis);
  return t;
}

Ty ModelChecker::matmul(const Ty &a, const Ty &b, Loc loc) {
  if (!a.exact() || !b.exact())
    return Ty::unknown();
  Ty r;
  r.dtype = joinDType(a.dtype, b.dtype, loc);
  const Shape &sa = a.shape, &sb = b.shape;
  std::string head =
      "cannot multiply " + shapeStr(sa) + " @ " + shapeStr(sb) + ": ";
  if (sa.empty())
    throw SourceError(loc, head + "the left operand of '@' must have at least "
                                  "1 dim");
  if (sb.size() < 2)
    throw SourceError(loc, head + "the right operand of '@' must have at "
                                  "least 2 dims");
  const Dim &k = sa.back();
  const Dim &kb = sb[sb.size() - 2];
  if (sb.size() > 2) {
    Shape lead(sa.begin(), sa.end() - 1);
    Shape leadB(sb.begin(), sb.end() - 2);
    if (lead != leadB)
      throw SourceError(loc, head + "the leading dims " + shapeStr(leadB) +
                                    " of the right operand must equal " +
                                    shapeStr(lead));
  }
  if (k != kb)
    throw SourceError(loc, head + "inner dims " + k.str() + " vs " + kb.str());
  r.shape.assign(sa.begin(), sa.end() - 1);
  r.shape.push_back(sb.back());
  return r;
}

Ty ModelChecker::checkBinary(Expr &e) {
  // A loop over the chain's left spine (innermost first), recursing only into
  // right operands: `x + x + ... + x` may have any length.
  std::vector<Expr *> spine = leftSpine(e);
  Ty acc = check(*spine.back()->operands[0]);
  for (size_t i = spine.size(); i-- > 0;) {
    Expr &node = *spine[i];
    Ty b = check(*node.operands[1]);
    acc = node.op == BinOp::MatMul ? matmul(acc, b, node.loc)
                                   : joinElementwise(acc, b, node.loc);
    if (i > 0)
      set(node, acc);
  }
  return acc;
}

const std::string &ModelChecker::dimArg(Expr &arg, const BuiltinInfo &b) {
  if (arg.kind != ExprKind::Name) {
    std::string found = arg.kind == ExprKind::Number
                            ? ", found the number '" + arg.spelling + "'"
                            : std::string();
    throw SourceError(arg.loc, std::string("the second argument of '") +
                                   b.name + "' must be a dim name" + found);
  }
  lookupDim(arg.name, arg.loc);
  return arg.name;
}

int64_t ModelChecker::axisOf(const Ty &operand, const std::string &dim,
                             Loc loc, const BuiltinInfo &b) {
  size_t n = countDim(operand.shape, dim);
  if (n == 0)
    throw SourceError(loc, std::string("the operand of '") + b.name +
                               "' has no dim " + dim + ": its shape is " +
                               shapeStr(operand.shape));
  if (n > 1)
    throw SourceError(loc, std::string("the operand of '") + b.name +
                               "' has dim " + dim + " more than once: " +
                               shapeStr(operand.shape));
  return findDim(operand.shape, dim);
}

int64_t ModelChecker::intArg(Expr &arg, const BuiltinInfo &b,
                             const char *what) {
  const Expr *num = &arg;
  bool neg = false;
  if (num->kind == ExprKind::Neg) {
    neg = true;
    num = num->operands[0].get();
  }
  std::string msg = std::string("the ") + what + " argument of '" + b.name +
                    "' must be an integer literal";
  if (num->kind != ExprKind::Number)
    throw SourceError(arg.loc, msg);
  if (!isDigits(num->spelling))
    throw SourceError(num->loc, msg + ", found '" + num->spelling + "'");
  int64_t v = 0;
  if (!parseInt(num->spelling, v))
    throw SourceError(num->loc, "integer '" + num->spelling + "' is too large");
  // Fill the literal's Sema fields like any number's.
  arg.type = {DType::Weak, {}};
  if (neg)
    arg.operands[0]->type = {DType::Weak, {}};
  return neg ? -v : v;
}

const BuiltinInfo &ModelChecker::checkSignature(Expr &e) {
  const BuiltinInfo *bp = findBuiltin(e.name);
  if (!bp) {
    if (syms_.count(e.name) ||
        (sc_ && (sc_->letIdx.count(e.name) || sc_->stateIdx.count(e.name))))
      throw SourceError(e.loc, q(e.name) + " is not a function");
    throw SourceError(e.loc, "unknown function " + q(e.name));
  }
  const BuiltinInfo &b = *bp;
  e.builtin = b.builtin;
  size_t n = e.operands.size();
  if (n != b.arity) {
    std::string msg = "'" + std::string(b.name) + "' takes " +
                      std::to_string(b.arity) +
                      (b.arity == 1 ? " argument " : " arguments ") +
                      b.signature + ", got " + std::to_string(n);
    throw SourceError(n > b.arity ? e.operands[b.arity]->loc : e.loc, msg);
  }
  // Keyword arguments.
  std::vector<const char *> allowed;
  if (b.cat == Cat::Reduce)
    allowed = {"keepdims"};
  else if (b.cat == Cat::Prefix)
    allowed = {"reverse", "exclusive"};
  e.keepdims = e.reverse = e.exclusive = false;
  for (size_t i = 0; i < e.kwargs.size(); ++i) {
    const KwArg &kw = e.kwargs[i];
    if (allowed.empty())
      throw SourceError(kw.loc, "'" + std::string(b.name) +
                                    "' takes no keyword arguments");
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char *a) {
          return kw.name == a;
        }) == allowed.end())
      throw SourceError(kw.loc, "unknown keyword argument " + q(kw.name) +
                                    " for '" + b.name + "' (expected " +
                                    (b.cat == Cat::Reduce
                                         ? "keepdims"
                                         : "reverse or exclusive") +
                                    ")");
    for (size_t j = 0; j < i; ++j)
      if (e.kwargs[j].name == kw.name)
        throw SourceError(kw.loc, "keyword argument " + q(kw.name) +
                                      " is given twice");
    if (kw.name == "keepdims")
      e.keepdims = kw.value;
    else if (kw.name == "reverse")
      e.reverse = kw.value;
    else
      e.exclusive = kw.value;
  }
  return b;
}

Ty ModelChecker::expandDims(Expr &e, Ty x, int64_t k) {
  int64_t rank = static_cast<int64_t>(x.shape.size());
  if (k < -(rank + 1) || k > rank)
    throw SourceError(e.operands[1]->loc,
                      "expand_dims position " + std::to_string(k) +
                          " is out of range for " + shapeStr(x.shape) +
                          " (allowed " + std::to_string(-(rank + 1)) + " to " +
                          std::to_string(rank) + ")");
  if (x.shape.size() + 1 > kMaxRank)
    throw SourceError(e.loc, "expand_dims would give more than " +
                                 std::to_string(kMaxRank) + " dims");
  int64_t axis = k < 0 ? k + rank + 1 : k;
  e.axis = axis;
  x.shape.insert(x.shape.begin() + axis, Dim{"", 1});
  return x;
}

Ty ModelChecker::checkLast(Expr &e) {
  Expr &arg = *e.operands[0];
  if (arg.kind != ExprKind::Name)
    throw SourceError(arg.loc, "'last' takes the name of a scan state, as "
                               "in last(h)");
  if (sc_) {
    if (sc_->stateIdx.count(arg.name))
      throw SourceError(arg.loc, "last(" + arg.name +
                                     ") is only available after the scan "
                                     "block of " +
                                     q(arg.name));
    if (sc_->letIdx.count(arg.name) || arg.name == sc_->scan->index)
      throw SourceError(arg.loc, "'last' takes a scan state; " + q(arg.name) +
                                     " is local to this scan block");
  }
  auto it = syms_.find(arg.name);
  if (it == syms_.end())
    undefined(arg.name, arg.loc, "name");
  const Symbol &sym = it->second;
  if (sym.kind != SymKind::State)
    throw SourceError(arg.loc, "'last' takes a scan state; " + q(arg.name) +
                                   " is " + symKindName(sym.kind));
  arg.ref = RefKind::State;
  arg.type = sym.type;
  arg.timeAxis = -1;
  e.scanStmt = sym.scanStmt;
  Ty r{true, false, sym.state->dtype, sym.state->sliceShape};
  if (sc_ && countDim(r.shape, sc_->scan->dim))
    throw SourceError(e.loc, "last(" + arg.name + ") " + shapeStr(r.shape) +
                                 " varies over " + sc_->scan->dim +
                                 ", which this scan block steps through");
  return r;
}

Ty ModelChecker::checkCall(Expr &e) {
  const BuiltinInfo &b = checkSignature(e);
  switch (b.cat) {
  case Cat::Unary:
    return check(*e.operands[0]);
  case Cat::Elementwise: {
    Ty r = check(*e.operands[0]);
    for (size_t i = 1; i < e.operands.size(); ++i)
      r = joinElementwise(r, check(*e.operands[i]), e.loc);
    return r;
  }
  case Cat::Reduce:
  case Cat::Prefix: {
    Ty x = check(*e.operands[0]);
    const std::string &dim = dimArg(*e.operands[1], b);
    if (!x.exact())
      return Ty::unknown();
    int64_t axis = axisOf(x, dim, e.operands[1]->loc, b);
    e.axis = axis;
    if (b.cat == Cat::Prefix)
      return x;
    if (e.keepdims)
      x.shape[static_cast<size_t>(axis)] = Dim{"", 1};
    else
      x.shape.erase(x.shape.begin() + axis);
    return x;
  }
  case Cat::ExpandDims: {
    Ty x = check(*e.operands[0]);
    int64_t k = intArg(*e.operands[1], b, "position");
    if (!x.exact())
      return Ty::unknown();
    return expandDims(e, std::move(x), k);
  }
  case Cat::Shift: {
    Ty x = check(*e.operands[0]);
    const std::string &dim = dimArg(*e.operands[1], b);
    e.amount = intArg(*e.operands[2], b, "step");
    if (!x.exact())
      return Ty::unknown();
    e.axis = axisOf(x, dim, e.operands[1]->loc, b);
    return x;
  }
  case Cat::Last:
    return checkLast(e);
  }
  return Ty::unknown();
}

} // namespace

void checkFile(File &file, const ParseInfo &info) {
  std::unordered_map<std::string, Loc> models;
  for (size_t i = 0; i < file.models.size(); ++i) {
    Model &m = file.models[i];
    auto prev = models.find(m.name);
    if (prev != models.end())
      throw SourceError(m.loc, "model " + q(m.name) +
                                   " is defined twice (first at " +
                                   locStr(prev->second) + ")");
    models.emplace(m.name, m.loc);
    static const std::vector<std::vector<Loc>> kNone;
    const auto &dimLocs =
        i < info.typeDimLocs.size() ? info.typeDimLocs[i] : kNone;
    ModelChecker(m, dimLocs, info).check();
  }
}

} // namespace sluice::frontend
