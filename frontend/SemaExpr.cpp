//===- SemaExpr.cpp - Types and shapes of expressions ---------------------===//
//
// The recursive walk over expressions of ModelChecker (SemaChecker.h): names,
// time indices, operators, matmul and builtin calls. Depth is bounded by the
// parser (kMaxExprDepth); binary chains follow their left spine in a loop.
//
//===----------------------------------------------------------------------===//

#include "frontend/SemaChecker.h"

#include "frontend/Diagnostics.h"
#include "frontend/Lexer.h"
#include "frontend/Sema.h"

#include <algorithm>

namespace sluice::frontend::sema {

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
  case ExprKind::Compare:
    misplacedComparison(e);
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
  if (sc_ && countDim(sym.type.shape, sc_->scan->dim)) {
    // (In an init no step's value can be read: `l0[t]` would not do.)
    if (sc_->init)
      throw SourceError(e.loc, "the init value of " + q(sc_->init->name) +
                                   " cannot read " + q(e.name) +
                                   ", which varies over " + sc_->scan->dim +
                                   " (an init is computed before the first "
                                   "step: give it the state's shape without " +
                                   sc_->scan->dim + ")");
    throw SourceError(e.loc, q(e.name) + " varies over " + sc_->scan->dim +
                                 "; write " + e.name + "[" +
                                 sc_->scan->index + "]");
  }
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
    SourceError err(e.loc, q(e.name) + " " + shapeStr(shape) + " has " + s.dim +
                               " at a different position, counted from the "
                               "end, than " +
                               q(sc_->refName) + " " + shapeStr(sc_->refShape));
    // A state of an earlier block has its scan dim where that block put it.
    noteStateShape(err, sc_->refName);
    noteStateShape(err, e.name);
    throw err;
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
                                   : joinNamingStates(acc, b, node);
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
  if (b.cat == Cat::Reshape && (n != 1 || !e.hasDimList))
    throw SourceError(e.loc, "'reshape' takes a tensor and a dim list, as in "
                             "reshape(x, [B, T, D])");
  if (e.hasDimList && b.cat != Cat::Reshape)
    throw SourceError(e.dimListLoc,
                      "'" + std::string(b.name) + "' takes no dim list");
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
                      e.name + " position " + std::to_string(k) +
                          " is out of range for " + shapeStr(x.shape) +
                          " (allowed " + std::to_string(-(rank + 1)) + " to " +
                          std::to_string(rank) + ")");
  if (x.shape.size() + 1 > kMaxRank)
    throw SourceError(e.loc, e.name + " would give more than " +
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
      r = joinNamingStates(r, check(*e.operands[i]), e);
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
  case Cat::Squeeze: {
    Ty x = check(*e.operands[0]);
    int64_t k = intArg(*e.operands[1], b, "position");
    if (!x.exact())
      return Ty::unknown();
    return squeeze(e, std::move(x), k);
  }
  case Cat::Reshape: {
    Ty x = check(*e.operands[0]);
    if (!x.exact())
      return Ty::unknown();
    return reshape(e, std::move(x));
  }
  case Cat::Last:
    return checkLast(e);
  case Cat::Where:
    return checkWhere(e);
  }
  return Ty::unknown();
}
} // namespace sluice::frontend::sema
